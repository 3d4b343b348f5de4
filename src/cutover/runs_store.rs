//! Runs of the runbook (rehearsals and the live cutover), each task's actual start and finish per
//! run, the go/no-go decisions, and the facts the readiness scorecard and the warnings read.
//! Starting and finishing are conditional updates, so of two people pressing "start" at once one
//! wins and the other is told.

use crate::entities::{cutover_run as run, cutover_run_time as rt, go_no_go_decision as gng};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

/// The runbook's runs, newest first.
pub async fn runs(db: &impl ConnectionTrait, runbook_id: i32) -> Result<Vec<run::Model>, DbErr> {
    run::Entity::find()
        .filter(run::Column::RunbookId.eq(runbook_id))
        .order_by_desc(run::Column::StartedAt)
        .order_by_desc(run::Column::Id)
        .all(db)
        .await
}

pub async fn get_run(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<run::Model>, DbErr> {
    run::Entity::find_by_id(id).filter(run::Column::ProjectId.eq(project_id)).one(db).await
}

/// Locks the runbook row for the rest of the transaction (`FOR UPDATE` on PostgreSQL; the
/// IMMEDIATE transaction already holds the write lock on SQLite), so two "start a run" at once
/// cannot both find no open run.
pub async fn lock_runbook(db: &impl ConnectionTrait, runbook_id: i32) -> Result<(), DbErr> {
    crate::entities::cutover_runbook::Entity::find_by_id(runbook_id).lock_exclusive().one(db).await?;
    Ok(())
}

pub async fn open_run(db: &impl ConnectionTrait, runbook_id: i32) -> Result<Option<run::Model>, DbErr> {
    run::Entity::find()
        .filter(run::Column::RunbookId.eq(runbook_id))
        .filter(run::Column::FinishedAt.is_null())
        .one(db)
        .await
}

pub async fn start_run(
    db: &impl ConnectionTrait,
    project_id: i32,
    runbook_id: i32,
    kind: &str,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    run::Entity::insert(run::ActiveModel {
        runbook_id: Set(runbook_id),
        project_id: Set(project_id),
        kind: Set(kind.into()),
        started_at: Set(now),
        finished_at: Set(None),
        started_by: Set(Some(by)),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Closes the run if it is still open; false if it was already closed.
pub async fn finish_run(db: &impl ConnectionTrait, run_id: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let r = run::Entity::update_many()
        .col_expr(run::Column::FinishedAt, Expr::value(now))
        .filter(run::Column::Id.eq(run_id))
        .filter(run::Column::FinishedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Each task's times in a run.
pub async fn times(db: &impl ConnectionTrait, run_id: i32) -> Result<HashMap<i32, rt::Model>, DbErr> {
    Ok(rt::Entity::find()
        .filter(rt::Column::RunId.eq(run_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.task_id, t))
        .collect())
}

/// Records the start of a task in a run. False when it had already started (someone else won).
pub async fn start_task(
    db: &impl ConnectionTrait,
    project_id: i32,
    run_id: i32,
    task_id: i32,
    by: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    rt::Entity::insert(rt::ActiveModel {
        run_id: Set(run_id),
        task_id: Set(task_id),
        project_id: Set(project_id),
        ..Default::default()
    })
    .on_conflict(OnConflict::columns([rt::Column::RunId, rt::Column::TaskId]).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    let r = rt::Entity::update_many()
        .col_expr(rt::Column::StartedAt, Expr::value(now))
        .col_expr(rt::Column::StartedBy, Expr::value(by))
        .filter(rt::Column::RunId.eq(run_id))
        .filter(rt::Column::TaskId.eq(task_id))
        .filter(rt::Column::StartedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Records the finish of a started task. False when it was not running (not started, or finished).
pub async fn finish_task(
    db: &impl ConnectionTrait,
    run_id: i32,
    task_id: i32,
    by: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = rt::Entity::update_many()
        .col_expr(rt::Column::FinishedAt, Expr::value(now))
        .col_expr(rt::Column::FinishedBy, Expr::value(by))
        .filter(rt::Column::RunId.eq(run_id))
        .filter(rt::Column::TaskId.eq(task_id))
        .filter(rt::Column::StartedAt.is_not_null())
        .filter(rt::Column::FinishedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Records a go/no-go decision with the readiness verdict key and score it saw, copied as plain
/// values (the scorecard may change later; the decision keeps what was known then).
#[allow(clippy::too_many_arguments)]
pub async fn record_go_no_go(
    db: &impl ConnectionTrait,
    project_id: i32,
    runbook_id: i32,
    decided_by: i32,
    verdict: &str,
    note: Option<String>,
    readiness_key: &str,
    readiness_score: Option<f64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    gng::Entity::insert(gng::ActiveModel {
        project_id: Set(project_id),
        runbook_id: Set(runbook_id),
        verdict: Set(verdict.into()),
        note: Set(note),
        decided_by: Set(Some(decided_by)),
        decided_at: Set(now),
        readiness_key: Set(readiness_key.into()),
        readiness_score: Set(readiness_score),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The project's decisions, newest first (a handful per go-live).
pub async fn decisions(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<gng::Model>, DbErr> {
    gng::Entity::find()
        .filter(gng::Column::ProjectId.eq(project_id))
        .order_by_desc(gng::Column::DecidedAt)
        .order_by_desc(gng::Column::Id)
        .limit(50)
        .all(db)
        .await
}

pub async fn latest_verdict(db: &impl ConnectionTrait, project_id: i32) -> Result<Option<String>, DbErr> {
    Ok(decisions(db, project_id).await?.into_iter().next().map(|d| d.verdict))
}

pub async fn finished_rehearsals(db: &impl ConnectionTrait, runbook_id: i32) -> Result<u64, DbErr> {
    run::Entity::find()
        .filter(run::Column::RunbookId.eq(runbook_id))
        .filter(run::Column::Kind.eq("rehearsal"))
        .filter(run::Column::FinishedAt.is_not_null())
        .count(db)
        .await
}
