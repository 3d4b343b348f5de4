//! The start page's sections. Each shows a handful of rows, links to the full list, and says what
//! to do when it is empty.

use super::data::Home;
use crate::training::{booking_label, when};
use crate::warnings::readiness_page::verdict_badge;
use crate::web::components::badge;
use crate::web::{Auth, Lang, layout};
use chrono::{DateTime, Utc};
use maud::{Markup, html};

pub fn page(auth: &Auth, h: &Home, now: DateTime<Utc>) -> Markup {
    let ctx = &auth.ctx;
    let l = ctx.lang;
    let title = l.t("Your start page", "Su página de inicio");
    let learner = h.roles.iter().any(|(_, r)| r == "employee" || r == "trainer");
    let teaches = h.has_role("trainer") || !h.teaching.is_empty();
    let manages = !h.managed.is_empty();
    layout::page(
        ctx,
        title,
        html! {
            h1 { (l.f("Hello, {0}", "Hola, {0}", &[&auth.user.name])) }
            @if auth.user.role == "admin" {
                section.card {
                    h2 { (l.t("Administration", "Administración")) }
                    ul {
                        li { a href="/admin/users" { (l.t("Users: create, disable, reset a second factor", "Usuarios: crear, desactivar, restablecer el segundo factor")) } }
                        li { a href="/admin/audit" { (l.t("Audit log", "Registro de auditoría")) } }
                        li { a href="/portfolio" { (l.t("Portfolio: every project's readiness", "Cartera: la preparación de cada proyecto")) } }
                    }
                }
            }
            @if h.roles.is_empty() && auth.user.role != "admin" {
                div.empty.card {
                    p { (l.t("You are not a member of any rollout yet.", "Aún no es miembro de ninguna implantación.")) }
                    p { a href="/projects" { (l.t("See the projects", "Ver los proyectos")) } }
                }
            }
            @if manages { (managed(l, h)) }
            @if teaches { (trainer(l, h)) }
            @if learner || !h.bookings.is_empty() { (learning(l, h, now)) }
            p { a href="/projects" { (l.t("All my projects", "Todos mis proyectos")) } }
        },
    )
}

/// A trainer's or an employee's own next steps on a project's home page (instead of the PM's
/// readiness and warnings panels).
pub fn project_panel(l: Lang, h: &Home, trainer_here: bool, now: DateTime<Utc>) -> Markup {
    html! {
        @if trainer_here { (trainer(l, h)) }
        (learning(l, h, now))
    }
}

fn managed(l: Lang, h: &Home) -> Markup {
    html! {
        section.card {
            h2 { (l.t("Projects you manage", "Proyectos que dirige")) }
            div.table-scroll role="region" tabindex="0" aria-label=(l.t("Projects you manage", "Proyectos que dirige")) { table {
                thead { tr {
                    th scope="col" { (l.t("Project", "Proyecto")) }
                    th scope="col" { (l.t("Readiness", "Preparación")) }
                    th scope="col" { (l.t("Open warnings", "Avisos abiertos")) }
                    th scope="col" { (l.t("Overdue milestones", "Hitos vencidos")) }
                    th scope="col" { (l.t("Feedback waiting over 2 weeks", "Opiniones sin respuesta más de 2 semanas")) }
                } }
                tbody { @for m in &h.managed { tr {
                    th scope="row" { a href=(crate::urls::project(m.project.id)) { (m.project.name) } }
                    td {
                        a href={ (crate::urls::project(m.project.id)) "/readiness" } { (verdict_badge(l, m.verdict.key())) }
                        @if m.untracked > 0 { br; span.muted { (l.f("{0} workstream(s) with nothing tracked", "{0} frente(s) sin nada registrado", &[&m.untracked])) } }
                    }
                    td { a href=(crate::urls::warnings(m.project.id)) { (m.open_warnings) } }
                    td { @if m.overdue > 0 { a href=(crate::urls::milestones(m.project.id)) { (badge(&m.overdue.to_string(), "bad")) } } @else { "0" } }
                    td { @if m.unanswered > 0 { a href=(crate::urls::feedback(m.project.id)) { (badge(&m.unanswered.to_string(), "warn")) } } @else { "0" } }
                } } }
            } }
            h3 { (l.t("Your milestones due within two weeks", "Sus hitos que vencen en dos semanas")) }
            @if h.my_milestones.is_empty() {
                p.muted { (l.t("None of your milestones is due soon.", "Ninguno de sus hitos vence pronto.")) }
            } @else {
                ul { @for m in &h.my_milestones { li {
                    a href=(format!("{}/edit", crate::urls::milestone(m.project_id, m.id))) { (m.title) }
                    " · " (h.project_name(m.project_id)) " · " (l.date(m.due_date))
                } } }
            }
        }
    }
}

