//! Administration: users (create, disable, enable) and their project memberships.

pub mod handlers;
pub mod store;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/users", web::get().to(handlers::list))
        .route("/admin/users", web::post().to(handlers::create))
        .route("/admin/users.csv", web::get().to(handlers::export_csv))
        .route("/admin/users/new", web::get().to(handlers::new_page))
        .route("/admin/users/{id}", web::get().to(handlers::show))
        .route("/admin/users/{id}/disable", web::post().to(handlers::disable))
        .route("/admin/users/{id}/enable", web::post().to(handlers::enable))
        .route("/admin/users/{id}/memberships", web::post().to(handlers::add_membership));
}
