//! Per-request plumbing: a request id and tracing span, the session and language lookup, the CSRF
//! cookie, clearing a shown flash, and `no-store` on signed-in pages.

use super::{Lang, RequestCtx, flash, random_token};
use crate::state::AppState;
use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    cookie::{Cookie, SameSite},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderValue},
    middleware::Next,
    web,
};
use tracing::Instrument;

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Put on a response whose request must leave no line in the log (an anonymous submission: its
/// time in a log could be matched with a person's activity).
#[derive(Clone, Copy, Debug)]
pub struct Unlogged;

/// Marks a response as `Unlogged`.
pub fn unlogged(mut res: actix_web::HttpResponse) -> actix_web::HttpResponse {
    res.extensions_mut().insert(Unlogged);
    res
}

/// Gives every request an id, logs it once when done, and returns it in `x-request-id`.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let id = uuid::Uuid::new_v4().simple().to_string()[..16].to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = std::time::Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if res.response().extensions().get::<Unlogged>().is_none() {
        span.in_scope(|| {
            tracing::debug!(status = res.status().as_u16(), ms = started.elapsed().as_millis() as u64, "done")
        });
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(header::HeaderName::from_static("x-request-id"), v);
    }
    Ok(res)
}

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
        match crate::auth::store::viewer_for_token(&state.db, c.value(), now, settings.session_idle_minutes).await {
            Ok(v) => viewer = v,
            // Treat as signed out; the next database call will surface the outage as an error page.
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    let lang = viewer
        .as_ref()
        .and_then(|v| v.user.locale.as_deref())
        .and_then(Lang::from_code)
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
    let had_flash = req.cookie(flash::COOKIE).is_some();
    let signed_in = viewer.is_some();
    req.extensions_mut().insert(RequestCtx { lang, viewer, csrf: csrf.clone(), demo: settings.demo });

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
    if signed_in && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
