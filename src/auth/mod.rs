//! Signing in and out, the first-run setup link, and the user's own settings.

pub mod handlers;
pub mod middleware;
pub mod password;
pub mod store;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(handlers::home))
        .route("/login", web::get().to(handlers::login_page))
        .route("/login", web::post().to(handlers::login_submit))
        .route("/logout", web::post().to(handlers::logout))
        .route("/setup", web::get().to(handlers::setup_page))
        .route("/setup", web::post().to(handlers::setup_submit))
        .route("/account", web::get().to(handlers::account_page))
        .route("/account", web::post().to(handlers::account_submit));
}
