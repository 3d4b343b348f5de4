//! Session queries and writes. Bookings are in `booking.rs`.

use super::form::SessionInput;
use crate::entities::{membership, training_audience, training_booking, training_session};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Whom a list is for: a member's role and department, to show the sessions meant for them.
#[derive(Clone, Debug)]
pub struct Audience {
    pub role: String,
    pub department: Option<i32>,
}

pub struct Filter<'a> {
    pub search: &'a str,
    pub module: &'a str,
    /// "upcoming" (default), "past" or "all", as of `now`.
    pub when: &'a str,
    pub now: DateTime<Utc>,
    pub for_audience: Option<Audience>,
}

/// The condition "this session is meant for `a`": its roles are empty or include the role, and
/// it names no department or names `a`'s.
pub fn meant_for(a: &Audience) -> Condition {
    let roles = Condition::any()
        .add(training_session::Column::AudienceRoles.eq(""))
        .add(training_session::Column::AudienceRoles.like(format!("%{}%", a.role)));
    let no_departments = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(training_audience::Entity)
            .and_where(
                Expr::col((training_audience::Entity, training_audience::Column::SessionId))
                    .equals((training_session::Entity, training_session::Column::Id)),
            )
            .to_owned(),
    )
    .not();
    let mut departments = Condition::any().add(no_departments);
    if let Some(d) = a.department {
        departments = departments.add(
            training_session::Column::Id.in_subquery(
                Query::select()
                    .column(training_audience::Column::SessionId)
                    .from(training_audience::Entity)
                    .and_where(Expr::col(training_audience::Column::OrgUnitId).eq(d))
                    .to_owned(),
            ),
        );
    }
    Condition::all().add(roles).add(departments)
}

pub async fn list(
    db: &impl ConnectionTrait,
    project_id: i32,
    f: &Filter<'_>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<training_session::Model>, u64), DbErr> {
    let mut sel = training_session::Entity::find().filter(training_session::Column::ProjectId.eq(project_id));
    if !f.search.trim().is_empty() {
        sel = sel.filter(training_session::Column::SearchText.like(crate::text::contains_pattern(f.search)));
    }
    if super::MODULES.contains(&f.module) {
        sel = sel.filter(training_session::Column::Module.eq(f.module));
    }
    if let Some(a) = &f.for_audience {
        sel = sel.filter(meant_for(a));
    }
    let sel = match f.when {
        "past" => sel
            .filter(training_session::Column::EndsAt.lt(f.now))
            .order_by(training_session::Column::StartsAt, Order::Desc),
        "all" => sel.order_by(training_session::Column::StartsAt, Order::Asc),
        _ => sel
            .filter(training_session::Column::EndsAt.gte(f.now))
            .order_by(training_session::Column::StartsAt, Order::Asc),
    }
    .order_by_asc(training_session::Column::Id);
    let total = sel.clone().count(db).await?;
    let rows = sel.paginate(db, per_page).fetch_page(page.saturating_sub(1)).await?;
    Ok((rows, total))
}

