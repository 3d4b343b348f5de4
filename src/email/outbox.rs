//! The outbox table: enqueue, claim with a lease, and record the outcome.

use crate::entities::outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub const MAX_ATTEMPTS: i32 = 8;
/// Long enough for a whole claimed batch at the SMTP timeout (5 × 20 s), with room to spare.
const LEASE_SECONDS: i64 = 300;
pub const BATCH: u64 = 5;

#[derive(Clone, Debug, Default)]
pub struct Message {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachment: Option<Attachment>,
}

/// A file sent with the message (a calendar invitation, for instance).
#[derive(Clone, Debug)]
pub struct Attachment {
    pub name: String,
    /// The full content type, e.g. `text/calendar; charset=utf-8; method=REQUEST`.
    pub content_type: String,
    pub body: String,
}

pub async fn enqueue(db: &impl ConnectionTrait, m: Message, now: DateTime<Utc>) -> Result<(), DbErr> {
    let (name, kind, body) = match m.attachment {
        Some(a) => (Some(a.name), Some(a.content_type), Some(a.body)),
        None => (None, None, None),
    };
    outbox::ActiveModel {
        attachment_name: Set(name),
        attachment_type: Set(kind),
        attachment_body: Set(body),
        to_addr: Set(m.to),
        subject: Set(m.subject),
        body_text: Set(m.text),
        body_html: Set(m.html),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Claims up to `limit` due messages for `worker`. The claim is a conditional update, so when
/// two workers race for a row only one of them gets it.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let candidates: Vec<i32> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::Status.eq("pending"))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(outbox::Column::LockedUntil.is_null().or(outbox::Column::LockedUntil.lt(now)))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for id in candidates {
        let r = outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(Some(now + Duration::seconds(LEASE_SECONDS))))
            .col_expr(outbox::Column::LockedBy, Expr::value(Some(worker.to_string())))
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.eq("pending"))
            .filter(outbox::Column::LockedUntil.is_null().or(outbox::Column::LockedUntil.lt(now)))
            .exec(db)
            .await?;
        if r.rows_affected == 1
            && let Some(m) = outbox::Entity::find_by_id(id).one(db).await?
        {
            claimed.push(m);
        }
    }
    Ok(claimed)
}

/// Records delivery; only the worker holding the lease may.
pub async fn mark_sent(db: &impl ConnectionTrait, id: i32, worker: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("sent"))
        .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
        .col_expr(outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).add(1))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failure; after `MAX_ATTEMPTS` the message is parked as failed.
/// 30 s, 1 min, 2 min, … capped at one hour.
fn backoff_seconds(attempts: i32) -> i64 {
    let shift = std::cmp::Ord::clamp(attempts - 1, 0, 7) as u32;
    std::cmp::Ord::min(30i64 << shift, 3600)
}

pub async fn mark_failed(
    db: &impl ConnectionTrait,
    m: &outbox::Model,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let attempts = m.attempts + 1;
    let status = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
    let backoff = Duration::seconds(backoff_seconds(attempts));
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(status))
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now + backoff))
        .col_expr(outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(outbox::Column::LastError, Expr::value(Some(error.chars().take(500).collect::<String>())))
        .filter(outbox::Column::Id.eq(m.id))
        .filter(outbox::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}
