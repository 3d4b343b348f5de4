//! Project queries and writes. List aggregates (checklist progress) are computed in SQL.

use super::form::ProjectInput;
use crate::entities::{checklist_item, checklist_template, membership, phase_template, project, project_phase, user};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    IntoActiveModel, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

#[derive(Debug)]
pub struct ProjectRow {
    pub id: i32,
    pub name: String,
    pub company: String,
    pub size: String,
    pub sector: String,
    pub start_date: chrono::NaiveDate,
    pub go_live_date: chrono::NaiveDate,
    pub items_total: i64,
    pub items_done: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Name,
    Company,
    GoLive,
    Start,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "company" => Sort::Company,
            "go_live" => Sort::GoLive,
            "start" => Sort::Start,
            _ => Sort::Name,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Company => "company",
            Sort::GoLive => "go_live",
            Sort::Start => "start",
        }
    }
}

pub struct ListQuery<'a> {
    pub search: &'a str,
    pub sort: Sort,
    pub desc: bool,
    pub page: u64,
    pub per_page: u64,
}

/// `SELECT project_id FROM memberships WHERE user_id = ?`, or None for an admin (who sees all).
fn member_projects(user: &user::Model) -> Option<sea_orm::sea_query::SelectStatement> {
    (user.role != "admin").then(|| {
        sea_orm::sea_query::Query::select()
            .column(membership::Column::ProjectId)
            .from(membership::Entity)
            .and_where(Expr::col(membership::Column::UserId).eq(user.id))
            .to_owned()
    })
}

fn visible_to(user: &user::Model) -> Option<sea_orm::Condition> {
    let mine = member_projects(user)?;
    Some(sea_orm::Condition::all().add(Expr::col((project::Entity, project::Column::Id)).in_subquery(mine)))
}

/// Which projects' progress to compute.
pub enum Projects {
    /// These ids (a page of a list).
    Ids(Vec<i32>),
    /// Every project the user may see.
    VisibleTo(Box<user::Model>),
}

/// Checklist progress (total, done) of the given projects, in one grouped query.
pub async fn progress(
    db: &impl ConnectionTrait,
    which: Projects,
) -> Result<std::collections::HashMap<i32, (i64, i64)>, DbErr> {
    let mut q = checklist_item::Entity::find()
        .select_only()
        .column(checklist_item::Column::ProjectId)
        .column_as(Expr::col(checklist_item::Column::Id).count(), "total")
        .column_as(Expr::cust("SUM(CASE WHEN checklist_items.done THEN 1 ELSE 0 END)"), "done")
        .group_by(checklist_item::Column::ProjectId);
    match which {
        Projects::Ids(ids) => q = q.filter(checklist_item::Column::ProjectId.is_in(ids)),
        Projects::VisibleTo(user) => {
            if let Some(mine) = member_projects(&user) {
                q = q.filter(Expr::col((checklist_item::Entity, checklist_item::Column::ProjectId)).in_subquery(mine));
            }
        }
    }
    let rows: Vec<(i32, i64, Option<i64>)> = q.into_tuple().all(db).await?;
    Ok(rows.into_iter().map(|(id, total, done)| (id, (total, done.unwrap_or(0)))).collect())
}

fn rows_with_progress(
    projects: Vec<project::Model>,
    progress: &std::collections::HashMap<i32, (i64, i64)>,
) -> Vec<ProjectRow> {
    projects
        .into_iter()
        .map(|p| {
            let (items_total, items_done) = progress.get(&p.id).copied().unwrap_or((0, 0));
            ProjectRow {
                id: p.id,
                name: p.name,
                company: p.company,
                size: p.size,
                sector: p.sector,
                start_date: p.start_date,
                go_live_date: p.go_live_date,
                items_total,
                items_done,
            }
        })
        .collect()
}

/// One page of the projects the user may see, and the total count.
pub async fn list(
    db: &impl ConnectionTrait,
    user: &user::Model,
    q: &ListQuery<'_>,
) -> Result<(Vec<ProjectRow>, u64), DbErr> {
    let mut sel = project::Entity::find();
    if let Some(c) = visible_to(user) {
        sel = sel.filter(c);
    }
    if !q.search.trim().is_empty() {
        sel = sel.filter(project::Column::SearchText.like(crate::text::contains_pattern(q.search)));
    }
    let order = if q.desc { Order::Desc } else { Order::Asc };
    sel = match q.sort {
        Sort::Name => sel.order_by(project::Column::Name, order),
        Sort::Company => sel.order_by(project::Column::Company, order),
        Sort::GoLive => sel.order_by(project::Column::GoLiveDate, order),
        Sort::Start => sel.order_by(project::Column::StartDate, order),
    }
    .order_by_asc(project::Column::Id);
    let total = sel.clone().count(db).await?;
    // The page first, then its progress: aggregates run for 25 rows, not for every match.
    let page = sel.paginate(db, q.per_page).fetch_page(q.page.saturating_sub(1)).await?;
    let ids = page.iter().map(|p| p.id).collect();
    let progress = progress(db, Projects::Ids(ids)).await?;
    Ok((rows_with_progress(page, &progress), total))
}

/// Every visible project, with progress, for the CSV export.
pub async fn list_all(db: &impl ConnectionTrait, user: &user::Model) -> Result<Vec<ProjectRow>, DbErr> {
    let mut sel = project::Entity::find().order_by_asc(project::Column::Id);
    if let Some(c) = visible_to(user) {
        sel = sel.filter(c);
    }
    let projects = sel.all(db).await?;
    let progress = progress(db, Projects::VisibleTo(Box::new(user.clone()))).await?;
    Ok(rows_with_progress(projects, &progress))
}

