//! The warnings page (open warnings with evidence, remedy and decisions; decided ones; thresholds)
//! and the summary card of the project's home page.

use super::catalog::{self, evidence, severity_label, threshold_label};
use super::evaluate::Thresholds;
use super::state;
use crate::entities::common_error;
use crate::phases::label as phase_label;
use crate::projects::access::Access;
use crate::web::components::{badge, csrf_field, error_summary};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};
use std::collections::HashMap;

pub struct PageView<'a> {
    pub shown: &'a [super::Shown],
    pub thresholds: &'a Thresholds,
    pub errors: &'a HashMap<String, common_error::Model>,
    pub deciders: &'a HashMap<i32, String>,
    /// A refused decision: (rule, message).
    pub problem: Option<(&'a str, String)>,
    pub settings_errors: &'a FormErrors,
}

fn severity_class(s: &str) -> &'static str {
    match s {
        "high" => "bad",
        "medium" => "warn",
        _ => "info",
    }
}

fn title<'a>(l: Lang, errors: &'a HashMap<String, common_error::Model>, key: &'a str) -> &'a str {
    errors.get(key).map(|e| l.pick(&e.title_en, &e.title_es)).unwrap_or(key)
}

fn link(project_id: i32, r: &catalog::Rule) -> String {
    if r.link.is_empty() { format!("/projects/{project_id}") } else { format!("/projects/{project_id}/{}", r.link) }
}

