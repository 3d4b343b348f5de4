//! Brute-force protection: failed sign-ins and failed second-factor codes counted per account
//! (the typed e-mail, whether or not the account exists) and per client address, in the database
//! so the count holds across instances and restarts. Past the limit within the window, the key is
//! locked for a while; the sign-in page then answers exactly as for a wrong password.

use crate::entities::login_throttle;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};

/// Failures of one account within [`WINDOW_MINUTES`] that lock it.
pub const ACCOUNT_LIMIT: i32 = 5;
/// Failures from one address within [`WINDOW_MINUTES`] that lock it (several people may share one).
pub const ADDRESS_LIMIT: i32 = 20;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    pub failures: i32,
    pub window_started_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Pure: the counter after one more failure at `now`.
pub fn after_failure(c: Option<Counter>, now: DateTime<Utc>, limit: i32) -> Counter {
    let window = Duration::minutes(WINDOW_MINUTES);
    let mut c = match c {
        Some(c) if now - c.window_started_at < window => Counter { failures: c.failures + 1, ..c },
        Some(c) => Counter { failures: 1, window_started_at: now, locked_until: c.locked_until.filter(|t| *t > now) },
        None => Counter { failures: 1, window_started_at: now, locked_until: None },
    };
    if c.failures >= limit && c.locked_until.is_none_or(|t| t <= now) {
        c.locked_until = Some(now + Duration::minutes(LOCK_MINUTES));
        // A new window starts with the lock, so the next failures after it count afresh.
        c.failures = 0;
        c.window_started_at = now;
    }
    c
}

pub fn is_locked(c: Option<Counter>, now: DateTime<Utc>) -> bool {
    c.and_then(|c| c.locked_until).is_some_and(|t| t > now)
}

fn counter(m: &login_throttle::Model) -> Counter {
    Counter { failures: m.failures, window_started_at: m.window_started_at, locked_until: m.locked_until }
}

pub fn account_key(email: &str) -> String {
    crate::text::normalize_email(email).chars().take(255).collect()
}

async fn find(db: &impl ConnectionTrait, scope: &str, key: &str) -> Result<Option<login_throttle::Model>, DbErr> {
    login_throttle::Entity::find()
        .filter(login_throttle::Column::Scope.eq(scope))
        .filter(login_throttle::Column::Key.eq(key))
        .lock_exclusive()
        .one(db)
        .await
}

/// Whether the account or the address is locked now.
pub async fn locked(
    db: &impl ConnectionTrait,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if is_locked(find(db, "account", &account_key(email)).await?.as_ref().map(counter), now) {
        return Ok(true);
    }
    match address {
        Some(a) => Ok(is_locked(find(db, "address", a).await?.as_ref().map(counter), now)),
        None => Ok(false),
    }
}

async fn bump(db: &impl ConnectionTrait, scope: &str, key: &str, limit: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    // The row first (two first failures at once must not collide on the unique key), then the
    // locked read-modify-write.
    let empty = login_throttle::ActiveModel {
        scope: Set(scope.into()),
        key: Set(key.into()),
        failures: Set(0),
        window_started_at: Set(now),
        locked_until: Set(None),
        ..Default::default()
    };
    login_throttle::Entity::insert(empty)
        .on_conflict(
            OnConflict::columns([login_throttle::Column::Scope, login_throttle::Column::Key]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let Some(m) = find(db, scope, key).await? else { return Ok(()) };
    let fresh = m.failures == 0 && m.locked_until.is_none();
    let next = after_failure((!fresh).then(|| counter(&m)), now, limit);
    let mut am = m.into_active_model();
    am.failures = Set(next.failures);
    am.window_started_at = Set(next.window_started_at);
    am.locked_until = Set(next.locked_until);
    am.update(db).await?;
    Ok(())
}

/// Counts one failure for the account and the address (in the caller's write transaction).
pub async fn failed(
    db: &impl ConnectionTrait,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    bump(db, "account", &account_key(email), ACCOUNT_LIMIT, now).await?;
    if let Some(a) = address {
        bump(db, "address", a, ADDRESS_LIMIT, now).await?;
    }
    Ok(())
}

/// A successful sign-in clears the account's count (not the address's).
pub async fn succeeded(db: &impl ConnectionTrait, email: &str) -> Result<(), DbErr> {
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Scope.eq("account"))
        .filter(login_throttle::Column::Key.eq(account_key(email)))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default() + Duration::minutes(min)
    }

    #[test]
    fn the_fifth_failure_in_the_window_locks_for_fifteen_minutes() {
        let mut c = None;
        for i in 0..4 {
            c = Some(after_failure(c, t(i), ACCOUNT_LIMIT));
            assert!(!is_locked(c, t(i)));
        }
        c = Some(after_failure(c, t(4), ACCOUNT_LIMIT));
        assert!(is_locked(c, t(4)) && is_locked(c, t(18)));
        assert!(!is_locked(c, t(19)), "the lock ends");
    }

    #[test]
    fn failures_spread_beyond_the_window_do_not_lock() {
        let mut c = None;
        for i in 0..10 {
            c = Some(after_failure(c, t(i * 4), ACCOUNT_LIMIT));
            assert!(!is_locked(c, t(i * 4)), "failure {i}");
        }
    }
}
