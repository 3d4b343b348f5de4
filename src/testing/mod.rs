//! Test management (issue 18): test cases with numbered steps that prove requirements, SIT and UAT
//! cycles with a tester per case and an exit rule, step-by-step execution (a retest is a new run
//! in the same cycle), defects with their status flow, the requirement → case → result → defect
//! traceability matrix and a burn-down per cycle. PMs, admins and key users manage; a tester
//! executes the runs assigned to them; everybody sees their own runs and defects ("My tests").

pub mod cases;
mod cases_views;
pub mod cycles;
mod cycles_views;
pub mod defects;
pub mod defects_store;
mod defects_views;
pub mod evidence;
pub mod form;
pub mod import;
pub mod mine;
pub mod rules;
pub mod runs;
pub mod runs_store;
mod runs_views;
pub mod store;
pub mod trace;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/testing", web::get().to(mine::page))
        .route("/projects/{id}/testing/cases", web::get().to(cases::list))
        .route("/projects/{id}/testing/cases", web::post().to(cases::create))
        .route("/projects/{id}/testing/cases.csv", web::get().to(cases::export_csv))
        .route("/projects/{id}/testing/cases/new", web::get().to(cases::new_page))
        .route("/projects/{id}/testing/cases/draft", web::post().to(cases::draft_musts))
        .route("/projects/{id}/testing/cases/import", web::get().to(import::import_page))
        .route("/projects/{id}/testing/cases/import", web::post().to(import::import))
        .route("/projects/{id}/testing/cases/{tc}", web::get().to(cases::show))
        .route("/projects/{id}/testing/cases/{tc}", web::post().to(cases::update))
        .route("/projects/{id}/testing/cases/{tc}/edit", web::get().to(cases::edit_page))
        .route("/projects/{id}/testing/cycles", web::get().to(cycles::list))
        .route("/projects/{id}/testing/cycles", web::post().to(cycles::create))
        .route("/projects/{id}/testing/cycles/{cy}", web::get().to(cycles::show))
        .route("/projects/{id}/testing/cycles/{cy}/runs", web::post().to(cycles::add_case))
        .route("/projects/{id}/testing/cycles/{cy}/runs.csv", web::get().to(cycles::runs_csv))
        .route("/projects/{id}/testing/runs/{run}", web::get().to(runs::show))
        .route("/projects/{id}/testing/runs/{run}/steps/{step}", web::post().to(runs::record))
        .route("/projects/{id}/testing/runs/{run}/steps/{step}/evidence", web::post().to(evidence::upload))
        .route("/projects/{id}/testing/runs/{run}/steps/{step}/evidence", web::get().to(evidence::download))
        .route("/projects/{id}/testing/runs/{run}/retest", web::post().to(runs::retest))
        .route("/projects/{id}/testing/defects", web::get().to(defects::list))
        .route("/projects/{id}/testing/defects", web::post().to(defects::create))
        .route("/projects/{id}/testing/defects.csv", web::get().to(defects::export_csv))
        .route("/projects/{id}/testing/defects/new", web::get().to(defects::new_page))
        .route("/projects/{id}/testing/defects/{df}", web::get().to(defects::show))
        .route("/projects/{id}/testing/defects/{df}/status", web::post().to(defects::change_status))
        .route("/projects/{id}/testing/trace", web::get().to(trace::page))
        .route("/projects/{id}/testing/trace.csv", web::get().to(trace::export_csv));
}

/// Case priorities: the requirements' MoSCoW without "won't" (nothing is tested that won't be built).
pub const PRIORITIES: [&str; 3] = ["must", "should", "could"];

pub const KINDS: [&str; 2] = ["sit", "uat"];

pub fn kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "uat" => l.t("UAT (user acceptance)", "UAT (aceptación de usuario)"),
        _ => l.t("SIT (system integration)", "SIT (integración de sistemas)"),
    }
}

pub fn step_label(l: Lang, s: &str) -> &'static str {
    match s {
        "pass" => l.t("Pass", "Correcto"),
        "remarks" => l.t("Pass with remarks", "Correcto con observaciones"),
        "fail" => l.t("Fail", "Fallo"),
        "blocked" => l.t("Blocked", "Bloqueado"),
        _ => l.t("Not recorded", "Sin registrar"),
    }
}

pub fn result_label(l: Lang, r: &str) -> &'static str {
    match r {
        "in_progress" => l.t("In progress", "En curso"),
        "passed" => l.t("Passed", "Superado"),
        "passed_remarks" => l.t("Passed with remarks", "Superado con observaciones"),
        "failed" => l.t("Failed", "Fallido"),
        "blocked" => l.t("Blocked", "Bloqueado"),
        _ => l.t("Not run", "Sin ejecutar"),
    }
}

pub fn result_class(r: &str) -> &'static str {
    match r {
        "passed" | "passed_remarks" => "ok",
        "failed" => "bad",
        "blocked" => "warn",
        "in_progress" => "info",
        _ => "",
    }
}

pub fn severity_label(l: Lang, s: &str) -> &'static str {
    match s {
        "critical" => l.t("Critical", "Crítica"),
        "high" => l.t("High", "Alta"),
        "medium" => l.t("Medium", "Media"),
        _ => l.t("Low", "Baja"),
    }
}

pub fn defect_status_label(l: Lang, s: &str) -> &'static str {
    match s {
        "new" => l.t("New", "Nuevo"),
        "in_progress" => l.t("In progress", "En curso"),
        "fixed" => l.t("Fixed", "Corregido"),
        "retest" => l.t("Retest", "En nueva prueba"),
        "closed" => l.t("Closed", "Cerrado"),
        _ => l.t("Rejected", "Rechazado"),
    }
}

pub fn defect_class(status: &str, severity: &str) -> &'static str {
    if !rules::is_open(status) {
        ""
    } else if matches!(severity, "critical" | "high") {
        "bad"
    } else {
        "warn"
    }
}
