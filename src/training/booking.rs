//! Seats: sign-up, withdrawal, the wait-list and its promotions, attendance. Every change to a
//! session's seats locks the session row first (see `store::lock`), so two people booking the
//! last seat at the same moment are served one after the other: one gets it, the other joins the
//! wait-list. The emails are queued in the same transaction as the change they announce.

use super::mail::{Invite, Notice};
use super::store::{self, Audience};
use crate::entities::{training_booking, training_session, user};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    Cancelled,
    Started,
    Already(String),
    NotForYou,
    NotBooked,
    /// Withdrawing is no longer possible: the cut-off passed at this time.
    CutoffPassed(DateTime<Utc>),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Booked {
    Seat,
    WaitList { position: u64 },
}

pub async fn booked_count(db: &impl ConnectionTrait, session_id: i32) -> Result<u64, DbErr> {
    training_booking::Entity::find()
        .filter(training_booking::Column::SessionId.eq(session_id))
        .filter(training_booking::Column::Status.eq("booked"))
        .count(db)
        .await
}

async fn waitlist_position(db: &impl ConnectionTrait, b: &training_booking::Model) -> Result<u64, DbErr> {
    let ahead = training_booking::Entity::find()
        .filter(training_booking::Column::SessionId.eq(b.session_id))
        .filter(training_booking::Column::Status.eq("waitlisted"))
        .filter(
            training_booking::Column::SignedUpAt
                .lt(b.signed_up_at)
                .or(training_booking::Column::SignedUpAt.eq(b.signed_up_at).and(training_booking::Column::Id.lt(b.id))),
        )
        .count(db)
        .await?;
    Ok(ahead + 1)
}

