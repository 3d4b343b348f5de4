//! Security beyond sign-in itself: the audit log (`audit`), brute-force throttling (`throttle`),
//! the account's sessions and password change (`sessions`), the second factor (`mfa`, with the pure
//! `totp`), encryption at rest (`crypto`, keys in `keys`), and personal data (`gdpr`).

pub mod audit;
pub mod crypto;
pub mod password_policy;
pub mod sessions;
pub mod throttle;
pub mod totp;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account/sessions", web::get().to(sessions::list))
        .route("/account/sessions/end-others", web::post().to(sessions::end_others))
        .route("/account/sessions/{sid}/end", web::post().to(sessions::end))
        .route("/account/password", web::get().to(sessions::password_page))
        .route("/account/password", web::post().to(sessions::password_submit))
        .route("/admin/audit", web::get().to(audit::page))
        .route("/admin/audit.csv", web::get().to(audit::export_csv));
}
