//! The likely-duplicates section of a trial-load report: clusters by band, each with its rows side
//! by side, the field-by-field evidence of its strongest pair and the steward's decision.

use super::duplicates::{State, cluster_state};
use super::profile::linkage::Level;
use super::profile::{Band, LikelyCluster, Report};
use crate::web::components::csrf_field;
use crate::web::{Ctx, Lang};
use maud::{Markup, html};
use std::collections::HashMap;

pub fn band_label(l: Lang, b: Band) -> &'static str {
    match b {
        Band::Certain => l.t("certain", "seguro"),
        Band::Probable => l.t("probable", "probable"),
        Band::Possible => l.t("possible", "posible"),
    }
}

fn band_class(b: Band) -> &'static str {
    match b {
        Band::Certain => "bad",
        Band::Probable => "warn",
        Band::Possible => "muted",
    }
}

fn level_label(l: Lang, v: Level) -> &'static str {
    match v {
        Level::Same => l.t("same", "igual"),
        Level::Near => l.t("nearly the same", "casi igual"),
        Level::Partial => l.t("partly alike", "en parte igual"),
        Level::Different => l.t("different", "distinto"),
        Level::Missing => l.t("missing on one side", "falta en un lado"),
    }
}

/// "97.3 %", never "100.0 %" for a probability below 1.
pub fn probability(p: f64) -> String {
    if p > 0.999 && p < 1.0 { "> 99.9 %".into() } else { format!("{:.1} %", p * 100.0) }
}

/// The rows of a cluster with their compared values, from its pairs' evidence.
fn rows(c: &LikelyCluster) -> Vec<(u64, Vec<String>)> {
    let mut by_line: HashMap<u64, Vec<String>> = HashMap::new();
    for p in &c.pairs {
        by_line.entry(p.line_a).or_insert_with(|| p.evidence.iter().map(|e| e.a.clone()).collect());
        by_line.entry(p.line_b).or_insert_with(|| p.evidence.iter().map(|e| e.b.clone()).collect());
    }
    c.lines.iter().filter_map(|line| by_line.remove(line).map(|v| (*line, v))).collect()
}

fn cluster(ctx: &Ctx, r: &Report, c: &LikelyCluster, n: usize, st: State, action: Option<&str>) -> Markup {
    let l = ctx.lang;
    let first = c.lines.first().copied().unwrap_or(0);
    let lines = c.lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    html! {
        section.card.cluster id={ "dup-" (first) } {
            h3 {
                (l.f("Group {0}: lines {1}", "Grupo {0}: líneas {1}", &[&n, &lines])) " "
                span.badge.(band_class(c.band)) { (band_label(l, c.band)) " · " (probability(c.best)) }
                @match st {
                    State::Same => { " " span.badge.ok { (l.t("decided: the same", "decidido: el mismo")) } }
                    State::Different => { " " span.badge { (l.t("decided: different", "decidido: distintos")) } }
                    State::Partly => { " " span.badge.warn { (l.t("partly decided", "decidido en parte")) } }
                    State::Open => {}
                }
            }
            div.table-scroll role="region" tabindex="0" aria-label=(l.t("The rows side by side", "Las filas una junto a otra")) {
                table {
                    thead { tr { th scope="col" { (l.t("Line", "Línea")) } @for f in &r.likely.compared { th scope="col" { (f) } } } }
                    tbody { @for (line, values) in rows(c) { tr { th scope="row" { (line) } @for v in values { td { (v) } } } } }
                }
            }
            @if let Some(p) = c.pairs.first() {
                p.muted { (l.f("Why lines {0} and {1} match ({2}):", "Por qué coinciden las líneas {0} y {1} ({2}):", &[&p.line_a, &p.line_b, &probability(p.score)])) }
                ul.evidence {
                    @for e in &p.evidence {
                        li {
                            strong { (e.field) } ": " (level_label(l, e.level))
                            " " span.badge.(if e.weight > 0.5 { "ok" } else if e.weight < -0.5 { "bad" } else { "muted" }) { (format!("{:+.1}", e.weight)) }
                        }
                    }
                }
                @if c.pairs_total > 1 { p.muted { (l.f("{0} similar pairs in this group.", "{0} pares parecidos en este grupo.", &[&c.pairs_total])) } }
            }
            @if let Some(action) = action {
                form.inline method="post" action=(action) {
                    (csrf_field(ctx))
                    input type="hidden" name="cluster" value=(first);
                    button type="submit" name="decision" value="same" { (l.t("The same record — merge", "El mismo registro: fusionar")) }
                    " "
                    button.secondary type="submit" name="decision" value="different" { (l.t("Different records", "Registros distintos")) }
                }
            }
        }
    }
}

