//! The runbook and its tasks: queries over `&impl ConnectionTrait`, the handler decides the
//! transaction. Task ids are always looked up within the project.

use super::form::TaskInput;
use crate::entities::{cutover_runbook as runbook, cutover_task as task, cutover_task_dep as dep};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// The time zone of a new runbook (the demo company's, as training sessions default to).
pub const DEFAULT_TZ: &str = "Europe/Madrid";

pub async fn runbook(db: &impl ConnectionTrait, project_id: i32) -> Result<Option<runbook::Model>, DbErr> {
    runbook::Entity::find().filter(runbook::Column::ProjectId.eq(project_id)).one(db).await
}

/// The project's runbook for reading: the stored one, or an unsaved empty one (id 0, no tasks) so
/// that a GET never writes.
pub async fn runbook_or_new(
    db: &impl ConnectionTrait,
    project_id: i32,
    now: DateTime<Utc>,
) -> Result<runbook::Model, DbErr> {
    Ok(runbook(db, project_id).await?.unwrap_or(runbook::Model {
        id: 0,
        project_id,
        tz: DEFAULT_TZ.into(),
        window_starts_at: None,
        window_ends_at: None,
        created_at: now,
    }))
}

/// The project's runbook, made on first use (one per project; two first uses at once make one).
pub async fn ensure_runbook(
    db: &impl ConnectionTrait,
    project_id: i32,
    now: DateTime<Utc>,
) -> Result<runbook::Model, DbErr> {
    if let Some(r) = runbook(db, project_id).await? {
        return Ok(r);
    }
    runbook::Entity::insert(runbook::ActiveModel {
        project_id: Set(project_id),
        tz: Set(DEFAULT_TZ.into()),
        window_starts_at: Set(None),
        window_ends_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(runbook::Column::ProjectId).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    runbook(db, project_id).await?.ok_or(DbErr::RecordNotFound("cutover runbook".into()))
}

pub async fn save_settings(db: &impl ConnectionTrait, runbook_id: i32, s: &super::form::Settings) -> Result<(), DbErr> {
    runbook::Entity::update_many()
        .col_expr(runbook::Column::Tz, Expr::value(s.tz.clone()))
        .col_expr(runbook::Column::WindowStartsAt, Expr::value(s.window.0))
        .col_expr(runbook::Column::WindowEndsAt, Expr::value(s.window.1))
        .filter(runbook::Column::Id.eq(runbook_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The runbook's tasks in planned order.
pub async fn tasks(db: &impl ConnectionTrait, runbook_id: i32) -> Result<Vec<task::Model>, DbErr> {
    task::Entity::find()
        .filter(task::Column::RunbookId.eq(runbook_id))
        .order_by_asc(task::Column::PlannedStart)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await
}

pub async fn get(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<task::Model>, DbErr> {
    task::Entity::find_by_id(id).filter(task::Column::ProjectId.eq(project_id)).one(db).await
}

pub async fn deps(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<dep::Model>, DbErr> {
    dep::Entity::find().filter(dep::Column::ProjectId.eq(project_id)).order_by_asc(dep::Column::Id).all(db).await
}

pub async fn create(
    db: &impl ConnectionTrait,
    rb: &runbook::Model,
    i: &TaskInput,
    now: DateTime<Utc>,
) -> Result<task::Model, DbErr> {
    let t = task::ActiveModel {
        runbook_id: Set(rb.id),
        project_id: Set(rb.project_id),
        title: Set(i.title.clone()),
        planned_start: Set(i.planned_start),
        duration_minutes: Set(i.duration_minutes),
        owner_id: Set(i.owner_id),
        point_of_no_return: Set(i.point_of_no_return),
        rollback_steps: Set(i.rollback_steps.clone()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_predecessors(db, rb.project_id, t.id, &i.predecessors).await?;
    Ok(t)
}

/// Saves the task if its version is still `version`; false if someone else saved it meanwhile.
pub async fn update(
    db: &impl ConnectionTrait,
    project_id: i32,
    id: i32,
    version: i32,
    i: &TaskInput,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = task::Entity::update_many()
        .col_expr(task::Column::Title, Expr::value(i.title.clone()))
        .col_expr(task::Column::PlannedStart, Expr::value(i.planned_start))
        .col_expr(task::Column::DurationMinutes, Expr::value(i.duration_minutes))
        .col_expr(task::Column::OwnerId, Expr::value(i.owner_id))
        .col_expr(task::Column::PointOfNoReturn, Expr::value(i.point_of_no_return))
        .col_expr(task::Column::RollbackSteps, Expr::value(i.rollback_steps.clone()))
        .col_expr(task::Column::Version, Expr::value(version.saturating_add(1)))
        .col_expr(task::Column::UpdatedAt, Expr::value(now))
        .filter(task::Column::Id.eq(id))
        .filter(task::Column::ProjectId.eq(project_id))
        .filter(task::Column::Version.eq(version))
        .exec(db)
        .await?;
    if r.rows_affected != 1 {
        return Ok(false);
    }
    set_predecessors(db, project_id, id, &i.predecessors).await?;
    Ok(true)
}

/// Replaces the task's predecessors.
async fn set_predecessors(db: &impl ConnectionTrait, project_id: i32, id: i32, preds: &[i32]) -> Result<(), DbErr> {
    dep::Entity::delete_many().filter(dep::Column::SuccessorId.eq(id)).exec(db).await?;
    if preds.is_empty() {
        return Ok(());
    }
    let rows = preds.iter().map(|p| dep::ActiveModel {
        project_id: Set(project_id),
        predecessor_id: Set(*p),
        successor_id: Set(id),
        ..Default::default()
    });
    dep::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<u64, DbErr> {
    use sea_orm::sea_query::Condition;
    dep::Entity::delete_many()
        .filter(Condition::any().add(dep::Column::PredecessorId.eq(id)).add(dep::Column::SuccessorId.eq(id)))
        .filter(dep::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(task::Entity::delete_many()
        .filter(task::Column::Id.eq(id))
        .filter(task::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether the live cutover has started and finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveRun {
    NotStarted,
    Running,
    Finished,
}

/// What the readiness scorecard and the warning rules need about the cutover, in one read.
#[derive(Clone, Debug)]
pub struct Facts {
    /// Tasks in the runbook (0: cutover not planned, so "not assessed").
    pub tasks: u64,
    pub has_point_of_no_return: bool,
    /// Rehearsal runs finished ("cutover rehearsed" is at least one).
    pub rehearsals_finished: u64,
    pub live_run: LiveRun,
    /// The latest go/no-go verdict: `go`, `go_with_conditions` or `no_go`.
    pub latest_verdict: Option<String>,
    /// The latest planned end over all tasks.
    pub planned_end: Option<DateTime<Utc>>,
    /// The planned end falls (in the runbook's zone) after the project's go-live date.
    pub planned_end_after_go_live: bool,
    /// While a run is open: its projected end from `now`.
    pub projected_end: Option<DateTime<Utc>>,
}

/// The cutover facts of a project at `now` (a handful of queries, none per task row beyond the
/// runbook's own tasks).
pub async fn readiness_facts(
    db: &impl ConnectionTrait,
    p: &crate::entities::project::Model,
    now: DateTime<Utc>,
) -> Result<Facts, DbErr> {
    use super::runs_store as runs;
    let Some(rb) = runbook(db, p.id).await? else {
        return Ok(Facts {
            tasks: 0,
            has_point_of_no_return: false,
            rehearsals_finished: 0,
            live_run: LiveRun::NotStarted,
            latest_verdict: runs::latest_verdict(db, p.id).await?,
            planned_end: None,
            planned_end_after_go_live: false,
            projected_end: None,
        });
    };
    let all = tasks(db, rb.id).await?;
    let all_runs = runs::runs(db, rb.id).await?;
    let live = all_runs.iter().find(|r| r.kind == "live");
    let live_run = match live {
        None => LiveRun::NotStarted,
        Some(r) if r.finished_at.is_none() => LiveRun::Running,
        Some(_) => LiveRun::Finished,
    };
    let projected_end = match all_runs.iter().find(|r| r.finished_at.is_none()) {
        Some(open) => {
            let times = runs::times(db, open.id).await?;
            let deps = deps(db, p.id).await?;
            super::projection::projection_of(&all, &deps, Some(open), &times, now).end
        }
        None => None,
    };
    let planned_end =
        all.iter().map(|t| t.planned_start + chrono::Duration::minutes(i64::from(t.duration_minutes))).max();
    Ok(Facts {
        tasks: all.len() as u64,
        has_point_of_no_return: all.iter().any(|t| t.point_of_no_return),
        rehearsals_finished: all_runs.iter().filter(|r| r.kind == "rehearsal" && r.finished_at.is_some()).count()
            as u64,
        live_run,
        latest_verdict: runs::latest_verdict(db, p.id).await?,
        planned_end,
        planned_end_after_go_live: planned_end
            .is_some_and(|e| crate::training::local(e, &rb.tz).date() > p.go_live_date),
        projected_end,
    })
}
