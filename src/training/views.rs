//! Training pages: the session list with filters and the session form.

use super::form::{ListParams, SessionForm};
use super::{KINDS, MODES, MODULES, TIMEZONES, booking_label, kind_label, mode_label, module_label, when};
use crate::entities::training_session;
use crate::projects::access::{Access, MEMBER_ROLES, role_label};
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, pagination, progress, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use std::collections::HashMap;

/// The training section's sub-navigation.
pub fn nav(ctx: &Ctx, project_id: i32, can_schedule: bool) -> Markup {
    let l = ctx.lang;
    let base = crate::urls::training(project_id);
    html! {
        div.actions {
            @if can_schedule { a.button href={ (base) "/new" } { (l.t("New session", "Nueva sesión")) } }
            a.button.secondary href={ (base) "/mine" } { (l.t("My training", "Mi formación")) }
            a.button.secondary href={ (base) "/coverage" } { (l.t("Coverage", "Cobertura")) }
            a.button.secondary href={ (base) "/resources" } { (l.t("Learning resources", "Recursos de aprendizaje")) }
            a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
        }
    }
}

pub struct ListView<'a> {
    pub params: &'a ListParams,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub rows: &'a [training_session::Model],
    pub seats: &'a HashMap<i32, (i64, i64)>,
    pub mine: &'a HashMap<i32, String>,
}

pub fn list(ctx: &Ctx, acc: &Access, can_schedule: bool, v: &ListView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Training", "Formación");
    let base = crate::urls::training(p.id);
    let q = v.params;
    let none = FormErrors::new();
    let mut modules = vec![("", l.t("All modules", "Todos los módulos"))];
    modules.extend(MODULES.iter().map(|m| (*m, module_label(l, m))));
    let whens = [("", l.t("Upcoming", "Próximas")), ("past", l.t("Past", "Pasadas")), ("all", l.t("All", "Todas"))];
    let filtered = !q.q.is_empty() || !q.module.is_empty() || q.for_me == "1";
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            (nav(ctx, p.id, can_schedule))
            form.search.filters method="get" action=(base) role="search" {
                div.field { label for="q" { (l.t("Search", "Buscar")) } input #q type="search" name="q" value=(q.q); }
                (select("module", l.t("Module", "Módulo"), &modules, &q.module, &none))
                (select("when", l.t("When", "Cuándo"), &whens, &q.when, &none))
                div.field { label { input type="checkbox" name="for" value="1" checked[q.for_me == "1"]; " " (l.t("Meant for me", "Dirigidas a mí")) } }
                button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
            }
            @if v.rows.is_empty() {
                div.empty {
                    @if filtered {
                        p { (l.t("No session matches these filters.", "Ninguna sesión coincide con estos filtros.")) } a href=(base) { (l.t("Clear the filters", "Quitar los filtros")) }
                    } @else {
                        p { (l.t("No sessions scheduled. Neglected training is one of the guide's common errors: plan sessions per module and role well before go-live.",
                                 "No hay sesiones programadas. Descuidar la formación es uno de los errores comunes de la guía: planifique sesiones por módulo y rol con antelación a la puesta en marcha.")) }
                        @if can_schedule { a.button href={ (base) "/new" } { (l.t("Schedule a session", "Programar una sesión")) } }
                    }
                }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (l.t("Session", "Sesión")) }
                        th scope="col" { (l.t("When", "Cuándo")) }
                        th scope="col" { (l.t("Module / mode", "Módulo / modalidad")) }
                        th scope="col" { (l.t("Seats", "Plazas")) }
                        th scope="col" { (l.t("You", "Usted")) }
                    } }
                    tbody { @for s in v.rows {
                        @let (booked, waiting) = v.seats.get(&s.id).copied().unwrap_or_default();
                        tr {
                            td { a href=(crate::urls::training_session(p.id, s.id)) { (s.title) }
                                 @if s.status == "cancelled" { " " (badge(l.t("cancelled", "cancelada"), "bad")) }
                                 @if s.kind == "security" { " " (badge(kind_label(l, &s.kind), "info")) } }
                            td { (when(l, s)) }
                            td { (module_label(l, &s.module)) br; span.muted { (mode_label(l, &s.mode)) } }
                            td { (progress(booked, i64::from(s.capacity), l.t("Seats taken", "Plazas ocupadas")))
                                 @if waiting > 0 { span.muted { (l.f("{0} waiting", "{0} en espera", &[&waiting])) } } }
                            td { @if let Some(st) = v.mine.get(&s.id) { (badge(booking_label(l, st), if st == "booked" { "ok" } else { "warn" })) } }
                        }
                    } }
                }
                (pagination(l, &base, &[("q", q.q.clone()), ("module", q.module.clone()), ("when", q.when.clone()), ("for", q.for_me.clone())], v.page, v.pages, v.total))
            }
        },
    )
}

