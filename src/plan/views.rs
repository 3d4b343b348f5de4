//! Milestone pages: the list with filters, the form with its dependencies, delete confirmation.

use super::form::{ListParams, MilestoneForm};
use super::{STATUSES, status_class, status_label, store::Sort};
use crate::entities::{milestone, milestone_dep};
use crate::phases::label as phase_label;
use crate::projects::access::Access;
use crate::web::components::{
    FieldAttrs, badge, confirm, csrf_field, error_summary, field, pagination, progress, select, sort_header,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use std::collections::HashMap;

pub struct ListView<'a> {
    pub params: &'a ListParams,
    pub sort: Sort,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub rows: &'a [milestone::Model],
    pub owners: &'a HashMap<i32, String>,
    pub today: chrono::NaiveDate,
}

/// The plan's sub-navigation: its pages as links, the current one marked, and the exports apart as
/// download buttons, so a file is never mistaken for a page.
pub fn plan_nav(ctx: &Ctx, project_id: i32) -> Markup {
    let l = ctx.lang;
    let p = format!("/projects/{project_id}");
    let pages = [
        ("/milestones", l.t("Milestones", "Hitos")),
        ("/schedule", l.t("Schedule and critical path", "Calendario y ruta crítica")),
        ("/gantt", l.t("Gantt chart", "Diagrama de Gantt")),
        ("/baselines", l.t("Baselines", "Líneas base")),
        ("/raci", l.t("Team and RACI", "Equipo y RACI")),
        ("/org", l.t("Organization", "Organización")),
        ("/customizations", l.t("Customizations", "Personalizaciones")),
    ];
    html! {
        div.subnav {
            nav.subnav-pages aria-label=(l.t("Plan pages", "Páginas del plan")) { ul {
                @for (tail, label) in pages {
                    @let href = format!("{p}{tail}");
                    @let here = ctx.path == href || ctx.path.starts_with(&format!("{href}/"));
                    li { a href=(href) aria-current=[here.then_some("page")] { (label) } }
                }
            } }
            div.subnav-exports {
                span.muted { (l.t("Export:", "Exportar:")) }
                a.button.secondary.small href={ (p) "/milestones.csv" } download { span aria-hidden="true" { "↓ " } (l.t("Milestones (CSV)", "Hitos (CSV)")) }
                a.button.secondary.small href={ (p) "/milestones.ics" } download { span aria-hidden="true" { "↓ " } (l.t("Calendar (.ics)", "Calendario (.ics)")) }
            }
        }
    }
}

pub fn list(ctx: &Ctx, acc: &Access, v: &ListView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Implementation plan", "Plan de implantación");
    let base = crate::urls::milestones(p.id);
    let q = v.params;
    let keep =
        [("q", q.q.clone()), ("phase", q.phase.clone()), ("status", q.status.clone()), ("overdue", q.overdue.clone())];
    let desc = q.dir == "desc";
    let none = FormErrors::new();
    let mut phases = vec![("", l.t("All phases", "Todas las fases"))];
    phases.extend(crate::phases::KEYS.iter().map(|k| (*k, phase_label(l, k))));
    let mut statuses = vec![("", l.t("Any status", "Cualquier estado"))];
    statuses.extend(STATUSES.iter().map(|s| (*s, status_label(l, s))));
    let filtered = keep.iter().any(|(_, v)| !v.is_empty());
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            (plan_nav(ctx, p.id))
                    @if acc.can_manage() { div.actions { a.button href={ (base) "/new" } { (l.t("New milestone", "Nuevo hito")) } a.button.secondary href={ (base) "/import" } { (l.t("Import CSV", "Importar CSV")) } } }
            form.search.filters method="get" action=(base) role="search" {
                div.field { label for="q" { (l.t("Search", "Buscar")) } input #q type="search" name="q" value=(q.q); }
                (select("phase", l.t("Phase", "Fase"), &phases, &q.phase, &none))
                (select("status", l.t("Status", "Estado"), &statuses, &q.status, &none))
                div.field { label { input type="checkbox" name="overdue" value="1" checked[q.overdue == "1"]; " " (l.t("Overdue only", "Solo vencidos")) } }
                input type="hidden" name="sort" value=(v.sort.key());
                button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
            }
            @if v.rows.is_empty() {
                div.empty {
                    @if filtered {
                        p { (l.t("No milestone matches these filters.", "Ningún hito coincide con estos filtros.")) } a href=(base) { (l.t("Clear the filters", "Quitar los filtros")) }
                    } @else {
                        p { (l.t("No milestones yet. The guide's first common error is the lack of a clear plan: start with the big steps (configuration, data migration, training, go-live), give each an owner and dates, then link them.",
                                 "Aún no hay hitos. El primer error común de la guía es no tener un plan claro: empiece por los grandes pasos (configuración, migración de datos, formación, puesta en marcha), asigne a cada uno un responsable y fechas, y después enlácelos.")) }
                        @if acc.can_manage() { a.button href={ (base) "/new" } { (l.t("New milestone", "Nuevo hito")) } }
                    }
                }
            } @else {
                table {
                    thead { tr {
                        (sort_header(&base, &keep, "title", l.t("Milestone", "Hito"), v.sort.key(), desc))
                        th scope="col" { (l.t("Phase / workstream", "Fase / frente")) }
                        th scope="col" { (l.t("Owner", "Responsable")) }
                        (sort_header(&base, &keep, "start", l.t("Start", "Inicio"), v.sort.key(), desc))
                        (sort_header(&base, &keep, "due", l.t("Due", "Vencimiento"), v.sort.key(), desc))
                        th scope="col" { (l.t("Status", "Estado")) }
                        th scope="col" { (l.t("Progress", "Avance")) }
                    } }
                    tbody {
                        @for m in v.rows {
                            @let overdue = m.due_date < v.today && m.status != "done";
                            tr #{ "m-" (m.id) } {
                                td { a href={ (crate::urls::milestone(p.id, m.id)) "/edit" } { (m.title) } }
                                td { (phase_label(l, &m.phase_key)) @if let Some(w) = &m.workstream { br; span.muted { (w) } } }
                                td { @match m.owner_id.and_then(|o| v.owners.get(&o)) { Some(n) => (n), None => (badge(l.t("no owner", "sin responsable"), "warn")) } }
                                td { (l.date(m.start_date)) }
                                td { (l.date(m.due_date)) @if overdue { " " (badge(l.t("overdue", "vencido"), "bad")) } }
                                td { (badge(status_label(l, &m.status), status_class(&m.status))) }
                                td { (progress(i64::from(m.percent), 100, l.t("Complete", "Completado"))) }
                            }
                        }
                    }
                }
                (pagination(l, &base, &[("q", q.q.clone()), ("phase", q.phase.clone()), ("status", q.status.clone()), ("overdue", q.overdue.clone()), ("sort", v.sort.key().into()), ("dir", q.dir.clone())], v.page, v.pages, v.total))
            }
        },
    )
}

