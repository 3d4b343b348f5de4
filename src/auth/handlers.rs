//! Handlers for sign-in, sign-out and the first-run setup.

use super::form::{LangForm, LoginForm, SetupForm, SetupQuery, validate_person};
use super::{password, store, views};
use crate::error::AppResult;
use crate::security::{audit, throttle};
use crate::state::AppState;
use crate::web::forms::Empty;
use crate::web::{CsrfForm, Ctx, FormErrors, Lang, flash, html, random_token, redirect};
use actix_web::{HttpRequest, HttpResponse, cookie::Cookie, cookie::SameSite, http::StatusCode, web};

pub async fn home(ctx: Ctx) -> HttpResponse {
    redirect(if ctx.viewer.is_some() { "/home" } else { "/login" })
}

pub async fn login_page(ctx: Ctx) -> HttpResponse {
    if ctx.viewer.is_some() {
        return redirect("/home");
    }
    html(StatusCode::OK, views::login(&ctx, "", &FormErrors::new()))
}

#[tracing::instrument(skip_all)]
pub async fn login_submit(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let ip = crate::web::middleware::client_ip(&req);
    // The attempt is counted before the password is checked, so a burst cannot outrun the lock.
    let allowed = throttle::reserve_attempt(&state.db, &form.email, ip.as_deref(), now).await?;
    let locked = !allowed;
    let user = store::find_by_email(&state.db, &form.email).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    // Within the allowance the password is checked even for an unknown account (against a dummy
    // hash), so the time taken does not tell whether it exists; past it, nothing is checked.
    let ok = allowed && password::verify(form.password, hash).await?;
    let user = match user {
        Some(u) if ok && u.disabled_at.is_none() => u,
        other => {
            let why = match &other {
                _ if locked => "locked",
                None => "unknown account",
                Some(u) if u.disabled_at.is_some() => "disabled account",
                Some(_) => "wrong password",
            };
            let tx = crate::db::begin_write(&state.db).await?;
            if allowed {
                throttle::failed(&tx, &form.email, ip.as_deref(), now).await?;
            }
            // The typed e-mail of an unknown account is not kept: people type passwords there.
            let e = audit::Event {
                actor: other.as_ref().map(|u| u.id),
                ip: ip.as_deref(),
                action: "auth.login_failed",
                target: other.as_ref().map(|u| format!("user:{}", u.id)),
                detail: Some(why.into()),
                ..Default::default()
            };
            audit::record(&tx, e, now).await?;
            tx.commit().await?;
            tracing::info!("sign-in refused");
            let mut errors = FormErrors::new();
            // One message for unknown account, wrong password, locked and disabled account.
            errors.add(
                "email",
                ctx.t("Email or password is not correct.", "El correo o la contraseña no son correctos."),
            );
            return Ok(html(StatusCode::UNAUTHORIZED, views::login(&ctx, &form.email, &errors)));
        }
    };
    if user.totp_enabled_at.is_some() {
        // The password was right; the second factor decides. Its attempt is given back, but only a
        // full sign-in clears the failures, so a known password cannot buy more guesses at the code.
        throttle::refund(&state.db, &form.email, ip.as_deref()).await?;
        return super::challenge::challenge(&state, &user, now).await;
    }
    throttle::succeeded(&state.db, &form.email, ip.as_deref()).await?;
    start_session(&req, &ctx, &state, &user, "password").await
}

