//! User queries for administration.

use crate::entities::{membership, project, user};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub struct UserQuery<'a> {
    pub search: &'a str,
    pub sort: &'a str,
    pub desc: bool,
    pub page: u64,
    pub per_page: u64,
}

fn filtered(search: &str) -> sea_orm::Select<user::Entity> {
    let mut sel = user::Entity::find();
    if !search.trim().is_empty() {
        sel = sel.filter(user::Column::SearchText.like(crate::text::contains_pattern(search)));
    }
    sel
}

/// A user as lists show it: no password hash leaves the database.
#[derive(Debug, FromQueryResult)]
pub struct UserRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: String,
    pub locale: Option<String>,
    pub disabled_at: Option<chrono::DateTime<Utc>>,
    pub created_at: chrono::DateTime<Utc>,
}

fn row_columns(sel: sea_orm::Select<user::Entity>) -> sea_orm::Selector<sea_orm::SelectModel<UserRow>> {
    use user::Column as C;
    sel.select_only()
        .columns([C::Id, C::Name, C::Email, C::Role, C::Locale, C::DisabledAt, C::CreatedAt])
        .into_model::<UserRow>()
}

pub async fn list(db: &impl ConnectionTrait, q: &UserQuery<'_>) -> Result<(Vec<UserRow>, u64), DbErr> {
    let order = if q.desc { Order::Desc } else { Order::Asc };
    let sel = filtered(q.search);
    let total = sel.clone().count(db).await?;
    let sel = match q.sort {
        "email" => sel.order_by(user::Column::Email, order),
        "role" => sel.order_by(user::Column::Role, order),
        "created" => sel.order_by(user::Column::CreatedAt, order),
        _ => sel.order_by(user::Column::Name, order),
    }
    .order_by_asc(user::Column::Id);
    let rows = row_columns(sel).paginate(db, q.per_page).fetch_page(q.page.saturating_sub(1)).await?;
    Ok((rows, total))
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<UserRow>, DbErr> {
    row_columns(user::Entity::find().order_by_asc(user::Column::Id)).all(db).await
}

pub async fn set_disabled(db: &impl ConnectionTrait, id: i32, at: Option<DateTime<Utc>>) -> Result<bool, DbErr> {
    let r = user::Entity::update_many()
        .col_expr(user::Column::DisabledAt, Expr::value(at))
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

#[derive(Debug, FromQueryResult)]
pub struct MembershipRow {
    pub project_id: i32,
    pub role: String,
    pub project_name: String,
}

pub async fn memberships(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<MembershipRow>, DbErr> {
    membership::Entity::find()
        .select_only()
        .column(membership::Column::ProjectId)
        .column(membership::Column::Role)
        .column_as(Expr::cust("(SELECT name FROM projects p WHERE p.id = memberships.project_id)"), "project_name")
        .filter(membership::Column::UserId.eq(user_id))
        .order_by_asc(membership::Column::ProjectId)
        .into_model::<MembershipRow>()
        .all(db)
        .await
}

/// Projects the admin may add someone to, by name, narrowed by `search` (name or company).
pub struct ProjectPicker {
    pub search: String,
    /// (id, name, company), sorted by name, at most [`PICKER_LIMIT`].
    pub rows: Vec<(i32, String, String)>,
    /// How many projects match the search.
    pub total: u64,
}

pub const PICKER_LIMIT: u64 = 50;

pub async fn project_picker(db: &impl ConnectionTrait, search: &str) -> Result<ProjectPicker, DbErr> {
    let mut sel = project::Entity::find();
    if !search.trim().is_empty() {
        sel = sel.filter(project::Column::SearchText.like(crate::text::contains_pattern(search)));
    }
    let total = sel.clone().count(db).await?;
    let rows = sel
        .select_only()
        .columns([project::Column::Id, project::Column::Name, project::Column::Company])
        .order_by_asc(project::Column::Name)
        .order_by_asc(project::Column::Id)
        .limit(PICKER_LIMIT)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ProjectPicker { search: search.trim().to_string(), rows, total })
}
