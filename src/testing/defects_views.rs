//! Defect pages: the filtered list, the form (prefilled from a failed step), one defect with its
//! links, history and the next statuses of its flow.

use super::form::{DefectForm, ListParams};
use super::rules::{DEFECT_STATUSES, SEVERITIES, next_statuses};
use super::{defect_class, defect_status_label, severity_label};
use crate::entities::{defect, defect_event, test_case};
use crate::projects::access::Access;
use crate::training::{MODULES, module_label};
use crate::web::components::{
    FieldAttrs, badge, csrf_field, error_summary, field, pagination, scroll_region, select, select_required,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use std::collections::HashMap;

pub fn list(
    ctx: &Ctx,
    acc: &Access,
    q: &ListParams,
    rows: &[defect::Model],
    names: &HashMap<i32, String>,
    (page, pages, total): (u64, u64, u64),
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = if acc.can_coordinate() { l.t("Defects", "Defectos") } else { l.t("My defects", "Mis defectos") };
    let base = crate::urls::defects(p.id);
    let none = FormErrors::new();
    let mut statuses = vec![("", l.t("Any status", "Cualquier estado")), ("open", l.t("Open", "Abiertos"))];
    statuses.extend(DEFECT_STATUSES.iter().map(|s| (*s, defect_status_label(l, s))));
    let mut sevs = vec![("", l.t("Any severity", "Cualquier gravedad"))];
    sevs.extend(SEVERITIES.iter().map(|s| (*s, severity_label(l, s))));
    let keep = [("status", q.status.clone()), ("severity", q.severity.clone()), ("sort", q.sort.clone())];
    let body = html! {
        (crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (title, None)]))
        h1 { (title) }
        div.actions {
            @if acc.can_coordinate() { a.button href={ (base) "/new" } { (l.t("New defect", "Nuevo defecto")) } }
            a.button.secondary href={ (base) ".csv?status=" (q.status) "&severity=" (q.severity) } { (l.t("Export CSV", "Exportar CSV")) }
        }
        form.filters method="get" action=(base) {
            (select("status", l.t("Status", "Estado"), &statuses, &q.status, &none))
            (select("severity", l.t("Severity", "Gravedad"), &sevs, &q.severity, &none))
            input type="hidden" name="sort" value=(q.sort);
            button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
        }
        @if rows.is_empty() {
            div.empty { p { (l.t("No defects here. Defects are raised from a failed step of a test run.", "No hay defectos aquí. Los defectos se registran desde un paso fallido de una ejecución de prueba.")) } }
        } @else {
            (scroll_region(title, html! { table {
                thead { tr { th scope="col" { (l.t("Defect", "Defecto")) } th scope="col" { a href={ (base) "?sort=severity&status=" (q.status) "&severity=" (q.severity) } { (l.t("Severity", "Gravedad")) @if q.sort == "severity" { " ↓" } } } th scope="col" { (l.t("Part of the ERP", "Parte del ERP")) } th scope="col" { (l.t("Status", "Estado")) } th scope="col" { (l.t("Assignee", "Responsable")) } } }
                tbody { @for d in rows { tr {
                    td { a href=(crate::urls::defect(p.id, d.id)) { (d.title) } }
                    td { (badge(severity_label(l, &d.severity), defect_class(&d.status, &d.severity))) }
                    td { (module_label(l, &d.module)) }
                    td { (defect_status_label(l, &d.status)) }
                    td { (d.assignee_id.and_then(|a| names.get(&a)).map(String::as_str).unwrap_or("—")) }
                } } }
            } }))
            (pagination(l, &base, &keep, page, pages, total))
        }
    };
    layout::page(ctx, title, body)
}

fn owned(items: &[(i32, String)]) -> Vec<(String, &str)> {
    items.iter().map(|(i, n)| (i.to_string(), n.as_str())).collect()
}

