//! Brute-force protection: sign-in attempts and second-factor codes counted per account (the
//! typed e-mail, whether or not the account exists) and per client address, in the database so the
//! count holds across instances and restarts.
//!
//! An attempt is **reserved before it is checked**: one write transaction reads the counters (row
//! locks on PostgreSQL, the write lock on SQLite), refuses when either is locked or already has
//! [`ACCOUNT_LIMIT`] / [`ADDRESS_LIMIT`] attempts in the window, and otherwise counts the attempt.
//! Only then is the password or code verified, so requests sent at once cannot all pass a check
//! made before any of them is counted: guesses per window are the limit, whatever the burst. A right
//! answer gives its reservation back ([`refund`], [`succeeded`]); a wrong one keeps it and, at the
//! limit, locks the key for [`LOCK_MINUTES`] ([`failed`]). A refused attempt is answered exactly as
//! a wrong password, and is not checked at all.

use crate::entities::login_throttle;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect,
};

/// Attempts on one account within [`WINDOW_MINUTES`]; the last failing one locks it.
pub const ACCOUNT_LIMIT: i32 = 5;
/// Attempts from one address within [`WINDOW_MINUTES`] (several people may share one).
pub const ADDRESS_LIMIT: i32 = 20;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    /// Attempts counted in the window, those still being checked included.
    pub failures: i32,
    pub window_started_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

pub fn is_locked(c: Option<Counter>, now: DateTime<Utc>) -> bool {
    c.and_then(|c| c.locked_until).is_some_and(|t| t > now)
}

/// Pure: the counter with one more attempt reserved at `now`, or `None` when the attempt is refused
/// (locked, or the window's allowance is taken by attempts made or still being checked).
pub fn reserve(c: Option<Counter>, now: DateTime<Utc>, limit: i32) -> Option<Counter> {
    if is_locked(c, now) {
        return None;
    }
    let c = match c {
        Some(c) if now - c.window_started_at < Duration::minutes(WINDOW_MINUTES) => c,
        _ => Counter { failures: 0, window_started_at: now, locked_until: None },
    };
    (c.failures < limit).then_some(Counter { failures: c.failures + 1, ..c })
}

/// Pure: the counter after a reserved attempt turned out wrong: at the limit the key locks, and a
/// new window starts with the lock so the attempts after it count afresh.
pub fn after_failure(c: Counter, now: DateTime<Utc>, limit: i32) -> Counter {
    if c.failures >= limit && !is_locked(Some(c), now) {
        return Counter {
            failures: 0,
            window_started_at: now,
            locked_until: Some(now + Duration::minutes(LOCK_MINUTES)),
        };
    }
    c
}

fn counter(m: &login_throttle::Model) -> Counter {
    Counter { failures: m.failures, window_started_at: m.window_started_at, locked_until: m.locked_until }
}

pub fn account_key(email: &str) -> String {
    crate::text::normalize_email(email).chars().take(255).collect()
}

fn keys(email: &str, address: Option<&str>) -> Vec<(&'static str, String, i32)> {
    let mut k = vec![("account", account_key(email), ACCOUNT_LIMIT)];
    if let Some(a) = address {
        k.push(("address", a.to_string(), ADDRESS_LIMIT));
    }
    k
}

/// The counter row of `scope`/`key`, created empty if missing (two first attempts at once must
/// not collide on the unique key) and locked for the rest of the transaction.
async fn row(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<login_throttle::Model, DbErr> {
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
    login_throttle::Entity::find()
        .filter(login_throttle::Column::Scope.eq(scope))
        .filter(login_throttle::Column::Key.eq(key))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("login_throttle {scope}")))
}

async fn store(db: &impl ConnectionTrait, m: login_throttle::Model, c: Counter) -> Result<(), DbErr> {
    if counter(&m) == c {
        return Ok(());
    }
    let mut am = m.into_active_model();
    am.failures = Set(c.failures);
    am.window_started_at = Set(c.window_started_at);
    am.locked_until = Set(c.locked_until);
    am.update(db).await?;
    Ok(())
}

/// Reserves one attempt for the account and the address, in one write transaction of its own;
/// `false` when either refuses it (then nothing is counted and nothing may be checked).
pub async fn reserve_attempt(
    db: &DatabaseConnection,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    reserve_keys(db, keys(email, address), now).await
}

/// "Forgot your password?" requests per typed address within [`WINDOW_MINUTES`]: enough for a
/// lost first mail, too few to fill someone's inbox.
pub const RESET_ACCOUNT_LIMIT: i32 = 3;
/// Reset requests from one client address within [`WINDOW_MINUTES`] (probing many addresses).
pub const RESET_ADDRESS_LIMIT: i32 = 10;

