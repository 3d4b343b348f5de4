//! Rollout projects: list, create, edit, members, and who may do what in them (`access`). The
//! project's home page aggregates the features, so it is `overview`, above them.

pub mod access;
pub mod form;
pub mod handlers;
pub mod org;
pub mod scope;
pub mod store;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects", web::get().to(handlers::list))
        .route("/projects", web::post().to(handlers::create))
        .route("/projects.csv", web::get().to(handlers::export_csv))
        .route("/projects/new", web::get().to(handlers::new_page))
        .route("/projects/{id}", web::post().to(handlers::update))
        .route("/projects/{id}/edit", web::get().to(handlers::edit_page))
        .route("/projects/{id}/members", web::get().to(handlers::members_page))
        .route("/projects/{id}/members", web::post().to(handlers::add_member))
        .route("/projects/{id}/members.csv", web::get().to(handlers::members_csv))
        .route("/projects/{id}/members/{mid}/remove", web::get().to(handlers::remove_member_page))
        .route("/projects/{id}/members/{mid}/remove", web::post().to(handlers::remove_member))
        .route("/projects/{id}/members/{mid}/key-user", web::post().to(handlers::set_key_user));
}
