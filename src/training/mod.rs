//! Training (phase 4): sessions per ERP module for an audience of roles and departments, sign-up
//! with a capacity and a wait-list, attendance, calendar invitations and reminders by email, a
//! library of learning resources, and coverage by role and module against the go-live date.

pub mod booking;
pub mod changes;
pub mod coverage;
mod coverage_page;
pub mod form;
pub mod handlers;
pub mod ical;
pub mod mail;
pub mod mine;
pub mod reminders;
pub mod resources;
mod resources_views;
pub mod roster;
pub mod session_view;
pub mod store;
pub mod views;

use crate::web::Lang;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Fixed paths first: `{sid}` would otherwise try to read "mine" as a number.
    cfg.route("/projects/{id}/training", web::get().to(handlers::list))
        .route("/projects/{id}/training", web::post().to(handlers::create))
        .route("/projects/{id}/training.csv", web::get().to(handlers::export_csv))
        .route("/projects/{id}/training/new", web::get().to(handlers::new_page))
        .route("/projects/{id}/training/mine", web::get().to(mine::page))
        .route("/projects/{id}/training/coverage", web::get().to(coverage_page::page))
        .route("/projects/{id}/training/coverage.csv", web::get().to(coverage_page::export_csv))
        .route("/projects/{id}/training/resources", web::get().to(resources::page))
        .route("/projects/{id}/training/resources", web::post().to(resources::create))
        .route("/projects/{id}/training/resources.csv", web::get().to(resources::export_csv))
        .route("/projects/{id}/training/resources/{rid}/delete", web::get().to(resources::delete_page))
        .route("/projects/{id}/training/resources/{rid}/delete", web::post().to(resources::delete))
        .route("/projects/{id}/training/{sid}", web::get().to(handlers::show))
        .route("/projects/{id}/training/{sid}", web::post().to(changes::update))
        .route("/projects/{id}/training/{sid}/edit", web::get().to(handlers::edit_page))
        .route("/projects/{id}/training/{sid}/cancel", web::get().to(changes::cancel_page))
        .route("/projects/{id}/training/{sid}/cancel", web::post().to(changes::cancel))
        .route("/projects/{id}/training/{sid}/session.ics", web::get().to(handlers::ics))
        .route("/projects/{id}/training/{sid}/signup", web::post().to(roster::signup))
        .route("/projects/{id}/training/{sid}/withdraw", web::post().to(roster::withdraw))
        .route("/projects/{id}/training/{sid}/attendance", web::post().to(roster::attendance))
        .route("/projects/{id}/training/{sid}/message", web::get().to(roster::message_page))
        .route("/projects/{id}/training/{sid}/message", web::post().to(roster::message))
        .route("/projects/{id}/training/{sid}/roster.csv", web::get().to(roster::export_csv));
}

/// ERP modules a session can teach: the business areas of the needs assessment, plus the basics
/// everybody needs and security awareness.
pub const MODULES: [&str; 11] = [
    "general",
    "finance",
    "hr",
    "logistics",
    "inventory",
    "manufacturing",
    "supply_chain",
    "sales_crm",
    "customer_service",
    "security",
    "other",
];

pub fn module_label(l: Lang, m: &str) -> &'static str {
    match m {
        "general" => l.t("ERP basics", "Conceptos básicos del ERP"),
        "security" => l.t("Security awareness", "Concienciación en seguridad"),
        other => crate::needs::area_label(l, other),
    }
}

pub const KINDS: [&str; 2] = ["regular", "security"];

pub fn kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "security" => l.t("Security awareness", "Concienciación en seguridad"),
        _ => l.t("Regular training", "Formación ordinaria"),
    }
}

pub const MODES: [&str; 3] = ["in_person", "online", "simulation"];

pub fn mode_label(l: Lang, m: &str) -> &'static str {
    match m {
        "online" => l.t("Online", "En línea"),
        "simulation" => l.t("Simulation (practice environment)", "Simulación (entorno de prácticas)"),
        _ => l.t("In person", "Presencial"),
    }
}

pub const ATTENDANCE: [&str; 3] = ["attended", "partial", "no_show"];

pub fn attendance_label(l: Lang, a: &str) -> &'static str {
    match a {
        "attended" => l.t("Attended", "Asistió"),
        "partial" => l.t("Partly attended", "Asistió en parte"),
        "no_show" => l.t("Did not come", "No asistió"),
        _ => l.t("Not recorded", "Sin registrar"),
    }
}

pub fn booking_label(l: Lang, s: &str) -> &'static str {
    match s {
        "booked" => l.t("Booked", "Inscrito"),
        "waitlisted" => l.t("On the wait-list", "En lista de espera"),
        _ => l.t("Cancelled", "Cancelada"),
    }
}

/// Time zones offered in the form (any IANA name is accepted).
pub const TIMEZONES: [&str; 18] = [
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "UTC",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Montevideo",
    "America/Sao_Paulo",
    "America/Caracas",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
];

/// A session's time in its own time zone, e.g. "03/03/2027 09:00".
pub fn local(t: chrono::DateTime<chrono::Utc>, tz: &str) -> chrono::NaiveDateTime {
    match tz.parse::<chrono_tz::Tz>() {
        Ok(z) => t.with_timezone(&z).naive_local(),
        Err(_) => t.naive_utc(),
    }
}

/// "Wed 03/03/2027 09:00–12:00 (Europe/Madrid)" in the reader's language.
pub fn when(l: Lang, s: &crate::entities::training_session::Model) -> String {
    let a = local(s.starts_at, &s.tz);
    let b = local(s.ends_at, &s.tz);
    let day = l.date(a.date());
    if a.date() == b.date() {
        format!("{day} {}–{} ({})", a.format("%H:%M"), b.format("%H:%M"), s.tz)
    } else {
        format!("{day} {} – {} {} ({})", a.format("%H:%M"), l.date(b.date()), b.format("%H:%M"), s.tz)
    }
}
