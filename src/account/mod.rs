//! The signed-in person's own pages: settings (name, language, notification preferences that the
//! features keep), sessions and password, the second factor, and the private calendar feed. Above the features, because the
//! settings page reads their preferences.

pub mod calendar;
mod form;
pub mod notifications;
pub mod sessions;
pub mod settings;
pub mod two_factor;
mod two_factor_views;
mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account", web::get().to(settings::account_page))
        .route("/account", web::post().to(settings::account_submit))
        .route("/account/sessions", web::get().to(sessions::list))
        .route("/account/sessions/end-others", web::post().to(sessions::end_others))
        .route("/account/sessions/{sid}/end", web::post().to(sessions::end))
        .route("/account/password", web::get().to(sessions::password_page))
        .route("/account/password", web::post().to(sessions::password_submit))
        .route("/account/2fa", web::get().to(two_factor::account_page))
        .route("/account/2fa/enable", web::post().to(two_factor::enable))
        .route("/account/2fa/recovery", web::post().to(two_factor::regenerate))
        .route("/account/2fa/disable", web::post().to(two_factor::disable))
        .route("/account/reminders", web::post().to(notifications::set_preference))
        .route("/account/calendar", web::post().to(calendar::rotate_feed))
        .route("/account/calendar/revoke", web::post().to(calendar::revoke_feed))
        .route("/calendar/{token}", web::get().to(calendar::feed));
}
