//! The support overview for the triagers: open tickets by severity, breaches, the weekly trend
//! (volume and median time to resolve, drawn with `web::chart`) and the SLA hours per severity,
//! which the PM edits. Saving the hours moves the due times of the open tickets.

use super::store::{self, Facts};
use super::trend::Week;
use super::{SEVERITIES, severity_label, severity_meaning, sla::Targets};
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::chart;
use crate::web::components::{csrf_field, error_summary};
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, Ctx, FormErrors, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use std::collections::HashMap;

/// The form field of one value: `response_critical`, `resolution_low`…
fn field_name(leg: &str, severity: &str) -> String {
    format!("{leg}_{severity}")
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let t = store::targets(&state.db, acc.project.id).await?;
    let values: HashMap<String, String> = SEVERITIES
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            [(field_name("response", s), t.0[i].0.to_string()), (field_name("resolution", s), t.0[i].1.to_string())]
        })
        .collect();
    render(&state, &auth.ctx, &acc, &values, &FormErrors::new(), StatusCode::OK).await
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    acc: &Access,
    values: &HashMap<String, String>,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let facts = store::readiness_facts(&state.db, acc.project.id, now).await?;
    let weeks = store::weekly_trend(&state.db, acc.project.id, now).await?;
    Ok(html(status, body(ctx, acc, &facts, &weeks, values, e)))
}

pub async fn save_sla(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut t = Targets::default();
    let mut e = FormErrors::new();
    for (i, s) in SEVERITIES.iter().enumerate() {
        let get = |leg: &str| {
            form.get(&field_name(leg, s))
                .and_then(|v| crate::needs::kpis::parse_number(v))
                .filter(|v| *v > 0.0 && *v <= 2000.0)
        };
        match (get("response"), get("resolution")) {
            (Some(r), Some(x)) if r <= x => t.0[i] = (r, x),
            _ => e.add(
                "sla",
                l.f("{0}: hours must be numbers from 0 to 2000, and the response time no longer than the resolution time.",
                    "{0}: las horas deben ser números entre 0 y 2000, y el plazo de respuesta no mayor que el de resolución.", &[&severity_label(l, s)]),
            ),
        }
    }
    if !e.is_empty() {
        return render(&state, &auth.ctx, &acc, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let tx = crate::db::begin_write(&state.db).await?;
    store::save_targets(&tx, acc.project.id, &t).await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("{}/overview", crate::urls::support(acc.project.id)),
        l.t(
            "SLA saved; the open tickets' due times follow it.",
            "SLA guardado; los plazos de las incidencias abiertas se ajustan a él.",
        ),
    ))
}

fn body(
    ctx: &Ctx,
    acc: &Access,
    f: &Facts,
    weeks: &[Week],
    values: &HashMap<String, String>,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let heading = l.t("Support: trend and SLA", "Soporte: tendencia y SLA");
    let label = |w: &Week| l.date(w.start);
    let volume: Vec<(String, Option<f64>)> = weeks.iter().map(|w| (label(w), Some(w.filed as f64))).collect();
    let median: Vec<(String, Option<f64>)> = weeks.iter().map(|w| (label(w), w.median_resolution_hours)).collect();
    let vmax = weeks.iter().map(|w| w.filed).max().unwrap_or(0).max(4) as f64;
    let mmax = weeks.iter().filter_map(|w| w.median_resolution_hours).fold(8.0, f64::max).ceil();
    let value = |k: String| values.get(&k).cloned().unwrap_or_default();
    layout::page(
        ctx,
        heading,
        html! {
            (crumbs(ctx, p, &[(l.t("Support", "Soporte"), Some(crate::urls::support(p.id))), (heading, None)]))
            h1 { (heading) }
            div.card {
                h2 { (l.t("Now", "Ahora")) }
                dl.facts {
                    @for (i, s) in SEVERITIES.iter().enumerate() { dt { (l.f("Open, {0}", "Abiertas, {0}", &[&severity_label(l, s).to_lowercase()])) } dd { (f.open_by_severity[i]) } }
                    dt { (l.t("Open past the response time", "Abiertas fuera del plazo de respuesta")) } dd { (f.response_breaches_open) }
                    dt { (l.t("Open past the resolution time", "Abiertas fuera del plazo de resolución")) } dd { (f.resolution_breaches_open) }
                    dt { (l.t("Filed in the last 7 days (the 7 before)", "Abiertas en los últimos 7 días (los 7 anteriores)")) } dd { (f.filed_last_7_days) " (" (f.filed_previous_7_days) ")" }
                    dt { (l.t("Median hours to resolve, last 4 weeks", "Mediana de horas hasta resolver, últimas 4 semanas")) } dd { (f.median_resolution_hours_4_weeks.map(|h| format!("{h:.1}")).unwrap_or_else(|| "—".into())) }
                }
            }
            h2 { (l.t("Tickets filed per week", "Incidencias abiertas por semana")) }
            (chart::line(l, l.t("Tickets filed per week", "Incidencias abiertas por semana"), &volume, (0.0, vmax), None))
            h2 { (l.t("Median hours to resolve, by week of resolution", "Mediana de horas hasta resolver, por semana de resolución")) }
            (chart::line(l, l.t("Median hours to resolve", "Mediana de horas hasta resolver"), &median, (0.0, mmax), None))
            p.muted { (l.t("Stabilized reads as both lines going down: fewer tickets, solved sooner.", "La estabilización se ve en que ambas líneas bajan: menos incidencias, resueltas antes.")) }
            div.card #sla {
                h2 { (l.t("SLA per severity (calendar hours)", "SLA por gravedad (horas naturales)")) }
                (error_summary(l, e))
                form method="post" action={ (crate::urls::support(p.id)) "/sla" } novalidate {
                    (csrf_field(ctx))
                    table {
                        thead { tr { th scope="col" { (l.t("Severity", "Gravedad")) } th scope="col" { (l.t("First answer within (h)", "Primera respuesta en (h)")) } th scope="col" { (l.t("Resolved within (h)", "Resuelta en (h)")) } } }
                        tbody { @for s in SEVERITIES { tr {
                            th scope="row" { (severity_label(l, s)) br; small.muted { (severity_meaning(l, s)) } }
                            td { input type="text" inputmode="decimal" name=(field_name("response", s)) value=(value(field_name("response", s))) aria-label={ (severity_label(l, s)) ": " (l.t("response hours", "horas de respuesta")) } size="6"; }
                            td { input type="text" inputmode="decimal" name=(field_name("resolution", s)) value=(value(field_name("resolution", s))) aria-label={ (severity_label(l, s)) ": " (l.t("resolution hours", "horas de resolución")) } size="6"; }
                        } } }
                    }
                    @if acc.can_manage() { button type="submit" { (l.t("Save SLA", "Guardar SLA")) } } @else { p.muted { (l.t("The project manager sets these hours.", "El jefe de proyecto fija estas horas.")) } }
                }
            }
        },
    )
}
