//! Requirement pages: list with filters, form, delete confirmation.

use super::form::{ListParams, RequirementForm};
use super::{AREAS, PRIORITIES, area_label, priority_label, store::Sort};
use crate::entities::requirement;
use crate::projects::access::Access;
use crate::web::components::{
    FieldAttrs, badge, confirm, csrf_field, error_summary, field, pagination, select, sort_header,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};

pub struct ListView<'a> {
    pub params: &'a ListParams,
    pub sort: Sort,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub rows: &'a [(requirement::Model, Option<String>)],
}

pub fn priority_badge(l: Lang, p: &str) -> Markup {
    let class = match p {
        "must" => "bad",
        "should" => "warn",
        "could" => "info",
        _ => "",
    };
    badge(priority_label(l, p), class)
}

fn options<'a>(
    l: Lang,
    codes: &[&'a str],
    label: fn(Lang, &str) -> &'static str,
    any: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut v = vec![("", any)];
    v.extend(codes.iter().map(|c| (*c, label(l, c))));
    v
}

pub fn list(ctx: &Ctx, acc: &Access, v: &ListView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Requirements", "Requisitos");
    let base = crate::urls::requirements(p.id);
    let q = v.params;
    let keep = [("q", q.q.clone()), ("area", q.area.clone()), ("priority", q.priority.clone())];
    let desc = q.dir == "desc";
    let filtered = !q.q.is_empty() || !q.area.is_empty() || !q.priority.is_empty();
    let none = FormErrors::new();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            p.muted { (l.t("What the business needs from the new system, by area and priority (MoSCoW). Requirements feed the fit matrix of the selection.",
                           "Lo que el negocio necesita del nuevo sistema, por área y prioridad (MoSCoW). Los requisitos alimentan la matriz de ajuste de la selección.")) }
            div.actions {
                @if acc.can_manage() {
                    a.button href={ (base) "/new" } { (l.t("New requirement", "Nuevo requisito")) }
                    a.button.secondary href={ (base) "/import" } { (l.t("Import CSV", "Importar CSV")) }
                }
                a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
            }
            form.search.filters method="get" action=(base) role="search" {
                div.field {
                    label for="q" { (l.t("Search", "Buscar")) }
                    input #q type="search" name="q" value=(q.q);
                }
                (select("area", l.t("Area", "Área"), &options(l, &AREAS, area_label, l.t("All areas", "Todas las áreas")), &q.area, &none))
                (select("priority", l.t("Priority", "Prioridad"), &options(l, &PRIORITIES, priority_label, l.t("All priorities", "Todas las prioridades")), &q.priority, &none))
                input type="hidden" name="sort" value=(v.sort.key());
                button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
            }
            @if v.rows.is_empty() {
                div.empty {
                    @if filtered {
                        p { (l.t("No requirement matches these filters.", "Ningún requisito coincide con estos filtros.")) }
                        a href=(base) { (l.t("Clear the filters", "Quitar los filtros")) }
                    } @else if acc.can_manage() {
                        p { (l.t("No requirements yet. Interview the department heads, then write them here or import your spreadsheet.",
                                 "Aún no hay requisitos. Entreviste a los responsables de cada área y escríbalos aquí o importe su hoja de cálculo.")) }
                        a.button href={ (base) "/new" } { (l.t("New requirement", "Nuevo requisito")) }
                    } @else {
                        p { (l.t("The project manager has not recorded requirements yet.", "El jefe de proyecto aún no ha registrado requisitos.")) }
                    }
                }
            } @else {
                table {
                    thead { tr {
                        (sort_header(&base, &keep, "title", l.t("Requirement", "Requisito"), v.sort.key(), desc))
                        (sort_header(&base, &keep, "area", l.t("Area", "Área"), v.sort.key(), desc))
                        (sort_header(&base, &keep, "priority", l.t("Priority", "Prioridad"), v.sort.key(), desc))
                        th scope="col" { (l.t("Key process", "Proceso clave")) }
                        th scope="col" { (l.t("Owner", "Responsable")) }
                        @if acc.can_manage() { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } }
                    } }
                    tbody {
                        @for (r, owner) in v.rows {
                            tr #{ "req-" (r.id) } {
                                td { strong { (r.title) } @if let Some(d) = &r.description { br; span.muted { (d) } } }
                                td { (area_label(l, &r.area)) }
                                td { (priority_badge(l, &r.priority)) }
                                td { (r.process.as_deref().unwrap_or("—")) }
                                td { (owner.as_deref().unwrap_or("—")) }
                                @if acc.can_manage() {
                                    td {
                                        a href={ (crate::urls::requirement(p.id, r.id)) "/edit" } { (l.t("Edit", "Editar")) }
                                        " · "
                                        a href={ (crate::urls::requirement(p.id, r.id)) "/delete" } { (l.t("Delete", "Eliminar")) }
                                    }
                                }
                            }
                        }
                    }
                }
                (pagination(l, &base, &[("q", q.q.clone()), ("area", q.area.clone()), ("priority", q.priority.clone()), ("sort", v.sort.key().into()), ("dir", q.dir.clone())], v.page, v.pages, v.total))
            }
        },
    )
}

