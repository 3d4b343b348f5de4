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
mod gantt_html;
pub mod gantt_views;
pub mod handlers;
pub mod ical;
pub mod import;
pub mod org;
mod org_views;
pub mod projection;
pub mod raci;
mod raci_views;
pub mod reminders;
pub mod schedule;
pub mod store;
pub mod timeline;
pub mod views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
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
        .route("/projects/{id}/gantt", web::get().to(gantt_views::gantt_page))
        .route("/projects/{id}/gantt.svg", web::get().to(gantt_views::gantt_svg))
        .route("/projects/{id}/raci", web::get().to(raci::page))
        .route("/projects/{id}/raci", web::post().to(raci::save))
        .route("/projects/{id}/baselines", web::get().to(baselines::page))
        .route("/projects/{id}/baselines", web::post().to(baselines::create))
        // The organization chart (units that audiences and feedback refer to)
        .route("/projects/{id}/org", web::get().to(org::page))
        .route("/projects/{id}/org", web::post().to(org::create))
        .route("/projects/{id}/org.csv", web::get().to(org::export_csv))
        .route("/projects/{id}/org/{uid}/delete", web::get().to(org::delete_page))
        .route("/projects/{id}/org/{uid}/delete", web::post().to(org::delete))
        // The customization register
        .route("/projects/{id}/customizations", web::get().to(customizations::list))
        .route("/projects/{id}/customizations", web::post().to(customizations::create))
        .route("/projects/{id}/customizations.csv", web::get().to(customizations::export_csv))
        .route("/projects/{id}/customizations/new", web::get().to(customizations::new_page))
        .route("/projects/{id}/customizations/{cid}", web::post().to(customizations::update))
        .route("/projects/{id}/customizations/{cid}/edit", web::get().to(customizations::edit_page))
        .route("/projects/{id}/customizations/{cid}/decision", web::post().to(customizations::decide))
        .route("/projects/{id}/customizations/{cid}/delete", web::get().to(customizations::delete_page))
        .route("/projects/{id}/customizations/{cid}/delete", web::post().to(customizations::delete));
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

/// A milestone's length as people read it: "1 day", "12 days", or a zero-length checkpoint.
pub fn length_label(l: Lang, days: i64) -> String {
    match days {
        0 => l.t("0 days (checkpoint)", "0 días (punto de control)").to_string(),
        1 => l.t("1 day", "1 día").to_string(),
        n => l.f("{0} days", "{0} días", &[&n]),
    }
}
