//! Customization register pages: list with counts and the 20 % share, form, delete confirmation,
//! and the CSV export.

use super::customization_form::{CustomizationForm, ListParams, Sort};
use super::customizations::{KINDS, LEVELS, STATUSES};
use super::customizations_store::Counts;
use crate::entities::customization;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::web::components::{
    FieldAttrs, badge, confirm, csrf_field, error_summary, field, pagination, select, sort_header,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, csv, layout};
use actix_web::HttpResponse;
use maud::{Markup, html};
use std::collections::HashMap;

pub fn kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "configuration" => l.t("Configuration", "Configuración"),
        "extension" => l.t("Extension", "Extensión"),
        _ => l.t("Custom development", "Desarrollo a medida"),
    }
}

pub fn level_label(l: Lang, v: &str) -> &'static str {
    match v {
        "high" => l.t("High", "Alto"),
        "medium" => l.t("Medium", "Medio"),
        _ => l.t("Low", "Bajo"),
    }
}

pub fn status_label(l: Lang, s: &str) -> &'static str {
    match s {
        "approved" => l.t("Approved", "Aprobada"),
        "rejected" => l.t("Rejected", "Rechazada"),
        _ => l.t("Requested", "Solicitada"),
    }
}

fn status_badge(l: Lang, s: &str) -> Markup {
    badge(
        status_label(l, s),
        match s {
            "approved" => "ok",
            "rejected" => "bad",
            _ => "info",
        },
    )
}

pub struct ListView<'a> {
    pub params: &'a ListParams,
    pub rows: &'a [customization::Model],
    pub deciders: &'a HashMap<i32, String>,
    pub counts: &'a Counts,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