pub struct FormView<'a> {
    pub existing: Option<&'a training_session::Model>,
    pub form: &'a SessionForm,
    pub errors: &'a FormErrors,
    pub departments: &'a [(i32, String)],
    pub trainers: &'a [(i32, String)],
    pub can_assign: bool,
}

pub fn form_page(ctx: &Ctx, acc: &Access, v: &FormView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let f = v.form;
    let e = v.errors;
    let title = match v.existing {
        Some(_) => l.t("Edit session", "Editar sesión"),
        None => l.t("New training session", "Nueva sesión de formación"),
    };
    let action = match v.existing {
        Some(s) => crate::urls::training_session(p.id, s.id),
        None => crate::urls::training(p.id),
    };
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (*k, kind_label(l, k))).collect();
    let modes: Vec<(&str, &str)> = MODES.iter().map(|m| (*m, mode_label(l, m))).collect();
    let mut zones: Vec<(&str, &str)> = TIMEZONES.iter().map(|z| (*z, *z)).collect();
    if !f.tz.is_empty() && !TIMEZONES.contains(&f.tz.as_str()) {
        zones.insert(0, (f.tz.as_str(), f.tz.as_str()));
    }
    let trainer_ids: Vec<String> = v.trainers.iter().map(|t| t.0.to_string()).collect();
    let mut trainers: Vec<(&str, &str)> = vec![("", l.t("Nobody yet", "Nadie todavía"))];
    trainers.extend(v.trainers.iter().zip(&trainer_ids).map(|((_, n), id)| (id.as_str(), n.as_str())));
    let dept_err = e.get("departments");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Training", "Formación"), Some(crate::urls::training(p.id))), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, e))
                form method="post" action=(action) novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(f.version);
                    (field("title", l.t("Title", "Título"), "text", &f.title, e, FieldAttrs::required().max(200)))
                    div.grid {
                        (select("module", l.t("ERP module", "Módulo del ERP"), &modules, &f.module, e))
                        (select("kind", l.t("Session type", "Tipo de sesión"), &kinds, &f.kind, e))
                        (select("mode", l.t("Mode", "Modalidad"), &modes, &f.mode, e))
                    }
                    fieldset {
                        legend { (l.t("Audience (none ticked: everybody)", "Público (nada marcado: todo el mundo)")) }
                        @for r in MEMBER_ROLES {
                            label.inline { input type="checkbox" name={ "role_" (r) } value="1" checked[f.roles.iter().any(|x| x == r)]; " " (role_label(l, r)) }
                        }
                        @if v.departments.is_empty() {
                            p.hint { (l.t("Add departments under Plan → Organization to aim sessions at them.", "Añada departamentos en Plan → Organización para dirigir sesiones a ellos.")) }
                        } @else {
                            p.hint { (l.t("Departments:", "Departamentos:")) }
                            @for (id, name) in v.departments {
                                label.inline { input type="checkbox" name={ "dept_" (id) } value="1" checked[f.departments.contains(id)]; " " (name) }
                            }
                        }
                        @if let Some(m) = dept_err { p.error { (m) } }
                    }
                    div.grid {
                        (field("starts_at", l.t("Starts", "Empieza"), "datetime-local", &f.starts_at, e, FieldAttrs::required()))
                        (field("ends_at", l.t("Ends", "Termina"), "datetime-local", &f.ends_at, e, FieldAttrs::required()))
                        (select("tz", l.t("Time zone", "Zona horaria"), &zones, &f.tz, e))
                    }
                    (field("place", l.t("Place (room, site)", "Lugar (sala, sede)"), "text", &f.place, e, FieldAttrs::default().max(300)))
                    (field("meeting_url", l.t("Meeting link (https://…)", "Enlace de la reunión (https://…)"), "url", &f.meeting_url, e, FieldAttrs::default().max(500)))
                    div.grid {
                        (field("capacity", l.t("Seats", "Plazas"), "number", &f.capacity, e, FieldAttrs::required()))
                        (field("cancel_cutoff_hours", l.t("People may cancel up to … hours before", "Se puede cancelar hasta … horas antes"), "number", &f.cancel_cutoff_hours, e, FieldAttrs::default()))
                        @if v.can_assign { (select("trainer_id", l.t("Trainer", "Formador"), &trainers, &f.trainer_id, e)) }
                    }
                    (field("prerequisites", l.t("Before you come (prerequisites)", "Antes de venir (requisitos previos)"), "textarea", &f.prerequisites, e, FieldAttrs::default().max(2000)))
                    (field("materials", l.t("Materials", "Materiales"), "textarea", &f.materials, e, FieldAttrs::default().max(4000)))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(v.existing.map(|s| crate::urls::training_session(p.id, s.id)).unwrap_or_else(|| crate::urls::training(p.id))) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}
