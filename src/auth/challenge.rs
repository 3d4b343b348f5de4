//! The sign-in's second step: after a correct password a short-lived challenge (in a cookie) asks
//! for a code from the authenticator app or a recovery code; wrong codes count toward the lock.

use super::views::code_page;
use crate::entities::{mfa_challenge, user};
use crate::error::AppResult;
use crate::security::audit::{self, Event};
use crate::security::second_factor::{CodeForm, accept_code, accept_recovery, wrong_code};
use crate::security::throttle;
use crate::state::AppState;
use crate::web::middleware::client_ip;
use crate::web::{CsrfForm, Ctx, FormErrors, flash, html, random_token, token_hash};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};

/// Minutes to type the code after the password.
const CHALLENGE_MINUTES: i64 = 5;
/// Codes tried on one challenge before it is dropped (the throttle counts them too).
const CHALLENGE_FAILURES: i32 = 5;

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

/// The code step speaks the person's language: there is no session yet to carry it, and the
/// browser's may not be theirs.
fn their_ctx(ctx: Ctx, u: &user::Model) -> Ctx {
    let lang = u.locale.as_deref().and_then(crate::web::Lang::from_code).unwrap_or(ctx.lang);
    Ctx { lang, ..ctx }
}

pub async fn code_form(ctx: Ctx, state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let Some((_, u)) = pending(&state, &req).await? else { return Ok(start_again(&ctx)) };
    Ok(html(StatusCode::OK, code_page(&their_ctx(ctx, &u), &FormErrors::new())))
}

pub async fn code_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let Some((ch, u)) = pending(&state, &req).await? else { return Ok(start_again(&ctx)) };
    let ctx = their_ctx(ctx, &u);
    let now = state.clock.now();
    let ip = client_ip(&req);
    // Two reservations before the code is checked, each one conditional update or locked read: one
    // of the challenge's own tries, and one attempt of the account's and the address's allowance.
    // Codes sent at once therefore cannot all be checked against a count none of them has raised.
    let tried = mfa_challenge::Entity::update_many()
        .col_expr(mfa_challenge::Column::Failures, Expr::col(mfa_challenge::Column::Failures).add(1))
        .filter(mfa_challenge::Column::Id.eq(ch.id))
        .filter(mfa_challenge::Column::Failures.lt(CHALLENGE_FAILURES))
        .exec(&state.db)
        .await?
        .rows_affected;
    if tried == 0 {
        mfa_challenge::Entity::delete_by_id(ch.id).exec(&state.db).await?;
        return Ok(start_again(&ctx));
    }
    let allowed = throttle::reserve_attempt(&state.db, &u.email, ip.as_deref(), now).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    let how = if !allowed {
        None
    } else if accept_code(&tx, &state, &u, &f.code).await? {
        Some("password + authenticator app")
    } else if accept_recovery(&tx, u.id, &f.code, now).await? {
        Some("password + recovery code")
    } else {
        None
    };
    let Some(how) = how else {
        if allowed {
            throttle::failed(&tx, &u.email, ip.as_deref(), now).await?;
        }
        // The challenge's last try is spent: the next request starts again from the password.
        mfa_challenge::Entity::delete_many()
            .filter(mfa_challenge::Column::Id.eq(ch.id))
            .filter(mfa_challenge::Column::Failures.gte(CHALLENGE_FAILURES))
            .exec(&tx)
            .await?;
        let e = Event {
            actor: Some(u.id),
            ip: ip.as_deref(),
            action: "mfa.failed",
            target: Some(format!("user:{}", u.id)),
            detail: (!allowed).then(|| "locked".into()),
            ..Default::default()
        };
        audit::record(&tx, e, now).await?;
        tx.commit().await?;
        return Ok(html(StatusCode::UNAUTHORIZED, code_page(&ctx, &wrong_code(ctx.lang))));
    };
    mfa_challenge::Entity::delete_by_id(ch.id).exec(&tx).await?;
    throttle::succeeded(&tx, &u.email, ip.as_deref()).await?;
    tx.commit().await?;
    let mut res = super::handlers::start_session(&req, &ctx, &state, &u, how).await?;
    let mut gone = Cookie::build(state.settings.mfa_cookie(), "").path("/").finish();
    gone.make_removal();
    let _ = res.add_cookie(&gone);
    Ok(res)
}