pub fn list(ctx: &Ctx, acc: &Access, v: &ListView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Customization register", "Registro de personalizaciones");
    let base = crate::urls::customizations(p.id);
    let none = FormErrors::new();
    let mut statuses = vec![("", l.t("Any status", "Cualquier estado"))];
    statuses.extend(STATUSES.iter().map(|s| (*s, status_label(l, s))));
    let mut kinds = vec![("", l.t("Any kind", "Cualquier tipo"))];
    kinds.extend(KINDS.iter().map(|k| (*k, kind_label(l, k))));
    let c = v.counts;
    let q = v.params;
    let (sort, desc) = (Sort::parse(&q.sort).key(), q.desc());
    let keep = [("status", q.status.clone()), ("kind", q.kind.clone())];
    let th = |key: &str, label: &str| sort_header(&base, &keep, key, label, sort, desc);
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            (super::views::plan_nav(ctx, p.id))
            p.muted { (l.t("The guide warns against over-customization: every change to the standard product costs effort now and at every upgrade. Record each request and decide it explicitly.",
                           "La guía advierte contra el exceso de personalización: cada cambio sobre el producto estándar cuesta esfuerzo ahora y en cada actualización. Registre cada petición y decídala de forma explícita.")) }
            div.card {
                dl.facts {
                    dt { (l.t("Requested / approved / rejected", "Solicitadas / aprobadas / rechazadas")) } dd { (c.requested) " / " (c.approved) " / " (c.rejected) }
                    dt { (l.t("Configuration / extension / custom development (not rejected)", "Configuración / extensión / desarrollo a medida (no rechazadas)")) }
                    dd { (c.configuration) " / " (c.extension) " / " (c.custom_development) }
                    dt { (l.t("Share of requirements", "Proporción sobre los requisitos")) }
                    dd { @match c.share_of_requirements() {
                        Some(s) => { (format!("{s:.0} %")) " " @if s > 20.0 { (badge(l.t("over 20 %: over-customization risk", "más del 20 %: riesgo de exceso de personalización"), "warn")) } }
                        None => span.muted { (l.t("no requirements recorded yet", "aún no hay requisitos")) }
                    } }
                }
            }
            div.actions {
                @if acc.can_manage() { a.button href={ (base) "/new" } { (l.t("New request", "Nueva petición")) } }
                a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
            }
            form.filters method="get" action=(base) {
                (select("status", l.t("Status", "Estado"), &statuses, &v.params.status, &none))
                (select("kind", l.t("Kind", "Tipo"), &kinds, &v.params.kind, &none))
                input type="hidden" name="sort" value=(sort);
                input type="hidden" name="dir" value=(q.dir);
                button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
            }
            @if v.rows.is_empty() && q.filtered() {
                div.empty {
                    p { (l.t("No request matches these filters.", "Ninguna petición coincide con estos filtros.")) }
                    a href=(base) { (l.t("Clear the filters", "Quitar los filtros")) }
                }
            } @else if v.rows.is_empty() {
                div.empty { p { (l.t("No customization requests here. Prefer configuration to custom code; when a request comes, record it with its value and risk.",
                                     "No hay peticiones de personalización aquí. Prefiera la configuración al código a medida; cuando llegue una petición, regístrela con su valor y su riesgo.")) } }
            } @else {
                table {
                    thead { tr {
                        (th("title", l.t("Request", "Petición"))) th scope="col" { (l.t("Kind", "Tipo")) } (th("value", l.t("Value", "Valor")))
                        (th("effort", l.t("Effort (days)", "Esfuerzo (días)"))) (th("risk", l.t("Upgrade risk", "Riesgo en actualizaciones"))) (th("status", l.t("Status", "Estado")))
                        @if acc.can_manage() { th scope="col" { span.muted { (l.t("Decision", "Decisión")) } } }
                    } }
                    tbody {
                        @for r in v.rows {
                            tr {
                                td { @if acc.can_manage() { a href={ (base) "/" (r.id) "/edit" } { (r.title) } } @else { (r.title) }
                                     @if let Some(n) = &r.decision_note { br; span.muted { (n) } } }
                                td { (kind_label(l, &r.kind)) }
                                td { (level_label(l, &r.business_value)) }
                                td { (r.effort_days) }
                                td { (level_label(l, &r.upgrade_risk)) }
                                td { (status_badge(l, &r.status))
                                     @if let Some(at) = r.decided_at { br; span.muted {
                                         @if let Some(who) = r.decided_by.and_then(|u| v.deciders.get(&u)) { (who) ", " }
                                         (l.datetime(at)) } } }
                                @if acc.can_manage() {
                                    td {
                                        form.inline method="post" action={ (base) "/" (r.id) "/decision" } {
                                            (csrf_field(ctx))
                                            input type="text" name="note" maxlength="4000" aria-label=(l.t("Decision note", "Nota de la decisión")) placeholder=(l.t("note", "nota"));
                                            button.secondary type="submit" name="status" value="approved" { (l.t("Approve", "Aprobar")) }
                                            button.secondary type="submit" name="status" value="rejected" { (l.t("Reject", "Rechazar")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (pagination(l, &base, &[("status", q.status.clone()), ("kind", q.kind.clone()), ("sort", q.sort.clone()), ("dir", q.dir.clone())], v.page, v.pages, v.total))
            }
        },
    )
}

pub fn form_page(
    ctx: &Ctx,
    acc: &Access,
    existing: Option<&customization::Model>,
    form: &CustomizationForm,
    errors: &FormErrors,
    reqs: &[(i32, String)],
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = if existing.is_some() {
        l.t("Edit customization request", "Editar petición de personalización")
    } else {
        l.t("New customization request", "Nueva petición de personalización")
    };
    let action = existing
        .map(|c| format!("{}/{}", crate::urls::customizations(p.id), c.id))
        .unwrap_or_else(|| crate::urls::customizations(p.id));
    let ids: Vec<String> = reqs.iter().map(|r| r.0.to_string()).collect();
    let mut req_opts: Vec<(&str, &str)> = vec![("", l.t("(no linked requirement)", "(sin requisito vinculado)"))];
    req_opts.extend(ids.iter().zip(reqs).map(|(id, r)| (id.as_str(), r.1.as_str())));
    let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (*k, kind_label(l, k))).collect();
    let levels: Vec<(&str, &str)> = LEVELS.iter().map(|k| (*k, level_label(l, k))).collect();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Customization register", "Registro de personalizaciones"), Some(crate::urls::customizations(p.id))), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                form method="post" action=(action) novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(form.version);
                    (field("title", l.t("Request", "Petición"), "text", &form.title, errors, FieldAttrs::required().max(300)))
                    (select("requirement_id", l.t("Linked requirement", "Requisito vinculado"), &req_opts, &form.requirement_id, errors))
                    (select("kind", l.t("Kind of change", "Tipo de cambio"), &kinds, &form.kind, errors))
                    (select("business_value", l.t("Business value", "Valor para el negocio"), &levels, &form.business_value, errors))
                    (field("effort_days", l.t("Estimated effort (days)", "Esfuerzo estimado (días)"), "text", &form.effort_days, errors, FieldAttrs::required().max(20)))
                    (select("upgrade_risk", l.t("Upgrade risk", "Riesgo en actualizaciones"), &levels, &form.upgrade_risk, errors))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(crate::urls::customizations(p.id)) { (l.t("Cancel", "Cancelar")) }
                        @if let Some(c) = existing { a href={ (crate::urls::customizations(p.id)) "/" (c.id) "/delete" } { (l.t("Delete", "Eliminar")) } }
                    }
                }
            }
        },
    )
}

pub fn delete_page(ctx: &Ctx, acc: &Access, c: &customization::Model) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Delete customization request", "Eliminar petición de personalización");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Customization register", "Registro de personalizaciones"), Some(crate::urls::customizations(p.id))), (title, None)]))
            (confirm(ctx, &l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&c.title]),
                l.t("The request and its decision are removed from the register.", "La petición y su decisión se eliminan del registro."),
                &format!("{}/{}/delete", crate::urls::customizations(p.id), c.id), &crate::urls::customizations(p.id)))
        },
    )
}

/// The register as CSV, one request a line, with the decider's name.
pub fn csv_export(rows: &[customization::Model], deciders: &HashMap<i32, String>) -> AppResult<HttpResponse> {
    let mut w = csv::writer();
    w.write_record([
        "id",
        "title",
        "requirement_id",
        "kind",
        "business_value",
        "effort_days",
        "upgrade_risk",
        "status",
        "decision_note",
        "decided_by",
        "decided_at",
    ])
    .map_err(csv::io)?;
    for c in rows {
        w.write_record([
            c.id.to_string(),
            csv::safe(&c.title),
            c.requirement_id.map(|r| r.to_string()).unwrap_or_default(),
            c.kind.clone(),
            c.business_value.clone(),
            format!("{}", c.effort_days),
            c.upgrade_risk.clone(),
            c.status.clone(),
            csv::safe(c.decision_note.as_deref().unwrap_or("")),
            csv::safe(c.decided_by.and_then(|u| deciders.get(&u)).map(String::as_str).unwrap_or("")),
            c.decided_at.map(|d| d.to_rfc3339()).unwrap_or_default(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("customizations.csv", w)
}