fn trainer(l: Lang, h: &Home) -> Markup {
    html! {
        section.card {
            h2 { (l.t("Sessions you give", "Sesiones que imparte")) }
            @if h.teaching.is_empty() {
                p.muted { (l.t("No upcoming session has you as its trainer. The project manager assigns trainers on each session.", "Ninguna sesión próxima le tiene como formador. El jefe de proyecto asigna los formadores en cada sesión.")) }
            } @else {
                ul { @for (s, (booked, waiting)) in &h.teaching { li {
                    a href=(crate::urls::training_session(s.project_id, s.id)) { (s.title) }
                    " · " (when(l, s)) " · "
                    (l.f("{0} of {1} seats booked", "{0} de {1} plazas ocupadas", &[booked, &s.capacity]))
                    @if *waiting > 0 { " · " (l.f("{0} waiting", "{0} en espera", &[waiting])) }
                } } }
            }
            h3 { (l.t("Rosters to mark", "Asistencia por marcar")) }
            @if h.to_mark.is_empty() {
                p.muted { (l.t("Every session you gave has its attendance marked.", "Todas las sesiones que impartió tienen la asistencia marcada.")) }
            } @else {
                ul { @for (s, n) in &h.to_mark { li {
                    a href=(crate::urls::training_session(s.project_id, s.id)) { (s.title) }
                    " · " (when(l, s)) " · " (badge(&l.f("{0} not marked", "{0} sin marcar", &[n]), "warn"))
                } } }
            }
            @for (pid, _) in h.roles.iter().filter(|(_, r)| r == "trainer") {
                p { a href={ (crate::urls::training(*pid)) "/coverage" } { (l.f("Training coverage against go-live: {0}", "Cobertura de la formación frente a la puesta en marcha: {0}", &[&h.project_name(*pid)])) } }
            }
        }
    }
}

fn learning(l: Lang, h: &Home, now: DateTime<Utc>) -> Markup {
    let first = h.roles.first().map(|(p, _)| *p);
    html! {
        section.card {
            h2 { (l.t("Your next sessions", "Sus próximas sesiones")) }
            @if h.bookings.is_empty() {
                p.muted { (l.t("You are not booked on any session yet.", "Aún no está inscrito en ninguna sesión.")) }
            } @else {
                ul { @for (s, b) in &h.bookings { li {
                    a href=(crate::urls::training_session(s.project_id, s.id)) { (s.title) }
                    " · " (when(l, s)) " · "
                    @if s.starts_at <= now { (badge(l.t("In progress", "En curso"), "info")) }
                    @else { (badge(booking_label(l, &b.status), if b.status == "booked" { "ok" } else { "warn" })) }
                } } }
            }
            h3 { (l.t("Sessions meant for you", "Sesiones pensadas para usted")) }
            @if h.to_learn.is_empty() {
                p.muted { (l.t("Nothing new to book for your role right now.", "Nada nuevo que reservar para su rol por ahora.")) }
            } @else {
                ul { @for s in &h.to_learn { li {
                    a href=(crate::urls::training_session(s.project_id, s.id)) { (s.title) }
                    " · " (when(l, s)) " · " (h.project_name(s.project_id))
                } } }
            }
            h3 { (l.t("Open surveys", "Encuestas abiertas")) }
            @if h.surveys.is_empty() {
                p.muted { (l.t("No survey is waiting for your answer.", "Ninguna encuesta espera su respuesta.")) }
            } @else {
                ul { @for w in &h.surveys { li {
                    a href=(format!("{}/{}", crate::urls::surveys(w.project_id), w.id)) { (w.title) }
                    " · " (h.project_name(w.project_id))
                } } }
            }
            h3 { (l.t("Your feedback and its answers", "Sus opiniones y sus respuestas")) }
            @if h.feedback.is_empty() {
                p.muted {
                    (l.t("You have not sent feedback yet. Tell the team what works and what does not.", "Aún no ha enviado opiniones. Cuente al equipo qué funciona y qué no."))
                    @if let Some(p) = first { " " a href=(crate::urls::feedback(p)) { (l.t("Give feedback", "Dar su opinión")) } }
                }
            } @else {
                ul { @for f in &h.feedback { li {
                    a href=(crate::urls::feedback(f.project_id)) { (crate::feedback::category_label(l, &f.category)) }
                    " · " (l.date(f.created_at.date_naive())) " · "
                    (badge(crate::feedback::status_label(l, &f.status), crate::feedback::status_class(&f.status)))
                    @if let Some(r) = &f.reply { br; span.muted { (l.t("Answer", "Respuesta")) ": " (r.chars().take(160).collect::<String>()) } }
                } } }
            }
        }
    }
}
