//! "Forgot your password?": a link by e-mail, single-use, for [`RESET_MINUTES`], kept only as the
//! SHA-256 of its token. The request always gets the same answer, whether or not the account
//! exists, and is throttled per typed address and per client address (`throttle::reserve_reset`),
//! so it can neither fill someone's inbox nor tell who has an account. Setting the new password
//! applies the password policy and ends every session of the person.

use super::form::{ForgotForm, ResetForm, ResetQuery};
use super::{password, store, views};
use crate::entities::{password_reset, user};
use crate::error::AppResult;
use crate::security::{audit, throttle};
use crate::state::AppState;
use crate::web::middleware::client_ip;
use crate::web::{CsrfForm, Ctx, FormErrors, Lang, flash, html, random_token, token_hash};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 30;

pub async fn forgot_page(ctx: Ctx) -> HttpResponse {
    html(StatusCode::OK, views::forgot(&ctx, "", &FormErrors::new()))
}

#[tracing::instrument(skip_all)]
pub async fn forgot_submit(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> AppResult<HttpResponse> {
    let l = ctx.lang;
    if !crate::web::forms::is_email(&form.email) {
        let mut e = FormErrors::new();
        e.add(
            "email",
            l.t(
                "Enter a valid email address, like ana@example.com.",
                "Introduzca un correo válido, como ana@ejemplo.com.",
            ),
        );
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::forgot(&ctx, &form.email, &e)));
    }
    let now = state.clock.now();
    let ip = client_ip(&req);
    // Counted before anything else, so a burst cannot send more mails than the allowance.
    if throttle::reserve_reset(&state.db, &form.email, ip.as_deref(), now).await? {
        let found = store::find_by_email(&state.db, &form.email).await?;
        if let Some(u) = found.filter(|u| u.disabled_at.is_none() && u.anonymized_at.is_none()) {
            send_link(&state, &u, l, ip.as_deref(), now).await?;
        }
    } else {
        tracing::info!("password reset request over the allowance");
    }
    // One answer whatever happened: unknown account, disabled, throttled or sent.
    Ok(flash::success(
        "/login",
        l.t(
            "If an account exists for that address, we sent a link to choose a new password. It works once, for 30 minutes.",
            "Si existe una cuenta con esa dirección, le hemos enviado un enlace para elegir una contraseña nueva. Funciona una vez, durante 30 minutos.",
        ),
    ))
}

/// A new link replaces any earlier one of the person; the mail is in their language.
async fn send_link(state: &AppState, u: &user::Model, l: Lang, ip: Option<&str>, now: DateTime<Utc>) -> AppResult<()> {
    let token = random_token();
    let lang = u.locale.as_deref().and_then(Lang::from_code).unwrap_or(l);
    let url = format!("{}/login/reset?token={token}", state.settings.base_url.trim_end_matches('/'));
    let tx = crate::db::begin_write(&state.db).await?;
    password_reset::Entity::delete_many().filter(password_reset::Column::UserId.eq(u.id)).exec(&tx).await?;
    password_reset::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(u.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(RESET_MINUTES)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    crate::email::messages::send_password_reset(&tx, u, lang, &url, RESET_MINUTES, now).await?;
    let e = audit::Event {
        actor: Some(u.id),
        ip,
        action: "auth.password_reset_requested",
        target: Some(format!("user:{}", u.id)),
        ..Default::default()
    };
    audit::record(&tx, e, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The person behind a live, unused link.
async fn holder(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<Option<user::Model>, DbErr> {
    if token.len() != 64 {
        return Ok(None);
    }
    let Some(r) = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token_hash(token)))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let u = user::Entity::find_by_id(r.user_id).one(db).await?;
    Ok(u.filter(|u| u.disabled_at.is_none() && u.anonymized_at.is_none()))
}

fn dead_link(l: Lang) -> HttpResponse {
    flash::error(
        "/login/forgot",
        l.t(
            "This link has expired or was already used. Ask for a new one.",
            "Este enlace ha caducado o ya se usó. Pida uno nuevo.",
        ),
    )
}

/// The language of the person resetting (the link may be opened in another browser).
fn their_ctx(ctx: Ctx, u: &user::Model) -> Ctx {
    let lang = u.locale.as_deref().and_then(Lang::from_code).unwrap_or(ctx.lang);
    Ctx { lang, ..ctx }
}

pub async fn reset_page(ctx: Ctx, state: web::Data<AppState>, q: web::Query<ResetQuery>) -> AppResult<HttpResponse> {
    let Some(u) = holder(&state.db, &q.token, state.clock.now()).await? else { return Ok(dead_link(ctx.lang)) };
    let ctx = their_ctx(ctx, &u);
    Ok(html(StatusCode::OK, views::reset(&ctx, &q.token, &FormErrors::new())))
}

#[tracing::instrument(skip_all)]
pub async fn reset_submit(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let Some(u) = holder(&state.db, &form.token, now).await? else { return Ok(dead_link(ctx.lang)) };
    let ctx = their_ctx(ctx, &u);
    let l = ctx.lang;
    let mut e = FormErrors::new();
    if let Err(r) = password::check_new(&form.new_password, &[&u.email, &u.name]) {
        e.add("new_password", r.message(l == Lang::Es));
    } else if form.new_password != form.confirm {
        e.add("confirm", l.t("The two new passwords differ.", "Las dos contraseñas nuevas no coinciden."));
    }
    if !e.is_empty() {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::reset(&ctx, &form.token, &e)));
    }
    // Hashed before the transaction: no slow work while holding the write lock.
    let hash = password::hash(form.new_password).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    // Single use: only the request that marks the link used goes on.
    let used = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::TokenHash.eq(token_hash(&form.token)))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?
        .rows_affected;
    if used != 1 {
        tx.rollback().await?;
        return Ok(dead_link(l));
    }
    store::set_password(&tx, u.id, &hash).await?;
    let ended = store::end_all_sessions(&tx, u.id).await?;
    let ip = client_ip(&req);
    let ev = audit::Event {
        actor: Some(u.id),
        ip: ip.as_deref(),
        action: "auth.password_reset",
        target: Some(format!("user:{}", u.id)),
        detail: Some(format!("{ended} sessions ended")),
        ..Default::default()
    };
    audit::record(&tx, ev, now).await?;
    tx.commit().await?;
    tracing::info!(user_id = u.id, "password reset");
    Ok(flash::success(
        "/login",
        l.t(
            "Your password was changed and you were signed out everywhere. Sign in with the new one.",
            "Se cambió su contraseña y se cerraron todas sus sesiones. Inicie sesión con la nueva.",
        ),
    ))
}
