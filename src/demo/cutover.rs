//! The demo project's cutover (see `seeds/demo_cutover.toml`): a runbook of twelve tasks over the
//! weekend before go-live — freeze, final extracts, loads, reconciliations, the go/no-go, the point
//! of no return, smoke tests — and one finished rehearsal with realistic timings.

use crate::cutover::{form::TaskInput, runs_store, store};
use crate::entities::user;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct File {
    task: Vec<Task>,
}

#[derive(Deserialize)]
struct Task {
    key: String,
    title: String,
    start: i64,
    minutes: i32,
    rehearsal: i64,
    owner: String,
    after: Vec<String>,
    rollback: Option<String>,
    #[serde(default)]
    point_of_no_return: bool,
}

pub const TOML: &str = include_str!("../../seeds/demo_cutover.toml");

/// Friday 18:00 in Madrid of the week before `day`, as UTC.
fn friday_before(day: NaiveDate) -> DateTime<Utc> {
    let back = (day.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    let friday = day - Duration::days(i64::from(if back == 0 { 7 } else { back }));
    let local = friday.and_time(NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default());
    chrono_tz::Europe::Madrid
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(local.and_utc())
}

pub async fn seed(
    db: &impl ConnectionTrait,
    project_id: i32,
    go_live: NaiveDate,
    pm: i32,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let f: File = toml::from_str(TOML)?;
    let users: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.like("%@demo.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email.split('@').next().unwrap_or("").to_string(), u.id))
        .collect();
    let rb = store::ensure_runbook(db, project_id, now).await?;
    let weekend = friday_before(go_live);
    let mut ids: HashMap<&str, i32> = HashMap::new();
    for t in &f.task {
        let input = TaskInput {
            title: t.title.clone(),
            planned_start: weekend + Duration::minutes(t.start),
            duration_minutes: t.minutes,
            owner_id: users.get(&t.owner).copied(),
            point_of_no_return: t.point_of_no_return,
            rollback_steps: t.rollback.clone(),
            predecessors: t.after.iter().filter_map(|k| ids.get(k.as_str()).copied()).collect(),
        };
        ids.insert(&t.key, store::create(db, &rb, &input, now).await?.id);
    }
    // The dress run: the Friday at least two weeks back, each task as soon as its predecessors
    // finished, taking the minutes it took then.
    let mut rehearsal = weekend;
    while rehearsal > now - Duration::days(14) {
        rehearsal -= Duration::days(7);
    }
    runs_store::start_run(db, project_id, rb.id, "rehearsal", pm, rehearsal).await?;
    let run = runs_store::open_run(db, rb.id).await?.ok_or_else(|| anyhow::anyhow!("rehearsal run missing"))?;
    let mut ends: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for t in &f.task {
        let start = t.after.iter().filter_map(|k| ends.get(k.as_str()).copied()).max().unwrap_or(rehearsal);
        let end = start + Duration::minutes(t.rehearsal);
        let (id, by) = (ids[t.key.as_str()], users.get(&t.owner).copied().unwrap_or(pm));
        runs_store::start_task(db, project_id, run.id, id, by, start).await?;
        runs_store::finish_task(db, run.id, id, by, end).await?;
        ends.insert(&t.key, end);
    }
    let last = ends.values().max().copied().unwrap_or(rehearsal);
    runs_store::finish_run(db, run.id, last).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weekend_starts_on_the_friday_before_go_live_at_six_in_madrid() {
        let d = NaiveDate::from_ymd_opt(2027, 10, 4).expect("a Monday");
        assert_eq!(friday_before(d).to_rfc3339(), "2027-10-01T16:00:00+00:00");
        let friday = NaiveDate::from_ymd_opt(2027, 10, 1).expect("a Friday");
        assert_eq!(friday_before(friday).to_rfc3339(), "2027-09-24T16:00:00+00:00");
    }

    #[test]
    fn the_demo_runbook_has_one_point_of_no_return_and_known_predecessors() {
        let f: File = toml::from_str(TOML).expect("toml");
        assert_eq!(f.task.iter().filter(|t| t.point_of_no_return).count(), 1);
        for (i, t) in f.task.iter().enumerate() {
            assert!(t.after.iter().all(|a| f.task[..i].iter().any(|p| &p.key == a)), "{}", t.key);
        }
    }
}