/// Starts a session for `user` (both factors done): ends the browser's old session, records the
/// sign-in, sets the session cookie and a fresh CSRF token.
pub async fn start_session(
    req: &HttpRequest,
    ctx: &Ctx,
    state: &AppState,
    user: &crate::entities::user::Model,
    how: &str,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let ip = crate::web::middleware::client_ip(req);
    let ua = req.headers().get("user-agent").and_then(|v| v.to_str().ok()).map(str::to_string);
    // A sign-in always starts a new session; a session this browser already had ends here.
    if let Some(old) = &ctx.viewer {
        store::end_session(&state.db, old.session_id).await?;
    }
    let e = audit::Event {
        actor: Some(user.id),
        ip: ip.as_deref(),
        action: "auth.login",
        target: Some(format!("user:{}", user.id)),
        detail: Some(how.to_string()),
        ..Default::default()
    };
    audit::record(&state.db, e, now).await?;
    let token = store::create_session(&state.db, user.id, now, state.settings.session_hours, ip, ua).await?;
    tracing::info!(user_id = user.id, "signed in");
    let s = &state.settings;
    let lang = user.locale.as_deref().and_then(Lang::from_code).unwrap_or(ctx.lang);
    let mut res = flash::success("/home", &lang.f("Welcome, {0}.", "Bienvenido/a, {0}.", &[&user.name]));
    let session = Cookie::build(s.session_cookie(), token)
        .path("/")
        .http_only(true)
        .secure(s.secure_cookies)
        .same_site(SameSite::Lax)
        .finish();
    // A new CSRF token at sign-in, so a token planted before sign-in is useless afterwards.
    let csrf = Cookie::build(s.csrf_cookie(), random_token())
        .path("/")
        .http_only(true)
        .secure(s.secure_cookies)
        .same_site(SameSite::Strict)
        .finish();
    let _ = res.add_cookie(&session);
    let _ = res.add_cookie(&csrf);
    Ok(res)
}

pub async fn logout(ctx: Ctx, state: web::Data<AppState>, _form: CsrfForm<Empty>) -> AppResult<HttpResponse> {
    if let Some(v) = &ctx.viewer {
        store::end_session(&state.db, v.session_id).await?;
    }
    let mut res = flash::success("/login", ctx.t("You are signed out.", "Ha cerrado la sesión."));
    let mut c = Cookie::build(state.settings.session_cookie(), "").path("/").finish();
    c.make_removal();
    let _ = res.add_cookie(&c);
    // Without the session the sign-in page would fall back to the browser's language, under a
    // message in the person's: it keeps the language of the session that ended.
    let _ = res.add_cookie(&lang_cookie(&state.settings, ctx.lang));
    Ok(res)
}

/// The language cookie, `__Host-` prefixed and `Secure` over TLS like every other.
pub fn lang_cookie(s: &crate::config::Settings, lang: Lang) -> Cookie<'static> {
    Cookie::build(s.lang_cookie(), lang.code())
        .path("/")
        .http_only(true)
        .secure(s.secure_cookies)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish()
}

/// The EN / ES choice before signing in: a cookie, then back to the page (a local path only).
pub async fn set_language(state: web::Data<AppState>, CsrfForm(form): CsrfForm<LangForm>) -> AppResult<HttpResponse> {
    let Some(lang) = Lang::from_code(&form.lang) else {
        return Err(crate::AppError::BadRequest("unknown language".into()));
    };
    let local = form.next.starts_with('/') && !form.next.starts_with("//") && !form.next.contains('\\');
    let mut res = redirect(if local { &form.next } else { "/login" });
    let _ = res.add_cookie(&lang_cookie(&state.settings, lang));
    Ok(res)
}

pub async fn setup_page(ctx: Ctx, state: web::Data<AppState>, q: web::Query<SetupQuery>) -> AppResult<HttpResponse> {
    if store::count_users(&state.db).await? > 0
        || !store::setup_token_valid(&state.db, &q.token, state.clock.now()).await?
    {
        return Err(crate::AppError::NotFound);
    }
    Ok(html(StatusCode::OK, views::setup(&ctx, &q.token, &SetupForm::default(), &FormErrors::new())))
}

pub async fn setup_submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<SetupForm>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    if !store::setup_token_valid(&state.db, &form.token, now).await? {
        return Err(crate::AppError::NotFound);
    }
    let errors = validate_person(ctx.lang, &form.name, &form.email, Some(&form.password));
    if !errors.is_empty() {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::setup(&ctx, &form.token, &form, &errors)));
    }
    let hash = password::hash(form.password.clone()).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    // The link only creates the *first* account; once anyone exists it is dead.
    if store::count_users(&tx).await? > 0 || !store::consume_setup_token(&tx, &form.token, now).await? {
        return Err(crate::AppError::NotFound);
    }
    let new = store::NewUser {
        email: &form.email,
        name: &form.name,
        password_hash: hash,
        role: "admin",
        locale: Some(ctx.lang.code()),
    };
    store::insert_user(&tx, new, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        "/login",
        ctx.t("Administrator created. Sign in to continue.", "Administrador creado. Inicie sesión para continuar."),
    ))
}
