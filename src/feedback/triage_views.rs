//! The triage form of one feedback item: status, owner, the answer to the author.

use super::form::TriageForm;
use super::{STATUSES, status_label};
use crate::entities::{adjustment, feedback};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, csrf_field, error_summary, field, select};
use crate::web::{Ctx, FormErrors};
use maud::{Markup, html};

pub(super) fn triage_form(
    ctx: &Ctx,
    acc: &Access,
    f: &feedback::Model,
    form: &TriageForm,
    adjustments: &[adjustment::Model],
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let statuses: Vec<(&str, &str)> = STATUSES.iter().map(|s| (*s, status_label(l, s))).collect();
    let ids: Vec<String> = adjustments.iter().map(|a| a.id.to_string()).collect();
    let mut adj: Vec<(&str, &str)> = vec![("", l.t("None yet", "Ninguno todavía"))];
    adj.extend(adjustments.iter().zip(&ids).map(|(a, id)| (id.as_str(), a.title.as_str())));
    html! {
        div.card {
            h2 { (l.t("Answer and status", "Respuesta y estado")) }
            (error_summary(l, e))
            form method="post" action={ (crate::urls::feedback(acc.project.id)) "/" (f.id) "/triage" } novalidate {
                (csrf_field(ctx))
                input type="hidden" name="version" value=(form.version);
                (select("status", l.t("Status", "Estado"), &statuses, &form.status, e))
                (field("reply", l.t("Answer to the person (they see it)", "Respuesta a la persona (la verá)"), "textarea", &form.reply, e, FieldAttrs::default().max(4000)))
                (select("adjustment_id", l.t("Adjustment made in response", "Ajuste realizado en respuesta"), &adj, &form.adjustment_id, e))
                button type="submit" { (l.t("Save", "Guardar")) }
            }
        }
    }
}
