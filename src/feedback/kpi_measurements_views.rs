//! KPI measurement pages: the series against the baseline and target, with the change badge.

use super::form::MeasurementForm;
use super::kpi_measurements::direction;
use super::survey;
use crate::entities::{kpi, kpi_measurement};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use chrono::NaiveDate;
use maud::{Markup, html};

pub(super) fn body(
    ctx: &Ctx,
    acc: &Access,
    k: &kpi::Model,
    rows: &[kpi_measurement::Model],
    form: &MeasurementForm,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = &k.name;
    let points: Vec<(NaiveDate, f64)> = rows.iter().map(|m| (m.measured_on, m.value)).collect();
    let mut refs = vec![(l.t("baseline", "línea base"), k.baseline_value)];
    if let Some(t) = k.target_value {
        refs.push((l.t("target", "objetivo"), t));
    }
    let latest = rows.last();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("KPIs", "KPI"), Some(crate::urls::kpis(p.id))), (title, None)]))
            h1 { (title) " " span.muted { "(" (k.unit) ")" } }
            div.card {
                p {
                    (l.t("Baseline", "Línea base")) ": " strong { (fmt(k.baseline_value)) } " (" (l.date(k.baseline_date)) ")"
                    @if let Some(t) = k.target_value { " · " (l.t("Target", "Objetivo")) ": " strong { (fmt(t)) } }
                    " · " @if k.direction == "lower_is_better" { (l.t("lower is better", "menor es mejor")) } @else { (l.t("higher is better", "mayor es mejor")) }
                }
                @if let Some(m) = latest {
                    p { (l.t("Latest", "Último")) ": " strong { (fmt(m.value)) } " (" (l.date(m.measured_on)) ") " (delta_badge(l, k, m.value)) }
                    @if let Some(prog) = k.target_value.and_then(|t| survey::kpi_progress(k.baseline_value, t, m.value)) {
                        (crate::web::components::progress((prog * 100.0).round() as i64, 100, l.t("Progress to target", "Avance hacia el objetivo")))
                    }
                }
            }
            @if rows.is_empty() {
                div.empty { p { (l.t("No measurements yet. Measure after go-live at a steady rhythm (e.g. monthly) to see whether the ERP delivers.", "Aún no hay mediciones. Mida tras la puesta en marcha con un ritmo fijo (p. ej. mensual) para ver si el ERP cumple.")) } }
            } @else {
                (crate::web::chart::series(title, &points, &refs, Some((l.t("go-live", "puesta en marcha"), p.go_live_date))))
                table {
                    thead { tr { th scope="col" { (l.t("Date", "Fecha")) } th scope="col" { (l.t("Value", "Valor")) } th scope="col" { (l.t("Against baseline", "Frente a la línea base")) } th scope="col" { (l.t("Note", "Nota")) } @if acc.can_manage() { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } } } }
                    tbody { @for m in rows.iter().rev() { tr {
                        td { (l.date(m.measured_on)) @if m.measured_on >= p.go_live_date { " " (badge(l.t("after go-live", "tras la puesta en marcha"), "info")) } }
                        td { (fmt(m.value)) }
                        td { (delta_badge(l, k, m.value)) }
                        td { (m.note.as_deref().unwrap_or("")) }
                        @if acc.can_manage() { td { a href={ "/projects/" (p.id) "/kpi-measurements/" (m.id) "/delete" } { (l.t("Delete", "Eliminar")) } } }
                    } } }
                }
            }
            @if acc.can_manage() {
                h2 { (l.t("Add a measurement", "Añadir una medición")) }
                div.card {
                    (error_summary(l, e))
                    form method="post" action={ (crate::urls::kpis(p.id)) "/" (k.id) "/measurements" } novalidate {
                        (csrf_field(ctx))
                        div.grid {
                            (field("measured_on", l.t("Date", "Fecha"), "date", &form.measured_on, e, FieldAttrs::required()))
                            (field("value", &format!("{} ({})", l.t("Value", "Valor"), k.unit), "text", &form.value, e, FieldAttrs::required().max(40).hint(l.t("Decimal comma or point.", "Coma o punto decimal."))))
                        }
                        (field("note", l.t("Note", "Nota"), "text", &form.note, e, FieldAttrs::default().max(500)))
                        button type="submit" { (l.t("Add", "Añadir")) }
                    }
                }
                p { a href={ "/projects/" (p.id) "/kpi-measurements/import" } { (l.t("Import measurements from CSV", "Importar mediciones desde CSV")) } }
            }
        },
    )
}

/// "+12.5 % better" / "−3.0 % worse" for a value against the KPI's baseline.
pub fn delta_badge(l: Lang, k: &kpi::Model, value: f64) -> Markup {
    match survey::kpi_improvement(k.baseline_value, value, direction(k)) {
        Some(d) if d > 0.0 => badge(&l.f("{0} % better", "{0} % mejor", &[&format!("{:+.1}", d * 100.0)]), "ok"),
        Some(d) if d < 0.0 => badge(&l.f("{0} % worse", "{0} % peor", &[&format!("{:+.1}", d * 100.0)]), "bad"),
        Some(_) => badge(l.t("no change", "sin cambio"), ""),
        None => html! {},
    }
}

pub(super) fn fmt(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
