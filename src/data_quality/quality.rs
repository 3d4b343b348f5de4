//! Pure arithmetic of a trial load's quality: the shares of invalid and duplicate rows, whether a
//! load meets its object's thresholds, and what an object's history says (the newest clean load).

use super::outputs::OutputCounts;
use super::profile::Report;
use super::rules::FieldDef;
use crate::entities::{migration_object, trial_load};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a trial load was checked against (copied from the object when the file was uploaded).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub fields: Vec<FieldDef>,
    pub similarity_threshold: f64,
}

/// What a finished trial load keeps: the profiler's report and where the rows went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    pub report: Report,
    pub outputs: OutputCounts,
}

pub fn pct(part: i64, whole: i64) -> f64 {
    if whole > 0 { part as f64 * 100.0 / whole as f64 } else { 0.0 }
}

pub fn invalid_pct(l: &trial_load::Model) -> f64 {
    pct(l.rows_read - l.rows_valid, l.rows_read)
}

pub fn valid_pct(l: &trial_load::Model) -> f64 {
    pct(l.rows_valid, l.rows_read)
}

pub fn duplicate_pct(l: &trial_load::Model) -> f64 {
    pct(l.exact_duplicates, l.rows_read)
}

/// Why a finished load does not meet its object's thresholds (empty: it does).
#[derive(Clone, Debug, PartialEq)]
pub enum Shortfall {
    NotFinished,
    NoRows,
    Invalid { pct: f64, max: f64 },
    Duplicates { pct: f64, max: f64 },
}

pub fn shortfalls(l: &trial_load::Model, o: &migration_object::Model) -> Vec<Shortfall> {
    if l.status != "done" {
        return vec![Shortfall::NotFinished];
    }
    if l.rows_read == 0 {
        return vec![Shortfall::NoRows];
    }
    let mut out = Vec::new();
    let (inv, dup) = (invalid_pct(l), duplicate_pct(l));
    // Compared on rounded hundredths so the page's "2.00 %" and the rule agree.
    let round = |v: f64| (v * 100.0).round() / 100.0;
    if round(inv) > round(o.max_invalid_pct) {
        out.push(Shortfall::Invalid { pct: inv, max: o.max_invalid_pct });
    }
    if round(dup) > round(o.max_duplicate_pct) {
        out.push(Shortfall::Duplicates { pct: dup, max: o.max_duplicate_pct });
    }
    out
}

pub fn meets(l: &trial_load::Model, o: &migration_object::Model) -> bool {
    shortfalls(l, o).is_empty()
}

/// The newest load (by finish time) that meets the thresholds, among `loads`.
pub fn newest_clean<'a>(loads: &'a [trial_load::Model], o: &migration_object::Model) -> Option<&'a trial_load::Model> {
    loads.iter().filter(|l| meets(l, o)).max_by_key(|l| (l.finished_at, l.id))
}

/// Whether an object has a clean load that finished on or after `since`.
pub fn clean_since(loads: &[trial_load::Model], o: &migration_object::Model, since: DateTime<Utc>) -> bool {
    newest_clean(loads, o).and_then(|l| l.finished_at).is_some_and(|t| t >= since)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object() -> migration_object::Model {
        migration_object::Model {
            id: 1,
            project_id: 1,
            name: "Clientes".into(),
            kind: "customers".into(),
            source_system: "CRM".into(),
            owner_id: None,
            expected_count: None,
            rules: "[]".into(),
            similarity_threshold: 0.92,
            max_invalid_pct: 2.0,
            max_duplicate_pct: 1.0,
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn load(id: i32, read: i64, valid: i64, dups: i64, day: u32) -> trial_load::Model {
        let at =
            chrono::NaiveDate::from_ymd_opt(2027, 3, day).and_then(|d| d.and_hms_opt(10, 0, 0)).map(|d| d.and_utc());
        trial_load::Model {
            id,
            object_id: 1,
            project_id: 1,
            uploaded_by: None,
            file_name: "x.csv".into(),
            file_size: 1,
            stored_name: "x".into(),
            lang: "es".into(),
            rules: "{}".into(),
            status: "done".into(),
            attempts: 1,
            progress_bytes: 1,
            worker: None,
            heartbeat_at: None,
            error: None,
            rows_read: read,
            rows_valid: valid,
            error_total: read - valid,
            exact_duplicates: dups,
            likely_duplicates: 0,
            report: None,
            created_at: Utc::now(),
            started_at: at,
            finished_at: at,
            signed_off_by: None,
            signed_off_at: None,
        }
    }

    #[test]
    fn thresholds_are_inclusive_and_each_shortfall_is_named() {
        let o = object();
        assert!(meets(&load(1, 1000, 980, 10, 1), &o), "2 % invalid and 1 % duplicates are allowed");
        assert_eq!(
            shortfalls(&load(2, 1000, 979, 11, 1), &o),
            vec![Shortfall::Invalid { pct: 2.1, max: 2.0 }, Shortfall::Duplicates { pct: 1.1, max: 1.0 }]
        );
        assert_eq!(shortfalls(&load(3, 0, 0, 0, 1), &o), vec![Shortfall::NoRows]);
        let mut running = load(4, 10, 10, 0, 1);
        running.status = "running".into();
        assert_eq!(shortfalls(&running, &o), vec![Shortfall::NotFinished]);
    }

    #[test]
    fn the_newest_clean_load_decides_recency() {
        let o = object();
        let loads = [load(1, 100, 100, 0, 1), load(2, 100, 50, 0, 20), load(3, 100, 99, 0, 10)];
        assert_eq!(newest_clean(&loads, &o).map(|l| l.id), Some(3));
        let since = |d: u32| {
            chrono::NaiveDate::from_ymd_opt(2027, 3, d).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
        };
        assert!(clean_since(&loads, &o, since(10).unwrap_or_default()));
        assert!(!clean_since(&loads, &o, since(11).unwrap_or_default()));
    }
}
