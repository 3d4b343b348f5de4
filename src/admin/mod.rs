//! Administration: users (create, disable, enable) and their project memberships, actions on one
//! person's account (end sessions, set a new password, reset the second factor, export or erase
//! personal data), and the audit log.

pub mod audit;
pub mod form;
pub mod handlers;
pub mod password;
pub mod personal_data;
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
        .route("/admin/users/{id}/memberships", web::post().to(handlers::add_membership))
        .route("/admin/users/{id}/password", web::get().to(password::page))
        .route("/admin/users/{id}/password", web::post().to(password::submit))
        .route("/admin/users/{id}/2fa/reset", web::post().to(personal_data::admin_reset))
        .route("/admin/users/{id}/sessions/end", web::post().to(personal_data::end_sessions))
        .route("/admin/users/{id}/personal-data.json", web::get().to(personal_data::export_json))
        .route("/admin/users/{id}/anonymize", web::get().to(personal_data::anonymize_page))
        .route("/admin/users/{id}/anonymize", web::post().to(personal_data::anonymize))
        .route("/admin/audit", web::get().to(audit::page))
        .route("/admin/audit.csv", web::get().to(audit::export_csv));
}
