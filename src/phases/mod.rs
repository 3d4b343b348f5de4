//! The five phases of a rollout: checklist, status and gate.

pub mod form;
pub mod gate;
pub mod handlers;
pub mod items;
pub mod store;
pub mod views;

use actix_web::web;

pub const KEYS: [&str; 5] = ["needs_assessment", "selection", "implementation", "training", "evaluation"];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/phases/{key}", web::get().to(handlers::show))
        .route("/projects/{id}/phases/{key}/checklist.csv", web::get().to(handlers::export_csv))
        .route("/projects/{id}/phases/{key}/start", web::post().to(handlers::start))
        .route("/projects/{id}/phases/{key}/close", web::post().to(handlers::close))
        .route("/projects/{id}/phases/{key}/reopen", web::post().to(handlers::reopen))
        .route("/projects/{id}/phases/{key}/items", web::post().to(items::add_item))
        .route("/projects/{id}/items/{item}", web::post().to(items::update_item))
        .route("/projects/{id}/items/{item}/done", web::post().to(items::set_done))
        .route("/projects/{id}/items/{item}/edit", web::get().to(items::edit_item_page))
        .route("/projects/{id}/items/{item}/delete", web::get().to(items::delete_item_page))
        .route("/projects/{id}/items/{item}/delete", web::post().to(items::delete_item));
}

pub fn label(l: crate::web::Lang, key: &str) -> &'static str {
    match key {
        "needs_assessment" => l.t("Needs assessment", "Evaluación de necesidades"),
        "selection" => l.t("ERP selection", "Selección del ERP"),
        "implementation" => l.t("Implementation", "Implementación"),
        "training" => l.t("Training", "Formación"),
        _ => l.t("Evaluation", "Evaluación"),
    }
}