/// The section; `band`: only clusters of that band; `action`: where decisions are posted (None: the
/// reader may not decide).
pub fn section(
    ctx: &Ctx,
    r: &Report,
    decided: &HashMap<(u64, u64), bool>,
    here: &str,
    band: Option<Band>,
    action: Option<&str>,
    edit_rules: &str,
) -> Markup {
    let l = ctx.lang;
    let s = &r.likely;
    html! {
        h2 id="likely" { (l.t("Likely duplicates", "Posibles duplicados")) }
        @if !s.record_level {
            // A report made before record-level matching: its pairs as they were.
            @if r.likely_duplicates.is_empty() {
                p { (l.t("No similar names or e-mails above the threshold.", "Ningún nombre o correo parecido por encima del umbral.")) }
            } @else {
                p.muted { (l.t("This load was checked with the earlier single-field comparison; upload it again for groups and evidence.", "Esta carga se comprobó con la comparación anterior, campo a campo por separado; súbala de nuevo para ver grupos y motivos.")) }
                table {
                    thead { tr { th scope="col" { (l.t("Line", "Línea")) } th scope="col" { (l.t("Similar to line", "Parecida a la línea")) } th scope="col" { (l.t("Field", "Campo")) } th scope="col" { (l.t("Similarity", "Similitud")) } } }
                    tbody { @for p in &r.likely_duplicates { tr { td { (p.line_b) } td { (p.line_a) } td { (p.field) } td { (format!("{:.0} %", p.score * 100.0)) } } } }
                }
            }
        } @else {
            p {
                (l.f("Rows compared field by field on {0}; pairs reported from a match probability of {1}.", "Filas comparadas campo a campo en {0}; se informa de los pares desde una probabilidad de coincidencia del {1}.", &[&s.compared.join(", "), &format!("{:.0} %", s.threshold * 100.0)]))
                " " a href={ (here) "/duplicates.csv" } { (l.t("Download the groups (CSV)", "Descargar los grupos (CSV)")) }
            }
            @if s.rows_retired > 0 { p.muted { (l.f("This file is large: each row was compared with the recent rows sharing a key ({0} older entries left the index), so duplicates far apart in the file can be missed.", "El archivo es grande: cada fila se comparó con las filas recientes que comparten una clave ({0} entradas antiguas salieron del índice), así que pueden escaparse duplicados muy separados en el archivo.", &[&s.rows_retired])) } }
            @if s.candidates_dropped > 0 { p.muted { (l.f("{0} plausible pairs could not be kept: the list is incomplete.", "No se pudieron guardar {0} pares plausibles: la lista está incompleta.", &[&s.candidates_dropped])) } }
            @if s.decided_different > 0 { p.muted { (l.f("{0} pairs declared different records are not listed.", "No se listan {0} pares declarados registros distintos.", &[&s.decided_different])) } }
            @if s.clusters_total == 0 {
                div.empty {
                    p { (l.f("No likely duplicates from a match probability of {0}.", "Ningún posible duplicado desde una probabilidad de coincidencia del {0}.", &[&format!("{:.0} %", s.threshold * 100.0)])) }
                    p.muted { (l.t("Expected some? Check which fields are compared and the threshold in the object's rules.", "¿Esperaba alguno? Revise qué campos se comparan y el umbral en las reglas del objeto.")) " " a href=(edit_rules) { (l.t("Edit the rules", "Editar las reglas")) } }
                }
            } @else {
                nav.filters aria-label=(l.t("Bands", "Bandas")) {
                    a href={ (here) "#likely" } aria-current=[band.is_none().then_some("true")] { (l.f("All {0} groups", "Los {0} grupos", &[&s.clusters_total])) }
                    @for b in Band::ALL {
                        " · " a href={ (here) "?band=" (b.code()) "#likely" } aria-current=[(band == Some(b)).then_some("true")] { (band_label(l, b)) " (" (s.bands[b as usize]) ")" }
                    }
                }
                @let shown: Vec<(usize, &LikelyCluster)> = r.likely_clusters.iter().enumerate().filter(|(_, c)| band.is_none_or(|b| c.band == b)).collect();
                @if shown.is_empty() { p { (l.t("No group in this band.", "Ningún grupo en esta banda.")) } }
                @for (i, c) in shown { (cluster(ctx, r, c, i + 1, cluster_state(c, decided), action)) }
                @if s.clusters_total > r.likely_clusters.len() as u64 { p.muted { (l.f("The strongest {0} of {1} groups.", "Los {0} grupos más fuertes de {1}.", &[&r.likely_clusters.len(), &s.clusters_total])) } }
            }
        }
    }
}
