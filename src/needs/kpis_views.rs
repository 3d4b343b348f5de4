//! The KPI baseline page: the table of baselines and the add/edit form beside it.

use super::form::KpiForm;
use super::kpis::DIRECTIONS;
use crate::entities::{kpi, kpi_template};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, confirm, csrf_field, error_summary, field, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};

pub fn direction_label(l: Lang, d: &str) -> &'static str {
    match d {
        "higher_is_better" => l.t("Higher is better", "Mejor cuanto más alto"),
        _ => l.t("Lower is better", "Mejor cuanto más bajo"),
    }
}

pub fn page(
    ctx: &Ctx,
    acc: &Access,
    kpis: &[kpi::Model],
    templates: &[kpi_template::Model],
    edit: Option<i32>,
    form: &KpiForm,
    errors: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("KPI baseline", "Línea base de KPI");
    let base = crate::urls::kpis(p.id);
    let mut tpl: Vec<(&str, &str)> = vec![("", l.t("Custom KPI", "KPI personalizado"))];
    tpl.extend(templates.iter().map(|t| (t.key.as_str(), l.pick(&t.name_en, &t.name_es))));
    let mut dirs: Vec<(&str, &str)> = vec![("", l.t("(from the template)", "(de la plantilla)"))];
    dirs.extend(DIRECTIONS.iter().map(|d| (*d, direction_label(l, d))));
    let action = edit.map(|k| format!("{base}/{k}")).unwrap_or_else(|| base.clone());
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            p.muted { (l.t("Measure these before go-live: phase 5 compares the numbers after go-live with this baseline. Open a KPI to record its measurements over time.",
                           "Mídalos antes de la puesta en marcha: en la fase 5 se comparan las cifras posteriores con esta línea base. Abra un KPI para registrar sus mediciones en el tiempo.")) }
            div.actions {
                a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
                a.button.secondary href={ "/projects/" (p.id) "/kpi-measurements.csv" } { (l.t("Measurements CSV", "Mediciones CSV")) }
                @if acc.can_manage() { a.button.secondary href={ "/projects/" (p.id) "/kpi-measurements/import" } { (l.t("Import measurements", "Importar mediciones")) } }
                a.button.secondary href=(crate::urls::adoption(p.id)) { (l.t("Adoption and KPI deltas", "Adopción y variación de KPI")) }
            }
            @if kpis.is_empty() {
                div.empty { p { (l.t("No KPI baseline yet. Pick a template below (order processing time, customer satisfaction…) and record today's value.",
                                      "Aún no hay línea base. Elija una plantilla abajo (tiempo de gestión de pedidos, satisfacción del cliente…) y registre el valor actual.")) } }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (l.t("KPI", "KPI")) }
                        th scope="col" { (l.t("Baseline", "Línea base")) }
                        th scope="col" { (l.t("Measured on", "Medido el")) }
                        th scope="col" { (l.t("Target", "Objetivo")) }
                        th scope="col" { (l.t("Direction", "Sentido")) }
                        @if acc.can_manage() { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } }
                    } }
                    tbody {
                        @for k in kpis {
                            tr {
                                td { a href={ (base) "/" (k.id) "/measurements" } { (k.name) } }
                                td { (k.baseline_value) " " (k.unit) }
                                td { (l.date(k.baseline_date)) }
                                td { @if let Some(t) = k.target_value { (t) " " (k.unit) } @else { "—" } }
                                td { (direction_label(l, &k.direction)) }
                                @if acc.can_manage() {
                                    td {
                                        a href={ (base) "/" (k.id) "/edit" } { (l.t("Edit", "Editar")) } " · "
                                        a href={ (base) "/" (k.id) "/delete" } { (l.t("Delete", "Eliminar")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if acc.can_manage() {
                div.card #kpi-form {
                    h2 { @if edit.is_some() { (l.t("Edit KPI", "Editar KPI")) } @else { (l.t("Add a KPI baseline", "Añadir línea base de KPI")) } }
                    (error_summary(l, errors))
                    form method="post" action=(action) novalidate {
                        (csrf_field(ctx))
                        (select("template_key", l.t("Template", "Plantilla"), &tpl, &form.template_key, errors))
                        (field("name", l.t("Name", "Nombre"), "text", &form.name, errors, FieldAttrs::default().max(200).hint(l.t("Leave empty to use the template's name.", "Déjelo vacío para usar el nombre de la plantilla."))))
                        (field("unit", l.t("Unit", "Unidad"), "text", &form.unit, errors, FieldAttrs::default().max(40)))
                        (select("direction", l.t("Direction", "Sentido"), &dirs, &form.direction, errors))
                        (field("baseline_value", l.t("Baseline value", "Valor de la línea base"), "text", &form.baseline_value, errors, FieldAttrs::required().max(40)))
                        (field("baseline_date", l.t("Measured on", "Medido el"), "date", &form.baseline_date, errors, FieldAttrs::required()))
                        (field("target_value", l.t("Target after go-live", "Objetivo tras la puesta en marcha"), "text", &form.target_value, errors, FieldAttrs::default().max(40)))
                        div.actions {
                            button type="submit" { (l.t("Save", "Guardar")) }
                            @if edit.is_some() { a href=(base) { (l.t("Cancel", "Cancelar")) } }
                        }
                    }
                }
            }
        },
    )
}

pub fn delete_page(ctx: &Ctx, acc: &Access, k: &kpi::Model) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Delete KPI", "Eliminar KPI");
    let base = crate::urls::kpis(p.id);
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("KPI baseline", "Línea base de KPI"), Some(base.clone())), (title, None)]))
            (confirm(ctx, &l.f("Delete the KPI “{0}”?", "¿Eliminar el KPI «{0}»?", &[&k.name]),
                l.t("Its baseline is lost; phase 5 will have nothing to compare with.", "Se pierde su línea base; la fase 5 no tendrá con qué comparar."),
                &format!("{base}/{}/delete", k.id), &base))
        },
    )
}
