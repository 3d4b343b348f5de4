//! Survey pages: the list of waves, the answer form (SUS items and eNPS), a row of the answers table.

use super::form::AnswerForm;
use super::store::Results;
use super::survey::{self, SUS_AVERAGE};
use super::survey_results::{enps_cell, sus_cell};
use super::surveys::QUESTION_FIELDS;
use crate::entities::survey_wave;
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};

pub(super) fn list_body(
    ctx: &Ctx,
    acc: &Access,
    rows: &[(survey_wave::Model, Results)],
    title_in: &str,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Adoption surveys", "Encuestas de adopción");
    let points: Vec<(String, Option<f64>)> =
        rows.iter().map(|(w, r)| (w.title.clone(), r.sus.filter(|_| survey::visible(r.answers as usize)))).collect();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Feedback", "Opiniones"), Some(crate::urls::feedback(p.id))), (title, None)]))
            h1 { (title) }
            p.lead { (l.t("Each wave asks the ten SUS questions (ease of use, 0–100; 68 is the average across studies) and how likely people are to recommend the new ERP to a colleague (eNPS, −100 to +100). Everyone answers once per wave; answers do not carry the person, and groups of fewer than five are not shown.",
                          "Cada oleada hace las diez preguntas SUS (facilidad de uso, 0–100; 68 es la media de los estudios) y cuán probable es que recomienden el nuevo ERP a un compañero (eNPS, de −100 a +100). Cada persona responde una vez por oleada; las respuestas no guardan quién las da, y los grupos de menos de cinco no se muestran.")) }
            div.actions { a.button.secondary href=(crate::urls::adoption(p.id)) { (l.t("Adoption overview", "Resumen de adopción")) } }
            @if rows.is_empty() {
                div.empty { p { (l.t("No survey yet. Open a first wave before go-live to have a baseline, then again 30 and 90 days after.", "Aún no hay encuestas. Abra una primera oleada antes de la puesta en marcha para tener una referencia, y otras a los 30 y 90 días.")) } }
            } @else {
                (crate::web::chart::line(l, l.t("SUS score by wave", "Puntuación SUS por oleada"), &points, (0.0, 100.0), Some(SUS_AVERAGE)))
                table {
                    thead { tr { th scope="col" { (l.t("Wave", "Oleada")) } th scope="col" { (l.t("Opened", "Abierta")) } th scope="col" { (l.t("Answers", "Respuestas")) } th scope="col" { "SUS" } th scope="col" { "eNPS" } th scope="col" { (l.t("Status", "Estado")) } } }
                    tbody { @for (w, r) in rows { tr {
                        td { a href={ (crate::urls::surveys(p.id)) "/" (w.id) } { (w.title) } }
                        td { (l.date(w.opened_on)) }
                        td { (r.answers) }
                        td { (sus_cell(l, r)) }
                        td { (enps_cell(l, r)) }
                        td { @if w.status == "open" { (badge(l.t("open", "abierta"), "info")) } @else { (l.t("closed", "cerrada")) } }
                    } } }
                }
            }
            @if acc.can_manage() {
                h2 { (l.t("Open a wave", "Abrir una oleada")) }
                div.card {
                    (error_summary(l, e))
                    form method="post" action=(crate::urls::surveys(p.id)) novalidate {
                        (csrf_field(ctx))
                        (field("title", l.t("Name (e.g. “30 days after go-live”)", "Nombre (p. ej. «30 días tras la puesta en marcha»)"), "text", title_in, e, FieldAttrs::required().max(200)))
                        button type="submit" { (l.t("Open", "Abrir")) }
                    }
                }
            }
        },
    )
}

pub(super) fn answer_form(
    ctx: &Ctx,
    project_id: i32,
    w: &survey_wave::Model,
    form: &AnswerForm,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let items = if l == Lang::Es { survey::SUS_ITEMS_ES } else { survey::SUS_ITEMS_EN };
    let values = form.items();
    html! {
        div.card {
            h2 { (l.t("Your answers", "Sus respuestas")) }
            p.hint { (l.t("1 = strongly disagree, 5 = strongly agree. Your answers are stored without your name.", "1 = totalmente en desacuerdo, 5 = totalmente de acuerdo. Sus respuestas se guardan sin su nombre.")) }
            (error_summary(l, e))
            form method="post" action={ (crate::urls::surveys(project_id)) "/" (w.id) } novalidate {
                (csrf_field(ctx))
                @for (i, text) in items.iter().enumerate() {
                    fieldset.likert id={ "f-" (QUESTION_FIELDS[i]) } {
                        legend { (i + 1) ". " (text) }
                        @for v in 1..=5u8 {
                            label.inline { input type="radio" name=(QUESTION_FIELDS[i]) value=(v) checked[values[i] == v.to_string()]; " " (v) }
                        }
                        @if let Some(m) = e.get(QUESTION_FIELDS[i]) { p.error { (m) } }
                    }
                }
                fieldset.likert id="f-enps" {
                    legend { (if l == Lang::Es { survey::ENPS_QUESTION_ES } else { survey::ENPS_QUESTION_EN }) " " small { (l.t("(0 = not at all likely, 10 = extremely likely)", "(0 = nada probable, 10 = muy probable)")) } }
                    @for v in 0..=10u8 {
                        label.inline { input type="radio" name="enps" value=(v) checked[form.enps == v.to_string()]; " " (v) }
                    }
                    @if let Some(m) = e.get("enps") { p.error { (m) } }
                }
                button type="submit" { (l.t("Send my answers", "Enviar mis respuestas")) }
            }
        }
    }
}
