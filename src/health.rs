//! `GET /healthz`: is the process up and the database reachable?

use crate::state::AppState;
use actix_web::{HttpResponse, web};
use serde_json::json;

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match state.db.ping().await {
        Ok(()) => HttpResponse::Ok().json(json!({"status": "ok", "database": "ok"})),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            HttpResponse::ServiceUnavailable().json(json!({"status": "degraded", "database": "unreachable"}))
        }
    }
}
