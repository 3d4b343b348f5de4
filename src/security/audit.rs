//! The audit log: who did what, when (UTC) and from where — sign-ins and their failures,
//! second-factor events, role and membership changes, gate overrides, deletions, exports, key
//! rotation, personal-data exports and erasures. Never passwords, codes, tokens, or the author of
//! anything anonymous. Deletions and exports are recorded by `record_requests` for every route
//! at once; the rest by the handlers that make the change.

use crate::entities::audit_log;
use crate::state::AppState;
use crate::web::RequestCtx;
use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::{Method, header},
    middleware::Next,
    web,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};

/// One entry to write.
#[derive(Clone, Debug, Default)]
pub struct Event<'a> {
    pub actor: Option<i32>,
    pub ip: Option<&'a str>,
    pub action: &'static str,
    pub target: Option<String>,
    pub project_id: Option<i32>,
    pub detail: Option<String>,
}

pub async fn record(db: &impl ConnectionTrait, e: Event<'_>, now: DateTime<Utc>) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(now),
        actor_id: Set(e.actor),
        ip: Set(e.ip.map(|s| s.chars().take(64).collect())),
        action: Set(e.action.to_string()),
        target: Set(e.target.map(|s| s.chars().take(255).collect())),
        project_id: Set(e.project_id),
        detail: Set(e.detail.map(|s| s.chars().take(2000).collect())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records something done about a person's account (`user:<id>`), from the request's address.
pub async fn about_user(
    db: &impl ConnectionTrait,
    req: &actix_web::HttpRequest,
    actor: Option<i32>,
    action: &'static str,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let ip = crate::web::middleware::client_ip(req);
    let e = Event { actor, ip: ip.as_deref(), action, target: Some(format!("user:{user_id}")), ..Default::default() };
    record(db, e, now).await
}

/// The project id in a `/projects/{id}/…` path.
fn project_in(path: &str) -> Option<i32> {
    path.strip_prefix("/projects/")?.split('/').next()?.parse().ok()
}

/// Records, for any route, a successful deletion (`POST …/delete`, `…/remove`) and a download of
/// data (a response sent as an attachment). Runs inside `context`, so it knows who asked.
pub async fn record_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let res = next.call(req).await?;
    let ok = res.status().is_success() || res.status().is_redirection();
    let path = res.request().path().to_string();
    // A private calendar address is a credential (the token is the path): never logged, and its
    // polling by calendar apps is not an export by a person.
    let action = if !ok || path.starts_with("/calendar/") {
        None
    } else if res.request().method() == Method::POST && (path.ends_with("/delete") || path.ends_with("/remove")) {
        Some("record.deleted")
    } else if res.headers().get(header::CONTENT_DISPOSITION).is_some_and(|v| v.as_bytes().starts_with(b"attachment")) {
        Some("data.exported")
    } else {
        None
    };
    if let Some(action) = action {
        let actor = res.request().extensions().get::<RequestCtx>().and_then(|c| c.viewer.as_ref().map(|v| v.user.id));
        let ip = crate::web::middleware::client_ip(res.request());
        if let Some(state) = res.request().app_data::<web::Data<AppState>>() {
            let e = Event {
                actor,
                ip: ip.as_deref(),
                action,
                target: Some(path.clone()),
                project_id: project_in(&path),
                detail: None,
            };
            if let Err(err) = record(&state.db, e, state.clock.now()).await {
                tracing::error!(error = %err, "could not write the audit log");
            }
        }
    }
    Ok(res)
}