/// Every session of the project, in start order (exports, coverage).
pub async fn all(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<training_session::Model>, DbErr> {
    training_session::Entity::find()
        .filter(training_session::Column::ProjectId.eq(project_id))
        .order_by_asc(training_session::Column::StartsAt)
        .order_by_asc(training_session::Column::Id)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    project_id: i32,
    id: i32,
) -> Result<Option<training_session::Model>, DbErr> {
    training_session::Entity::find_by_id(id).filter(training_session::Column::ProjectId.eq(project_id)).one(db).await
}

/// The session row, locked until the transaction ends (PostgreSQL `FOR UPDATE`; on SQLite the
/// IMMEDIATE write transaction already serializes writers). Every change to seats goes through it.
pub async fn lock(
    db: &impl ConnectionTrait,
    project_id: i32,
    id: i32,
) -> Result<Option<training_session::Model>, DbErr> {
    training_session::Entity::find_by_id(id)
        .filter(training_session::Column::ProjectId.eq(project_id))
        .lock_exclusive()
        .one(db)
        .await
}

/// Departments named in each session's audience.
pub async fn audiences(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, Vec<i32>>, DbErr> {
    let mut out: HashMap<i32, Vec<i32>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = training_audience::Entity::find()
            .filter(training_audience::Column::SessionId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for r in rows {
            out.entry(r.session_id).or_default().push(r.org_unit_id);
        }
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    Ok(out)
}

/// (booked, wait-listed) per session, counted in SQL.
pub async fn seat_counts(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, (i64, i64)>, DbErr> {
    let mut out: HashMap<i32, (i64, i64)> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i32, String, i64)> = training_booking::Entity::find()
            .select_only()
            .column(training_booking::Column::SessionId)
            .column(training_booking::Column::Status)
            .column_as(training_booking::Column::Id.count(), "n")
            .filter(training_booking::Column::SessionId.is_in(chunk.to_vec()))
            .filter(training_booking::Column::Status.ne("cancelled"))
            .group_by(training_booking::Column::SessionId)
            .group_by(training_booking::Column::Status)
            .into_tuple()
            .all(db)
            .await?;
        for (sid, status, n) in rows {
            let e = out.entry(sid).or_default();
            if status == "booked" { e.0 += n } else { e.1 += n }
        }
    }
    Ok(out)
}

/// Per session, the booked seats whose attendance is not marked yet (one grouped query; sessions
/// with none are absent).
pub async fn unmarked_counts(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, u64>, DbErr> {
    let mut out: HashMap<i32, u64> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i32, i64)> = training_booking::Entity::find()
            .select_only()
            .column(training_booking::Column::SessionId)
            .column_as(training_booking::Column::Id.count(), "n")
            .filter(training_booking::Column::SessionId.is_in(chunk.to_vec()))
            .filter(training_booking::Column::Status.eq("booked"))
            .filter(training_booking::Column::Attendance.is_null())
            .group_by(training_booking::Column::SessionId)
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|(sid, n)| (sid, u64::try_from(n).unwrap_or(0))));
    }
    Ok(out)
}

/// The caller's own booking status per session, for the list.
pub async fn my_bookings(db: &impl ConnectionTrait, user_id: i32, ids: &[i32]) -> Result<HashMap<i32, String>, DbErr> {
    Ok(training_booking::Entity::find()
        .filter(training_booking::Column::UserId.eq(user_id))
        .filter(training_booking::Column::SessionId.is_in(ids.to_vec()))
        .filter(training_booking::Column::Status.ne("cancelled"))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.session_id, b.status))
        .collect())
}

/// The member's role and department in the project, or `None` for a non-member (an admin).
pub async fn audience_of(db: &impl ConnectionTrait, project_id: i32, user_id: i32) -> Result<Option<Audience>, DbErr> {
    Ok(membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(|m| Audience { role: m.role, department: m.department_id }))
}

/// Whether a session (with its departments) is meant for this audience; the Rust twin of `meant_for`.
pub fn is_for(s: &training_session::Model, departments: &[i32], a: &Audience) -> bool {
    let role_ok = s.audience_roles.is_empty() || s.audience_roles.split(',').any(|r| r == a.role);
    let dept_ok = departments.is_empty() || a.department.is_some_and(|d| departments.contains(&d));
    role_ok && dept_ok
}

fn search_text(s: &SessionInput) -> String {
    crate::text::fold(&format!("{} {} {}", s.title, s.place.as_deref().unwrap_or(""), s.module))
}

