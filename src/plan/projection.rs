//! From stored milestones to a projected plan: each milestone keeps its length and may not start
//! before its planned start, nor before its predecessors finish (plus lag). Dates are inclusive:
//! the due date is the activity's last day, so start = due lasts one day, unless the milestone is
//! marked a checkpoint, which is zero-length (its successors may start that same day).

use super::schedule::{self, Activity, Link, ScheduleError};
use crate::entities::{milestone, milestone_dep};
use chrono::{Datelike, NaiveDate};

pub struct Row {
    pub m: milestone::Model,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub slack: i64,
    pub critical: bool,
}

impl Row {
    /// Days the projected due date lies after the planned one.
    pub fn slip(&self) -> i64 {
        (self.due - self.m.due_date).num_days()
    }
    pub fn is_checkpoint(&self) -> bool {
        self.m.checkpoint
    }
}

pub struct Projection {
    pub rows: Vec<Row>,
    /// The last projected due date of the whole plan.
    pub finish: Option<NaiveDate>,
    /// The projected go-live: the last projected due date before the evaluation phase (whose
    /// milestones come after go-live by definition); the finish when every milestone is in it.
    pub go_live: Option<NaiveDate>,
    pub critical_chain: Vec<i32>,
    pub deps: Vec<milestone_dep::Model>,
}

fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn date(n: i64) -> NaiveDate {
    i32::try_from(n).ok().and_then(NaiveDate::from_num_days_from_ce_opt).unwrap_or(NaiveDate::MAX)
}

/// Days from `start` to `due`, both included; 0 for a checkpoint.
pub fn length(start: NaiveDate, due: NaiveDate, checkpoint: bool) -> i64 {
    if checkpoint { 0 } else { ((due - start).num_days() + 1).max(0) }
}

fn duration(m: &milestone::Model) -> i64 {
    length(m.start_date, m.due_date, m.checkpoint)
}

pub fn project(
    milestones: Vec<milestone::Model>,
    deps: Vec<milestone_dep::Model>,
) -> Result<Projection, ScheduleError> {
    let start = milestones.iter().map(|m| day(m.start_date)).min().unwrap_or(0);
    let acts: Vec<Activity> = milestones
        .iter()
        .map(|m| Activity { id: m.id, duration: duration(m), not_before: Some(day(m.start_date)) })
        .collect();
    let links: Vec<Link> =
        deps.iter().map(|d| Link { from: d.predecessor_id, to: d.successor_id, lag: i64::from(d.lag_days) }).collect();
    let s = schedule::schedule(start, &acts, &links)?;
    let rows: Vec<Row> = milestones
        .into_iter()
        .zip(s.timings)
        .map(|(m, t)| {
            let due = if t.ef > t.es { date(t.ef - 1) } else { date(t.es) };
            Row { start: date(t.es), due, slack: t.slack, critical: t.critical, m }
        })
        .collect();
    let finish = rows.iter().map(|r| r.due).max();
    let go_live = rows.iter().filter(|r| r.m.phase_key != "evaluation").map(|r| r.due).max().or(finish);
    Ok(Projection { rows, finish, go_live, critical_chain: s.critical_chain, deps })
}

pub async fn load(
    db: &impl sea_orm::ConnectionTrait,
    project_id: i32,
) -> Result<Result<Projection, ScheduleError>, sea_orm::DbErr> {
    let milestones = super::store::all(db, project_id).await?;
    let deps = super::store::deps(db, project_id).await?;
    Ok(project(milestones, deps))
}

