//! One session's page (details, seats, the caller's booking, the roster for its trainer), the
//! cancel confirmation and the message form.

use super::form::MessageForm;
use super::{ATTENDANCE, attendance_label, booking_label, kind_label, mode_label, module_label, when};
use crate::entities::{training_booking, training_resource, training_session, user};
use crate::projects::access::{Access, role_label};
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, progress};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use chrono::{DateTime, Utc};
use maud::{Markup, html};

pub struct ShowView<'a> {
    pub s: &'a training_session::Model,
    pub runs: bool,
    pub roster: &'a [(training_booking::Model, user::Model)],
    pub mine: Option<&'a training_booking::Model>,
    /// (booked, waiting)
    pub seats: (i64, i64),
    pub departments: Vec<String>,
    pub meant_for_me: bool,
    pub is_member: bool,
    pub trainer: Option<String>,
    pub resources: &'a [training_resource::Model],
    pub now: DateTime<Utc>,
}

fn audience(ctx: &Ctx, s: &training_session::Model, departments: &[String]) -> String {
    let l = ctx.lang;
    let roles: Vec<&str> = s.audience_roles.split(',').filter(|r| !r.is_empty()).map(|r| role_label(l, r)).collect();
    let who = if roles.is_empty() { l.t("Every role", "Todos los roles").to_string() } else { roles.join(", ") };
    if departments.is_empty() { who } else { format!("{who} · {}", departments.join(", ")) }
}

pub fn show(ctx: &Ctx, acc: &Access, v: &ShowView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let s = v.s;
    let base = crate::urls::training_session(p.id, s.id);
    let cancelled = s.status == "cancelled";
    let started = s.starts_at <= v.now;
    let (booked, waiting) = v.seats;
    let cutoff = super::local(super::booking::cutoff(s), &s.tz);
    let waitlist: Vec<&(training_booking::Model, user::Model)> =
        v.roster.iter().filter(|(b, _)| b.status == "waitlisted").collect();
    let seated: Vec<&(training_booking::Model, user::Model)> =
        v.roster.iter().filter(|(b, _)| b.status == "booked").collect();
    layout::page(
        ctx,
        &s.title,
        html! {
            (crumbs(ctx, p, &[(l.t("Training", "Formación"), Some(crate::urls::training(p.id))), (&s.title, None)]))
            h1 { (s.title) @if cancelled { " " (badge(l.t("cancelled", "cancelada"), "bad")) } }
            div.actions {
                a.button.secondary href={ (base) "/session.ics" } { (l.t("Add to calendar (.ics)", "Añadir al calendario (.ics)")) }
                @if v.runs {
                    @if !cancelled { a.button.secondary href={ (base) "/edit" } { (l.t("Edit", "Editar")) } }
                    a.button.secondary href={ (crate::urls::training(p.id)) "/new?from=" (s.id) } { (l.t("Copy as a repeat", "Copiar como repetición")) }
                    a.button.secondary href={ (base) "/message" } { (l.t("Message attendees", "Escribir a los asistentes")) }
                    a.button.secondary href={ (base) "/roster.csv" } { (l.t("Roster CSV", "Lista CSV")) }
                    @if !cancelled && !started { a.button.danger href={ (base) "/cancel" } { (l.t("Cancel session", "Cancelar sesión")) } }
                }
            }
            div.card {
                dl.facts {
                    dt { (l.t("When", "Cuándo")) } dd { (when(l, s)) }
                    dt { (l.t("Module", "Módulo")) } dd { (module_label(l, &s.module)) " · " (kind_label(l, &s.kind)) }
                    dt { (l.t("Mode", "Modalidad")) } dd { (mode_label(l, &s.mode)) }
                    dt { (l.t("Meant for", "Dirigida a")) } dd { (audience(ctx, s, &v.departments)) }
                    @if let Some(place) = &s.place { dt { (l.t("Place", "Lugar")) } dd { (place) } }
                    @if let Some(u) = &s.meeting_url { dt { (l.t("Meeting link", "Enlace de la reunión")) } dd { a href=(u) rel="noopener noreferrer" { (u) } } }
                    dt { (l.t("Trainer", "Formador")) } dd { (v.trainer.as_deref().unwrap_or(l.t("not assigned", "sin asignar"))) }
                    dt { (l.t("Cancel before", "Cancelar antes de")) } dd { (l.date(cutoff.date())) " " (cutoff.format("%H:%M")) " (" (s.tz) ")" }
                }
                (progress(booked, i64::from(s.capacity), l.t("Seats taken", "Plazas ocupadas")))
                @if waiting > 0 { p.muted { (l.f("{0} people on the wait-list.", "{0} personas en lista de espera.", &[&waiting])) } }
            }
            @if let Some(pr) = &s.prerequisites { h2 { (l.t("Before you come", "Antes de venir")) } p.pre { (pr) } }
            @if let Some(m) = &s.materials { h2 { (l.t("Materials", "Materiales")) } p.pre { (m) } }
            div.card {
                @match v.mine {
                    Some(b) => {
                        p { (l.t("Your place:", "Su plaza:")) " " (badge(booking_label(l, &b.status), if b.status == "booked" { "ok" } else { "warn" }))
                            @if let Some(a) = &b.attendance { " · " (attendance_label(l, a)) } }
                        @if !cancelled && !started {
                            form method="post" action={ (base) "/withdraw" } {
                                (csrf_field(ctx))
                                button.secondary type="submit" { @if b.status == "booked" { (l.t("Release my seat", "Liberar mi plaza")) } @else { (l.t("Leave the wait-list", "Salir de la lista de espera")) } }
                            }
                        }
                    }
                    None => {
                        @if cancelled || started {
                            p.muted { (l.t("Sign-up is closed.", "Las inscripciones están cerradas.")) }
                        } @else if v.is_member && !v.meant_for_me {
                            p.muted { (l.t("This session is meant for other roles or departments.", "Esta sesión está dirigida a otros roles o departamentos.")) }
                        } @else {
                            form method="post" action={ (base) "/signup" } {
                                (csrf_field(ctx))
                                button type="submit" { @if booked >= i64::from(s.capacity) { (l.t("Join the wait-list", "Apuntarme a la lista de espera")) } @else { (l.t("Sign up", "Inscribirme")) } }
                            }
                        }
                    }
                }
            }
            @if !v.resources.is_empty() {
                h2 { (l.t("Keep learning", "Siga aprendiendo")) }
                (super::resources_views::resource_list(v.resources, l))
            }
            @if v.runs {
                h2 { (l.t("Roster", "Lista de asistentes")) }
                @if seated.is_empty() {
                    p.muted { (l.t("Nobody has signed up yet.", "Aún no se ha inscrito nadie.")) }
                } @else {
                    form method="post" action={ (base) "/attendance" } {
                        (csrf_field(ctx))
                        table {
                            thead { tr { th scope="col" { (l.t("Name", "Nombre")) } th scope="col" { (l.t("Email", "Correo")) } th scope="col" { (l.t("Attendance", "Asistencia")) } } }
                            tbody { @for (b, u) in &seated { tr {
                                td { (u.name) } td { (u.email) }
                                td {
                                    label.visually-hidden for={ "a-" (b.id) } { (l.f("Attendance of {0}", "Asistencia de {0}", &[&u.name])) }
                                    select id={ "a-" (b.id) } name={ "a_" (b.id) } disabled[!started || cancelled] {
                                        option value="" { (attendance_label(l, "")) }
                                        @for a in ATTENDANCE { option value=(a) selected[b.attendance.as_deref() == Some(a)] { (attendance_label(l, a)) } }
                                    }
                                }
                            } } }
                        }
                        @if started && !cancelled { button type="submit" { (l.t("Save attendance", "Guardar asistencia")) } }
                        @else { p.hint { (l.t("Attendance can be taken once the session has started.", "La asistencia se registra una vez empezada la sesión.")) } }
                    }
                }
                @if !waitlist.is_empty() {
                    h3 { (l.t("Wait-list, in order", "Lista de espera, por orden")) }
                    ol { @for (b, u) in &waitlist { li { (u.name) " · " span.muted { (l.datetime(b.signed_up_at)) } } } }
                }
            }
        },
    )
}

