//! Weights from pairwise comparisons (AHP, Saaty's 1–9 scale): the priority vector, the
//! consistency ratio, and the judgement most at odds with the others when CR ≥ 0.10.

use super::scoring::{self, Ahp};
use super::store;
use crate::entities::criterion;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::{badge, csrf_field};
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, Ctx, Lang, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use std::collections::HashMap;

/// Saaty's scale as form values, from "row criterion extremely more important" to the reverse.
const SCALE: [&str; 17] =
    ["9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9"];

pub fn parse_judgement(s: &str) -> Option<f64> {
    let s = s.trim();
    let v = match s.split_once('/') {
        Some(("1", d)) => 1.0 / d.parse::<f64>().ok()?,
        Some(_) => return None,
        None => s.parse::<f64>().ok()?,
    };
    scoring::is_saaty(v).then_some(v)
}

fn show(v: f64) -> String {
    if v >= 1.0 { format!("{}", v.round()) } else { format!("1/{}", (1.0 / v).round()) }
}

fn label(l: Lang, v: &str) -> String {
    let meaning = match v.trim_start_matches("1/") {
        "1" => l.t("equal", "igual"),
        "3" => l.t("moderately more", "moderadamente más"),
        "5" => l.t("strongly more", "bastante más"),
        "7" => l.t("very strongly more", "mucho más"),
        "9" => l.t("extremely more", "extremadamente más"),
        _ => "",
    };
    let side = if v == "1" {
        ""
    } else if v.starts_with("1/") {
        l.t(" (right)", " (derecha)")
    } else {
        l.t(" (left)", " (izquierda)")
    };
    if meaning.is_empty() { v.to_string() } else { format!("{v} — {meaning}{side}") }
}

type Pairs = HashMap<(i32, i32), f64>;

/// The upper-triangle judgements in criterion order, and the AHP result when it can be computed.
fn compute(criteria: &[criterion::Model], pairs: &Pairs) -> Option<Ahp> {
    let n = criteria.len();
    let mut upper = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if let Some(v) = pairs.get(&(criteria[i].id, criteria[j].id)) {
                upper.push((i, j, *v));
            }
        }
    }
    let m = scoring::matrix_from_upper(n, &upper).ok()?;
    scoring::ahp(&m).ok()
}

async fn stored(state: &AppState, project_id: i32) -> AppResult<Pairs> {
    let mut pairs = HashMap::new();
    for j in store::judgements(&state.db, project_id).await? {
        pairs.insert((j.criterion_a, j.criterion_b), j.value);
        pairs.insert((j.criterion_b, j.criterion_a), 1.0 / j.value);
    }
    Ok(pairs)
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let criteria = store::criteria(&state.db, acc.project.id).await?;
    let pairs = stored(&state, acc.project.id).await?;
    let values = pairs.iter().map(|(k, v)| (*k, show(*v))).collect();
    Ok(html(StatusCode::OK, view(&auth.ctx, &acc, &criteria, &values, compute(&criteria, &pairs).as_ref(), None)))
}

pub async fn save(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let criteria = store::criteria(&state.db, acc.project.id).await?;
    let (mut pairs, mut values, mut bad) = (Pairs::new(), HashMap::new(), None);
    for (i, a) in criteria.iter().enumerate() {
        for b in &criteria[i + 1..] {
            let raw = form.get(&format!("p_{}_{}", a.id, b.id)).cloned().unwrap_or_else(|| "1".into());
            match parse_judgement(&raw) {
                Some(v) => {
                    pairs.insert((a.id, b.id), v);
                }
                None => bad = Some((super::criterion_name(l, a).to_string(), super::criterion_name(l, b).to_string())),
            }
            values.insert((a.id, b.id), raw);
        }
    }
    if let Some((a, b)) = bad {
        let msg = l.f(
            "The comparison of “{0}” with “{1}” is off Saaty's scale (1/9 to 9).",
            "La comparación de «{0}» con «{1}» está fuera de la escala de Saaty (1/9 a 9).",
            &[&a, &b],
        );
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view(&auth.ctx, &acc, &criteria, &values, None, Some(&msg))));
    }
    let result = compute(&criteria, &pairs);
    let apply = form.get("action").is_some_and(|a| a == "apply");
    let tx = crate::db::begin_write(&state.db).await?;
    for ((a, b), v) in &pairs {
        store::put_judgement(&tx, acc.project.id, *a, *b, *v).await?;
    }
    if let (true, Some(r)) = (apply, &result) {
        for (c, w) in criteria.iter().zip(&r.priorities) {
            criterion::Entity::update_many()
                .col_expr(criterion::Column::Weight, Expr::value((w * 1000.0).round() / 10.0))
                .filter(criterion::Column::Id.eq(c.id))
                .exec(&tx)
                .await?;
        }
    }
    tx.commit().await?;
    let back = format!("{}/ahp", crate::urls::selection(acc.project.id));
    let msg = if apply {
        l.t("Comparisons saved and used as the weights.", "Comparaciones guardadas y usadas como pesos.")
    } else {
        l.t("Comparisons saved.", "Comparaciones guardadas.")
    };
    Ok(flash::success(&back, msg))
}

