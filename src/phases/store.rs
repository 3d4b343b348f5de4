//! Phase and checklist queries and writes. Writes that depend on what was read run in a write
//! transaction and guard with the row's `version` or status, so two PMs cannot overwrite each other.

use crate::entities::{checklist_item, project_phase};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

#[derive(Debug, FromQueryResult)]
pub struct PhaseSummary {
    pub id: i32,
    pub key: String,
    pub position: i32,
    pub status: String,
    pub name_en: String,
    pub name_es: String,
    pub override_reason: Option<String>,
    pub items_total: i64,
    pub items_done: i64,
    pub mandatory_total: i64,
    pub mandatory_done: i64,
}

/// The five phases of a project with checklist counts, computed in SQL.
pub async fn summaries(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<PhaseSummary>, DbErr> {
    project_phase::Entity::find()
        .select_only()
        .column(project_phase::Column::Id)
        .column_as(project_phase::Column::PhaseKey, "key")
        .column(project_phase::Column::Position)
        .column(project_phase::Column::Status)
        .column(project_phase::Column::OverrideReason)
        .column_as(Expr::cust("(SELECT name_en FROM phase_templates t WHERE t.key = project_phases.phase_key)"), "name_en")
        .column_as(Expr::cust("(SELECT name_es FROM phase_templates t WHERE t.key = project_phases.phase_key)"), "name_es")
        .column_as(Expr::cust("(SELECT COUNT(*) FROM checklist_items ci WHERE ci.phase_id = project_phases.id)"), "items_total")
        .column_as(
            Expr::cust("(SELECT COUNT(*) FROM checklist_items ci WHERE ci.phase_id = project_phases.id AND ci.done = TRUE)"),
            "items_done",
        )
        .column_as(
            Expr::cust("(SELECT COUNT(*) FROM checklist_items ci WHERE ci.phase_id = project_phases.id AND ci.mandatory = TRUE)"),
            "mandatory_total",
        )
        .column_as(
            Expr::cust(
                "(SELECT COUNT(*) FROM checklist_items ci WHERE ci.phase_id = project_phases.id AND ci.mandatory = TRUE AND ci.done = TRUE)",
            ),
            "mandatory_done",
        )
        .filter(project_phase::Column::ProjectId.eq(project_id))
        .order_by_asc(project_phase::Column::Position)
        .into_model::<PhaseSummary>()
        .all(db)
        .await
}

pub async fn phase(
    db: &impl ConnectionTrait,
    project_id: i32,
    key: &str,
) -> Result<Option<project_phase::Model>, DbErr> {
    project_phase::Entity::find()
        .filter(project_phase::Column::ProjectId.eq(project_id))
        .filter(project_phase::Column::PhaseKey.eq(key))
        .one(db)
        .await
}

/// Locks the phase row until the transaction ends (`FOR UPDATE` on PostgreSQL; on SQLite the
/// `IMMEDIATE` write transaction already serialises writers). Every checklist write and the gate
/// take this lock first, so the gate's decision and the checklist cannot change under each other.
pub async fn lock_phase(db: &impl ConnectionTrait, phase_id: i32) -> Result<Option<project_phase::Model>, DbErr> {
    project_phase::Entity::find_by_id(phase_id).lock_exclusive().one(db).await
}

pub async fn items(db: &impl ConnectionTrait, phase_id: i32) -> Result<Vec<checklist_item::Model>, DbErr> {
    checklist_item::Entity::find()
        .filter(checklist_item::Column::PhaseId.eq(phase_id))
        .order_by_asc(checklist_item::Column::Position)
        .order_by_asc(checklist_item::Column::Id)
        .all(db)
        .await
}

/// An item of this project (an id from another project is "not found").
pub async fn item(
    db: &impl ConnectionTrait,
    project_id: i32,
    item_id: i32,
) -> Result<Option<checklist_item::Model>, DbErr> {
    checklist_item::Entity::find_by_id(item_id).filter(checklist_item::Column::ProjectId.eq(project_id)).one(db).await
}

/// Sets done/undone (idempotent, so two people ticking at once agree). Returns false if the
/// item vanished.
pub async fn set_done(
    db: &impl ConnectionTrait,
    item_id: i32,
    done: bool,
    by: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = checklist_item::Entity::update_many()
        .col_expr(checklist_item::Column::Done, Expr::value(done))
        .col_expr(checklist_item::Column::DoneBy, Expr::value(if done { Some(by) } else { None }))
        .col_expr(checklist_item::Column::DoneAt, Expr::value(if done { Some(now) } else { None }))
        .col_expr(checklist_item::Column::UpdatedAt, Expr::value(now))
        .col_expr(checklist_item::Column::Version, Expr::col(checklist_item::Column::Version).add(1))
        .filter(checklist_item::Column::Id.eq(item_id))
        .filter(checklist_item::Column::Done.ne(done))
        .exec(db)
        .await?;
    if r.rows_affected == 1 {
        return Ok(true);
    }
    Ok(checklist_item::Entity::find_by_id(item_id).one(db).await?.is_some())
}

pub struct ItemEdit {
    pub title: String,
    pub mandatory: bool,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
}

/// Saves an edit only if nobody changed the item since `version` was read.
pub async fn update_item(
    db: &impl ConnectionTrait,
    item: &checklist_item::Model,
    version: i32,
    e: &ItemEdit,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    // Rewording replaces both languages: the PM's text is the project's text from now on.
    let reworded = e.title != item.title_en && e.title != item.title_es;
    let mut q = checklist_item::Entity::update_many()
        .col_expr(checklist_item::Column::Mandatory, Expr::value(e.mandatory))
        .col_expr(checklist_item::Column::Note, Expr::value(e.note.clone()))
        .col_expr(checklist_item::Column::EvidenceUrl, Expr::value(e.evidence_url.clone()))
        .col_expr(checklist_item::Column::UpdatedAt, Expr::value(now))
        .col_expr(checklist_item::Column::Version, Expr::col(checklist_item::Column::Version).add(1));
    if reworded {
        q = q
            .col_expr(checklist_item::Column::TitleEn, Expr::value(e.title.clone()))
            .col_expr(checklist_item::Column::TitleEs, Expr::value(e.title.clone()));
    }
    let r = q
        .filter(checklist_item::Column::Id.eq(item.id))
        .filter(checklist_item::Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn add_item(
    db: &impl ConnectionTrait,
    phase: &project_phase::Model,
    title: &str,
    mandatory: bool,
    now: DateTime<Utc>,
) -> Result<checklist_item::Model, DbErr> {
    let max: Option<i32> = checklist_item::Entity::find()
        .select_only()
        .column_as(checklist_item::Column::Position.max(), "m")
        .filter(checklist_item::Column::PhaseId.eq(phase.id))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    checklist_item::ActiveModel {
        project_id: Set(phase.project_id),
        phase_id: Set(phase.id),
        template_key: Set(None),
        position: Set(max.unwrap_or(0) + 1),
        mandatory: Set(mandatory),
        title_en: Set(title.to_string()),
        title_es: Set(title.to_string()),
        done: Set(false),
        version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn delete_item(db: &impl ConnectionTrait, project_id: i32, item_id: i32) -> Result<bool, DbErr> {
    let r = checklist_item::Entity::delete_many()
        .filter(checklist_item::Column::Id.eq(item_id))
        .filter(checklist_item::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// `COALESCE(started_at, now)`: keep the first start time.
fn started_or(now: DateTime<Utc>) -> Expr {
    Expr::expr(Func::coalesce([Expr::col(project_phase::Column::StartedAt), Expr::value(now)]))
}

/// Moves a phase from `from` to `to` status; false when its status was not `from` any more.
pub async fn transition(
    db: &impl ConnectionTrait,
    phase_id: i32,
    from: &[&str],
    to: &str,
    by: i32,
    now: DateTime<Utc>,
    override_reason: Option<String>,
) -> Result<bool, DbErr> {
    let mut q = project_phase::Entity::update_many()
        .col_expr(project_phase::Column::Status, Expr::value(to))
        .col_expr(project_phase::Column::Version, Expr::col(project_phase::Column::Version).add(1));
    match to {
        "in_progress" => {
            q = q
                .col_expr(project_phase::Column::StartedAt, started_or(now))
                .col_expr(project_phase::Column::ClosedAt, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(project_phase::Column::ClosedBy, Expr::value(Option::<i32>::None));
        }
        "closed" => {
            q = q
                .col_expr(project_phase::Column::StartedAt, started_or(now))
                .col_expr(project_phase::Column::ClosedAt, Expr::value(Some(now)))
                .col_expr(project_phase::Column::ClosedBy, Expr::value(Some(by)))
                .col_expr(project_phase::Column::OverrideReason, Expr::value(override_reason.clone()))
                .col_expr(project_phase::Column::OverrideBy, Expr::value(override_reason.as_ref().map(|_| by)))
                .col_expr(project_phase::Column::OverrideAt, Expr::value(override_reason.as_ref().map(|_| now)));
        }
        _ => {}
    }
    let r = q
        .filter(project_phase::Column::Id.eq(phase_id))
        .filter(project_phase::Column::Status.is_in(from.iter().copied()))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Names of users by id, for "done by" and "override by" lines.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    use crate::entities::user;
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i32, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Ticks the project's copy of a seeded checklist item (by its template key), when a feature
/// produces the evidence itself (a recorded decision, a signed-off trial load…).
pub async fn tick_by_key(
    db: &impl ConnectionTrait,
    project_id: i32,
    template_key: &str,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let item = checklist_item::Entity::find()
        .filter(checklist_item::Column::ProjectId.eq(project_id))
        .filter(checklist_item::Column::TemplateKey.eq(template_key))
        .one(db)
        .await?;
    if let Some(item) = item {
        set_done(db, item.id, true, by, now).await?;
    }
    Ok(())
}