async fn set_departments(db: &impl ConnectionTrait, session_id: i32, departments: &[i32]) -> Result<(), DbErr> {
    training_audience::Entity::delete_many()
        .filter(training_audience::Column::SessionId.eq(session_id))
        .exec(db)
        .await?;
    let rows: Vec<training_audience::ActiveModel> = departments
        .iter()
        .map(|d| training_audience::ActiveModel {
            session_id: Set(session_id),
            org_unit_id: Set(*d),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        training_audience::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

pub async fn create(
    db: &impl ConnectionTrait,
    project_id: i32,
    s: &SessionInput,
    now: DateTime<Utc>,
) -> Result<training_session::Model, DbErr> {
    let m = training_session::ActiveModel {
        project_id: Set(project_id),
        title: Set(s.title.clone()),
        module: Set(s.module.clone()),
        kind: Set(s.kind.clone()),
        mode: Set(s.mode.clone()),
        audience_roles: Set(s.audience_roles.clone()),
        starts_at: Set(s.starts_at),
        ends_at: Set(s.ends_at),
        tz: Set(s.tz.clone()),
        place: Set(s.place.clone()),
        meeting_url: Set(s.meeting_url.clone()),
        capacity: Set(s.capacity),
        cancel_cutoff_hours: Set(s.cancel_cutoff_hours),
        materials: Set(s.materials.clone()),
        prerequisites: Set(s.prerequisites.clone()),
        trainer_id: Set(s.trainer_id),
        status: Set("scheduled".into()),
        version: Set(1),
        search_text: Set(search_text(s)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_departments(db, m.id, &s.departments).await?;
    Ok(m)
}

/// Saves only if nobody saved since `version`; false when someone did. The caller holds the lock.
pub async fn update(
    db: &impl ConnectionTrait,
    id: i32,
    version: i32,
    s: &SessionInput,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = training_session::Entity::update_many()
        .col_expr(training_session::Column::Title, Expr::value(s.title.clone()))
        .col_expr(training_session::Column::Module, Expr::value(s.module.clone()))
        .col_expr(training_session::Column::Kind, Expr::value(s.kind.clone()))
        .col_expr(training_session::Column::Mode, Expr::value(s.mode.clone()))
        .col_expr(training_session::Column::AudienceRoles, Expr::value(s.audience_roles.clone()))
        .col_expr(training_session::Column::StartsAt, Expr::value(s.starts_at))
        .col_expr(training_session::Column::EndsAt, Expr::value(s.ends_at))
        .col_expr(training_session::Column::Tz, Expr::value(s.tz.clone()))
        .col_expr(training_session::Column::Place, Expr::value(s.place.clone()))
        .col_expr(training_session::Column::MeetingUrl, Expr::value(s.meeting_url.clone()))
        .col_expr(training_session::Column::Capacity, Expr::value(s.capacity))
        .col_expr(training_session::Column::CancelCutoffHours, Expr::value(s.cancel_cutoff_hours))
        .col_expr(training_session::Column::Materials, Expr::value(s.materials.clone()))
        .col_expr(training_session::Column::Prerequisites, Expr::value(s.prerequisites.clone()))
        .col_expr(training_session::Column::TrainerId, Expr::value(s.trainer_id))
        .col_expr(training_session::Column::SearchText, Expr::value(search_text(s)))
        .col_expr(training_session::Column::Version, Expr::value(version + 1))
        .col_expr(training_session::Column::UpdatedAt, Expr::value(now))
        .filter(training_session::Column::Id.eq(id))
        .filter(training_session::Column::Version.eq(version))
        .exec(db)
        .await?;
    if r.rows_affected == 1 {
        set_departments(db, id, &s.departments).await?;
    }
    Ok(r.rows_affected == 1)
}

/// Marks the session cancelled (a new version, so calendars see the change).
pub async fn cancel(db: &impl ConnectionTrait, s: &training_session::Model, now: DateTime<Utc>) -> Result<(), DbErr> {
    training_session::Entity::update_many()
        .col_expr(training_session::Column::Status, Expr::value("cancelled"))
        .col_expr(training_session::Column::Version, Expr::value(s.version + 1))
        .col_expr(training_session::Column::UpdatedAt, Expr::value(now))
        .filter(training_session::Column::Id.eq(s.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Members who may run sessions: the project's trainers and PMs, as (user id, name).
pub async fn trainer_choices(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<(i32, String)>, DbErr> {
    Ok(crate::projects::store::members(db, project_id)
        .await?
        .into_iter()
        .filter(|m| m.role == "trainer" || m.role == "pm")
        .map(|m| (m.user_id, m.name))
        .collect())
}
