//! Needs assessment (phase 1): requirements per business area with MoSCoW priority, imported from a
//! PM's spreadsheet or typed in, and the KPI baseline measured before go-live.

pub mod form;
pub mod handlers;
pub mod import;
pub mod kpis;
pub mod kpis_views;
pub mod store;
pub mod views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/requirements", web::get().to(handlers::list))
        .route("/projects/{id}/requirements", web::post().to(handlers::create))
        .route("/projects/{id}/requirements.csv", web::get().to(handlers::export_csv))
        .route("/projects/{id}/requirements/new", web::get().to(handlers::new_page))
        .route("/projects/{id}/requirements/import", web::get().to(import::import_page))
        .route("/projects/{id}/requirements/import", web::post().to(import::import))
        .route("/projects/{id}/requirements/{rid}", web::post().to(handlers::update))
        .route("/projects/{id}/requirements/{rid}/edit", web::get().to(handlers::edit_page))
        .route("/projects/{id}/requirements/{rid}/delete", web::get().to(handlers::delete_page))
        .route("/projects/{id}/requirements/{rid}/delete", web::post().to(handlers::delete))
        .route("/projects/{id}/kpis", web::get().to(kpis::list))
        .route("/projects/{id}/kpis", web::post().to(kpis::create))
        .route("/projects/{id}/kpis.csv", web::get().to(kpis::export_csv))
        .route("/projects/{id}/kpis/{kid}", web::post().to(kpis::update))
        .route("/projects/{id}/kpis/{kid}/edit", web::get().to(kpis::edit_page))
        .route("/projects/{id}/kpis/{kid}/delete", web::get().to(kpis::delete_page))
        .route("/projects/{id}/kpis/{kid}/delete", web::post().to(kpis::delete));
}

pub const AREAS: [&str; 9] = [
    "finance",
    "hr",
    "logistics",
    "inventory",
    "manufacturing",
    "supply_chain",
    "sales_crm",
    "customer_service",
    "other",
];

pub const PRIORITIES: [&str; 4] = ["must", "should", "could", "wont"];

pub fn area_label(l: Lang, area: &str) -> &'static str {
    match area {
        "finance" => l.t("Finance", "Finanzas"),
        "hr" => l.t("Human resources", "Recursos humanos"),
        "logistics" => l.t("Logistics", "Logística"),
        "inventory" => l.t("Inventory", "Inventario"),
        "manufacturing" => l.t("Manufacturing", "Producción"),
        "supply_chain" => l.t("Supply chain", "Cadena de suministro"),
        "sales_crm" => l.t("Sales / CRM", "Ventas / CRM"),
        "customer_service" => l.t("Customer service", "Atención al cliente"),
        _ => l.t("Other", "Otra"),
    }
}

pub fn priority_label(l: Lang, p: &str) -> &'static str {
    match p {
        "must" => l.t("Must have", "Imprescindible"),
        "should" => l.t("Should have", "Importante"),
        "could" => l.t("Could have", "Deseable"),
        _ => l.t("Won't have (now)", "Descartado (por ahora)"),
    }
}