pub fn cancel_page(ctx: &Ctx, acc: &Access, s: &training_session::Model, seats: (i64, i64)) -> Markup {
    let l = ctx.lang;
    let base = crate::urls::training_session(acc.project.id, s.id);
    let title = l.t("Cancel session", "Cancelar sesión");
    layout::page(
        ctx,
        title,
        html! {
            div.card.danger {
                h1 { (l.f("Cancel “{0}”?", "¿Cancelar «{0}»?", &[&s.title])) }
                p { (l.f("{0} people hold a seat and {1} are waiting. Each gets an email, and those with a seat a calendar cancellation. This cannot be undone; you can schedule a new session.",
                         "{0} personas tienen plaza y {1} esperan. Todas reciben un correo, y las que tienen plaza una cancelación para su calendario. No se puede deshacer; puede programar una sesión nueva.", &[&seats.0, &seats.1])) }
                form method="post" action={ (base) "/cancel" } {
                    (csrf_field(ctx))
                    div.actions { button.danger type="submit" { (title) } a href=(base) { (l.t("Keep the session", "Mantener la sesión")) } }
                }
            }
        },
    )
}

pub fn message_page(ctx: &Ctx, acc: &Access, s: &training_session::Model, f: &MessageForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let base = crate::urls::training_session(acc.project.id, s.id);
    let title = l.t("Message attendees", "Escribir a los asistentes");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, &acc.project, &[(l.t("Training", "Formación"), Some(crate::urls::training(acc.project.id))), (&s.title, Some(base.clone())), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, e))
                form method="post" action={ (base) "/message" } novalidate {
                    (csrf_field(ctx))
                    (field("subject", l.t("Subject", "Asunto"), "text", &f.subject, e, FieldAttrs::required().max(150)))
                    (field("body", l.t("Message", "Mensaje"), "textarea", &f.body, e, FieldAttrs::required().max(5000)))
                    label { input type="checkbox" name="include_waitlist" value="1" checked[f.include_waitlist == "1"]; " " (l.t("Also people on the wait-list", "También a quienes están en lista de espera")) }
                    div.actions { button type="submit" { (l.t("Send", "Enviar")) } a href=(base) { (l.t("Cancel", "Cancelar")) } }
                }
            }
        },
    )
}
