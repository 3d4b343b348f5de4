//! Milestone, dependency and baseline queries and writes.

use super::form::MilestoneInput;
use crate::entities::{baseline, baseline_item, milestone, milestone_dep};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Start,
    Due,
    Title,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "due" => Sort::Due,
            "title" => Sort::Title,
            _ => Sort::Start,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Sort::Start => "start",
            Sort::Due => "due",
            Sort::Title => "title",
        }
    }
}

pub struct Filter<'a> {
    pub search: &'a str,
    pub phase: &'a str,
    pub status: &'a str,
    /// Only milestones past their due date and not done, as of this day.
    pub overdue_on: Option<chrono::NaiveDate>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    project_id: i32,
    f: &Filter<'_>,
    sort: Sort,
    desc: bool,
    page: u64,
    per_page: u64,
) -> Result<(Vec<milestone::Model>, u64), DbErr> {
    let mut sel = milestone::Entity::find().filter(milestone::Column::ProjectId.eq(project_id));
    if !f.search.trim().is_empty() {
        sel = sel.filter(milestone::Column::SearchText.like(crate::text::contains_pattern(f.search)));
    }
    if crate::phases::KEYS.contains(&f.phase) {
        sel = sel.filter(milestone::Column::PhaseKey.eq(f.phase));
    }
    if super::STATUSES.contains(&f.status) {
        sel = sel.filter(milestone::Column::Status.eq(f.status));
    }
    if let Some(today) = f.overdue_on {
        sel = sel.filter(milestone::Column::DueDate.lt(today)).filter(milestone::Column::Status.ne("done"));
    }
    let order = if desc { Order::Desc } else { Order::Asc };
    let sel = match sort {
        Sort::Start => sel.order_by(milestone::Column::StartDate, order),
        Sort::Due => sel.order_by(milestone::Column::DueDate, order),
        Sort::Title => sel.order_by(milestone::Column::Title, order),
    }
    .order_by_asc(milestone::Column::Id);
    let total = sel.clone().count(db).await?;
    let rows = sel.paginate(db, per_page).fetch_page(page.saturating_sub(1)).await?;
    Ok((rows, total))
}

