//! Hypercare and support (issue 18): after go-live, employees file tickets (module, severity,
//! description, attachments) after searching the knowledge base of known issues and how-to answers; the PM and
//! the key users triage them (status, assignee, answers by e-mail and on the reporter's page)
//! against an SLA per severity set in the project's settings; the overview shows the weekly trend.

pub mod articles;
mod articles_views;
pub mod attachments;
pub mod flow;
pub mod form;
pub mod mail;
pub mod overview;
pub mod sla;
pub mod store;
pub mod tickets;
mod tickets_views;
pub mod trend;
pub mod triage;
mod triage_views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/support", web::get().to(tickets::list))
        .route("/projects/{id}/support", web::post().to(tickets::file))
        .route("/projects/{id}/support.csv", web::get().to(triage::export_csv))
        .route("/projects/{id}/support/new", web::get().to(tickets::new_page))
        .route("/projects/{id}/support/overview", web::get().to(overview::page))
        .route("/projects/{id}/support/sla", web::post().to(overview::save_sla))
        .route("/projects/{id}/support/articles", web::get().to(articles::list))
        .route("/projects/{id}/support/articles", web::post().to(articles::create))
        .route("/projects/{id}/support/articles/{aid}", web::get().to(articles::show))
        .route("/projects/{id}/support/articles/{aid}", web::post().to(articles::update))
        .route("/projects/{id}/support/{tid}", web::get().to(tickets::show))
        .route("/projects/{id}/support/{tid}/reply", web::post().to(tickets::reply))
        .route("/projects/{id}/support/{tid}/attachments", web::post().to(attachments::upload))
        .route("/projects/{id}/support/{tid}/attachments/{fid}", web::get().to(attachments::download))
        .route("/projects/{id}/support/{tid}/triage", web::post().to(triage::triage));
}

pub use sla::SEVERITIES;

pub fn severity_label(l: Lang, s: &str) -> &'static str {
    match s {
        "critical" => l.t("Critical", "Crítica"),
        "high" => l.t("High", "Alta"),
        "medium" => l.t("Medium", "Media"),
        _ => l.t("Low", "Baja"),
    }
}

/// The one-line meaning shown beside each severity, so reporters choose alike.
pub fn severity_meaning(l: Lang, s: &str) -> &'static str {
    match s {
        "critical" => l.t(
            "Work has stopped: nobody can do a key task (invoicing, payroll, shipping) and there is no way around it.",
            "El trabajo está parado: nadie puede hacer una tarea clave (facturar, nóminas, envíos) y no hay alternativa.",
        ),
        "high" => l.t(
            "A key task fails or is wrong for many people, but there is a slow way around it.",
            "Una tarea clave falla o sale mal a muchas personas, pero hay una forma lenta de salir del paso.",
        ),
        "medium" => l.t(
            "Something does not work as it should for you or a few people; work goes on.",
            "Algo no funciona como debería para usted o unas pocas personas; el trabajo sigue.",
        ),
        _ => l.t(
            "A question, a cosmetic fault or an idea; nothing is blocked.",
            "Una duda, un fallo estético o una idea; nada está bloqueado.",
        ),
    }
}

pub fn severity_class(s: &str) -> &'static str {
    match s {
        "critical" => "bad",
        "high" => "warn",
        _ => "info",
    }
}

pub fn status_label(l: Lang, s: &str) -> &'static str {
    match s {
        "new" => l.t("New", "Nueva"),
        "acknowledged" => l.t("Acknowledged", "Recibida"),
        "in_progress" => l.t("In progress", "En curso"),
        "resolved" => l.t("Resolved", "Resuelta"),
        _ => l.t("Closed", "Cerrada"),
    }
}

pub fn status_class(s: &str) -> &'static str {
    match s {
        "new" => "warn",
        "resolved" | "closed" => "ok",
        _ => "info",
    }
}

pub fn sla_label(l: Lang, s: sla::State) -> &'static str {
    match s {
        sla::State::OnTime => l.t("On time", "En plazo"),
        sla::State::AtRisk => l.t("At risk", "En riesgo"),
        sla::State::Breached => l.t("Breached", "Incumplido"),
    }
}

pub fn sla_class(s: sla::State) -> &'static str {
    match s {
        sla::State::OnTime => "ok",
        sla::State::AtRisk => "warn",
        sla::State::Breached => "bad",
    }
}

pub const KINDS: [&str; 2] = ["known_issue", "how_to"];

pub fn kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "known_issue" => l.t("Known issue", "Problema conocido"),
        _ => l.t("How to", "Cómo se hace"),
    }
}