pub fn form_page(
    ctx: &Ctx,
    acc: &Access,
    form: &DefectForm,
    people: &[(i32, String)],
    cases: &[(i32, String)],
    reqs: &[(i32, String, String)],
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Raise a defect", "Registrar un defecto");
    let sevs: Vec<(&str, &str)> = SEVERITIES.iter().map(|s| (*s, severity_label(l, s))).collect();
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let people = owned(people);
    let mut assignees: Vec<(&str, &str)> = vec![("", l.t("(nobody yet)", "(nadie todavía)"))];
    assignees.extend(people.iter().map(|(i, n)| (i.as_str(), *n)));
    let cases = owned(cases);
    let cases: Vec<(&str, &str)> = cases.iter().map(|(i, n)| (i.as_str(), *n)).collect();
    let req_ids: Vec<String> = reqs.iter().map(|r| r.0.to_string()).collect();
    let mut req_opts: Vec<(&str, &str)> = vec![("", l.t("(none)", "(ninguno)"))];
    req_opts.extend(req_ids.iter().zip(reqs).map(|(i, r)| (i.as_str(), r.1.as_str())));
    let body = html! {
        (crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (l.t("Defects", "Defectos"), Some(crate::urls::defects(p.id))), (title, None)]))
        h1 { (title) }
        div.card {
            (error_summary(l, e))
            form method="post" action=(crate::urls::defects(p.id)) novalidate {
                (csrf_field(ctx))
                input type="hidden" name="run_id" value=(form.run_id);
                input type="hidden" name="step_id" value=(form.step_id);
                (field("title", l.t("Title", "Título"), "text", &form.title, e, FieldAttrs::required().max(200)))
                (select_required(l, "severity", l.t("Severity", "Gravedad"), &sevs, &form.severity, e))
                (select_required(l, "module", l.t("Part of the ERP", "Parte del ERP"), &modules, &form.module, e))
                (select_required(l, "case_id", l.t("Test case that found it", "Caso de prueba que lo encontró"), &cases, &form.case_id, e))
                (select("requirement_id", l.t("Requirement affected", "Requisito afectado"), &req_opts, &form.requirement_id, e))
                (select("assignee_id", l.t("Assignee", "Responsable"), &assignees, &form.assignee_id, e))
                (field("description", l.t("What happens", "Qué ocurre"), "textarea", &form.description, e, FieldAttrs::default().max(4000)))
                div.actions { button type="submit" { (l.t("Raise the defect", "Registrar el defecto")) } a href=(crate::urls::defects(p.id)) { (l.t("Cancel", "Cancelar")) } }
            }
        }
    };
    layout::page(ctx, title, body)
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    ctx: &Ctx,
    acc: &Access,
    d: &defect::Model,
    case: Option<&test_case::Model>,
    events: &[defect_event::Model],
    names: &HashMap<i32, String>,
    may_move: bool,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let next: Vec<(&str, &str)> = next_statuses(&d.status).iter().map(|s| (*s, defect_status_label(l, s))).collect();
    let name = |u: Option<i32>| u.and_then(|u| names.get(&u)).map(String::as_str).unwrap_or("—");
    let body = html! {
        (crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (l.t("Defects", "Defectos"), Some(crate::urls::defects(p.id))), (&d.title, None)]))
        h1 { (d.title) }
        p { (badge(severity_label(l, &d.severity), defect_class(&d.status, &d.severity))) " " strong { (defect_status_label(l, &d.status)) } }
        dl {
            dt { (l.t("Part of the ERP", "Parte del ERP")) } dd { (module_label(l, &d.module)) }
            dt { (l.t("Assignee", "Responsable")) } dd { (name(d.assignee_id)) }
            dt { (l.t("Test case", "Caso de prueba")) } dd { @match case { Some(c) if acc.can_coordinate() => a href=(crate::urls::test_case(p.id, c.id)) { (c.title) }, Some(c) => (c.title), None => "—" } }
            @if let Some(r) = d.run_id { dt { (l.t("Found in run", "Encontrado en la ejecución")) } dd { a href=(crate::urls::test_run(p.id, r)) { "#" (r) } } }
            @if let Some(t) = &d.description { dt { (l.t("What happens", "Qué ocurre")) } dd { (t) } }
        }
        @if may_move {
            div.card {
                (error_summary(l, e))
                @if next.is_empty() && e.is_empty() {
                    p.muted { (l.t("This defect is finished.", "Este defecto está terminado.")) }
                } @else {
                    form method="post" action={ (crate::urls::defect(p.id, d.id)) "/status" } novalidate {
                        (csrf_field(ctx))
                        input type="hidden" name="version" value=(d.version);
                        (select_required(l, "status", l.t("Next status", "Siguiente estado"), &next, "", e))
                        button.secondary type="submit" { (l.t("Change status", "Cambiar estado")) }
                    }
                }
            }
        }
        h2 { (l.t("History", "Historial")) }
        ul { @for ev in events { li {
            (l.datetime(ev.at)) " · " (name(ev.by_user)) " · "
            @if let Some(f) = &ev.from_status { (defect_status_label(l, f)) " → " } (defect_status_label(l, &ev.to_status))
        } } }
    };
    layout::page(ctx, &d.title, body)
}