/// Creates the project with its five phases, a copy of the seeded checklists and the default
/// selection criteria; the creator becomes its PM.
pub async fn create(
    db: &impl ConnectionTrait,
    input: &ProjectInput,
    creator: i32,
    now: DateTime<Utc>,
) -> Result<project::Model, DbErr> {
    let p = project::ActiveModel {
        name: Set(input.name.clone()),
        company: Set(input.company.clone()),
        size: Set(input.size.clone()),
        sector: Set(input.sector.clone()),
        start_date: Set(input.start_date),
        go_live_date: Set(input.go_live_date),
        search_text: Set(Some(crate::text::project_search(&input.name, &input.company))),
        created_by: Set(Some(creator)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    membership::ActiveModel {
        project_id: Set(p.id),
        user_id: Set(creator),
        role: Set("pm".into()),
        key_user: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    add_phases(db, p.id, now).await?;
    crate::seeds::catalog::add_default_criteria(db, p.id).await?;
    Ok(p)
}

/// Copies the phase and checklist templates into a project.
pub async fn add_phases(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    let phases = phase_template::Entity::find().order_by_asc(phase_template::Column::Position).all(db).await?;
    let templates =
        checklist_template::Entity::find().order_by_asc(checklist_template::Column::Position).all(db).await?;
    for ph in phases {
        let row = project_phase::ActiveModel {
            project_id: Set(project_id),
            phase_key: Set(ph.key.clone()),
            position: Set(ph.position),
            status: Set("not_started".into()),
            version: Set(0),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let items: Vec<checklist_item::ActiveModel> = templates
            .iter()
            .filter(|t| t.phase_key == ph.key)
            .map(|t| checklist_item::ActiveModel {
                project_id: Set(project_id),
                phase_id: Set(row.id),
                template_key: Set(Some(t.key.clone())),
                position: Set(t.position),
                mandatory: Set(t.mandatory),
                title_en: Set(t.title_en.clone()),
                title_es: Set(t.title_es.clone()),
                done: Set(false),
                version: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        if !items.is_empty() {
            checklist_item::Entity::insert_many(items).exec(db).await?;
        }
    }
    Ok(())
}

pub async fn update(
    db: &impl ConnectionTrait,
    p: project::Model,
    input: &ProjectInput,
) -> Result<project::Model, DbErr> {
    let mut am = p.into_active_model();
    am.name = Set(input.name.clone());
    am.company = Set(input.company.clone());
    am.size = Set(input.size.clone());
    am.sector = Set(input.sector.clone());
    am.start_date = Set(input.start_date);
    am.go_live_date = Set(input.go_live_date);
    am.search_text = Set(Some(crate::text::project_search(&input.name, &input.company)));
    am.update(db).await
}

#[derive(Debug, FromQueryResult)]
pub struct MemberRow {
    pub id: i32,
    pub user_id: i32,
    pub role: String,
    pub name: String,
    pub email: String,
    pub department_id: Option<i32>,
    pub key_user: bool,
}

pub async fn members(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<MemberRow>, DbErr> {
    membership::Entity::find()
        .select_only()
        .column(membership::Column::Id)
        .column(membership::Column::UserId)
        .column(membership::Column::Role)
        .column(membership::Column::DepartmentId)
        .column(membership::Column::KeyUser)
        .column_as(Expr::cust("(SELECT name FROM users u WHERE u.id = memberships.user_id)"), "name")
        .column_as(Expr::cust("(SELECT email FROM users u WHERE u.id = memberships.user_id)"), "email")
        .filter(membership::Column::ProjectId.eq(project_id))
        .order_by_asc(membership::Column::Role)
        .order_by_asc(membership::Column::Id)
        .into_model::<MemberRow>()
        .all(db)
        .await
}

/// Adds a member or changes their role, in one statement (two people adding the same person at
/// once agree instead of failing on the unique index). Returns true when the person is new.
pub async fn upsert_member(
    db: &impl ConnectionTrait,
    project_id: i32,
    user_id: i32,
    role: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let existed = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some();
    let am = membership::ActiveModel {
        project_id: Set(project_id),
        user_id: Set(user_id),
        role: Set(role.to_string()),
        key_user: Set(false),
        created_at: Set(now),
        ..Default::default()
    };
    membership::Entity::insert(am)
        .on_conflict(
            OnConflict::columns([membership::Column::ProjectId, membership::Column::UserId])
                .update_column(membership::Column::Role)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(!existed)
}

/// The member's department (a department of this project's organization, checked by the caller).
pub async fn set_department(
    db: &impl ConnectionTrait,
    project_id: i32,
    user_id: i32,
    department: Option<i32>,
) -> Result<(), DbErr> {
    membership::Entity::update_many()
        .col_expr(membership::Column::DepartmentId, Expr::value(department))
        .filter(membership::Column::ProjectId.eq(project_id))
        .filter(membership::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks or unmarks a member as a key user; false when there is no such member in the project.
pub async fn set_key_user(
    db: &impl ConnectionTrait,
    project_id: i32,
    membership_id: i32,
    key_user: bool,
) -> Result<bool, DbErr> {
    let r = membership::Entity::update_many()
        .col_expr(membership::Column::KeyUser, Expr::value(key_user))
        .filter(membership::Column::Id.eq(membership_id))
        .filter(membership::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn remove_member(db: &impl ConnectionTrait, project_id: i32, membership_id: i32) -> Result<bool, DbErr> {
    let r = membership::Entity::delete_many()
        .filter(membership::Column::Id.eq(membership_id))
        .filter(membership::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}
