//! The second factor: enrolment with a QR code and a first code, ten single-use recovery codes
//! (stored hashed, shown once), the sign-in challenge after a correct password, the policy that
//! sends admins and PMs to enrolment first, and the admin's reset of a lost factor. A code is
//! accepted once: the step of the last accepted code is stored and only a later one passes (a
//! conditional update, so two requests with one code cannot both win).

use super::audit::{self, Event};
use super::mfa_views::{code_page, page};
use super::throttle;
use crate::crypto::keys::AAD_TOTP;
use crate::crypto::totp;
use crate::entities::{mfa_challenge, recovery_code, user};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::middleware::client_ip;
use crate::web::{Admin, Auth, CsrfForm, Ctx, FormErrors, flash, html, random_token, token_hash};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Deserialize;

pub const RECOVERY_CODES: usize = 10;
/// Minutes to type the code after the password.
const CHALLENGE_MINUTES: i64 = 5;
/// Wrong codes before a challenge is dropped (the throttle counts them too).
const CHALLENGE_FAILURES: i32 = 5;

fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

fn secret_of(state: &AppState, u: &user::Model) -> Option<Vec<u8>> {
    let stored = u.totp_secret.as_deref()?;
    let b32 = state.keys.decrypt_str(stored, AAD_TOTP).ok()?;
    totp::secret_from_base32(&b32)
}

