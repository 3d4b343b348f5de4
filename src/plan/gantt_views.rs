//! The Gantt pages: the chart fitted to the page (`gantt_html`) and the detailed SVG download (`gantt`),
//! at a zoom of weeks, months or quarters, for printing or slides.

use super::form::ChartParams;
use super::gantt::{self, Arrow, Bar, Chart, Zoom};
use super::projection::Projection;
use super::timeline::{Dates, cycle_message, load};
use super::views::plan_nav;
use crate::error::AppResult;
use crate::phases::label as phase_label;
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::nav::crumbs;
use crate::web::{Lang, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::NaiveDate;
use maud::{Markup, html};

pub fn zoom(s: &str) -> Zoom {
    match s {
        "week" => Zoom::Week,
        "quarter" => Zoom::Quarter,
        _ => Zoom::Month,
    }
}

fn month_names(l: Lang) -> [&'static str; 12] {
    match l {
        Lang::En => ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        Lang::Es => ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    }
}

fn bars(l: Lang, acc: &Access, pr: &Projection, base: Option<&Dates>) -> (Vec<Bar>, Vec<Arrow>) {
    let p = &acc.project;
    let bars = pr
        .rows
        .iter()
        .map(|r| Bar {
            id: r.m.id,
            label: r.m.title.clone(),
            group: phase_label(l, &r.m.phase_key).to_string(),
            start: r.start,
            end: r.due,
            percent: u8::try_from(r.m.percent.clamp(0, 100)).unwrap_or(0),
            milestone: r.is_checkpoint(),
            critical: r.critical,
            baseline: base.and_then(|b| b.get(&r.m.id).copied()),
            href: Some(format!("{}/edit", crate::urls::milestone(p.id, r.m.id))),
        })
        .collect();
    let arrows = pr.deps.iter().map(|d| Arrow { from: d.predecessor_id, to: d.successor_id }).collect();
    (bars, arrows)
}

/// Renders the chart with `draw`: the fitted HTML for the page, the SVG string for the download.
fn with_chart<T>(
    l: Lang,
    acc: &Access,
    pr: &Projection,
    base: Option<&Dates>,
    today: NaiveDate,
    z: Zoom,
    draw: impl FnOnce(&Chart) -> T,
) -> T {
    let (bars, arrows) = bars(l, acc, pr, base);
    let title = l.f("Gantt chart of {0}", "Diagrama de Gantt de {0}", &[&acc.project.name]);
    let chart = Chart {
        bars: &bars,
        arrows: &arrows,
        today,
        zoom: z,
        title: &title,
        today_label: l.t("today", "hoy"),
        month_names: month_names(l),
    };
    draw(&chart)
}

/// No milestones: say so, and give the next step to those who may take it.
fn empty(l: Lang, acc: &Access) -> Markup {
    let base = crate::urls::milestones(acc.project.id);
    html! {
        div.empty {
            p { (l.t("The Gantt chart is empty: the plan has no milestones yet.", "El diagrama de Gantt está vacío: el plan aún no tiene hitos.")) }
            @if acc.can_manage() {
                p.actions.center {
                    a.button href={ (base) "/new" } { (l.t("Add a milestone", "Añadir un hito")) }
                    a.button.secondary href={ (base) "/import" } { (l.t("Import a plan (CSV)", "Importar un plan (CSV)")) }
                }
            } @else {
                p { (l.t("The project manager adds the plan; it will show here.", "La dirección del proyecto añade el plan; aparecerá aquí.")) }
            }
        }
    }
}

pub async fn gantt_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ChartParams>,
) -> AppResult<HttpResponse> {
    let (proj, base) = load(&state, &acc, q.baseline).await?;
    let today = state.clock.now().date_naive();
    let l = auth.ctx.lang;
    let p = &acc.project;
    let title = l.t("Gantt chart", "Diagrama de Gantt");
    let zooms = [
        ("week", l.t("by week", "por semanas")),
        ("month", l.t("by month", "por meses")),
        ("quarter", l.t("by quarter", "por trimestres")),
    ];
    let body = html! {
        (crumbs(&auth.ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
        h1 { (title) }
        (plan_nav(&auth.ctx, p.id))
        @match &proj {
            Err(e) => div.flash.flash-error role="alert" { (cycle_message(l, e)) },
            Ok(pr) if pr.rows.is_empty() => (empty(l, &acc)),
            Ok(pr) => {
                p.muted { (l.t("The whole plan, fitted to the page. Bars show projected dates; red bars are on the critical path; thin grey bars are the latest baseline; the dashed line is today.",
                               "Todo el plan, ajustado a la página. Las barras muestran las fechas proyectadas; en rojo, la ruta crítica; las barras grises finas son la última línea base; la línea discontinua es hoy.")) }
                (with_chart(l, &acc, pr, base.as_ref().map(|b| &b.1), today, Zoom::Month, |c| super::gantt_html::fit(l, c)))
                p.actions {
                    (l.t("Download as SVG, in detail:", "Descargar como SVG, en detalle:"))
                    @for (k, label) in zooms { a href={ "/projects/" (p.id) "/gantt.svg?zoom=" (k) } download { (label) } }
                }
            }
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}

pub async fn gantt_svg(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ChartParams>,
) -> AppResult<HttpResponse> {
    let (proj, base) = load(&state, &acc, q.baseline).await?;
    let today = state.clock.now().date_naive();
    let l = auth.ctx.lang;
    let body = match &proj {
        Ok(pr) => with_chart(l, &acc, pr, base.as_ref().map(|b| &b.1), today, zoom(&q.zoom), gantt::render),
        Err(e) => return Err(crate::AppError::BadRequest(cycle_message(l, e))),
    };
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"gantt.svg\""))
        .body(body))
}