fn view(
    ctx: &Ctx,
    acc: &Access,
    criteria: &[criterion::Model],
    values: &HashMap<(i32, i32), String>,
    result: Option<&Ahp>,
    error: Option<&str>,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::selection(p.id);
    let title = l.t("Pairwise comparison of criteria (AHP)", "Comparación por pares de criterios (AHP)");
    let manage = acc.can_manage();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("ERP selection", "Selección del ERP"), Some(base.clone())), ("AHP", None)]))
            h1 { (title) }
            p.muted { (l.t("For each pair, how much more important the left criterion is than the right one (Saaty's scale: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely; fractions mean the right one is more important).",
                           "Para cada par, cuánto más importante es el criterio de la izquierda que el de la derecha (escala de Saaty: 1 igual, 3 moderadamente, 5 bastante, 7 mucho, 9 extremadamente; las fracciones indican que es más importante el de la derecha).")) }
            @if let Some(e) = error { div.flash.flash-error role="alert" { (e) } }
            @if criteria.len() < 2 {
                div.empty { p { (l.t("Pairwise comparison needs at least two criteria.", "La comparación por pares necesita al menos dos criterios.")) } a href=(base) { (l.t("Back to the selection", "Volver a la selección")) } }
            } @else {
                @if let Some(r) = result { (result_card(l, criteria, r)) }
                form method="post" action={ (base) "/ahp" } {
                    (csrf_field(ctx))
                    table {
                        thead { tr { th scope="col" { (l.t("Left criterion", "Criterio izquierdo")) } th scope="col" { (l.t("Judgement", "Juicio")) } th scope="col" { (l.t("Right criterion", "Criterio derecho")) } } }
                        tbody {
                            @for (i, a) in criteria.iter().enumerate() {
                                @for b in &criteria[i + 1..] {
                                    @let name = format!("p_{}_{}", a.id, b.id);
                                    @let cur = values.get(&(a.id, b.id)).cloned().unwrap_or_else(|| "1".into());
                                    tr {
                                        td { label for=(name) { (super::criterion_name(l, a)) } }
                                        td { select id=(name) name=(name) disabled[!manage] { @for v in SCALE { option value=(v) selected[v == cur] { (label(l, v)) } } } }
                                        td { (super::criterion_name(l, b)) }
                                    }
                                }
                            }
                        }
                    }
                    @if manage {
                        div.actions {
                            button type="submit" name="action" value="save" { (l.t("Save comparisons", "Guardar comparaciones")) }
                            button.secondary type="submit" name="action" value="apply" { (l.t("Save and use as weights", "Guardar y usar como pesos")) }
                        }
                    }
                }
            }
        },
    )
}

fn result_card(l: Lang, criteria: &[criterion::Model], r: &Ahp) -> Markup {
    html! {
        section.card {
            h2 { (l.t("Derived weights", "Pesos obtenidos")) " "
                @if r.acceptable { (badge(&format!("CR = {:.3}", r.cr), "ok")) } @else { (badge(&format!("CR = {:.3}", r.cr), "bad")) } }
            @if !r.acceptable {
                div.flash.flash-error role="alert" {
                    p { (l.t("The judgements are inconsistent (consistency ratio 0.10 or more): the weights may not reflect what you meant.",
                             "Los juicios son incoherentes (razón de consistencia 0,10 o más): los pesos pueden no reflejar lo que pretendía.")) }
                    @if let Some(w) = &r.worst {
                        p { (l.f("Review “{0}” against “{1}”: you said {2}; the other judgements imply about {3}.",
                                 "Revise «{0}» frente a «{1}»: indicó {2}; el resto de juicios implica aproximadamente {3}.",
                                 &[&super::criterion_name(l, &criteria[w.i]), &super::criterion_name(l, &criteria[w.j]), &show(w.given), &show(w.suggested)])) }
                    }
                }
            }
            table {
                thead { tr { th scope="col" { (l.t("Criterion", "Criterio")) } th scope="col" { (l.t("AHP weight", "Peso AHP")) } th scope="col" { (l.t("Current weight", "Peso actual")) } } }
                tbody {
                    @let total: f64 = criteria.iter().map(|c| c.weight).sum();
                    @for (c, w) in criteria.iter().zip(&r.priorities) {
                        tr { td { (super::criterion_name(l, c)) } td { (format!("{:.1} %", w * 100.0)) } td { @if total > 0.0 { (format!("{:.1} %", c.weight * 100.0 / total)) } @else { "—" } } }
                    }
                }
            }
            p.muted { (format!("λmax = {:.3} · CI = {:.3} · CR = {:.3}", r.lambda_max, r.ci, r.cr)) }
        }
    }
}
