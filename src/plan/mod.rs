//! The implementation plan (phase 3): milestones with owners, dates and finish-to-start
//! dependencies; the schedule (critical path, projected go-live) and a server-rendered Gantt;
//! named baselines to measure slip; CSV and iCalendar exports; reminders to owners.

pub mod baselines;
pub mod customization_form;
pub mod customizations;
pub mod customizations_store;
pub mod customizations_views;
pub mod form;
pub mod gantt;
pub mod handlers;
pub mod ical;
pub mod import;
pub mod org;
pub mod projection;
pub mod raci;
pub mod reminders;
pub mod schedule;
pub mod store;
pub mod timeline;
pub mod views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    org::routes(cfg);
    customizations::routes(cfg);
    cfg.route("/projects/{id}/milestones", web::get().to(handlers::list))
        .route("/projects/{id}/milestones", web::post().to(handlers::create))
        .route("/projects/{id}/milestones.csv", web::get().to(handlers::export_csv))
        .route("/projects/{id}/milestones.ics", web::get().to(ical::project_ics))
        .route("/projects/{id}/milestones/new", web::get().to(handlers::new_page))
        .route("/projects/{id}/milestones/import", web::get().to(import::import_page))
        .route("/projects/{id}/milestones/import", web::post().to(import::import))
        .route("/projects/{id}/milestones/{mid}", web::post().to(handlers::update))
        .route("/projects/{id}/milestones/{mid}/edit", web::get().to(handlers::edit_page))
        .route("/projects/{id}/milestones/{mid}/delete", web::get().to(handlers::delete_page))
        .route("/projects/{id}/milestones/{mid}/delete", web::post().to(handlers::delete))
        .route("/projects/{id}/milestones/{mid}/dependencies", web::post().to(handlers::add_dependency))
        .route("/projects/{id}/dependencies/{did}/delete", web::post().to(handlers::remove_dependency))
        .route("/projects/{id}/schedule", web::get().to(timeline::schedule_page))
        .route("/projects/{id}/gantt", web::get().to(timeline::gantt_page))
        .route("/projects/{id}/gantt.svg", web::get().to(timeline::gantt_svg))
        .route("/projects/{id}/raci", web::get().to(raci::page))
        .route("/projects/{id}/raci", web::post().to(raci::save))
        .route("/projects/{id}/baselines", web::get().to(baselines::page))
        .route("/projects/{id}/baselines", web::post().to(baselines::create));
}

pub const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "blocked"];

pub fn status_label(l: Lang, s: &str) -> &'static str {
    match s {
        "planned" => l.t("Planned", "Planificado"),
        "in_progress" => l.t("In progress", "En curso"),
        "done" => l.t("Done", "Hecho"),
        _ => l.t("Blocked", "Bloqueado"),
    }
}

pub fn status_class(s: &str) -> &'static str {
    match s {
        "done" => "ok",
        "in_progress" => "info",
        "blocked" => "bad",
        _ => "",
    }
}

/// The guide's plan length for a company size, in months (6 months to over a year).
pub fn norm_months(size: &str) -> u32 {
    match size {
        "small" => 4,
        "large" => 12,
        _ => 6,
    }
}