pub fn page(ctx: &Ctx, acc: &Access, v: &PageView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let page_title = l.t("Warnings", "Avisos");
    let base = crate::urls::warnings(p.id);
    let (open, quiet): (Vec<&super::Shown>, Vec<&super::Shown>) =
        v.shown.iter().partition(|w| state::is_open(&w.state));
    layout::page(
        ctx,
        page_title,
        html! {
            (crumbs(ctx, p, &[(page_title, None)]))
            h1 { (page_title) }
            p.lead { (l.t("The guide's common errors, watched on this project's data. Each warning says what was found, what the guide recommends, and where to look.",
                          "Los errores comunes de la guía, vigilados sobre los datos de este proyecto. Cada aviso dice qué se ha encontrado, qué recomienda la guía y dónde mirar.")) }
            div.actions { a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) } }
            @if open.is_empty() {
                div.empty { p { (l.t("No open warnings. The rules run on every visit, so this page changes as the project does.", "No hay avisos abiertos. Las reglas se evalúan en cada visita, así que esta página cambia con el proyecto.")) } }
            }
            @for w in &open {
                @let r = w.rule;
                @let f = &w.finding;
                article.card.warning id={ "w-" (r.key) } {
                    h2 { (badge(severity_label(l, &r.severity), severity_class(&r.severity))) " " (title(l, v.errors, &r.error)) }
                    p { strong { (evidence(l, r, f.count, f.a, f.b)) } }
                    @if let state::Shown::Back { was } = &w.state {
                        p.alert-line { (l.f("Back: the evidence grew from {0} to {1} since it was set aside.", "Ha vuelto: la evidencia ha pasado de {0} a {1} desde que se apartó.", &[was, &f.count])) }
                    }
                    @if let Some(e) = v.errors.get(&r.error) { p { (l.t("The guide recommends:", "La guía recomienda:")) " " (l.pick(&e.remedy_en, &e.remedy_es)) } }
                    p.muted { (l.t("Phase", "Fase")) ": " (phase_label(l, &r.phase)) " · " a href=(link(p.id, r)) { (l.t("See the records", "Ver los registros")) } }
                    @if let Some((rule, msg)) = &v.problem { @if *rule == r.key.as_str() { p.error role="alert" { (msg) } } }
                    @if acc.can_manage() {
                        details {
                            summary { (l.t("Acknowledge or snooze…", "Reconocer o posponer…")) }
                            form method="post" action={ (base) "/" (r.key) "/acknowledge" } {
                                (csrf_field(ctx))
                                label for={ "r-" (r.key) } { (l.t("Reason (recorded)", "Motivo (queda registrado)")) }
                                textarea id={ "r-" (r.key) } name="reason" maxlength="1000" required {}
                                div.actions {
                                    button.secondary type="submit" { (l.t("Acknowledge", "Reconocer")) }
                                    label { (l.t("or snooze for", "o posponer")) " " input type="number" name="days" min="1" max="90" value="7" size="3"; " " (l.t("days", "días")) }
                                    button.secondary type="submit" formaction={ (base) "/" (r.key) "/snooze" } { (l.t("Snooze", "Posponer")) }
                                }
                            }
                        }
                    }
                }
            }
            @if !quiet.is_empty() {
                h2 { (l.t("Set aside", "Apartados")) }
                table {
                    thead { tr { th scope="col" { (l.t("Warning", "Aviso")) } th scope="col" { (l.t("Decision", "Decisión")) } th scope="col" { (l.t("Reason", "Motivo")) } @if acc.can_manage() { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } } } }
                    tbody { @for w in &quiet { tr {
                        td { (title(l, v.errors, &w.rule.error)) br; span.muted { (evidence(l, w.rule, w.finding.count, w.finding.a, w.finding.b)) } }
                        td {
                            @match &w.state { state::Shown::Snoozed { until } => { (l.t("Snoozed until", "Pospuesto hasta")) " " (l.date(until.date_naive())) }, _ => (l.t("Acknowledged", "Reconocido")) }
                            @if let Some(d) = &w.decision { br; span.muted { (d.decided_by.and_then(|u| v.deciders.get(&u)).map(String::as_str).unwrap_or("")) " · " (l.date(d.decided_at.date_naive())) } }
                        }
                        td { (w.decision.as_ref().map(|d| d.reason.as_str()).unwrap_or("")) }
                        @if acc.can_manage() { td { form.inline method="post" action={ (base) "/" (w.rule.key) "/reopen" } { (csrf_field(ctx)) button.secondary type="submit" { (l.t("Reopen", "Reabrir")) } } } }
                    } } }
                }
            }
            h2 #thresholds { (l.t("Thresholds", "Umbrales")) }
            div.card {
                (error_summary(l, v.settings_errors))
                form method="post" action={ (base) "/settings" } novalidate {
                    (csrf_field(ctx))
                    table {
                        tbody { @for key in catalog::catalog().thresholds.keys() {
                            tr {
                                th scope="row" { label for={ "f-" (key) } { (threshold_label(l, key)) } }
                                td { @if acc.can_manage() { input id={ "f-" (key) } name=(key) type="text" size="6" value=(v.thresholds.get(key)); } @else { (v.thresholds.get(key)) } }
                            }
                        } }
                    }
                    @if acc.can_manage() { button type="submit" { (l.t("Save thresholds", "Guardar umbrales")) } }
                }
            }
        },
    )
}

/// The home page's summary: open warnings by severity and the three most severe.
pub fn summary_card(
    ctx: &Ctx,
    project_id: i32,
    shown: &[super::Shown],
    errors: &HashMap<String, common_error::Model>,
) -> Markup {
    let l = ctx.lang;
    let open: Vec<&super::Shown> = shown.iter().filter(|w| state::is_open(&w.state)).collect();
    let high = open.iter().filter(|w| w.rule.severity == "high").count();
    html! {
        section.card {
            h2 { (l.t("Warnings", "Avisos")) " "
                @if open.is_empty() { (badge(l.t("none open", "ninguno abierto"), "ok")) }
                @else { (badge(&l.f("{0} open", "{0} abiertos", &[&open.len()]), if high > 0 { "bad" } else { "warn" })) } }
            @if !open.is_empty() {
                ul { @for w in open.iter().take(3) {
                    li { (badge(severity_label(l, &w.rule.severity), severity_class(&w.rule.severity))) " " strong { (title(l, errors, &w.rule.error)) } ": " (evidence(l, w.rule, w.finding.count, w.finding.a, w.finding.b)) }
                } }
            }
            a href=(crate::urls::warnings(project_id)) { (l.t("All warnings", "Todos los avisos")) }
        }
    }
}
