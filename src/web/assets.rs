//! Our stylesheet, compiled into the binary; the version in the path lets browsers cache it forever.

use actix_web::{HttpResponse, http::header};

pub const CSS_PATH: &str = concat!("/static/app-", env!("CARGO_PKG_VERSION"), ".css");
const CSS: &str = include_str!("app.css");

pub async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(CSS)
}