/// Every milestone of the project in start order (schedule, Gantt, exports).
pub async fn all(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<milestone::Model>, DbErr> {
    milestone::Entity::find()
        .filter(milestone::Column::ProjectId.eq(project_id))
        .order_by_asc(milestone::Column::StartDate)
        .order_by_asc(milestone::Column::Id)
        .all(db)
        .await
}

pub async fn deps(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<milestone_dep::Model>, DbErr> {
    milestone_dep::Entity::find().filter(milestone_dep::Column::ProjectId.eq(project_id)).all(db).await
}

pub async fn get(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<milestone::Model>, DbErr> {
    milestone::Entity::find_by_id(id).filter(milestone::Column::ProjectId.eq(project_id)).one(db).await
}

/// Titles of these milestones, in the order of `ids`.
pub async fn titles(db: &impl ConnectionTrait, project_id: i32, ids: &[i32]) -> Result<Vec<String>, DbErr> {
    let rows = milestone::Entity::find()
        .filter(milestone::Column::ProjectId.eq(project_id))
        .filter(milestone::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    Ok(ids.iter().filter_map(|id| rows.iter().find(|m| m.id == *id).map(|m| m.title.clone())).collect())
}

pub fn search_text(m: &MilestoneInput) -> String {
    crate::text::fold(&format!("{} {}", m.title, m.workstream.as_deref().unwrap_or("")))
}

pub async fn create(
    db: &impl ConnectionTrait,
    project_id: i32,
    m: &MilestoneInput,
    now: DateTime<Utc>,
) -> Result<milestone::Model, DbErr> {
    milestone::ActiveModel {
        project_id: Set(project_id),
        title: Set(m.title.clone()),
        phase_key: Set(m.phase_key.clone()),
        workstream: Set(m.workstream.clone()),
        owner_id: Set(m.owner_id),
        start_date: Set(m.start_date),
        due_date: Set(m.due_date),
        checkpoint: Set(m.checkpoint),
        status: Set(m.status.clone()),
        percent: Set(m.percent),
        deliverables: Set(m.deliverables.clone()),
        version: Set(1),
        search_text: Set(search_text(m)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Saves only if nobody saved since `version` was read; false when someone did.
pub async fn update(
    db: &impl ConnectionTrait,
    project_id: i32,
    id: i32,
    version: i32,
    m: &MilestoneInput,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = milestone::Entity::update_many()
        .col_expr(milestone::Column::Title, Expr::value(m.title.clone()))
        .col_expr(milestone::Column::PhaseKey, Expr::value(m.phase_key.clone()))
        .col_expr(milestone::Column::Workstream, Expr::value(m.workstream.clone()))
        .col_expr(milestone::Column::OwnerId, Expr::value(m.owner_id))
        .col_expr(milestone::Column::StartDate, Expr::value(m.start_date))
        .col_expr(milestone::Column::DueDate, Expr::value(m.due_date))
        .col_expr(milestone::Column::Checkpoint, Expr::value(m.checkpoint))
        .col_expr(milestone::Column::Status, Expr::value(m.status.clone()))
        .col_expr(milestone::Column::Percent, Expr::value(m.percent))
        .col_expr(milestone::Column::Deliverables, Expr::value(m.deliverables.clone()))
        .col_expr(milestone::Column::SearchText, Expr::value(search_text(m)))
        .col_expr(milestone::Column::Version, Expr::value(version + 1))
        .col_expr(milestone::Column::UpdatedAt, Expr::value(now))
        .filter(milestone::Column::Id.eq(id))
        .filter(milestone::Column::ProjectId.eq(project_id))
        .filter(milestone::Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn delete(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<(), DbErr> {
    milestone::Entity::delete_many()
        .filter(milestone::Column::Id.eq(id))
        .filter(milestone::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn add_dep(
    db: &impl ConnectionTrait,
    project_id: i32,
    predecessor: i32,
    successor: i32,
    lag: i32,
) -> Result<(), DbErr> {
    milestone_dep::Entity::insert(milestone_dep::ActiveModel {
        project_id: Set(project_id),
        predecessor_id: Set(predecessor),
        successor_id: Set(successor),
        lag_days: Set(lag),
        ..Default::default()
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            milestone_dep::Column::PredecessorId,
            milestone_dep::Column::SuccessorId,
        ])
        .update_column(milestone_dep::Column::LagDays)
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn remove_dep(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<u64, DbErr> {
    Ok(milestone_dep::Entity::delete_many()
        .filter(milestone_dep::Column::Id.eq(id))
        .filter(milestone_dep::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn baselines(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<baseline::Model>, DbErr> {
    baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(project_id))
        .order_by_desc(baseline::Column::Id)
        .all(db)
        .await
}

/// Start and due date of every milestone in a baseline of this project, by milestone id.
pub async fn baseline_dates(
    db: &impl ConnectionTrait,
    project_id: i32,
    baseline_id: i32,
) -> Result<Option<std::collections::HashMap<i32, (chrono::NaiveDate, chrono::NaiveDate)>>, DbErr> {
    let b =
        baseline::Entity::find_by_id(baseline_id).filter(baseline::Column::ProjectId.eq(project_id)).one(db).await?;
    if b.is_none() {
        return Ok(None);
    }
    let items = baseline_item::Entity::find().filter(baseline_item::Column::BaselineId.eq(baseline_id)).all(db).await?;
    Ok(Some(items.into_iter().map(|i| (i.milestone_id, (i.start_date, i.due_date))).collect()))
}

/// Snapshots every milestone's dates under a name.
pub async fn save_baseline(
    db: &impl ConnectionTrait,
    project_id: i32,
    name: &str,
    by: i32,
    now: DateTime<Utc>,
) -> Result<baseline::Model, DbErr> {
    let b = baseline::ActiveModel {
        project_id: Set(project_id),
        name: Set(name.to_string()),
        created_by: Set(Some(by)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let items: Vec<baseline_item::ActiveModel> = all(db, project_id)
        .await?
        .into_iter()
        .map(|m| baseline_item::ActiveModel {
            baseline_id: Set(b.id),
            milestone_id: Set(m.id),
            start_date: Set(m.start_date),
            due_date: Set(m.due_date),
            ..Default::default()
        })
        .collect();
    for chunk in items.chunks(500) {
        baseline_item::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(b)
}
