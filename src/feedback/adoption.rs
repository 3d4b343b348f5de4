//! The adoption page: satisfaction trend, open feedback by age, SUS and eNPS across waves, and KPI
//! deltas against the baseline — one screen, every figure aggregated in SQL.

use super::UNANSWERED_DAYS;
use super::kpi_measurements::latest;
use super::kpi_measurements_views::delta_badge;
use super::store::{Results, open_by_age, satisfaction, total, unanswered};
use super::survey::{self, SUS_AVERAGE};
use crate::entities::kpi;
use crate::error::AppResult;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::progress;
use crate::web::nav::crumbs;
use crate::web::{html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let p = &acc.project;
    let sat = satisfaction(&state.db, p.id, now, 12).await?;
    let ages = open_by_age(&state.db, p.id, now).await?;
    let stale = unanswered(&state.db, p.id, now).await?;
    let waves = super::store::trend(&state.db, p.id).await?;
    let kpis = kpi::Entity::find().filter(kpi::Column::ProjectId.eq(p.id)).all(&state.db).await?;
    let last = latest(&state.db, p.id).await?;
    let l = auth.ctx.lang;
    let title = l.t("Adoption", "Adopción");
    let sat_points: Vec<(String, Option<f64>)> = sat.iter().map(|(m, a, _)| (m.clone(), *a)).collect();
    let visible = |r: &Results| survey::visible(r.answers as usize);
    let sus_points: Vec<(String, Option<f64>)> =
        waves.iter().map(|(w, r)| (w.title.clone(), r.sus.filter(|_| visible(r)))).collect();
    let enps_points: Vec<(String, Option<f64>)> =
        waves.iter().map(|(w, r)| (w.title.clone(), r.enps().filter(|_| visible(r)))).collect();
    let total_open: u64 = ages.iter().sum();
    // Only asked when nothing is open, to tell "no feedback yet" from "all answered".
    let any = if total_open == 0 { total(&state.db, p.id).await? > 0 } else { true };
    // Hypercare: the support desk's weekly volume and time to resolve, how "stabilized" is measured.
    let weeks = crate::support::store::weekly_trend(&state.db, p.id, now).await?;
    let week = |w: &crate::support::trend::Week| l.date(w.start);
    let volume: Vec<(String, Option<f64>)> = weeks.iter().map(|w| (week(w), Some(w.filed as f64))).collect();
    let median: Vec<(String, Option<f64>)> = weeks.iter().map(|w| (week(w), w.median_resolution_hours)).collect();
    let vmax = weeks.iter().map(|w| w.filed).max().unwrap_or(0).max(4) as f64;
    let mmax = weeks.iter().filter_map(|w| w.median_resolution_hours).fold(8.0, f64::max).ceil();
    let tickets = weeks.iter().any(|w| w.filed > 0 || w.resolved > 0);
    let body = html! {
        (crumbs(&auth.ctx, p, &[(title, None)]))
        h1 { (title) }
        p.lead { (l.t("Is the ERP being adopted? Satisfaction, open feedback, usability and recommendation across survey waves, and the KPIs against their baseline.",
                      "¿Se está adoptando el ERP? Satisfacción, opiniones abiertas, usabilidad y recomendación por oleada, y los KPI frente a su línea base.")) }
        div.actions {
            a.button.secondary href=(crate::urls::feedback(p.id)) { (l.t("Feedback", "Opiniones")) }
            a.button.secondary href=(crate::urls::surveys(p.id)) { (l.t("Surveys", "Encuestas")) }
            a.button.secondary href=(crate::urls::kpis(p.id)) { (l.t("KPIs", "KPI")) }
        }
        div.charts {
            section.card {
                h2 { (l.t("Satisfaction (feedback rating, 1–5)", "Satisfacción (valoración de las opiniones, 1–5)")) }
                (crate::web::chart::line(l, l.t("Average rating per month", "Valoración media por mes"), &sat_points, (1.0, 5.0), None))
            }
            section.card {
                h2 { (l.t("Open feedback by age", "Opiniones abiertas por antigüedad")) }
                @let labels = [l.t("under 7 days", "menos de 7 días"), l.t("7–14 days", "7–14 días"), l.t("14–30 days", "14–30 días"), l.t("over 30 days", "más de 30 días")];
                @if total_open == 0 {
                    div.empty #open-by-age-empty {
                        @if any {
                            p { (l.t("Nothing is open: every piece of feedback has been answered or closed.", "No hay nada abierto: todas las opiniones se han respondido o cerrado.")) }
                            a href=(crate::urls::feedback(p.id)) { (l.t("See the feedback", "Ver las opiniones")) }
                        } @else {
                            p { (l.t("No feedback yet. Ask the people using the ERP to send their first impressions on the Feedback page; they may do it anonymously.", "Aún no hay opiniones. Pida a quienes usan el ERP que envíen sus primeras impresiones en la página de opiniones; pueden hacerlo de forma anónima.")) }
                            a.button href=(crate::urls::feedback(p.id)) { (l.t("Open the feedback page", "Abrir la página de opiniones")) }
                        }
                    }
                } @else {
                    @for (label, n) in labels.iter().zip(ages.iter()) {
                        div { span { (label) } (progress(*n as i64, total_open as i64, label)) }
                    }
                }
                @if stale > 0 {
                    p.alert-line { (l.f("Unanswered for over {1} days: {0}.", "Sin respuesta desde hace más de {1} días: {0}.", &[&stale, &UNANSWERED_DAYS])) " "
                        a href={ (crate::urls::feedback(p.id)) "?stale=1" } { (l.t("Answer them", "Responderlas")) } }
                }
            }
            section.card {
                h2 { "SUS" }
                (crate::web::chart::line(l, l.t("SUS by wave (68 = average)", "SUS por oleada (68 = media)"), &sus_points, (0.0, 100.0), Some(SUS_AVERAGE)))
            }
            section.card {
                h2 { "eNPS" }
                (crate::web::chart::line_with(l, l.t("eNPS by wave", "eNPS por oleada"), &enps_points, (-100.0, 100.0), Some(0.0), survey::enps_label))
            }
        }
        h2 { (l.t("Support after go-live", "Soporte tras la puesta en marcha")) }
        @if tickets {
            div.charts {
                section.card { (crate::web::chart::line(l, l.t("Support tickets filed per week", "Incidencias de soporte abiertas por semana"), &volume, (0.0, vmax), None)) }
                section.card { (crate::web::chart::line(l, l.t("Median hours to resolve a ticket, by week", "Mediana de horas hasta resolver una incidencia, por semana"), &median, (0.0, mmax), None)) }
            }
            p.muted { (l.t("Stabilized reads as both lines going down: fewer tickets, solved sooner.", "La estabilización se ve en que ambas líneas bajan: menos incidencias, resueltas antes.")) " "
                a href={ (crate::urls::support(p.id)) "/overview" } { (l.t("The support desk's trend and SLA", "Tendencia y SLA del soporte")) } }
        } @else {
            div.empty { p { (l.t("No support ticket in the last 12 weeks. After go-live, people report problems on the Support tab; their weekly volume and time to resolve show here.",
                                 "Ninguna incidencia de soporte en las últimas 12 semanas. Tras la puesta en marcha, las personas informan de problemas en la pestaña Soporte; su volumen semanal y el tiempo de resolución se ven aquí.")) }
                        a href=(crate::urls::support(p.id)) { (l.t("Support", "Soporte")) } }
        }
        h2 { (l.t("KPIs against the baseline", "KPI frente a la línea base")) }
        @if kpis.is_empty() {
            div.empty { p { (l.t("No KPI baseline yet: set them in the needs assessment so there is something to compare with after go-live.", "Aún no hay línea base de KPI: defínala en la evaluación de necesidades para poder comparar tras la puesta en marcha.")) } a href=(crate::urls::kpis(p.id)) { (l.t("KPIs", "KPI")) } }
        } @else {
            table {
                thead { tr { th scope="col" { "KPI" } th scope="col" { (l.t("Baseline", "Línea base")) } th scope="col" { (l.t("Latest", "Último")) } th scope="col" { (l.t("Change", "Cambio")) } th scope="col" { (l.t("Progress to target", "Avance hacia el objetivo")) } } }
                tbody { @for k in &kpis {
                    @let m = last.get(&k.id);
                    tr {
                        td { a href={ (crate::urls::kpis(p.id)) "/" (k.id) "/measurements" } { (k.name) } " " span.muted { "(" (k.unit) ")" } }
                        td { (k.baseline_value) }
                        td { @match m { Some(m) => { (m.value) " " span.muted { (l.date(m.measured_on)) } }, None => span.muted { (l.t("not measured", "sin medir")) } } }
                        td { @if let Some(m) = m { (delta_badge(l, k, m.value)) } }
                        td { @if let (Some(m), Some(t)) = (m, k.target_value) { @if let Some(pr) = survey::kpi_progress(k.baseline_value, t, m.value) { (progress((pr * 100.0).round() as i64, 100, l.t("Progress to target", "Avance hacia el objetivo"))) } } }
                    }
                } }
            }
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