pub fn form_page(
    ctx: &Ctx,
    acc: &Access,
    existing: Option<i32>,
    form: &RequirementForm,
    errors: &FormErrors,
    members: &[(i32, String)],
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = if existing.is_some() {
        l.t("Edit requirement", "Editar requisito")
    } else {
        l.t("New requirement", "Nuevo requisito")
    };
    let action =
        existing.map(|id| crate::urls::requirement(p.id, id)).unwrap_or_else(|| crate::urls::requirements(p.id));
    let areas: Vec<(&str, &str)> = AREAS.iter().map(|a| (*a, area_label(l, a))).collect();
    let prios: Vec<(&str, &str)> = PRIORITIES.iter().map(|a| (*a, priority_label(l, a))).collect();
    let ids: Vec<String> = members.iter().map(|m| m.0.to_string()).collect();
    let mut owners: Vec<(&str, &str)> = vec![("", l.t("(nobody yet)", "(nadie todavía)"))];
    owners.extend(ids.iter().zip(members).map(|(id, m)| (id.as_str(), m.1.as_str())));
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Requirements", "Requisitos"), Some(crate::urls::requirements(p.id))), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                form method="post" action=(action) novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(form.version);
                    (field("title", l.t("Requirement", "Requisito"), "text", &form.title, errors, FieldAttrs::required().max(300)))
                    (select("area", l.t("Business area", "Área de negocio"), &areas, &form.area, errors))
                    (select("priority", l.t("Priority", "Prioridad"), &prios, &form.priority, errors))
                    (field("description", l.t("Description", "Descripción"), "textarea", &form.description, errors, FieldAttrs::default().max(4000)))
                    (field("process", l.t("Key process it improves", "Proceso clave que mejora"), "text", &form.process, errors,
                        FieldAttrs::default().max(300).hint(l.t("e.g. order to cash, purchase to pay, month-end close", "p. ej. del pedido al cobro, de la compra al pago, cierre mensual"))))
                    (select("owner_id", l.t("Owner", "Responsable"), &owners, &form.owner_id, errors))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(crate::urls::requirements(p.id)) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}

pub fn delete_page(ctx: &Ctx, acc: &Access, r: &requirement::Model) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Delete requirement", "Eliminar requisito");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Requirements", "Requisitos"), Some(crate::urls::requirements(p.id))), (title, None)]))
            (confirm(
                ctx,
                &l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&r.title]),
                l.t("Its fit assessments for every candidate product are deleted with it.", "Sus valoraciones de ajuste para cada producto candidato se eliminan con él."),
                &format!("{}/delete", crate::urls::requirement(p.id, r.id)),
                &crate::urls::requirements(p.id),
            ))
        },
    )
}
