//! Signing in (password, then the second factor's challenge) and out, server-side sessions, the
//! first-run setup link, argon2id passwords, and the session lookup that runs before every handler.

pub mod challenge;
pub mod form;
pub mod handlers;
pub mod middleware;
pub mod password;
pub mod reset;
pub mod store;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(handlers::home))
        .route("/login", web::get().to(handlers::login_page))
        .route("/login", web::post().to(handlers::login_submit))
        .route("/login/code", web::get().to(challenge::code_form))
        .route("/login/code", web::post().to(challenge::code_submit))
        .route("/login/forgot", web::get().to(reset::forgot_page))
        .route("/login/forgot", web::post().to(reset::forgot_submit))
        .route("/login/reset", web::get().to(reset::reset_page))
        .route("/login/reset", web::post().to(reset::reset_submit))
        .route("/logout", web::post().to(handlers::logout))
        .route("/language", web::post().to(handlers::set_language))
        .route("/setup", web::get().to(handlers::setup_page))
        .route("/setup", web::post().to(handlers::setup_submit));
}
