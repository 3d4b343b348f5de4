//! Security beyond sign-in itself: the audit log (`audit`), brute-force throttling (`throttle`),
//! the account's sessions and password change (`sessions`), the second factor (`mfa`), and personal
//! data (`gdpr`). The pure pieces (encryption, TOTP, password policy) are in `crypto`.

pub mod audit;
pub mod gdpr;
pub mod mfa;
mod mfa_views;
pub mod sessions;
pub mod throttle;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account/sessions", web::get().to(sessions::list))
        .route("/account/sessions/end-others", web::post().to(sessions::end_others))
        .route("/account/sessions/{sid}/end", web::post().to(sessions::end))
        .route("/account/password", web::get().to(sessions::password_page))
        .route("/account/password", web::post().to(sessions::password_submit))
        .route("/account/2fa", web::get().to(mfa::account_page))
        .route("/account/2fa/enable", web::post().to(mfa::enable))
        .route("/account/2fa/recovery", web::post().to(mfa::regenerate))
        .route("/account/2fa/disable", web::post().to(mfa::disable))
        .route("/login/code", web::get().to(mfa::code_form))
        .route("/login/code", web::post().to(mfa::code_submit))
        .route("/admin/users/{id}/2fa/reset", web::post().to(mfa::admin_reset))
        .route("/admin/users/{id}/sessions/end", web::post().to(gdpr::end_sessions))
        .route("/admin/users/{id}/personal-data.json", web::get().to(gdpr::export_json))
        .route("/admin/users/{id}/anonymize", web::get().to(gdpr::anonymize_page))
        .route("/admin/users/{id}/anonymize", web::post().to(gdpr::anonymize))
        .route("/admin/audit", web::get().to(audit::page))
        .route("/admin/audit.csv", web::get().to(audit::export_csv));
}
