//! The results page and the printable selection report: ranking with a bar chart, must-have
//! coverage, per-criterion means with disagreement flags, and the sensitivity of the leader.

use super::results::Results;
use crate::projects::access::Access;
use crate::web::components::{badge, progress};
use crate::web::nav::crumbs;
use crate::web::{Ctx, Lang, layout};
use maud::{Markup, html};

pub fn results(ctx: &Ctx, acc: &Access, r: &Results, printable: bool) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::selection(p.id);
    let title = if printable {
        l.t("Selection report", "Informe de selección")
    } else {
        l.t("Selection results", "Resultados de la selección")
    };
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("ERP selection", "Selección del ERP"), Some(base.clone())), (title, None)]))
            h1 { (title) @if printable { " — " (p.name) } }
            @if printable { p.muted { (l.f("{0} · {1} · printed from ERP Rollout; use your browser's Print command.", "{0} · {1} · generado por ERP Rollout; use la orden Imprimir del navegador.", &[&p.company, &l.date(p.start_date)])) } }
            @else { div.actions { a.button.secondary href={ (base) "/report" } { (l.t("Printable report", "Informe imprimible")) } @if r.revealed() { a.button.secondary href={ (base) "/scores.csv" } { (l.t("Export all scores (CSV)", "Exportar todas las puntuaciones (CSV)")) } } } }
            @if !r.revealed() {
                div.card {
                    p { strong { (l.t("Scores are hidden until the project manager reveals them, so that no evaluator anchors on another's numbers.",
                                      "Las puntuaciones están ocultas hasta que el jefe de proyecto las muestre, para que ningún evaluador se ancle en las cifras de otro.")) } }
                    (evaluator_progress(l, r))
                }
            } @else {
                @match &r.weights {
                    Err(_) => div.flash.flash-error role="alert" { (l.t("The criteria weights are missing or all zero: set them on the selection page.", "Faltan los pesos de los criterios o son todos cero: fíjelos en la página de selección.")) },
                    Ok(w) => {
                        (decision(l, r))
                        (ranking(l, r))
                        (criteria_table(l, r, w))
                        (sensitivity(l, r, w))
                        (evaluator_progress(l, r))
                    }
                }
            }
        },
    )
}

fn decision(l: Lang, r: &Results) -> Markup {
    let chosen = r.selection.chosen_candidate_id.and_then(|id| r.candidates.iter().find(|c| c.id == id));
    html! {
        @if let Some(c) = chosen {
            section.card {
                h2 { (l.t("Decision", "Decisión")) ": " (c.name) }
                p { (r.selection.rationale.as_deref().unwrap_or("")) }
                @if let Some(at) = r.selection.decided_at { p.muted { (r.decided_by.as_deref().unwrap_or("?")) " · " (l.datetime(at)) } }
            }
        }
    }
}

fn ranking(l: Lang, r: &Results) -> Markup {
    html! {
        section.card {
            h2 { (l.t("Ranking by weighted score", "Clasificación por puntuación ponderada")) }
            (bar_chart(l, r))
            table {
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (l.t("Product", "Producto")) }
                    th scope="col" { (l.t("Weighted score (of 5)", "Puntuación ponderada (sobre 5)")) }
                    th scope="col" { (l.t("Must-haves met without custom code", "Imprescindibles cubiertos sin desarrollo")) }
                    th scope="col" { (l.t("Must-haves needing customization", "Imprescindibles que requieren personalización")) }
                    th scope="col" { (l.t("Gaps", "Carencias")) }
                } }
                tbody {
                    @for (rank, &i) in r.ranking.iter().enumerate() {
                        @let c = &r.candidates[i];
                        @let cov = &r.coverage[i];
                        tr {
                            td { (rank + 1) }
                            td { (c.name) }
                            td { (format!("{:.2}", r.totals[i])) }
                            td { @if cov.musts > 0 { (progress((cov.standard + cov.configuration) as i64, cov.musts as i64, l.t("Covered", "Cubierto"))) } @else { span.muted { (l.t("no must-haves", "sin imprescindibles")) } } }
                            td { @if cov.musts > 0 { (format!("{:.0} %", cov.customization_pct())) @if cov.customization_pct() > 20.0 { " " (badge(l.t("over 20 %", "más del 20 %"), "warn")) } } }
                            td { (cov.gap) @if cov.assessed() < cov.musts { span.muted { " · " (l.f("{0} not assessed", "{0} sin valorar", &[&(cov.musts - cov.assessed())])) } } }
                        }
                    }
                }
            }
        }
    }
}