/// Reserves one password-reset request for the typed address and the client address, counted
/// apart from sign-in attempts (a reset request never locks anyone's sign-in); `false` past either
/// allowance, and then no mail may be sent.
pub async fn reserve_reset(
    db: &DatabaseConnection,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut k = vec![("reset_account", account_key(email), RESET_ACCOUNT_LIMIT)];
    if let Some(a) = address {
        k.push(("reset_address", a.to_string(), RESET_ADDRESS_LIMIT));
    }
    reserve_keys(db, k, now).await
}

async fn reserve_keys(
    db: &DatabaseConnection,
    keys: Vec<(&'static str, String, i32)>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let tx = crate::db::begin_write(db).await?;
    let mut next = Vec::new();
    for (scope, key, limit) in keys {
        let m = row(&tx, scope, &key, now).await?;
        let fresh = m.failures == 0 && m.locked_until.is_none();
        match reserve((!fresh).then(|| counter(&m)), now, limit) {
            Some(c) => next.push((m, c)),
            None => {
                tx.rollback().await?;
                return Ok(false);
            }
        }
    }
    for (m, c) in next {
        store(&tx, m, c).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A reserved attempt was wrong: it stays counted, and locks the key at the limit (in the caller's
/// write transaction).
pub async fn failed(
    db: &impl ConnectionTrait,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for (scope, key, limit) in keys(email, address) {
        let m = row(db, scope, &key, now).await?;
        let c = after_failure(counter(&m), now, limit);
        store(db, m, c).await?;
    }
    Ok(())
}

/// A reserved attempt was right but the sign-in goes on (the password before the code, a code that
/// confirms a change): its reservation is given back, the earlier failures stay.
pub async fn refund(db: &impl ConnectionTrait, email: &str, address: Option<&str>) -> Result<(), DbErr> {
    give_back(db, keys(email, address)).await
}

async fn give_back(db: &impl ConnectionTrait, keys: Vec<(&'static str, String, i32)>) -> Result<(), DbErr> {
    for (scope, key, _) in keys {
        login_throttle::Entity::update_many()
            .col_expr(login_throttle::Column::Failures, Expr::col(login_throttle::Column::Failures).sub(1))
            .filter(login_throttle::Column::Scope.eq(scope))
            .filter(login_throttle::Column::Key.eq(key))
            .filter(login_throttle::Column::Failures.gt(0))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A full sign-in clears the account's count and gives the address its reservation back.
pub async fn succeeded(db: &impl ConnectionTrait, email: &str, address: Option<&str>) -> Result<(), DbErr> {
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Scope.eq("account"))
        .filter(login_throttle::Column::Key.eq(account_key(email)))
        .exec(db)
        .await?;
    match address {
        Some(a) => give_back(db, vec![("address", a.to_string(), ADDRESS_LIMIT)]).await,
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default() + Duration::minutes(min)
    }

    #[test]
    fn the_fifth_wrong_attempt_in_the_window_locks_for_fifteen_minutes() {
        let mut c = None;
        for i in 0..5 {
            let r = reserve(c, t(i), ACCOUNT_LIMIT).expect("allowed");
            c = Some(after_failure(r, t(i), ACCOUNT_LIMIT));
            assert_eq!(is_locked(c, t(i)), i == 4, "attempt {i}");
        }
        assert!(is_locked(c, t(18)) && reserve(c, t(18), ACCOUNT_LIMIT).is_none());
        assert!(!is_locked(c, t(19)) && reserve(c, t(19), ACCOUNT_LIMIT).is_some(), "the lock ends");
    }

    #[test]
    fn attempts_still_being_checked_take_the_allowance() {
        // A burst: five reserved before any is answered, the sixth is refused unchecked.
        let mut c = None;
        for _ in 0..ACCOUNT_LIMIT {
            c = Some(reserve(c, t(0), ACCOUNT_LIMIT).expect("within the allowance"));
        }
        assert!(reserve(c, t(0), ACCOUNT_LIMIT).is_none());
        // The first of them to come back wrong locks the key.
        assert!(is_locked(c.map(|c| after_failure(c, t(0), ACCOUNT_LIMIT)), t(1)));
    }

    #[test]
    fn attempts_spread_beyond_the_window_do_not_lock() {
        let mut c = None;
        for i in 0..10 {
            let r = reserve(c, t(i * 4), ACCOUNT_LIMIT).expect("allowed");
            c = Some(after_failure(r, t(i * 4), ACCOUNT_LIMIT));
            assert!(!is_locked(c, t(i * 4)), "attempt {i}");
        }
    }
}
