//! The session and language lookup that runs before every handler: loads the signed-in person
//! from the session cookie, picks the language (the person's setting, else the `erp_lang` choice
//! made before signing in, else Accept-Language), ensures the CSRF cookie exists, clears a shown
//! flash, and marks signed-in pages `no-store`.

use crate::state::AppState;
use crate::web::{Lang, RequestCtx, flash, random_token};
use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    cookie::{Cookie, SameSite},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderValue},
    middleware::Next,
    web,
};

/// Loads the session (if any), picks the language, ensures the CSRF cookie exists.
pub async fn context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await;
    };
    if req.path().starts_with("/static/") || req.path() == "/healthz" {
        return next.call(req).await;
    }
    let settings = &state.settings;
    let now = state.clock.now();

    let mut viewer = None;
    if let Some(c) = req.cookie(settings.session_cookie()) {
        match super::store::viewer_for_token(&state.db, c.value(), now, settings.session_idle_minutes).await {
            Ok(v) => viewer = v,
            // Treat as signed out; the next database call will surface the outage as an error page.
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    let lang = viewer
        .as_ref()
        .and_then(|v| v.user.locale.as_deref())
        .and_then(Lang::from_code)
        .or_else(|| req.cookie(settings.lang_cookie()).and_then(|c| Lang::from_code(c.value())))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default();

    let existing = req.cookie(settings.csrf_cookie()).map(|c| c.value().to_string()).filter(|v| v.len() == 64);
    let new_csrf = existing.is_none();
    let csrf = existing.unwrap_or_else(random_token);
    let shown = flash::Flash::from_request(req.request(), settings.flash_cookie());
    let had_flash = req.cookie(settings.flash_cookie()).is_some();
    let signed_in = viewer.is_some();
    req.extensions_mut().insert(RequestCtx { lang, viewer, csrf: csrf.clone(), demo: settings.demo, flash: shown });

    let mut res = next.call(req).await?;
    if new_csrf {
        let c = Cookie::build(settings.csrf_cookie(), csrf)
            .path("/")
            .http_only(true)
            .secure(settings.secure_cookies)
            .same_site(SameSite::Strict)
            .finish();
        let _ = res.response_mut().add_cookie(&c);
    }
    let sets_flash = res.response().cookies().any(|c| c.name() == flash::COOKIE);
    if had_flash && !sets_flash && !res.status().is_redirection() {
        let mut c = Cookie::build(flash::COOKIE, "").path("/").finish();
        c.make_removal();
        let _ = res.response_mut().add_cookie(&c);
    }
    if settings.secure_cookies {
        // Over TLS the flash, like every cookie, is `__Host-` prefixed and `Secure`.
        let set: Vec<Cookie<'static>> =
            res.response().cookies().filter(|c| c.name() == flash::COOKIE).map(|c| c.into_owned()).collect();
        if !set.is_empty() {
            res.response_mut().del_cookie(flash::COOKIE);
            for mut c in set {
                c.set_name(settings.flash_cookie());
                c.set_secure(true);
                let _ = res.response_mut().add_cookie(&c);
            }
        }
    }
    if signed_in && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
