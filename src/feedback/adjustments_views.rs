//! The adjustments log page: what was changed in response to feedback, with the linked items.

use super::form::AdjustmentForm;
use crate::entities::adjustment;
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, csrf_field, error_summary, field};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use std::collections::HashMap;

pub(super) fn adjustments_body(
    ctx: &Ctx,
    acc: &Access,
    rows: &[adjustment::Model],
    linked: &HashMap<i32, i64>,
    form: &AdjustmentForm,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Adjustments made", "Ajustes realizados");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Feedback", "Opiniones"), Some(crate::urls::feedback(p.id))), (title, None)]))
            h1 { (title) }
            p.lead { (l.t("What changed in response to feedback and monitoring (the guide's “make adjustments”).", "Qué se ha cambiado en respuesta a las opiniones y al seguimiento (el «realiza ajustes» de la guía).")) }
            div.actions { a.button.secondary href={ "/projects/" (p.id) "/adjustments.csv" } { (l.t("Export CSV", "Exportar CSV")) } }
            @if rows.is_empty() {
                div.empty { p { (l.t("No adjustments recorded yet.", "Aún no hay ajustes registrados.")) } }
            } @else {
                table {
                    thead { tr { th scope="col" { (l.t("Date", "Fecha")) } th scope="col" { (l.t("Adjustment", "Ajuste")) } th scope="col" { (l.t("Feedback items", "Opiniones")) } } }
                    tbody { @for a in rows { tr {
                        td { (l.date(a.made_on)) }
                        td { strong { (a.title) } @if let Some(d) = &a.description { br; span.muted { (d) } } }
                        td { (linked.get(&a.id).copied().unwrap_or(0)) }
                    } } }
                }
            }
            @if acc.can_manage() {
                h2 { (l.t("Record an adjustment", "Registrar un ajuste")) }
                div.card {
                    (error_summary(l, e))
                    form method="post" action={ "/projects/" (p.id) "/adjustments" } novalidate {
                        (csrf_field(ctx))
                        (field("title", l.t("What changed", "Qué ha cambiado"), "text", &form.title, e, FieldAttrs::required().max(200)))
                        (field("description", l.t("Details", "Detalles"), "textarea", &form.description, e, FieldAttrs::default().max(4000)))
                        (field("made_on", l.t("Date", "Fecha"), "date", &form.made_on, e, FieldAttrs::required()))
                        button type="submit" { (l.t("Add", "Añadir")) }
                    }
                }
            }
        },
    )
}
