//! The schedule page: critical path, projected go-live, slip against the latest baseline.
//! The Gantt pages, which share its loading, are in `gantt_views`.

use super::form::ChartParams;
use super::projection::{self, Projection};
use super::schedule::ScheduleError;
use super::views::plan_nav;
use crate::error::AppResult;
use crate::phases::label as phase_label;
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::badge;
use crate::web::nav::crumbs;
use crate::web::{Ctx, Lang, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::NaiveDate;
use maud::{Markup, html};
use std::collections::HashMap;

pub(super) type Dates = HashMap<i32, (NaiveDate, NaiveDate)>;

/// The projection and, when one exists (or is asked for), a baseline's dates with its name.
pub(super) async fn load(
    state: &AppState,
    acc: &Access,
    baseline: Option<i32>,
) -> AppResult<(Result<Projection, ScheduleError>, Option<(String, Dates)>)> {
    let proj = projection::load(&state.db, acc.project.id).await?;
    let baselines = super::store::baselines(&state.db, acc.project.id).await?;
    let chosen = match baseline {
        Some(id) => baselines.into_iter().find(|b| b.id == id),
        None => baselines.into_iter().next(),
    };
    let base = match chosen {
        Some(b) => super::store::baseline_dates(&state.db, acc.project.id, b.id).await?.map(|d| (b.name, d)),
        None => None,
    };
    Ok((proj, base))
}

pub(super) fn cycle_message(l: Lang, e: &ScheduleError) -> String {
    match e {
        ScheduleError::Cycle(ids) => l.f(
            "The dependencies form a loop ({0}); remove one to schedule the plan.",
            "Las dependencias forman un ciclo ({0}); quite una para poder calcular el calendario.",
            &[&format!("{ids:?}")],
        ),
        other => l.f("The plan cannot be scheduled: {0}", "No se puede calcular el calendario: {0}", &[other]),
    }
}

pub async fn schedule_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ChartParams>,
) -> AppResult<HttpResponse> {
    let (proj, base) = load(&state, &acc, q.baseline).await?;
    let owners = match &proj {
        Ok(p) => crate::needs::store::owner_names(&state.db, p.rows.iter().filter_map(|r| r.m.owner_id)).await?,
        Err(_) => HashMap::new(),
    };
    Ok(html(StatusCode::OK, schedule_view(&auth.ctx, &acc, &proj, base.as_ref(), &owners)))
}

fn schedule_view(
    ctx: &Ctx,
    acc: &Access,
    proj: &Result<Projection, ScheduleError>,
    base: Option<&(String, Dates)>,
    owners: &HashMap<i32, String>,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Schedule and critical path", "Calendario y ruta crítica");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            (plan_nav(ctx, p.id))
            @match proj {
                Err(e) => div.flash.flash-error role="alert" { (cycle_message(l, e)) },
                Ok(pr) if pr.rows.is_empty() => div.empty { p { (l.t("No milestones yet.", "Aún no hay hitos.")) } a href={ (crate::urls::milestones(p.id)) "/new" } { (l.t("New milestone", "Nuevo hito")) } },
                Ok(pr) => {
                    (summary(l, acc, pr))
                    table {
                        thead { tr {
                            th scope="col" { (l.t("Milestone", "Hito")) }
                            th scope="col" { (l.t("Owner", "Responsable")) }
                            th scope="col" { (l.t("Planned", "Previsto")) }
                            th scope="col" { (l.t("Projected", "Proyectado")) }
                            th scope="col" { (l.t("Slack (days)", "Holgura (días)")) }
                            th scope="col" { @match base { Some((name, _)) => (l.f("Slip vs “{0}”", "Desvío frente a «{0}»", &[name])), None => (l.t("Slip vs plan", "Desvío frente a lo previsto")) } }
                        } }
                        tbody {
                            @for r in &pr.rows {
                                @let slip = match base { Some((_, d)) => d.get(&r.m.id).map(|(_, due)| (r.due - *due).num_days()), None => Some(r.slip()) };
                                tr {
                                    td { a href={ (crate::urls::milestone(p.id, r.m.id)) "/edit" } { (r.m.title) } @if r.critical { " " (badge(l.t("critical", "crítico"), "bad")) } br; span.muted { (phase_label(l, &r.m.phase_key)) } }
                                    td { @match r.m.owner_id.and_then(|o| owners.get(&o)) { Some(n) => (n), None => (badge(l.t("no owner", "sin responsable"), "warn")) } }
                                    td { (l.date(r.m.start_date)) " → " (l.date(r.m.due_date)) }
                                    td { (l.date(r.start)) " → " (l.date(r.due)) }
                                    td { (r.slack) }
                                    td { @match slip { Some(0) => "0", Some(s) if s > 0 => span.bad-text { "+" (s) } , Some(s) => (s), None => span.muted { (l.t("new", "nuevo")) } } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn summary(l: Lang, acc: &Access, pr: &Projection) -> Markup {
    let p = &acc.project;
    let finish = pr.go_live.unwrap_or(p.go_live_date);
    let late = (finish - p.go_live_date).num_days();
    let months = (finish - p.start_date).num_days() as f64 / 30.44;
    let norm = super::norm_months(&p.size);
    let chain: Vec<&str> = pr
        .critical_chain
        .iter()
        .filter_map(|id| pr.rows.iter().find(|r| r.m.id == *id))
        .map(|r| r.m.title.as_str())
        .collect();
    html! {
        div.card {
            dl.facts {
                dt { (l.t("Projected go-live", "Puesta en marcha proyectada")) }
                dd { strong { (l.date(finish)) } " "
                    @if late > 0 { (badge(&l.f("{0} days after the target", "{0} días después del objetivo", &[&late]), "bad")) }
                    @else { (badge(l.t("on or before the target", "en fecha o antes del objetivo"), "ok")) } }
                dt { (l.t("Target go-live", "Puesta en marcha objetivo")) } dd { (l.date(p.go_live_date)) }
                dt { (l.t("Plan length", "Duración del plan")) }
                dd { (format!("{months:.1}")) " " (l.t("months", "meses")) " · "
                    (l.f("the guide's norm for this company size is at least {0} months", "la norma de la guía para este tamaño de empresa es de al menos {0} meses", &[&norm]))
                    @if months < f64::from(norm) { " " (badge(l.t("shorter than the norm", "más corto que la norma"), "warn")) } }
                dt { (l.t("Critical path", "Ruta crítica")) } dd { (chain.join(" → ")) }
            }
        }
    }
}
