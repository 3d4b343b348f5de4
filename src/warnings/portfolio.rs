//! The portfolio: one row per rollout the caller manages (every project for an administrator)
//! with its current phase, readiness verdict and open warnings from the latest daily snapshot,
//! and the go-live date. Sortable and paginated; no rule is evaluated here, so it stays fast with
//! thousands of projects.

use super::form::Params;
use crate::entities::{membership, project, project_phase, readiness_snapshot};
use crate::error::AppResult;
use crate::phases::label as phase_label;
use crate::state::AppState;
use crate::web::components::{page_params, pagination, sort_header};
use crate::web::{Auth, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn page(auth: Auth, state: web::Data<AppState>, q: web::Query<Params>) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let mut sel = project::Entity::find();
    if auth.user.role != "admin" {
        sel = sel.filter(
            project::Column::Id.in_subquery(
                Query::select()
                    .column(membership::Column::ProjectId)
                    .from(membership::Entity)
                    .and_where(Expr::col(membership::Column::UserId).eq(auth.user.id))
                    .and_where(Expr::col(membership::Column::Role).eq("pm"))
                    .to_owned(),
            ),
        );
    }
    let desc = q.dir == "desc";
    let order = if desc { Order::Desc } else { Order::Asc };
    let sort = if q.sort == "name" { "name" } else { "go_live" };
    let sel = match sort {
        "name" => sel.order_by(project::Column::Name, order),
        _ => sel.order_by(project::Column::GoLiveDate, order),
    }
    .order_by_asc(project::Column::Id);
    let (page, per_page) = page_params(q.page);
    let total = sel.clone().count(&state.db).await?;
    let rows = sel.paginate(&state.db, per_page).fetch_page(page.saturating_sub(1)).await?;
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let mut latest: HashMap<i32, readiness_snapshot::Model> = HashMap::new();
    for s in readiness_snapshot::Entity::find()
        .filter(readiness_snapshot::Column::ProjectId.is_in(ids.clone()))
        .filter(readiness_snapshot::Column::Day.gte((now - chrono::Duration::days(30)).date_naive()))
        .order_by_asc(readiness_snapshot::Column::Day)
        .all(&state.db)
        .await?
    {
        latest.insert(s.project_id, s);
    }
    let mut phase: HashMap<i32, (i32, String)> = HashMap::new();
    for ph in project_phase::Entity::find()
        .filter(project_phase::Column::ProjectId.is_in(ids))
        .filter(project_phase::Column::Status.ne("closed"))
        .all(&state.db)
        .await?
    {
        let e = phase.entry(ph.project_id).or_insert((i32::MAX, String::new()));
        if ph.position < e.0 {
            *e = (ph.position, ph.phase_key);
        }
    }
    let title = l.t("Portfolio", "Cartera");
    let base = "/portfolio";
    let keep: [(&str, String); 0] = [];
    let body = html! {
        h1 { (title) }
        p.lead { (l.t("Every rollout you manage, with its readiness as of its last daily snapshot (open a project's readiness page to refresh it).",
                      "Todas las implantaciones que dirige, con su preparación según la última instantánea diaria (abra la página de preparación de un proyecto para actualizarla).")) }
        @if rows.is_empty() {
            div.empty { p { (l.t("You do not manage any project yet.", "Aún no dirige ningún proyecto.")) } a href="/projects" { (l.t("Projects", "Proyectos")) } }
        } @else {
            table {
                thead { tr {
                    (sort_header(base, &keep, "name", l.t("Project", "Proyecto"), sort, desc))
                    th scope="col" { (l.t("Current phase", "Fase actual")) }
                    th scope="col" { (l.t("Readiness", "Preparación")) }
                    th scope="col" { (l.t("Open warnings", "Avisos abiertos")) }
                    (sort_header(base, &keep, "go_live", l.t("Go-live", "Puesta en marcha"), sort, desc))
                } }
                tbody { @for p in &rows {
                    @let snap = latest.get(&p.id);
                    tr {
                        td { a href={ "/projects/" (p.id) } { (p.name) } br; span.muted { (p.company) } }
                        td { @match phase.get(&p.id) { Some((_, k)) => (phase_label(l, k)), None => (l.t("All phases closed", "Todas las fases cerradas")) } }
                        td { @match snap { Some(s) => { a href={ "/projects/" (p.id) "/readiness" } { (super::readiness_page::verdict_badge(l, &s.verdict)) } }, None => { a href={ "/projects/" (p.id) "/readiness" } { (l.t("not assessed yet", "sin evaluar")) } } } }
                        td { @match snap { Some(s) => { a href={ "/projects/" (p.id) "/warnings" } { (s.open_warnings) } }, None => "—" } }
                        td { (l.date(p.go_live_date)) " " span.muted { "(" ((p.go_live_date - now.date_naive()).num_days()) " " (l.t("days", "días")) ")" } }
                    }
                } }
            }
            (pagination(l, base, &[("sort", q.sort.clone()), ("dir", q.dir.clone())], page, total.div_ceil(per_page), total))
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
