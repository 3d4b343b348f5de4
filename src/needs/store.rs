//! Requirement queries and writes. Lists filter, sort and page in SQL.

use super::form::RequirementInput;
use crate::entities::{requirement, user};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Title,
    Priority,
    Area,
    Newest,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "priority" => Sort::Priority,
            "area" => Sort::Area,
            "newest" => Sort::Newest,
            _ => Sort::Title,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Sort::Title => "title",
            Sort::Priority => "priority",
            Sort::Area => "area",
            Sort::Newest => "newest",
        }
    }
}

pub struct Filter<'a> {
    pub search: &'a str,
    pub area: &'a str,
    pub priority: &'a str,
}

fn filtered(project_id: i32, f: &Filter<'_>) -> sea_orm::Select<requirement::Entity> {
    let mut sel = requirement::Entity::find().filter(requirement::Column::ProjectId.eq(project_id));
    if !f.search.trim().is_empty() {
        sel = sel.filter(requirement::Column::SearchText.like(crate::text::contains_pattern(f.search)));
    }
    if super::AREAS.contains(&f.area) {
        sel = sel.filter(requirement::Column::Area.eq(f.area));
    }
    if super::PRIORITIES.contains(&f.priority) {
        sel = sel.filter(requirement::Column::Priority.eq(f.priority));
    }
    sel
}

/// One page of requirements, with the owners' names, and the total count.
pub async fn list(
    db: &impl ConnectionTrait,
    project_id: i32,
    f: &Filter<'_>,
    sort: Sort,
    desc: bool,
    page: u64,
    per_page: u64,
) -> Result<(Vec<(requirement::Model, Option<String>)>, u64), DbErr> {
    let order = if desc { Order::Desc } else { Order::Asc };
    let sel = filtered(project_id, f);
    let rank: sea_orm::sea_query::SimpleExpr = Expr::case(requirement::Column::Priority.eq("must"), 0)
        .case(requirement::Column::Priority.eq("should"), 1)
        .case(requirement::Column::Priority.eq("could"), 2)
        .finally(3)
        .into();
    let sel = match sort {
        // MoSCoW order is alphabetical by accident of the codes: could < must < should < wont, so
        // sort by an explicit rank instead.
        Sort::Priority => sel.order_by(rank, order),
        Sort::Area => sel.order_by(requirement::Column::Area, order),
        Sort::Newest => sel.order_by(requirement::Column::CreatedAt, Order::Desc),
        Sort::Title => sel.order_by(requirement::Column::Title, order),
    }
    .order_by_asc(requirement::Column::Id);
    let total = sel.clone().count(db).await?;
    let rows = sel.paginate(db, per_page).fetch_page(page.saturating_sub(1)).await?;
    let names = owner_names(db, rows.iter().filter_map(|r| r.owner_id)).await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let name = r.owner_id.and_then(|o| names.get(&o).cloned());
            (r, name)
        })
        .collect();
    Ok((rows, total))
}

/// Every requirement of the project (CSV export, fit matrix), in priority then id order.
pub async fn all(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<requirement::Model>, DbErr> {
    requirement::Entity::find()
        .filter(requirement::Column::ProjectId.eq(project_id))
        .order_by_asc(requirement::Column::Id)
        .all(db)
        .await
}

pub async fn owner_names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    let ids: Vec<i32> = ids.collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i32, String)> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

pub async fn get(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<requirement::Model>, DbErr> {
    requirement::Entity::find_by_id(id).filter(requirement::Column::ProjectId.eq(project_id)).one(db).await
}

pub fn search_text(r: &RequirementInput) -> String {
    crate::text::fold(&format!("{} {}", r.title, r.process.as_deref().unwrap_or("")))
}

pub async fn create(
    db: &impl ConnectionTrait,
    project_id: i32,
    r: &RequirementInput,
    now: DateTime<Utc>,
) -> Result<requirement::Model, DbErr> {
    requirement::ActiveModel {
        project_id: Set(project_id),
        area: Set(r.area.clone()),
        title: Set(r.title.clone()),
        description: Set(r.description.clone()),
        priority: Set(r.priority.clone()),
        process: Set(r.process.clone()),
        owner_id: Set(r.owner_id),
        version: Set(1),
        search_text: Set(search_text(r)),
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
    r: &RequirementInput,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = requirement::Entity::update_many()
        .col_expr(requirement::Column::Area, Expr::value(r.area.clone()))
        .col_expr(requirement::Column::Title, Expr::value(r.title.clone()))
        .col_expr(requirement::Column::Description, Expr::value(r.description.clone()))
        .col_expr(requirement::Column::Priority, Expr::value(r.priority.clone()))
        .col_expr(requirement::Column::Process, Expr::value(r.process.clone()))
        .col_expr(requirement::Column::OwnerId, Expr::value(r.owner_id))
        .col_expr(requirement::Column::SearchText, Expr::value(search_text(r)))
        .col_expr(requirement::Column::Version, Expr::value(version + 1))
        .col_expr(requirement::Column::UpdatedAt, Expr::value(now))
        .filter(requirement::Column::Id.eq(id))
        .filter(requirement::Column::ProjectId.eq(project_id))
        .filter(requirement::Column::Version.eq(version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn delete(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<(), DbErr> {
    requirement::Entity::delete_many()
        .filter(requirement::Column::Id.eq(id))
        .filter(requirement::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Member ids and names of a project: who may own a requirement.
pub async fn member_choices(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<(i32, String)>, DbErr> {
    Ok(crate::projects::store::members(db, project_id).await?.into_iter().map(|m| (m.user_id, m.name)).collect())
}
