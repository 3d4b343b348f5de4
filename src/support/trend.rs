//! The hypercare trend, pure: tickets filed per ISO week and the median hours from filing to
//! resolution of the tickets resolved that week. This is how "stabilized" is read: volume
//! falling and resolution getting quicker.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    /// The Monday that starts it.
    pub start: NaiveDate,
    pub filed: i64,
    pub resolved: i64,
    pub median_resolution_hours: Option<f64>,
}

pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

pub fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// The last `weeks` weeks up to the one containing `now`, oldest first, from (created, resolved)
/// pairs; pairs outside the window are ignored.
pub fn weekly(rows: &[(DateTime<Utc>, Option<DateTime<Utc>>)], now: DateTime<Utc>, weeks: usize) -> Vec<Week> {
    let last = monday(now.date_naive());
    let first = last - Duration::weeks(weeks.saturating_sub(1) as i64);
    let mut out: Vec<Week> = (0..weeks)
        .map(|i| Week {
            start: first + Duration::weeks(i as i64),
            filed: 0,
            resolved: 0,
            median_resolution_hours: None,
        })
        .collect();
    let index = |d: NaiveDate| {
        let m = monday(d);
        (m >= first && m <= last).then(|| ((m - first).num_days() / 7) as usize)
    };
    let mut durations: Vec<Vec<f64>> = vec![Vec::new(); weeks];
    for (created, resolved) in rows {
        if let Some(i) = index(created.date_naive()) {
            out[i].filed += 1;
        }
        if let Some(r) = resolved
            && let Some(i) = index(r.date_naive())
        {
            out[i].resolved += 1;
            durations[i].push(hours(*created, *r));
        }
    }
    for (w, d) in out.iter_mut().zip(durations) {
        w.median_resolution_hours = median(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap()
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 10.0]), Some(3.5));
    }

    #[test]
    fn tickets_are_counted_in_the_week_they_were_filed_and_timed_in_the_week_they_were_resolved() {
        // 2027-03-01 is a Monday; now is Wednesday 2027-03-10 (week of the 8th).
        let rows = vec![
            (at(1, 9), Some(at(1, 13))),                                // 4 h, week 1
            (at(3, 9), Some(at(3, 19))),                                // 10 h, week 1
            (at(5, 9), Some(at(8, 9))),                                 // filed week 1, resolved week 2: 72 h
            (at(9, 9), None),                                           // week 2, open
            (Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap(), None), // outside the window
        ];
        let w = weekly(&rows, at(10, 12), 2);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].start, NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
        assert_eq!((w[0].filed, w[0].resolved, w[0].median_resolution_hours), (3, 2, Some(7.0)));
        assert_eq!((w[1].filed, w[1].resolved, w[1].median_resolution_hours), (1, 1, Some(72.0)));
    }

    #[test]
    fn a_quiet_week_has_no_median() {
        let w = weekly(&[], at(10, 12), 3);
        assert_eq!(w.len(), 3);
        assert!(w.iter().all(|w| w.filed == 0 && w.median_resolution_hours.is_none()));
    }
}
