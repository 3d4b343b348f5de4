//! Handlers for sign-in, sign-out, setup and account settings.

use super::{password, store, views};
use crate::error::AppResult;
use crate::security::{audit, throttle};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, Ctx, FormErrors, Lang, flash, html, random_token, redirect};
use actix_web::{HttpRequest, HttpResponse, cookie::Cookie, cookie::SameSite, http::StatusCode, web};
use serde::Deserialize;

pub async fn home(ctx: Ctx) -> HttpResponse {
    redirect(if ctx.viewer.is_some() { "/projects" } else { "/login" })
}

pub async fn login_page(ctx: Ctx) -> HttpResponse {
    if ctx.viewer.is_some() {
        return redirect("/projects");
    }
    html(StatusCode::OK, views::login(&ctx, "", &FormErrors::new()))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
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
    let locked = throttle::locked(&state.db, &form.email, ip.as_deref(), now).await?;
    let user = store::find_by_email(&state.db, &form.email).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    // The password is checked even for a locked or unknown account, so the time taken does not tell.
    let ok = password::verify(form.password, hash).await?;
    let user = match user {
        Some(u) if ok && !locked && u.disabled_at.is_none() => u,
        other => {
            let why = match &other {
                None => "unknown account",
                Some(_) if locked => "locked",
                Some(u) if u.disabled_at.is_some() => "disabled account",
                Some(_) => "wrong password",
            };
            let tx = crate::db::begin_write(&state.db).await?;
            throttle::failed(&tx, &form.email, ip.as_deref(), now).await?;
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
        // The password was right; the second factor decides (and only a full sign-in clears the
        // failure count, so a known password cannot buy more guesses at the code).
        return crate::security::mfa::challenge(&state, &user, now).await;
    }
    throttle::succeeded(&state.db, &form.email).await?;
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
    let mut res = flash::success("/projects", &lang.f("Welcome, {0}.", "Bienvenido/a, {0}.", &[&user.name]));
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

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(ctx: Ctx, state: web::Data<AppState>, _form: CsrfForm<Empty>) -> AppResult<HttpResponse> {
    if let Some(v) = &ctx.viewer {
        store::end_session(&state.db, v.session_id).await?;
    }
    let mut res = flash::success("/login", ctx.t("You are signed out.", "Ha cerrado la sesión."));
    let mut c = Cookie::build(state.settings.session_cookie(), "").path("/").finish();
    c.make_removal();
    let _ = res.add_cookie(&c);
    Ok(res)
}

#[derive(Deserialize)]
pub struct SetupQuery {
    #[serde(default)]
    token: String,
}

pub async fn setup_page(ctx: Ctx, state: web::Data<AppState>, q: web::Query<SetupQuery>) -> AppResult<HttpResponse> {
    if store::count_users(&state.db).await? > 0
        || !store::setup_token_valid(&state.db, &q.token, state.clock.now()).await?
    {
        return Err(crate::AppError::NotFound);
    }
    Ok(html(StatusCode::OK, views::setup(&ctx, &q.token, &SetupForm::default(), &FormErrors::new())))
}

#[derive(Deserialize, Default)]
pub struct SetupForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
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

/// Name, email and (optionally) password checks shared by setup and the admin's user form.
pub fn validate_person(l: Lang, name: &str, email: &str, password: Option<&str>) -> FormErrors {
    let mut e = FormErrors::new();
    if name.trim().is_empty() {
        e.add("name", l.t("Enter a name.", "Introduzca un nombre."));
    } else if name.trim().chars().count() > 120 {
        e.add("name", l.t("Use 120 characters at most.", "Use 120 caracteres como máximo."));
    }
    if !crate::web::forms::is_email(email) {
        e.add(
            "email",
            l.t(
                "Enter a valid email address, like ana@example.com.",
                "Introduzca un correo válido, como ana@ejemplo.com.",
            ),
        );
    }
    if let Some(Err(refusal)) = password.map(|p| password::check_new(p, &[name, email])) {
        e.add("password", refusal.message(l == Lang::Es));
    }
    e
}

async fn prefs(state: &AppState, user_id: i32) -> AppResult<views::Prefs> {
    Ok(views::Prefs {
        reminders_on: !crate::plan::reminders::opted_out(&state.db, user_id).await?,
        has_feed: crate::plan::ical::has_feed(&state.db, user_id).await?,
        digest_on: !crate::plan::reminders::is_opted_out(&state.db, user_id, crate::warnings::digest::OPTOUT).await?,
    })
}

pub async fn account_page(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let prefs = prefs(&state, auth.user.id).await?;
    let locale = auth.user.locale.as_deref().unwrap_or("");
    Ok(html(StatusCode::OK, views::account(&auth.ctx, &auth.user.name, locale, &FormErrors::new(), prefs)))
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    locale: String,
}

pub async fn account_submit(
    auth: Auth,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> AppResult<HttpResponse> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let l = auth.ctx.lang;
    let mut errors = FormErrors::new();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.add(
            "name",
            l.t("Enter a name of 120 characters at most.", "Introduzca un nombre de 120 caracteres como máximo."),
        );
    }
    let locale = match form.locale.as_str() {
        "" => None,
        c => match Lang::from_code(c) {
            Some(lang) => Some(lang.code().to_string()),
            None => {
                errors.add("locale", l.t("Choose a language from the list.", "Elija un idioma de la lista."));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::account(&auth.ctx, &form.name, &form.locale, &errors, prefs(&state, auth.user.id).await?),
        ));
    }
    let mut am = auth.user.clone().into_active_model();
    am.name = Set(name.to_string());
    am.search_text = Set(Some(crate::text::person_search(name, &auth.user.email)));
    am.locale = Set(locale.clone());
    am.update(&state.db).await?;
    let new_lang = locale.as_deref().and_then(Lang::from_code).unwrap_or(l);
    Ok(flash::success("/account", new_lang.t("Your settings were saved.", "Se ha guardado su configuración.")))
}