/// Accepts a TOTP code once: stores its step if it is newer than the last accepted one.
async fn accept_code(db: &impl ConnectionTrait, state: &AppState, u: &user::Model, code: &str) -> Result<bool, DbErr> {
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
async fn accept_recovery(
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
async fn new_recovery_codes(db: &impl ConnectionTrait, user_id: i32, now: DateTime<Utc>) -> Result<Vec<String>, DbErr> {
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
    code: String,
}

/// The enrolment page: a pending secret is made (encrypted) on the first visit and kept until confirmed.
async fn render(state: &AppState, auth: &Auth, e: &FormErrors, status: StatusCode) -> AppResult<HttpResponse> {
    let mut u = me(state, auth).await?;
    let required = state.settings.mfa_required_for(&u.role);
    if u.totp_enabled_at.is_some() {
        return Ok(html(status, page(&auth.ctx, &u, None, required, e, None)));
    }
    let secret = match secret_of(state, &u) {
        Some(s) => s,
        None => {
            let s = totp::new_secret();
            let stored =
                state.keys.encrypt_str(&totp::secret_base32(&s), AAD_TOTP).map_err(|e| AppError::Internal(e.into()))?;
            user::Entity::update_many()
                .col_expr(user::Column::TotpSecret, Expr::value(stored.clone()))
                .filter(user::Column::Id.eq(u.id))
                .exec(&state.db)
                .await?;
            u.totp_secret = Some(stored);
            s
        }
    };
    let uri = totp::otpauth_uri(&secret, "ERP Rollout", &u.email);
    let qr = totp::qr_data_uri(&uri).unwrap_or_default();
    let key = totp::grouped(&totp::secret_base32(&secret));
    Ok(html(status, page(&auth.ctx, &u, Some((&qr, &key)), required, e, None)))
}

pub async fn account_page(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    render(&state, &auth, &FormErrors::new(), StatusCode::OK).await
}

fn wrong_code(l: crate::web::Lang) -> FormErrors {
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

/// The signed-in person as stored now (the session's copy may predate an enrolment).
async fn me(state: &AppState, auth: &Auth) -> AppResult<user::Model> {
    user::Entity::find_by_id(auth.user.id).one(&state.db).await?.ok_or(AppError::NotFound)
}

/// A code typed to confirm a change of an enrolled person's settings: in a write transaction when
/// right; when wrong (or locked) it counts toward the lock like a sign-in code, so a stolen session
/// cannot try codes without limit.
async fn confirmed(
    state: &AppState,
    req: &HttpRequest,
    u: &user::Model,
    code: &str,
) -> AppResult<Option<sea_orm::DatabaseTransaction>> {
    let now = state.clock.now();
    let ip = client_ip(req);
    if u.totp_enabled_at.is_some() && !throttle::locked(&state.db, &u.email, ip.as_deref(), now).await? {
        let tx = crate::db::begin_write(&state.db).await?;
        if accept_code(&tx, state, u, code).await? {
            return Ok(Some(tx));
        }
        tx.rollback().await?;
    }
    let tx = crate::db::begin_write(&state.db).await?;
    throttle::failed(&tx, &u.email, ip.as_deref(), now).await?;
    audit::about_user(&tx, req, Some(u.id), "mfa.failed", u.id, now).await?;
    tx.commit().await?;
    Ok(None)
}

pub async fn enable(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let u = me(&state, &auth).await?;
    if u.totp_enabled_at.is_some() {
        return Ok(flash::success(
            "/account/2fa",
            auth.ctx.t("Two-factor authentication is already on.", "La verificación en dos pasos ya está activada."),
        ));
    }
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    if !accept_code(&tx, &state, &u, &f.code).await? {
        tx.rollback().await?;
        audit::about_user(&state.db, &req, Some(u.id), "mfa.enrolment_failed", u.id, now).await?;
        return render(&state, &auth, &wrong_code(auth.ctx.lang), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    user::Entity::update_many()
        .col_expr(user::Column::TotpEnabledAt, Expr::value(now))
        .filter(user::Column::Id.eq(u.id))
        .exec(&tx)
        .await?;
    let codes = new_recovery_codes(&tx, u.id, now).await?;
    audit::about_user(&tx, &req, Some(u.id), "mfa.enabled", u.id, now).await?;
    tx.commit().await?;
    let u = user::Entity::find_by_id(u.id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let required = state.settings.mfa_required_for(&u.role);
    Ok(html(StatusCode::OK, page(&auth.ctx, &u, None, required, &FormErrors::new(), Some(&codes))))
}

pub async fn regenerate(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let u = me(&state, &auth).await?;
    let now = state.clock.now();
    let Some(tx) = confirmed(&state, &req, &u, &f.code).await? else {
        return render(&state, &auth, &wrong_code(auth.ctx.lang), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let codes = new_recovery_codes(&tx, u.id, now).await?;
    audit::about_user(&tx, &req, Some(u.id), "mfa.recovery_codes_replaced", u.id, now).await?;
    tx.commit().await?;
    let required = state.settings.mfa_required_for(&u.role);
    Ok(html(StatusCode::OK, page(&auth.ctx, &u, None, required, &FormErrors::new(), Some(&codes))))
}

/// Clears a person's second factor (their own choice, or an admin's reset).
async fn clear(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
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

pub async fn disable(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let u = me(&state, &auth).await?;
    if state.settings.mfa_required_for(&u.role) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let Some(tx) = confirmed(&state, &req, &u, &f.code).await? else {
        return render(&state, &auth, &wrong_code(auth.ctx.lang), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    clear(&tx, u.id).await?;
    audit::about_user(&tx, &req, Some(u.id), "mfa.disabled", u.id, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        "/account/2fa",
        auth.ctx.t("Two-factor authentication is off.", "La verificación en dos pasos está desactivada."),
    ))
}

pub async fn admin_reset(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    _f: CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    user::Entity::find_by_id(id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    clear(&tx, id).await?;
    // Whoever holds the lost phone must not stay signed in.
    crate::auth::store::end_all_sessions(&tx, id).await?;
    audit::about_user(&tx, &req, Some(auth.user.id), "mfa.reset_by_admin", id, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::admin_user(id),
        auth.ctx.t("Second factor removed and sessions ended; the person sets it up again at the next sign-in.", "Segundo factor eliminado y sesiones cerradas; la persona lo configurará de nuevo en el próximo inicio de sesión."),
    ))
}

/// After a correct password: a short-lived challenge in a cookie, then the code page.
pub async fn challenge(state: &AppState, u: &user::Model, now: DateTime<Utc>) -> AppResult<HttpResponse> {
    let token = random_token();
    mfa_challenge::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(u.id),
        failures: Set(0),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(CHALLENGE_MINUTES)),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let s = &state.settings;
    let cookie = Cookie::build(s.mfa_cookie(), token)
        .path("/")
        .http_only(true)
        .secure(s.secure_cookies)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::minutes(CHALLENGE_MINUTES))
        .finish();
    let mut res = crate::web::redirect("/login/code");
    let _ = res.add_cookie(&cookie);
    Ok(res)
}

async fn pending(state: &AppState, req: &HttpRequest) -> Result<Option<(mfa_challenge::Model, user::Model)>, DbErr> {
    let Some(c) = req.cookie(state.settings.mfa_cookie()) else { return Ok(None) };
    let Some(ch) = mfa_challenge::Entity::find()
        .filter(mfa_challenge::Column::TokenHash.eq(token_hash(c.value())))
        .filter(mfa_challenge::Column::ExpiresAt.gt(state.clock.now()))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let u = user::Entity::find_by_id(ch.user_id).one(&state.db).await?.filter(|u| u.disabled_at.is_none());
    Ok(u.map(|u| (ch, u)))
}

fn start_again(ctx: &Ctx) -> HttpResponse {
    flash::error(
        "/login",
        ctx.t("Sign in again: the code step expired.", "Vuelva a iniciar sesión: el paso del código caducó."),
    )
}

pub async fn code_form(ctx: Ctx, state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    if pending(&state, &req).await?.is_none() {
        return Ok(start_again(&ctx));
    }
    Ok(html(StatusCode::OK, code_page(&ctx, &FormErrors::new())))
}

pub async fn code_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let Some((ch, u)) = pending(&state, &req).await? else { return Ok(start_again(&ctx)) };
    let now = state.clock.now();
    let ip = client_ip(&req);
    let locked = throttle::locked(&state.db, &u.email, ip.as_deref(), now).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    let how = if locked {
        None
    } else if accept_code(&tx, &state, &u, &f.code).await? {
        Some("password + authenticator app")
    } else if accept_recovery(&tx, u.id, &f.code, now).await? {
        Some("password + recovery code")
    } else {
        None
    };
    let Some(how) = how else {
        throttle::failed(&tx, &u.email, ip.as_deref(), now).await?;
        if ch.failures + 1 >= CHALLENGE_FAILURES {
            mfa_challenge::Entity::delete_by_id(ch.id).exec(&tx).await?;
        } else {
            mfa_challenge::Entity::update_many()
                .col_expr(mfa_challenge::Column::Failures, Expr::col(mfa_challenge::Column::Failures).add(1))
                .filter(mfa_challenge::Column::Id.eq(ch.id))
                .exec(&tx)
                .await?;
        }
        let e = Event {
            actor: Some(u.id),
            ip: ip.as_deref(),
            action: "mfa.failed",
            target: Some(format!("user:{}", u.id)),
            detail: locked.then(|| "locked".into()),
            ..Default::default()
        };
        audit::record(&tx, e, now).await?;
        tx.commit().await?;
        return Ok(html(StatusCode::UNAUTHORIZED, code_page(&ctx, &wrong_code(ctx.lang))));
    };
    mfa_challenge::Entity::delete_by_id(ch.id).exec(&tx).await?;
    throttle::succeeded(&tx, &u.email).await?;
    tx.commit().await?;
    let mut res = crate::auth::handlers::start_session(&req, &ctx, &state, &u, how).await?;
    let mut gone = Cookie::build(state.settings.mfa_cookie(), "").path("/").finish();
    gone.make_removal();
    let _ = res.add_cookie(&gone);
    Ok(res)
}
