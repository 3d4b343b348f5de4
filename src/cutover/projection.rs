//! The projected end of a cutover run: a forward pass over the task network from now. A finished
//! task ends when it finished; a running one at its start plus its duration, or now if that has
//! passed; a task not started yet starts at the latest of its planned start, now, and the ends of
//! its predecessors (the projection never assumes a task starts before its slot), and lasts its
//! planned duration. Pure, so it is tested with a fixed clock.

use crate::entities::{cutover_run, cutover_run_time, cutover_task, cutover_task_dep};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct Task {
    pub id: i32,
    pub planned_start: DateTime<Utc>,
    pub minutes: i64,
    pub predecessors: Vec<i32>,
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
}

impl Task {
    pub fn planned_end(&self) -> DateTime<Utc> {
        self.planned_start + Duration::minutes(self.minutes)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Projected {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Projected (or actual) end minus planned end, in minutes: positive is behind plan.
    pub behind_minutes: i64,
}

#[derive(Debug, Default)]
pub struct Projection {
    pub tasks: HashMap<i32, Projected>,
    /// The latest projected end over all tasks (None without tasks).
    pub end: Option<DateTime<Utc>>,
    /// The latest planned end over all tasks.
    pub planned_end: Option<DateTime<Utc>>,
}

impl Projection {
    /// Projected end minus planned end of the whole runbook, in minutes.
    pub fn behind_minutes(&self) -> Option<i64> {
        Some((self.end? - self.planned_end?).num_minutes())
    }
}

/// Projects every task from `now`. Predecessor ids outside `tasks` are ignored; a cycle (which
/// the forms refuse) is broken where it is met, so the function always answers.
pub fn project(tasks: &[Task], now: DateTime<Utc>) -> Projection {
    let by_id: HashMap<i32, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let mut done: HashMap<i32, Projected> = HashMap::new();
    let mut visiting: Vec<i32> = Vec::new();
    for t in tasks {
        visit(t, &by_id, now, &mut done, &mut visiting);
    }
    let end = done.values().map(|p| p.end).max();
    let planned_end = tasks.iter().map(Task::planned_end).max();
    Projection { tasks: done, end, planned_end }
}

fn visit(
    t: &Task,
    by_id: &HashMap<i32, &Task>,
    now: DateTime<Utc>,
    done: &mut HashMap<i32, Projected>,
    visiting: &mut Vec<i32>,
) -> Option<DateTime<Utc>> {
    if let Some(p) = done.get(&t.id) {
        return Some(p.end);
    }
    if visiting.contains(&t.id) {
        return None;
    }
    visiting.push(t.id);
    let duration = Duration::minutes(t.minutes.max(0));
    let (start, end) = match (t.started, t.finished) {
        (Some(s), Some(f)) => (s, f),
        (Some(s), None) => (s, (s + duration).max(now)),
        (None, Some(f)) => (f - duration, f),
        (None, None) => {
            let mut start = t.planned_start.max(now);
            for p in &t.predecessors {
                if let Some(pt) = by_id.get(p)
                    && let Some(e) = visit(pt, by_id, now, done, visiting)
                {
                    start = start.max(e);
                }
            }
            (start, start + duration)
        }
    };
    visiting.retain(|v| *v != t.id);
    let behind_minutes = (end - t.planned_end()).num_minutes();
    done.insert(t.id, Projected { start, end, behind_minutes });
    Some(end)
}

// From the stored rows.

/// How far a run's plan is moved: a rehearsal is measured against the plan moved to start when
/// the rehearsal started (it happens weeks before the real weekend); the live run against the
/// plan itself, so a late start shows as delay.
pub fn plan_shift(tasks: &[cutover_task::Model], run: Option<&cutover_run::Model>) -> Duration {
    match (run, tasks.iter().map(|t| t.planned_start).min()) {
        (Some(r), Some(first)) if r.kind == "rehearsal" => r.started_at - first,
        _ => Duration::zero(),
    }
}

/// The projection of a run from `now`, from the tasks, their predecessors and the run's times.
pub fn projection_of(
    tasks: &[cutover_task::Model],
    deps: &[cutover_task_dep::Model],
    run: Option<&cutover_run::Model>,
    times: &HashMap<i32, cutover_run_time::Model>,
    now: DateTime<Utc>,
) -> Projection {
    let shift = plan_shift(tasks, run);
    let input: Vec<Task> = tasks
        .iter()
        .map(|t| Task {
            id: t.id,
            planned_start: t.planned_start + shift,
            minutes: i64::from(t.duration_minutes),
            predecessors: deps.iter().filter(|d| d.successor_id == t.id).map(|d| d.predecessor_id).collect(),
            started: times.get(&t.id).and_then(|x| x.started_at),
            finished: times.get(&t.id).and_then(|x| x.finished_at),
        })
        .collect();
    project(&input, now)
}

/// Minutes each task took in a run (finished tasks only), and the run's span first start → last finish.
pub fn durations(times: &HashMap<i32, cutover_run_time::Model>) -> (HashMap<i32, i64>, Option<i64>) {
    let per: HashMap<i32, i64> =
        times.values().filter_map(|t| Some((t.task_id, (t.finished_at? - t.started_at?).num_minutes()))).collect();
    let first = times.values().filter_map(|t| t.started_at).min();
    let last = times.values().filter_map(|t| t.finished_at).max();
    let span = match (first, last) {
        (Some(a), Some(b)) => Some((b - a).num_minutes()),
        _ => None,
    };
    (per, span)
}

/// Minutes between two instants, as people read a delay: "+15 min" behind, "−10 min" ahead.
pub fn delta_label(minutes: i64) -> String {
    match minutes {
        0 => "±0 min".to_string(),
        m if m > 0 => format!("+{m} min"),
        m => format!("−{} min", -m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 6, h, m, 0).single().expect("time")
    }

    fn task(id: i32, start: DateTime<Utc>, minutes: i64, preds: &[i32]) -> Task {
        Task { id, planned_start: start, minutes, predecessors: preds.to_vec(), started: None, finished: None }
    }

    #[test]
    fn before_anything_starts_the_projection_is_the_plan() {
        let tasks = vec![task(1, at(8, 0), 60, &[]), task(2, at(9, 0), 30, &[1]), task(3, at(9, 30), 90, &[2])];
        let p = project(&tasks, at(7, 0));
        assert_eq!(p.end, Some(at(11, 0)));
        assert_eq!(p.behind_minutes(), Some(0));
        assert_eq!(p.tasks[&2].start, at(9, 0));
    }

    #[test]
    fn a_late_finish_pushes_every_successor_along_the_critical_path() {
        let mut tasks = vec![
            task(1, at(8, 0), 60, &[]),
            task(2, at(9, 0), 30, &[1]),
            task(3, at(9, 0), 10, &[1]),
            task(4, at(9, 30), 60, &[2, 3]),
        ];
        tasks[0].started = Some(at(8, 0));
        tasks[0].finished = Some(at(9, 45));
        let p = project(&tasks, at(9, 45));
        assert_eq!(p.tasks[&2].end, at(10, 15));
        assert_eq!(p.tasks[&3].end, at(9, 55));
        assert_eq!(p.tasks[&4].start, at(10, 15));
        assert_eq!(p.end, Some(at(11, 15)));
        assert_eq!(p.behind_minutes(), Some(45));
    }

    #[test]
    fn a_running_task_past_its_duration_ends_no_earlier_than_now() {
        let mut tasks = vec![task(1, at(8, 0), 60, &[]), task(2, at(9, 0), 30, &[1])];
        tasks[0].started = Some(at(8, 0));
        let p = project(&tasks, at(9, 20));
        assert_eq!(p.tasks[&1].end, at(9, 20));
        assert_eq!(p.end, Some(at(9, 50)));
        // Ahead of plan: a finished task shows negative minutes, and its successor waits for its slot.
        tasks[0].finished = Some(at(8, 40));
        let p = project(&tasks, at(8, 40));
        assert_eq!(p.tasks[&1].behind_minutes, -20);
        assert_eq!(p.tasks[&2].start, at(9, 0));
    }

    #[test]
    fn a_cycle_or_an_unknown_predecessor_does_not_hang_or_panic() {
        let tasks = vec![task(1, at(8, 0), 60, &[2, 99]), task(2, at(8, 0), 60, &[1])];
        let p = project(&tasks, at(7, 0));
        assert_eq!(p.tasks.len(), 2);
        assert!(project(&[], at(7, 0)).end.is_none());
    }

    #[test]
    fn deltas_read_as_minutes_ahead_or_behind() {
        assert_eq!(delta_label(15), "+15 min");
        assert_eq!(delta_label(-10), "−10 min");
        assert_eq!(delta_label(0), "±0 min");
    }
}