/// Would adding `from → to` close a cycle? The ids around it, if so.
pub fn cycle_with(milestones: &[i32], deps: &[milestone_dep::Model], from: i32, to: i32) -> Option<Vec<i32>> {
    let mut links: Vec<(i32, i32)> = deps.iter().map(|d| (d.predecessor_id, d.successor_id)).collect();
    links.push((from, to));
    schedule::find_cycle(milestones, &links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i32, start: &str, due: &str) -> milestone::Model {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        milestone::Model {
            id,
            project_id: 1,
            title: format!("m{id}"),
            phase_key: "implementation".into(),
            workstream: None,
            owner_id: None,
            start_date: d(start),
            due_date: d(due),
            checkpoint: false,
            status: "planned".into(),
            percent: 0,
            deliverables: None,
            version: 1,
            search_text: String::new(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    fn checkpoint(id: i32, day: &str) -> milestone::Model {
        milestone::Model { checkpoint: true, ..m(id, day, day) }
    }

    fn span(r: &Row) -> String {
        format!("{} {}", r.start, r.due)
    }

    fn dep(from: i32, to: i32, lag: i32) -> milestone_dep::Model {
        milestone_dep::Model {
            id: from * 100 + to,
            project_id: 1,
            predecessor_id: from,
            successor_id: to,
            lag_days: lag,
        }
    }

    #[test]
    fn a_late_predecessor_pushes_its_successor_and_the_go_live() {
        // A: 10 days (1–10 Jan); B planned 5–8 Jan but must follow A: starts 11 Jan, 4 days → 14 Jan.
        let p = project(vec![m(1, "2027-01-01", "2027-01-10"), m(2, "2027-01-05", "2027-01-08")], vec![dep(1, 2, 0)])
            .unwrap();
        assert_eq!(p.rows[1].start.to_string(), "2027-01-11");
        assert_eq!(p.rows[1].due.to_string(), "2027-01-14");
        assert_eq!(p.rows[1].slip(), 6);
        assert_eq!(p.finish.map(|d| d.to_string()).as_deref(), Some("2027-01-14"));
        assert!(p.rows.iter().all(|r| r.critical));
    }

    #[test]
    fn a_checkpoint_follows_on_the_day_after_its_predecessor_with_lag() {
        let p =
            project(vec![m(1, "2027-01-01", "2027-01-10"), checkpoint(2, "2027-01-01")], vec![dep(1, 2, 2)]).unwrap();
        assert!(p.rows[1].is_checkpoint());
        assert_eq!(p.rows[1].start.to_string(), "2027-01-13");
        assert_eq!(p.rows[1].due, p.rows[1].start);
    }

    #[test]
    fn a_one_day_milestone_lasts_one_day_and_its_successor_starts_the_next_day() {
        // Start = due without the checkpoint flag: one day (4 Jan), so B (3 days) runs 5–7 Jan.
        let p = project(vec![m(1, "2027-01-04", "2027-01-04"), m(2, "2027-01-04", "2027-01-06")], vec![dep(1, 2, 0)])
            .unwrap();
        assert!(!p.rows[0].is_checkpoint());
        assert_eq!(
            (span(&p.rows[0]).as_str(), span(&p.rows[1]).as_str()),
            ("2027-01-04 2027-01-04", "2027-01-05 2027-01-07")
        );
        assert_eq!(length(p.rows[0].m.start_date, p.rows[0].m.due_date, false), 1);
    }

    #[test]
    fn a_checkpoint_lasts_zero_days_and_its_successor_may_start_the_same_day() {
        let p =
            project(vec![checkpoint(1, "2027-01-04"), m(2, "2027-01-04", "2027-01-06")], vec![dep(1, 2, 0)]).unwrap();
        assert!(p.rows[0].is_checkpoint() && p.rows[0].due == p.rows[0].start);
        assert_eq!(span(&p.rows[1]), "2027-01-04 2027-01-06");
        assert_eq!(length(p.rows[0].m.start_date, p.rows[0].m.due_date, true), 0);
        assert_eq!(p.finish.map(|d| d.to_string()).as_deref(), Some("2027-01-06"));
    }

    #[test]
    fn a_parallel_short_task_has_slack() {
        let p = project(
            vec![m(1, "2027-01-01", "2027-01-20"), m(2, "2027-01-01", "2027-01-05"), checkpoint(3, "2027-01-21")],
            vec![dep(1, 3, 0), dep(2, 3, 0)],
        )
        .unwrap();
        assert_eq!(p.rows[1].slack, 15);
        assert!(!p.rows[1].critical && p.rows[0].critical && p.rows[2].critical);
    }

    #[test]
    fn a_new_dependency_closing_a_loop_is_detected() {
        let deps = vec![dep(1, 2, 0), dep(2, 3, 0)];
        assert!(cycle_with(&[1, 2, 3], &deps, 3, 1).is_some());
        assert!(cycle_with(&[1, 2, 3], &deps, 1, 3).is_none());
    }
}
