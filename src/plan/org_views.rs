//! The organization page: the unit tree with its kinds and the form to add a unit.

use super::form::UnitForm;
use super::org::{KINDS, kind_label, tree};
use crate::entities::org_unit;
use crate::projects::access::Access;
use crate::projects::org::path_of;
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

pub(super) fn view(ctx: &Ctx, acc: &Access, all: &[org_unit::Model], form: &UnitForm, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Organizational structure", "Estructura organizativa");
    let rows = tree(all);
    let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (*k, kind_label(l, k))).collect();
    let ids: Vec<String> = rows.iter().map(|(_, u)| u.id.to_string()).collect();
    let labels: Vec<String> = rows.iter().map(|(_, u)| path_of(all, u)).collect();
    let mut parents: Vec<(&str, &str)> = vec![("", l.t("(top level)", "(nivel superior)"))];
    parents.extend(ids.iter().zip(&labels).map(|(a, b)| (a.as_str(), b.as_str())));
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            (super::views::plan_nav(ctx, p.id))
            div.actions { a.button.secondary href={ (crate::urls::org(p.id)) ".csv" } { (l.t("Export CSV", "Exportar CSV")) } }
            @if rows.is_empty() {
                div.empty { p { (l.t("No structure yet. Add the legal entities first, then their sites, then the departments: training sessions and feedback will refer to them.",
                                     "Aún no hay estructura. Añada primero las sociedades, después sus centros y luego los departamentos: las sesiones de formación y las opiniones se referirán a ellos.")) } }
            } @else {
                ul.org-tree {
                    @for (depth, u) in &rows {
                        li.(format!("depth-{}", depth.min(&6))) {
                            (badge(kind_label(l, &u.kind), if u.kind == "department" { "info" } else { "" })) " " (u.name)
                            @if acc.can_manage() { " · " a href={ (crate::urls::org(p.id)) "/" (u.id) "/delete" } { (l.t("Delete", "Eliminar")) } }
                        }
                    }
                }
            }
            @if acc.can_manage() {
                div.card {
                    h2 { (l.t("Add a unit", "Añadir una unidad")) }
                    (error_summary(l, errors))
                    form method="post" action=(crate::urls::org(p.id)) novalidate {
                        (csrf_field(ctx))
                        (field("name", l.t("Name", "Nombre"), "text", &form.name, errors, FieldAttrs::required().max(160)))
                        (select("kind", l.t("Kind", "Tipo"), &kinds, &form.kind, errors))
                        (select("parent_id", l.t("Inside", "Dentro de"), &parents, &form.parent_id, errors))
                        button type="submit" { (l.t("Add", "Añadir")) }
                    }
                }
            }
        },
    )
}
