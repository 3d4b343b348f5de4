//! The cutover runbook (issue 18): the switch-over weekend as tasks with planned start, duration,
//! owner, predecessors, the point of no return and rollback steps; runs of it (rehearsals and the
//! live cutover) with each task's actual start and finish, ahead/behind against plan and the
//! projected end (`projection.rs`, pure); the go/no-go checkpoint with the readiness it saw.
//! PMs and admins manage it; every member reads it (task owners include employees and trainers,
//! and who does what when on the weekend is no secret inside the project); owners start and
//! finish their own tasks.

pub mod form;
pub mod gonogo;
pub mod live;
pub mod page;
pub mod projection;
pub mod runs_store;
pub mod store;
pub mod tasks;
mod tasks_views;
mod timeline;
mod views;

use crate::entities::cutover_runbook;
use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/cutover", web::get().to(page::runbook_page))
        .route("/projects/{id}/cutover", web::post().to(tasks::create))
        .route("/projects/{id}/cutover.csv", web::get().to(tasks::export_csv))
        .route("/projects/{id}/cutover/new", web::get().to(tasks::new_page))
        .route("/projects/{id}/cutover/settings", web::post().to(page::save_settings))
        .route("/projects/{id}/cutover/{tid}", web::post().to(tasks::update))
        .route("/projects/{id}/cutover/{tid}/edit", web::get().to(tasks::edit_page))
        .route("/projects/{id}/cutover/{tid}/delete", web::get().to(tasks::delete_page))
        .route("/projects/{id}/cutover/{tid}/delete", web::post().to(tasks::delete))
        // During a run: the owner or the PM starts and finishes each task
        .route("/projects/{id}/cutover/{tid}/start", web::post().to(live::start_task))
        .route("/projects/{id}/cutover/{tid}/finish", web::post().to(live::finish_task))
        .route("/projects/{id}/cutover-runs", web::post().to(live::start_run))
        .route("/projects/{id}/cutover-runs.csv", web::get().to(page::comparison_csv))
        .route("/projects/{id}/cutover-runs/{rid}/finish", web::post().to(live::finish_run))
        // The go/no-go checkpoint
        .route("/projects/{id}/cutover-go-no-go", web::get().to(gonogo::page))
        .route("/projects/{id}/cutover-go-no-go", web::post().to(gonogo::decide));
}

/// The runbook's time zone (UTC if the stored name no longer parses).
pub fn tz(rb: &cutover_runbook::Model) -> chrono_tz::Tz {
    rb.tz.parse().unwrap_or(chrono_tz::UTC)
}

/// An instant in the runbook's zone, as "06/03/2027 08:00" (the zone is named once on the page).
pub fn local(l: Lang, rb: &cutover_runbook::Model, t: chrono::DateTime<chrono::Utc>) -> String {
    let a = crate::training::local(t, &rb.tz);
    format!("{} {}", l.date(a.date()), a.format("%H:%M"))
}

/// The value of a `datetime-local` input for an instant in the runbook's zone.
pub fn input_value(rb: &cutover_runbook::Model, t: chrono::DateTime<chrono::Utc>) -> String {
    crate::training::local(t, &rb.tz).format("%Y-%m-%dT%H:%M").to_string()
}

pub fn run_kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "live" => l.t("Live cutover", "Cutover real"),
        _ => l.t("Rehearsal", "Ensayo"),
    }
}

pub fn verdict_label(l: Lang, v: &str) -> &'static str {
    match v {
        "go" => l.t("Go", "Adelante (go)"),
        "go_with_conditions" => l.t("Go with conditions", "Adelante con condiciones"),
        _ => l.t("No-go", "No seguir (no-go)"),
    }
}

pub fn verdict_class(v: &str) -> &'static str {
    match v {
        "go" => "ok",
        "go_with_conditions" => "warn",
        _ => "bad",
    }
}