/// Horizontal bars, one per product, scaled to the 0–5 score range.
fn bar_chart(l: Lang, r: &Results) -> Markup {
    let (label_w, bar_w, row_h) = (280.0, 420.0, 28.0);
    let height = row_h * r.ranking.len() as f64 + 24.0;
    let width = label_w + bar_w + 60.0;
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}")) width=(width) height=(height) role="img" aria-labelledby="rank-chart-title" {
            title #rank-chart-title { (l.t("Weighted score per product, out of 5", "Puntuación ponderada por producto, sobre 5")) }
            @for t in 0..=5 {
                @let x = label_w + bar_w * t as f64 / 5.0;
                line x1=(x) x2=(x) y1="0" y2=(height - 20.0) stroke="#d8dee6" stroke-width="1" {}
                text x=(x) y=(height - 6.0) font-size="11" text-anchor="middle" fill="#5b6776" { (t) }
            }
            @for (row, &i) in r.ranking.iter().enumerate() {
                @let y = row as f64 * row_h;
                @let w = (r.totals[i].clamp(0.0, 5.0) / 5.0 * bar_w * 10.0).round() / 10.0;
                text x=(label_w - 8.0) y=(y + 18.0) font-size="13" text-anchor="end" fill="#1d2733" { (truncate(&r.candidates[i].name, 34)) }
                rect x=(label_w) y=(y + 5.0) width=(w) height=(row_h - 10.0) rx="3" fill=(if row == 0 { "#1e7b45" } else { "#1f5fa8" }) {}
                text x=(label_w + w + 6.0) y=(y + 18.0) font-size="12" fill="#1d2733" { (format!("{:.2}", r.totals[i])) }
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

fn criteria_table(l: Lang, r: &Results, w: &[f64]) -> Markup {
    html! {
        section.card {
            h2 { (l.t("Scores per criterion", "Puntuaciones por criterio")) }
            p.muted { (l.t("Mean of the evaluators' scores; the range (lowest–highest) is flagged when evaluators differ by 2 points or more: discuss those before deciding.",
                           "Media de las puntuaciones de los evaluadores; el rango (mínima–máxima) se marca cuando difieren 2 puntos o más: coméntelos antes de decidir.")) }
            table.matrix {
                thead { tr {
                    th scope="col" { (l.t("Criterion (weight)", "Criterio (peso)")) }
                    @for &i in &r.ranking { th scope="col" { (r.candidates[i].name) } }
                } }
                tbody {
                    @for (k, c) in r.criteria.iter().enumerate() {
                        tr {
                            th scope="row" { (super::criterion_name(l, c)) " " span.muted { (format!("({:.0} %)", w[k] * 100.0)) } }
                            @for &i in &r.ranking {
                                @let s = &r.cells[i][k];
                                td {
                                    @if s.count == 0 { span.muted { "—" } }
                                    @else {
                                        (format!("{:.1}", s.mean)) " " span.muted { (format!("({}–{})", s.min, s.max)) }
                                        @if s.disagreement { " " (badge(l.t("disagreement", "desacuerdo"), "warn")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sensitivity(l: Lang, r: &Results, w: &[f64]) -> Markup {
    let Some(leader) = r.leader() else { return html! {} };
    html! {
        section.card {
            h2 { (l.t("How robust is the leader?", "¿Qué solidez tiene el líder?")) }
            p.muted { (l.f("For each criterion, the smallest change of its weight (the others rescaled in proportion) that would put another product ahead of {0}.",
                           "Para cada criterio, el menor cambio de su peso (reescalando los demás en proporción) que pondría otro producto por delante de {0}.", &[&leader.name])) }
            table {
                thead { tr { th scope="col" { (l.t("Criterion", "Criterio")) } th scope="col" { (l.t("Weight now", "Peso actual")) } th scope="col" { (l.t("Change that flips the leader", "Cambio que cambia el líder")) } th scope="col" { (l.t("New leader", "Nuevo líder")) } } }
                tbody {
                    @for (k, c) in r.criteria.iter().enumerate() {
                        tr {
                            td { (super::criterion_name(l, c)) }
                            td { (format!("{:.1} %", w[k] * 100.0)) }
                            @match r.sensitivity.get(k).and_then(|s| s.as_ref()) {
                                Some(s) => {
                                    td {
                                        (format!("{:+.1}", s.delta_points)) " " (l.t("points", "puntos"))
                                        @if let Some(rel) = s.relative_pct { span.muted { (format!(" ({rel:+.0} %)")) } }
                                        @if s.delta_points.abs() < 5.0 { " " (badge(l.t("fragile", "frágil"), "warn")) }
                                    }
                                    td { (r.candidates[s.new_leader].name) }
                                }
                                None => { td { (l.t("No change of this weight alone changes the leader.", "Ningún cambio de este peso por sí solo cambia el líder.")) } td { "—" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn evaluator_progress(l: Lang, r: &Results) -> Markup {
    let total = r.cells_per_evaluator() as i64;
    html! {
        section.card {
            h2 { (l.t("Evaluators", "Evaluadores")) " " span.muted { "(" (r.evaluators.len()) ")" } }
            @if r.evaluators.len() < 2 { p { (badge(l.t("fewer than two evaluators", "menos de dos evaluadores"), "warn")) } }
            ul { @for (_, name, done) in &r.evaluators { li { (name) ": " (progress(*done as i64, total, l.t("Scored", "Puntuado"))) } } }
        }
    }
}
