//! ERP selection (phase 2): a shortlist of products, weighted criteria (typed or derived from AHP
//! pairwise comparisons), blind scoring by several evaluators, requirement fit, a ranked result
//! with its sensitivity, and the recorded decision.

pub mod ahp;
pub mod fit;
pub mod form;
pub mod results;
pub mod results_views;
pub mod scoring;
pub mod setup;
pub mod sheet;
pub mod store;
pub mod team;
pub mod views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/selection", web::get().to(setup::overview))
        .route("/projects/{id}/selection/candidates", web::post().to(setup::add_candidate))
        .route("/projects/{id}/selection/candidates/{cid}/remove", web::get().to(setup::remove_candidate_page))
        .route("/projects/{id}/selection/candidates/{cid}/remove", web::post().to(setup::remove_candidate))
        .route("/projects/{id}/selection/criteria", web::post().to(setup::add_criterion))
        .route("/projects/{id}/selection/criteria/{crid}/remove", web::get().to(setup::remove_criterion_page))
        .route("/projects/{id}/selection/criteria/{crid}/remove", web::post().to(setup::remove_criterion))
        .route("/projects/{id}/selection/weights", web::post().to(setup::save_weights))
        .route("/projects/{id}/selection/evaluators", web::post().to(team::add_evaluator))
        .route("/projects/{id}/selection/evaluators/{uid}/remove", web::get().to(team::remove_evaluator_page))
        .route("/projects/{id}/selection/evaluators/{uid}/remove", web::post().to(team::remove_evaluator))
        .route("/projects/{id}/selection/reveal", web::post().to(team::reveal))
        .route("/projects/{id}/selection/decision", web::post().to(team::decide))
        .route("/projects/{id}/selection/ahp", web::get().to(ahp::page))
        .route("/projects/{id}/selection/ahp", web::post().to(ahp::save))
        .route("/projects/{id}/selection/scores", web::get().to(sheet::page))
        .route("/projects/{id}/selection/scores", web::post().to(sheet::save))
        .route("/projects/{id}/selection/scores.csv", web::get().to(results::export_csv))
        .route("/projects/{id}/selection/fit", web::get().to(fit::page))
        .route("/projects/{id}/selection/fit", web::post().to(fit::save))
        .route("/projects/{id}/selection/results", web::get().to(results::page))
        .route("/projects/{id}/selection/report", web::get().to(results::report));
}

pub const FIT_LEVELS: [&str; 4] = ["standard", "configuration", "customization", "gap"];

pub fn fit_label(l: Lang, level: &str) -> &'static str {
    match level {
        "standard" => l.t("Standard", "Estándar"),
        "configuration" => l.t("Configuration", "Configuración"),
        "customization" => l.t("Customization", "Personalización"),
        "gap" => l.t("Gap", "Carencia"),
        _ => l.t("Not assessed", "Sin valorar"),
    }
}

/// A criterion's name in the reader's language.
pub fn criterion_name(l: Lang, c: &crate::entities::criterion::Model) -> &str {
    l.pick(&c.name_en, &c.name_es)
}