#[allow(clippy::too_many_arguments)]
pub fn form_page(
    ctx: &Ctx,
    acc: &Access,
    existing: Option<&milestone::Model>,
    form: &MilestoneForm,
    errors: &FormErrors,
    members: &[(i32, String)],
    deps: &[milestone_dep::Model],
    others: &[milestone::Model],
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title =
        if existing.is_some() { l.t("Edit milestone", "Editar hito") } else { l.t("New milestone", "Nuevo hito") };
    let action = existing.map(|m| crate::urls::milestone(p.id, m.id)).unwrap_or_else(|| crate::urls::milestones(p.id));
    let phases: Vec<(&str, &str)> = crate::phases::KEYS.iter().map(|k| (*k, phase_label(l, k))).collect();
    let statuses: Vec<(&str, &str)> = STATUSES.iter().map(|s| (*s, status_label(l, s))).collect();
    let ids: Vec<String> = members.iter().map(|m| m.0.to_string()).collect();
    let mut owners: Vec<(&str, &str)> = vec![("", l.t("(nobody yet)", "(nadie todavía)"))];
    owners.extend(ids.iter().zip(members).map(|(id, m)| (id.as_str(), m.1.as_str())));
    let title_of = |id: i32| others.iter().find(|m| m.id == id).map(|m| m.title.as_str()).unwrap_or("?");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                form method="post" action=(action) novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(form.version);
                    (field("title", l.t("Milestone", "Hito"), "text", &form.title, errors, FieldAttrs::required().max(300)))
                    (select("phase_key", l.t("Phase", "Fase"), &phases, &form.phase_key, errors))
                    (field("workstream", l.t("Workstream", "Frente de trabajo"), "text", &form.workstream, errors, FieldAttrs::default().max(80).hint(l.t("e.g. Finance, Warehouse, Data migration", "p. ej. Finanzas, Almacén, Migración de datos"))))
                    @if acc.can_manage() { (select("owner_id", l.t("Accountable owner", "Responsable (A)"), &owners, &form.owner_id, errors)) }
                    @else { input type="hidden" name="owner_id" value=(form.owner_id); }
                    (field("start_date", l.t("Start", "Inicio"), "date", &form.start_date, errors, FieldAttrs::required()))
                    (field("due_date", l.t("Due", "Vencimiento"), "date", &form.due_date, errors, FieldAttrs::required().hint(l.t("The last working day of the activity (inclusive): due on the start day is a 1-day activity.", "El último día laborable de la actividad (incluido): vencer el mismo día del inicio es una actividad de 1 día."))))
                    div.field {
                        label { input #f-checkpoint type="checkbox" name="checkpoint" value="1" checked[form.is_checkpoint()]; " " (l.t("Checkpoint (zero-length)", "Punto de control (duración cero)")) }
                        small.hint { (l.t("A date to reach rather than work to do: it takes no time, what follows it may start that same day, and the Gantt shows a diamond. Its due date is its start.", "Una fecha que alcanzar, no un trabajo que hacer: no dura nada, lo que le sigue puede empezar ese mismo día y el Gantt lo muestra como un rombo. Su vencimiento es su inicio.")) }
                    }
                    @if let Some(n) = form.length() { p #milestone-length { (l.t("Length", "Duración")) ": " strong { (super::length_label(l, n)) } } }
                    (select("status", l.t("Status", "Estado"), &statuses, &form.status, errors))
                    (field("percent", l.t("Percent complete", "Porcentaje completado"), "number", &form.percent, errors, FieldAttrs::default().max(3)))
                    (field("deliverables", l.t("Deliverables", "Entregables"), "textarea", &form.deliverables, errors, FieldAttrs::default().max(4000)))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(crate::urls::milestones(p.id)) { (l.t("Cancel", "Cancelar")) }
                        @if let (Some(m), true) = (existing, acc.can_manage()) { a href={ (crate::urls::milestone(p.id, m.id)) "/delete" } { (l.t("Delete", "Eliminar")) } }
                    }
                }
            }
            @if let Some(m) = existing {
                section.card #dependencies {
                    h2 { (l.t("Dependencies", "Dependencias")) }
                    @let before: Vec<&milestone_dep::Model> = deps.iter().filter(|d| d.successor_id == m.id).collect();
                    @let after: Vec<&milestone_dep::Model> = deps.iter().filter(|d| d.predecessor_id == m.id).collect();
                    @if before.is_empty() && after.is_empty() { p.muted { (l.t("This milestone depends on nothing and nothing depends on it.", "Este hito no depende de nada y nada depende de él.")) } }
                    ul {
                        @for d in &before {
                            li { (l.t("Starts after", "Empieza después de")) " " strong { (title_of(d.predecessor_id)) } @if d.lag_days != 0 { " " (l.f("(+{0} days)", "(+{0} días)", &[&d.lag_days])) }
                                @if acc.can_manage() { form.inline method="post" action={ "/projects/" (p.id) "/dependencies/" (d.id) "/delete" } { (csrf_field(ctx)) " " button.link type="submit" { (l.t("remove", "quitar")) } } } }
                        }
                        @for d in &after { li { strong { (title_of(d.successor_id)) } " " (l.t("waits for this one", "espera a este")) } }
                    }
                    @if acc.can_manage() {
                        @let choices: Vec<(String, &str)> = others.iter().filter(|o| o.id != m.id).map(|o| (o.id.to_string(), o.title.as_str())).collect();
                        @let opts: Vec<(&str, &str)> = choices.iter().map(|(a, b)| (a.as_str(), *b)).collect();
                        @if !opts.is_empty() {
                            form.filters method="post" action={ (crate::urls::milestone(p.id, m.id)) "/dependencies" } {
                                (csrf_field(ctx))
                                (select("predecessor_id", l.t("Starts after", "Empieza después de"), &opts, "", &FormErrors::new()))
                                div.field { label for="f-lag" { (l.t("Lag (days)", "Desfase (días)")) } input #f-lag type="number" name="lag_days" value="0" min="-365" max="365"; }
                                button type="submit" { (l.t("Add dependency", "Añadir dependencia")) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn delete_page(ctx: &Ctx, acc: &Access, m: &milestone::Model) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Delete milestone", "Eliminar hito");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            (confirm(ctx, &l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&m.title]),
                l.t("Its dependencies and its dates in saved baselines are deleted with it.", "Sus dependencias y sus fechas en las líneas base guardadas se eliminan con él."),
                &format!("{}/delete", crate::urls::milestone(p.id, m.id)), &crate::urls::milestones(p.id)))
        },
    )
}

/// The confirmation before a dependency is removed: which milestone stops waiting for which, and
/// that the schedule is recalculated without it.
pub fn remove_dependency_page(ctx: &Ctx, acc: &Access, d: &milestone_dep::Model, pred: &str, succ: &str) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Remove dependency", "Quitar dependencia");
    let mut facts =
        vec![l.f("“{0}” will no longer wait for “{1}”.", "«{0}» dejará de esperar a «{1}».", &[&succ, &pred])];
    if d.lag_days != 0 {
        facts.push(l.f(
            "Its lag of {0} days is lost with it.",
            "Su desfase de {0} días se pierde con ella.",
            &[&d.lag_days],
        ));
    }
    facts.push(
        l.t(
            "The critical path and the projected go-live are recalculated without it; to restore it you add it again.",
            "El camino crítico y la puesta en marcha prevista se recalculan sin ella; para recuperarla hay que añadirla de nuevo.",
        )
        .to_string(),
    );
    let back = crate::urls::milestone(p.id, d.successor_id);
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            (crate::web::components::confirm_step(ctx, &l.f("Remove the dependency of “{0}” on “{1}”?", "¿Quitar la dependencia de «{0}» respecto de «{1}»?", &[&succ, &pred]),
                &facts, &format!("/projects/{}/dependencies/{}/delete", p.id, d.id), &back, l.t("Remove the dependency", "Quitar la dependencia")))
        },
    )
}
