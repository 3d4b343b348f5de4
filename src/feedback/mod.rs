//! Evaluation and optimization (phase 5): feedback from employees, named or anonymous, triaged by
//! the PM with replies and linked to the adjustments made; adoption surveys (SUS and eNPS) in
//! waves; KPI measurements after go-live against the needs-assessment baseline; one adoption page.

pub mod adjustments;
mod adjustments_views;
pub mod adoption;
pub mod form;
pub mod items;
mod items_views;
pub mod kpi_import;
pub mod kpi_measurements;
mod kpi_measurements_views;
pub mod store;
pub mod survey;
pub mod survey_results;
pub mod surveys;
mod surveys_views;
pub mod triage;
mod triage_views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/feedback", web::get().to(items::list))
        .route("/projects/{id}/feedback", web::post().to(items::submit))
        .route("/projects/{id}/feedback.csv", web::get().to(triage::export_csv))
        .route("/projects/{id}/feedback/receipt", web::post().to(items::receipt))
        .route("/projects/{id}/feedback/{fid}", web::get().to(items::show))
        .route("/projects/{id}/feedback/{fid}/triage", web::post().to(triage::triage))
        .route("/projects/{id}/adjustments", web::get().to(adjustments::page))
        .route("/projects/{id}/adjustments", web::post().to(adjustments::add))
        .route("/projects/{id}/adjustments.csv", web::get().to(adjustments::export_csv))
        .route("/projects/{id}/surveys", web::get().to(surveys::list))
        .route("/projects/{id}/surveys", web::post().to(surveys::open))
        .route("/projects/{id}/surveys/{wid}", web::get().to(surveys::show))
        .route("/projects/{id}/surveys/{wid}", web::post().to(surveys::answer))
        .route("/projects/{id}/surveys/{wid}/close", web::post().to(surveys::close))
        .route("/projects/{id}/surveys/{wid}/results.csv", web::get().to(survey_results::results_csv))
        .route("/projects/{id}/kpi-measurements.csv", web::get().to(kpi_measurements::export_csv))
        .route("/projects/{id}/kpi-measurements/import", web::get().to(kpi_import::import_page))
        .route("/projects/{id}/kpi-measurements/import", web::post().to(kpi_import::import))
        .route("/projects/{id}/kpis/{kid}/measurements", web::get().to(kpi_measurements::page))
        .route("/projects/{id}/kpis/{kid}/measurements", web::post().to(kpi_measurements::add))
        .route("/projects/{id}/kpi-measurements/{mid}/delete", web::get().to(kpi_measurements::delete_page))
        .route("/projects/{id}/kpi-measurements/{mid}/delete", web::post().to(kpi_measurements::delete))
        .route("/projects/{id}/adoption", web::get().to(adoption::page));
}

pub const CATEGORIES: [&str; 7] = ["usability", "performance", "error", "training", "process", "data", "other"];

pub fn category_label(l: Lang, c: &str) -> &'static str {
    match c {
        "usability" => l.t("Ease of use", "Facilidad de uso"),
        "performance" => l.t("Speed", "Rendimiento"),
        "error" => l.t("Error or bug", "Error o fallo"),
        "training" => l.t("Training need", "Necesidad de formación"),
        "process" => l.t("Process", "Proceso"),
        "data" => l.t("Data", "Datos"),
        _ => l.t("Other", "Otro"),
    }
}

pub const STATUSES: [&str; 5] = ["new", "acknowledged", "planned", "done", "declined"];

pub fn status_label(l: Lang, s: &str) -> &'static str {
    match s {
        "new" => l.t("New", "Nuevo"),
        "acknowledged" => l.t("Acknowledged", "Recibido"),
        "planned" => l.t("Planned", "Planificado"),
        "done" => l.t("Done", "Hecho"),
        _ => l.t("Declined", "Descartado"),
    }
}

pub fn status_class(s: &str) -> &'static str {
    match s {
        "new" => "warn",
        "done" => "ok",
        "declined" => "",
        _ => "info",
    }
}

/// Feedback left unanswered this many days feeds the resistance warning.
pub const UNANSWERED_DAYS: i64 = 14;