pub async fn find(
    db: &impl ConnectionTrait,
    session_id: i32,
    user_id: i32,
) -> Result<Option<training_booking::Model>, DbErr> {
    training_booking::Entity::find()
        .filter(training_booking::Column::SessionId.eq(session_id))
        .filter(training_booking::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// Books a seat, or a place on the wait-list when the session is full.
pub async fn sign_up(
    state: &AppState,
    project_id: i32,
    session_id: i32,
    u: &user::Model,
    audience: Option<&Audience>,
    now: DateTime<Utc>,
) -> Result<Result<Booked, Refusal>, DbErr> {
    let tx = crate::db::begin_write(&state.db).await?;
    let Some(s) = store::lock(&tx, project_id, session_id).await? else { return Ok(Err(Refusal::NotFound)) };
    if s.status == "cancelled" {
        return Ok(Err(Refusal::Cancelled));
    }
    if s.starts_at <= now {
        return Ok(Err(Refusal::Started));
    }
    if let Some(a) = audience {
        let departments = store::audiences(&tx, &[s.id]).await?.remove(&s.id).unwrap_or_default();
        if !store::is_for(&s, &departments, a) {
            return Ok(Err(Refusal::NotForYou));
        }
    }
    let existing = find(&tx, s.id, u.id).await?;
    if let Some(b) = existing.as_ref().filter(|b| b.status != "cancelled") {
        return Ok(Err(Refusal::Already(b.status.clone())));
    }
    let status =
        if booked_count(&tx, s.id).await? < u64::try_from(s.capacity).unwrap_or(0) { "booked" } else { "waitlisted" };
    let b = match existing {
        Some(b) => {
            let mut am: training_booking::ActiveModel = b.into();
            am.status = Set(status.into());
            am.attendance = Set(None);
            am.signed_up_at = Set(now);
            am.updated_at = Set(now);
            am.update(&tx).await?
        }
        None => {
            training_booking::ActiveModel {
                session_id: Set(s.id),
                user_id: Set(u.id),
                status: Set(status.into()),
                attendance: Set(None),
                signed_up_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?
        }
    };
    let invite = Invite::load(&tx, &state.settings, &s).await?;
    let outcome = if status == "booked" {
        invite.send(&tx, u, Notice::Invitation, now).await?;
        Booked::Seat
    } else {
        let position = waitlist_position(&tx, &b).await?;
        invite.send(&tx, u, Notice::Waitlisted, now).await?;
        Booked::WaitList { position }
    };
    tx.commit().await?;
    Ok(Ok(outcome))
}

/// When the person may still withdraw without asking the trainer.
pub fn cutoff(s: &training_session::Model) -> DateTime<Utc> {
    s.starts_at - Duration::hours(i64::from(s.cancel_cutoff_hours))
}

/// Gives up a seat or a wait-list place; a freed seat goes to the first person waiting.
pub async fn withdraw(
    state: &AppState,
    project_id: i32,
    session_id: i32,
    u: &user::Model,
    now: DateTime<Utc>,
) -> Result<Result<String, Refusal>, DbErr> {
    let tx = crate::db::begin_write(&state.db).await?;
    let Some(s) = store::lock(&tx, project_id, session_id).await? else { return Ok(Err(Refusal::NotFound)) };
    let Some(b) = find(&tx, s.id, u.id).await?.filter(|b| b.status != "cancelled") else {
        return Ok(Err(Refusal::NotBooked));
    };
    if s.status == "scheduled" && b.status == "booked" && now > cutoff(&s) {
        return Ok(Err(Refusal::CutoffPassed(cutoff(&s))));
    }
    let was = b.status.clone();
    let mut am: training_booking::ActiveModel = b.into();
    am.status = Set("cancelled".into());
    am.updated_at = Set(now);
    am.update(&tx).await?;
    if was == "booked" && s.status == "scheduled" {
        let invite = Invite::load(&tx, &state.settings, &s).await?;
        invite.send(&tx, u, Notice::Withdrawn, now).await?;
        promote(&tx, &invite, &s, now).await?;
    }
    tx.commit().await?;
    Ok(Ok(was))
}

/// Fills free seats from the wait-list, first come first served, with an email to each person
/// promoted. The caller holds the session lock. Returns how many were promoted.
pub async fn promote(
    db: &impl ConnectionTrait,
    invite: &Invite,
    s: &training_session::Model,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if s.status != "scheduled" || s.starts_at <= now {
        return Ok(0);
    }
    let free = u64::try_from(s.capacity).unwrap_or(0).saturating_sub(booked_count(db, s.id).await?);
    if free == 0 {
        return Ok(0);
    }
    let next = training_booking::Entity::find()
        .filter(training_booking::Column::SessionId.eq(s.id))
        .filter(training_booking::Column::Status.eq("waitlisted"))
        .order_by_asc(training_booking::Column::SignedUpAt)
        .order_by_asc(training_booking::Column::Id)
        .limit(free)
        .all(db)
        .await?;
    let mut promoted = 0;
    for b in next {
        let r = training_booking::Entity::update_many()
            .col_expr(training_booking::Column::Status, Expr::value("booked"))
            .col_expr(training_booking::Column::UpdatedAt, Expr::value(now))
            .filter(training_booking::Column::Id.eq(b.id))
            .filter(training_booking::Column::Status.eq("waitlisted"))
            .exec(db)
            .await?;
        if r.rows_affected == 1
            && let Some(u) = user::Entity::find_by_id(b.user_id).one(db).await?
        {
            invite.send(db, &u, Notice::Promoted, now).await?;
            promoted += 1;
        }
    }
    Ok(promoted)
}

/// People holding a seat or waiting, in queue order, with their names and emails.
pub async fn roster(
    db: &impl ConnectionTrait,
    session_id: i32,
) -> Result<Vec<(training_booking::Model, user::Model)>, DbErr> {
    let bookings = training_booking::Entity::find()
        .filter(training_booking::Column::SessionId.eq(session_id))
        .order_by_asc(training_booking::Column::SignedUpAt)
        .order_by_asc(training_booking::Column::Id)
        .all(db)
        .await?;
    let mut users = std::collections::HashMap::new();
    let ids: Vec<i32> = bookings.iter().map(|b| b.user_id).collect();
    for chunk in ids.chunks(500) {
        for u in user::Entity::find().filter(user::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            users.insert(u.id, u);
        }
    }
    Ok(bookings.into_iter().filter_map(|b| users.get(&b.user_id).cloned().map(|u| (b, u))).collect())
}

/// Records attendance for booked people of this session; other ids are ignored. Returns how many.
pub async fn mark_attendance(
    db: &impl ConnectionTrait,
    session_id: i32,
    marks: &[(i32, Option<String>)],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut n = 0;
    for (booking_id, value) in marks {
        n += training_booking::Entity::update_many()
            .col_expr(training_booking::Column::Attendance, Expr::value(value.clone()))
            .col_expr(training_booking::Column::UpdatedAt, Expr::value(now))
            .filter(training_booking::Column::Id.eq(*booking_id))
            .filter(training_booking::Column::SessionId.eq(session_id))
            .filter(training_booking::Column::Status.eq("booked"))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(n)
}
