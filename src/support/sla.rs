//! The SLA clock, pure: the due and "at risk" times of a ticket's first response and resolution
//! from its filing time and the project's hours, and a ticket's state against them at a moment.
//!
//! Hours are calendar hours (nights and weekends count): hypercare desks usually run around the
//! clock in the first weeks after go-live, and business-hour calendars are a project of their own.

use chrono::{DateTime, Duration, Utc};

/// The severities, most urgent first.
pub const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

/// Default (response, resolution) hours per severity, in `SEVERITIES` order.
pub const DEFAULT_HOURS: [(f64, f64); 4] = [(1.0, 8.0), (4.0, 24.0), (8.0, 72.0), (24.0, 120.0)];

/// A ticket is "at risk" once this share of its window has passed.
pub const RISK_SHARE: f64 = 0.75;

/// The project's hours per severity (response, resolution).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Targets(pub [(f64, f64); 4]);

impl Default for Targets {
    fn default() -> Self {
        Targets(DEFAULT_HOURS)
    }
}

impl Targets {
    pub fn of(&self, severity: &str) -> (f64, f64) {
        let i = SEVERITIES.iter().position(|s| *s == severity).unwrap_or(SEVERITIES.len() - 1);
        self.0[i]
    }
}

/// The four moments fixed for a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dues {
    pub response_due: DateTime<Utc>,
    pub response_risk: DateTime<Utc>,
    pub resolution_due: DateTime<Utc>,
    pub resolution_risk: DateTime<Utc>,
}

fn after(t: DateTime<Utc>, hours: f64) -> DateTime<Utc> {
    t + Duration::seconds((hours * 3600.0).round() as i64)
}

pub fn dues(created: DateTime<Utc>, (response_h, resolution_h): (f64, f64)) -> Dues {
    Dues {
        response_due: after(created, response_h),
        response_risk: after(created, response_h * RISK_SHARE),
        resolution_due: after(created, resolution_h),
        resolution_risk: after(created, resolution_h * RISK_SHARE),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    OnTime,
    AtRisk,
    Breached,
}

impl State {
    pub fn key(self) -> &'static str {
        match self {
            State::OnTime => "on_time",
            State::AtRisk => "at_risk",
            State::Breached => "breached",
        }
    }
}

/// One leg (response or resolution): done in time, late, or still running.
pub fn leg(due: DateTime<Utc>, risk: DateTime<Utc>, done: Option<DateTime<Utc>>, now: DateTime<Utc>) -> State {
    match done {
        Some(t) if t <= due => State::OnTime,
        Some(_) => State::Breached,
        None if now > due => State::Breached,
        None if now >= risk => State::AtRisk,
        None => State::OnTime,
    }
}

/// A ticket's state: the worse of its two legs, and the due time to show (the response's until
/// someone answered, then the resolution's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sla {
    pub response: State,
    pub resolution: State,
    pub state: State,
    pub due: DateTime<Utc>,
}

pub fn state(
    d: &Dues,
    first_response: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Sla {
    // A resolution also answers the reporter.
    let responded = first_response.or(resolved);
    let response = leg(d.response_due, d.response_risk, responded, now);
    let resolution = leg(d.resolution_due, d.resolution_risk, resolved, now);
    let due = if responded.is_none() { d.response_due } else { d.resolution_due };
    Sla { response, resolution, state: response.max(resolution), due }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn the_defaults_give_a_critical_ticket_one_hour_to_answer_and_eight_to_resolve() {
        let d = dues(t0(), Targets::default().of("critical"));
        assert_eq!(d.response_due, t0() + Duration::hours(1));
        assert_eq!(d.response_risk, t0() + Duration::minutes(45));
        assert_eq!(d.resolution_due, t0() + Duration::hours(8));
        assert_eq!(Targets::default().of("low"), (24.0, 120.0));
        assert_eq!(Targets::default().of("nonsense"), (24.0, 120.0), "unknown counts as low");
    }

    #[test]
    fn an_unanswered_ticket_is_on_time_then_at_risk_then_breached() {
        let d = dues(t0(), (4.0, 24.0));
        assert_eq!(state(&d, None, None, t0() + Duration::hours(2)).state, State::OnTime);
        let s = state(&d, None, None, t0() + Duration::hours(3));
        assert_eq!((s.state, s.due), (State::AtRisk, d.response_due));
        let s = state(&d, None, None, t0() + Duration::hours(5));
        assert_eq!((s.response, s.resolution, s.state), (State::Breached, State::OnTime, State::Breached));
    }

    #[test]
    fn an_answer_in_time_moves_the_clock_to_the_resolution() {
        let d = dues(t0(), (4.0, 24.0));
        let answered = Some(t0() + Duration::hours(1));
        let s = state(&d, answered, None, t0() + Duration::hours(10));
        assert_eq!((s.state, s.due), (State::OnTime, d.resolution_due));
        assert_eq!(state(&d, answered, None, t0() + Duration::hours(19)).state, State::AtRisk);
        assert_eq!(state(&d, answered, None, t0() + Duration::hours(25)).resolution, State::Breached);
    }

    #[test]
    fn a_late_answer_stays_a_breach_of_the_response_time() {
        let d = dues(t0(), (1.0, 8.0));
        let s = state(&d, Some(t0() + Duration::hours(2)), None, t0() + Duration::hours(3));
        assert_eq!((s.response, s.resolution, s.state), (State::Breached, State::OnTime, State::Breached));
    }

    #[test]
    fn resolving_in_time_meets_both_legs_for_ever() {
        let d = dues(t0(), (1.0, 8.0));
        let s = state(&d, None, Some(t0() + Duration::minutes(30)), t0() + Duration::days(30));
        assert_eq!((s.response, s.resolution), (State::OnTime, State::OnTime));
        let late = state(&d, Some(t0()), Some(t0() + Duration::hours(9)), t0() + Duration::days(30));
        assert_eq!(late.resolution, State::Breached);
    }

    #[test]
    fn fractional_hours_are_kept_to_the_second() {
        let d = dues(t0(), (0.5, 1.5));
        assert_eq!(d.response_due, t0() + Duration::minutes(30));
        assert_eq!(d.resolution_due, t0() + Duration::minutes(90));
    }
}
