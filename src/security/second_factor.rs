//! The second factor's rules, shared by the sign-in challenge (`auth::challenge`) and the account's
//! settings (`account::two_factor`): a TOTP code is accepted once (the step of the last accepted
//! code is stored and only a later one passes — a conditional update, so two requests with one
//! code cannot both win), recovery codes are single-use and stored hashed, and a code typed to
//! change the settings counts toward the sign-in lock.

use super::audit;
use super::throttle;
use crate::crypto::keys::AAD_TOTP;
use crate::crypto::totp;
use crate::entities::{recovery_code, user};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::middleware::client_ip;
use crate::web::{FormErrors, Lang};
use actix_web::HttpRequest;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Deserialize;

pub const RECOVERY_CODES: usize = 10;

pub fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

pub fn secret_of(state: &AppState, u: &user::Model) -> Option<Vec<u8>> {
    let stored = u.totp_secret.as_deref()?;
    let b32 = state.keys.decrypt_str(stored, AAD_TOTP).ok()?;
    totp::secret_from_base32(&b32)
}

/// Accepts a TOTP code once: stores its step if it is newer than the last accepted one.
pub async fn accept_code(
    db: &impl ConnectionTrait,
    state: &AppState,
    u: &user::Model,
    code: &str,
) -> Result<bool, DbErr> {
    let Some(secret) = secret_of(state, u) else { return Ok(false) };
    let last = u.totp_last_step.and_then(|s| u64::try_from(s).ok());
    let Some(step) = totp::verify(&secret, code, unix(state.clock.now()), last) else { return Ok(false) };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let n = user::Entity::update_many()
        .col_expr(user::Column::TotpLastStep, Expr::value(step))
        .filter(user::Column::Id.eq(u.id))
        .filter(user::Column::TotpLastStep.is_null().or(user::Column::TotpLastStep.lt(step)))
        .exec(db)
        .await?
        .rows_affected;
    Ok(n == 1)
}

/// Uses up a recovery code.
pub async fn accept_recovery(
    db: &impl ConnectionTrait,
    user_id: i32,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let n = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::CodeHash.eq(totp::hash_recovery(code)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(n == 1)
}

/// Replaces the person's recovery codes with ten new ones and returns them (the only time they exist in clear).
pub async fn new_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<String>, DbErr> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(user_id)).exec(db).await?;
    let codes = totp::recovery_codes(RECOVERY_CODES);
    for c in &codes {
        recovery_code::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(totp::hash_recovery(c)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(codes)
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    pub code: String,
}

pub fn wrong_code(l: Lang) -> FormErrors {
    let mut e = FormErrors::new();
    e.add(
        "code",
        l.t(
            "That code is not right, or was already used. Wait for the next one and try again.",
            "Ese código no es correcto o ya se usó. Espere al siguiente y vuelva a intentarlo.",
        ),
    );
    e
}

/// A code typed to confirm a change of an enrolled person's settings: in a write transaction when
/// right; when wrong (or locked) it counts toward the lock like a sign-in code, so a stolen session
/// cannot try codes without limit.
pub async fn confirmed(
    state: &AppState,
    req: &HttpRequest,
    u: &user::Model,
    code: &str,
) -> AppResult<Option<sea_orm::DatabaseTransaction>> {
    let now = state.clock.now();
    let ip = client_ip(req);
    // Reserved before it is checked, like a sign-in code (see `throttle`).
    let allowed =
        u.totp_enabled_at.is_some() && throttle::reserve_attempt(&state.db, &u.email, ip.as_deref(), now).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    if allowed && accept_code(&tx, state, u, code).await? {
        throttle::refund(&tx, &u.email, ip.as_deref()).await?;
        return Ok(Some(tx));
    }
    if allowed {
        throttle::failed(&tx, &u.email, ip.as_deref(), now).await?;
    }
    let e = audit::Event {
        actor: Some(u.id),
        ip: ip.as_deref(),
        action: "mfa.failed",
        target: Some(format!("user:{}", u.id)),
        detail: match (u.totp_enabled_at.is_some(), allowed) {
            (false, _) => Some("not enrolled".into()),
            (true, false) => Some("locked".into()),
            (true, true) => None,
        },
        ..Default::default()
    };
    audit::record(&tx, e, now).await?;
    tx.commit().await?;
    Ok(None)
}

/// Clears a person's second factor (their own choice, or an admin's reset).
pub async fn clear(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::TotpSecret, Expr::value(Option::<String>::None))
        .col_expr(user::Column::TotpEnabledAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::TotpLastStep, Expr::value(Option::<i64>::None))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(())
}
