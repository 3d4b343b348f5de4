//! Runs and step results in the database: a case added to a cycle (attempt 1), recording a step
//! with a conditional write so a second tester is told instead of overwriting, the run's result
//! recomputed from its steps, retests (a new attempt, the old one kept), and the cycle's counts.

use super::rules;
use crate::entities::{test_case, test_run, test_step, test_step_result as tsr};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

pub async fn get(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<test_run::Model>, DbErr> {
    test_run::Entity::find_by_id(id).filter(test_run::Column::ProjectId.eq(project_id)).one(db).await
}

/// Is the case already in the cycle?
pub async fn in_cycle(db: &impl ConnectionTrait, cycle_id: i32, case_id: i32) -> Result<bool, DbErr> {
    Ok(test_run::Entity::find()
        .filter(test_run::Column::CycleId.eq(cycle_id))
        .filter(test_run::Column::CaseId.eq(case_id))
        .count(db)
        .await?
        > 0)
}

/// A new run: the first attempt, or a retest with the next attempt number (the earlier attempts
/// stop being the latest). Call inside a write transaction.
pub async fn start(
    db: &impl ConnectionTrait,
    project_id: i32,
    cycle_id: i32,
    case_id: i32,
    tester_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<test_run::Model, DbErr> {
    let last: Option<i32> = test_run::Entity::find()
        .select_only()
        .column_as(test_run::Column::Attempt.max(), "a")
        .filter(test_run::Column::CycleId.eq(cycle_id))
        .filter(test_run::Column::CaseId.eq(case_id))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    test_run::Entity::update_many()
        .col_expr(test_run::Column::IsLatest, Expr::value(false))
        .filter(test_run::Column::CycleId.eq(cycle_id))
        .filter(test_run::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    test_run::ActiveModel {
        project_id: Set(project_id),
        cycle_id: Set(cycle_id),
        case_id: Set(case_id),
        tester_id: Set(tester_id),
        attempt: Set(last.unwrap_or(0) + 1),
        is_latest: Set(true),
        result: Set("not_run".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// True when `start` lost a race: someone opened the same attempt at the same moment (the
/// (cycle, case, attempt) key is unique).
pub fn is_duplicate_attempt(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// One row of a cycle's run list.
pub struct RunRow {
    pub run: test_run::Model,
    pub case_title: String,
    pub module: String,
    pub priority: String,
}

/// The latest runs of a cycle with their cases, one page.
pub async fn cycle_runs(
    db: &impl ConnectionTrait,
    cycle_id: i32,
    page: u64,
    per_page: u64,
) -> Result<(Vec<RunRow>, u64), DbErr> {
    let sel = test_run::Entity::find()
        .filter(test_run::Column::CycleId.eq(cycle_id))
        .filter(test_run::Column::IsLatest.eq(true))
        .order_by_asc(test_run::Column::Id);
    let total = sel.clone().count(db).await?;
    let runs = sel.paginate(db, per_page).fetch_page(page.saturating_sub(1)).await?;
    Ok((with_cases(db, runs).await?, total))
}

pub async fn with_cases(db: &impl ConnectionTrait, runs: Vec<test_run::Model>) -> Result<Vec<RunRow>, DbErr> {
    let ids: Vec<i32> = runs.iter().map(|r| r.case_id).collect();
    let cases: std::collections::HashMap<i32, test_case::Model> = test_case::Entity::find()
        .filter(test_case::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(runs
        .into_iter()
        .map(|run| {
            let c = cases.get(&run.case_id);
            RunRow {
                case_title: c.map(|c| c.title.clone()).unwrap_or_default(),
                module: c.map(|c| c.module.clone()).unwrap_or_default(),
                priority: c.map(|c| c.priority.clone()).unwrap_or_default(),
                run,
            }
        })
        .collect())
}

/// Every attempt of this run's case in its cycle, newest first.
pub async fn attempts(db: &impl ConnectionTrait, run: &test_run::Model) -> Result<Vec<test_run::Model>, DbErr> {
    test_run::Entity::find()
        .filter(test_run::Column::CycleId.eq(run.cycle_id))
        .filter(test_run::Column::CaseId.eq(run.case_id))
        .order_by_desc(test_run::Column::Attempt)
        .all(db)
        .await
}

pub async fn results(db: &impl ConnectionTrait, run_id: i32) -> Result<Vec<tsr::Model>, DbErr> {
    tsr::Entity::find().filter(tsr::Column::RunId.eq(run_id)).all(db).await
}

/// What a tester records for one step.
pub struct StepRecord<'a> {
    pub status: &'a str,
    pub actual: Option<String>,
    /// The version the tester saw: 0 when the step had no result yet.
    pub seen_version: i32,
}

/// Writes the step result only if it is still the one the tester saw (none, or `seen_version`),
/// then recomputes the run's result. `Ok(false)`: someone recorded it in between; nothing written.
pub async fn record(
    db: &impl ConnectionTrait,
    run: &test_run::Model,
    step: &test_step::Model,
    rec: &StepRecord<'_>,
    by: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let written = if rec.seen_version == 0 {
        let row = tsr::ActiveModel {
            run_id: Set(run.id),
            step_id: Set(step.id),
            status: Set(rec.status.to_string()),
            actual: Set(rec.actual.clone()),
            recorded_by: Set(Some(by)),
            recorded_at: Set(now),
            version: Set(1),
            ..Default::default()
        };
        tsr::Entity::insert(row)
            .on_conflict(OnConflict::columns([tsr::Column::RunId, tsr::Column::StepId]).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?
            == 1
    } else {
        tsr::Entity::update_many()
            .col_expr(tsr::Column::Status, Expr::value(rec.status))
            .col_expr(tsr::Column::Actual, Expr::value(rec.actual.clone()))
            .col_expr(tsr::Column::RecordedBy, Expr::value(Some(by)))
            .col_expr(tsr::Column::RecordedAt, Expr::value(now))
            .col_expr(tsr::Column::Version, Expr::value(rec.seen_version.saturating_add(1)))
            .filter(tsr::Column::RunId.eq(run.id))
            .filter(tsr::Column::StepId.eq(step.id))
            .filter(tsr::Column::Version.eq(rec.seen_version))
            .exec(db)
            .await?
            .rows_affected
            == 1
    };
    if written {
        refresh_result(db, run, now).await?;
    }
    Ok(written)
}

/// Sets the run's result from its recorded steps; the day it was first executed is kept.
pub(super) async fn refresh_result(
    db: &impl ConnectionTrait,
    run: &test_run::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let steps = test_step::Entity::find().filter(test_step::Column::CaseId.eq(run.case_id)).count(db).await? as usize;
    let statuses: Vec<String> = tsr::Entity::find()
        .select_only()
        .column(tsr::Column::Status)
        .filter(tsr::Column::RunId.eq(run.id))
        .into_tuple()
        .all(db)
        .await?;
    let refs: Vec<&str> = statuses.iter().map(String::as_str).collect();
    let result = rules::run_result(&refs, steps);
    let fresh = test_run::Entity::find_by_id(run.id).one(db).await?;
    let was_executed = fresh.as_ref().is_some_and(|r| r.finished_at.is_some());
    let mut upd = test_run::Entity::update_many().col_expr(test_run::Column::Result, Expr::value(result));
    if rules::is_executed(result) && !was_executed {
        upd = upd
            .col_expr(test_run::Column::FinishedAt, Expr::value(Some(now)))
            .col_expr(test_run::Column::FinishedOn, Expr::value(Some(now.date_naive())));
    } else if !rules::is_executed(result) {
        upd = upd
            .col_expr(test_run::Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(test_run::Column::FinishedOn, Expr::value(Option::<NaiveDate>::None));
    }
    upd.filter(test_run::Column::Id.eq(run.id)).exec(db).await?;
    Ok(())
}

/// The runs assigned to a person in a project (their "My tests"), latest attempts first.
pub async fn assigned_to(db: &impl ConnectionTrait, project_id: i32, user_id: i32) -> Result<Vec<RunRow>, DbErr> {
    let runs = test_run::Entity::find()
        .filter(test_run::Column::ProjectId.eq(project_id))
        .filter(test_run::Column::TesterId.eq(user_id))
        .filter(test_run::Column::IsLatest.eq(true))
        .order_by_desc(test_run::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    with_cases(db, runs).await
}

/// Per day of the cycle: latest runs executed that day and how many of them passed.
pub async fn executed_per_day(
    db: &impl ConnectionTrait,
    cycle_id: i32,
) -> Result<Vec<(NaiveDate, String, i64)>, DbErr> {
    test_run::Entity::find()
        .select_only()
        .column(test_run::Column::FinishedOn)
        .column(test_run::Column::Result)
        .column_as(test_run::Column::Id.count(), "n")
        .filter(test_run::Column::CycleId.eq(cycle_id))
        .filter(test_run::Column::IsLatest.eq(true))
        .filter(test_run::Column::FinishedOn.is_not_null())
        .group_by(test_run::Column::FinishedOn)
        .group_by(test_run::Column::Result)
        .order_by_asc(test_run::Column::FinishedOn)
        .into_tuple()
        .all(db)
        .await
}

/// Latest runs of a cycle by result.
pub async fn result_counts(db: &impl ConnectionTrait, cycle_id: i32) -> Result<Vec<(String, i64)>, DbErr> {
    test_run::Entity::find()
        .select_only()
        .column(test_run::Column::Result)
        .column_as(test_run::Column::Id.count(), "n")
        .filter(test_run::Column::CycleId.eq(cycle_id))
        .filter(test_run::Column::IsLatest.eq(true))
        .group_by(test_run::Column::Result)
        .into_tuple()
        .all(db)
        .await
}
