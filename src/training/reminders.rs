//! Reminders to people booked on a session, `ERP_TRAINING_REMINDER_HOURS` before it starts, once.
//! The `training_reminders` row (unique per booking and start time) is written in the same
//! transaction as the email, so several instances never send it twice, and moving the session
//! re-arms it.

use super::mail::{Invite, Notice};
use crate::entities::{training_booking, training_reminder, training_session, user};
use crate::state::AppState;
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

const BATCH: u64 = 200;

/// One pass: queues the reminders that are due. Returns how many were queued.
pub async fn run(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let horizon = now + Duration::hours(state.settings.training_reminder_hours);
    let sessions = training_session::Entity::find()
        .filter(training_session::Column::Status.eq("scheduled"))
        .filter(training_session::Column::StartsAt.gt(now))
        .filter(training_session::Column::StartsAt.lte(horizon))
        .order_by_asc(training_session::Column::StartsAt)
        .limit(BATCH)
        .all(&state.db)
        .await?;
    let mut queued = 0;
    for s in sessions {
        let already = Query::select()
            .expr(Expr::val(1))
            .from(training_reminder::Entity)
            .and_where(
                Expr::col((training_reminder::Entity, training_reminder::Column::BookingId))
                    .equals((training_booking::Entity, training_booking::Column::Id)),
            )
            .and_where(Expr::col((training_reminder::Entity, training_reminder::Column::StartsAt)).eq(s.starts_at))
            .to_owned();
        let due = training_booking::Entity::find()
            .filter(training_booking::Column::SessionId.eq(s.id))
            .filter(training_booking::Column::Status.eq("booked"))
            .filter(Expr::exists(already).not())
            .limit(BATCH)
            .all(&state.db)
            .await?;
        if due.is_empty() {
            continue;
        }
        let invite = Invite::load(&state.db, &state.settings, &s).await?;
        for b in due {
            let tx = crate::db::begin_write(&state.db).await?;
            let inserted = training_reminder::Entity::insert(training_reminder::ActiveModel {
                booking_id: Set(b.id),
                starts_at: Set(s.starts_at),
                sent_at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([training_reminder::Column::BookingId, training_reminder::Column::StartsAt])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&tx)
            .await?;
            if inserted == 1
                && let Some(u) = user::Entity::find_by_id(b.user_id).one(&tx).await?
            {
                invite.send(&tx, &u, Notice::Reminder, now).await?;
                queued += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(queued)
}
