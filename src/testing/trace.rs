//! The traceability matrix: each requirement with its fit for the chosen product (when one is
//! chosen and assessed), its cases, the latest result per cycle, its open defects; must-haves with
//! no passing case flagged. One page of requirements, then a few GROUP BY queries over that page.

use super::form::ListParams;
use super::{result_class, result_label, store};
use crate::entities::{defect, fit, requirement, test_case_requirement as tcr, test_cycle, test_run};
use crate::error::AppResult;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::{badge, page_params, pagination, scroll_region};
use crate::web::nav::crumbs;
use crate::web::{Lang, csv, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Cycles shown as columns: the latest few by start.
const CYCLE_COLUMNS: usize = 6;

pub struct Row {
    pub req: requirement::Model,
    pub fit: Option<String>,
    pub cases: i64,
    /// cycle id → combined latest result of the requirement's cases there.
    pub per_cycle: HashMap<i32, &'static str>,
    pub open_defects: i64,
    pub flagged: bool,
}

/// The latest results of a requirement's cases in one cycle, as one: any failed, else any
/// blocked, else any not yet run, else passed (with remarks if any had them).
pub fn combine(results: &[(String, i64)]) -> &'static str {
    let has = |r: &str| results.iter().any(|(x, n)| x == r && *n > 0);
    if has("failed") {
        "failed"
    } else if has("blocked") {
        "blocked"
    } else if has("in_progress") {
        "in_progress"
    } else if has("not_run") {
        "not_run"
    } else if has("passed_remarks") {
        "passed_remarks"
    } else {
        "passed"
    }
}

fn filtered(project_id: i32, q: &ListParams) -> sea_orm::Select<requirement::Entity> {
    let mut sel = requirement::Entity::find()
        .filter(requirement::Column::ProjectId.eq(project_id))
        .filter(requirement::Column::Priority.ne("wont"));
    if !q.q.trim().is_empty() {
        sel = sel.filter(requirement::Column::SearchText.like(crate::text::contains_pattern(&q.q)));
    }
    if q.flagged == "1" {
        sel = sel
            .filter(requirement::Column::Priority.eq("must"))
            .filter(Expr::col(requirement::Column::Id).not_in_subquery(store::passing_requirements()));
    }
    let rank: sea_orm::sea_query::SimpleExpr = Expr::case(requirement::Column::Priority.eq("must"), 0)
        .case(requirement::Column::Priority.eq("should"), 1)
        .finally(2)
        .into();
    sel.order_by_asc(rank).order_by_asc(requirement::Column::Id)
}

async fn rows(db: &impl ConnectionTrait, project_id: i32, reqs: Vec<requirement::Model>) -> Result<Vec<Row>, DbErr> {
    let ids: Vec<i32> = reqs.iter().map(|r| r.id).collect();
    let chosen = crate::selection::store::selection(db, project_id).await?.chosen_candidate_id;
    let fits: HashMap<i32, String> = match chosen {
        Some(c) => fit::Entity::find()
            .filter(fit::Column::CandidateId.eq(c))
            .filter(fit::Column::RequirementId.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.requirement_id, f.level))
            .collect(),
        None => HashMap::new(),
    };
    let cases: HashMap<i32, i64> = tcr::Entity::find()
        .select_only()
        .column(tcr::Column::RequirementId)
        .column_as(tcr::Column::CaseId.count(), "n")
        .filter(tcr::Column::RequirementId.is_in(ids.clone()))
        .group_by(tcr::Column::RequirementId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let results: Vec<(i32, i32, String, i64)> = test_run::Entity::find()
        .select_only()
        .column(tcr::Column::RequirementId)
        .column(test_run::Column::CycleId)
        .column(test_run::Column::Result)
        .column_as(test_run::Column::Id.count(), "n")
        .join(
            sea_orm::JoinType::InnerJoin,
            test_run::Entity::belongs_to(tcr::Entity).from(test_run::Column::CaseId).to(tcr::Column::CaseId).into(),
        )
        .filter(tcr::Column::RequirementId.is_in(ids.clone()))
        .filter(test_run::Column::IsLatest.eq(true))
        .group_by(tcr::Column::RequirementId)
        .group_by(test_run::Column::CycleId)
        .group_by(test_run::Column::Result)
        .into_tuple()
        .all(db)
        .await?;
    let mut grouped: HashMap<(i32, i32), Vec<(String, i64)>> = HashMap::new();
    for (r, c, res, n) in results {
        grouped.entry((r, c)).or_default().push((res, n));
    }
    let open: HashMap<i32, i64> = defect::Entity::find()
        .select_only()
        .column(defect::Column::RequirementId)
        .column_as(defect::Column::Id.count(), "n")
        .filter(defect::Column::RequirementId.is_in(ids))
        .filter(defect::Column::Status.is_not_in(["closed", "rejected"]))
        .group_by(defect::Column::RequirementId)
        .into_tuple::<(Option<i32>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(r, n)| r.map(|r| (r, n)))
        .collect();
    Ok(reqs
        .into_iter()
        .map(|req| {
            let per_cycle: HashMap<i32, &'static str> =
                grouped.iter().filter(|((r, _), _)| *r == req.id).map(|((_, c), v)| (*c, combine(v))).collect();
            // Passing: some case of it passed in its latest run of some cycle (as the facts count).
            let passing = grouped
                .iter()
                .any(|((r, _), v)| *r == req.id && v.iter().any(|(res, n)| *n > 0 && super::rules::is_passed(res)));
            Row {
                fit: fits.get(&req.id).cloned(),
                cases: cases.get(&req.id).copied().unwrap_or(0),
                open_defects: open.get(&req.id).copied().unwrap_or(0),
                flagged: req.priority == "must" && !passing,
                per_cycle,
                req,
            }
        })
        .collect())
}

async fn columns(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<test_cycle::Model>, DbErr> {
    let mut c = store::cycles(db, project_id).await?;
    c.truncate(CYCLE_COLUMNS);
    c.reverse();
    Ok(c)
}

fn fit_text(l: Lang, f: &Option<String>) -> &'static str {
    f.as_deref().map(|f| crate::selection::fit_label(l, f)).unwrap_or("—")
}

pub async fn page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let p = &acc.project;
    let (page, per_page) = page_params(q.page);
    let sel = filtered(p.id, &q);
    let total = sel.clone().count(&state.db).await?;
    let reqs = sel.paginate(&state.db, per_page).fetch_page(page.saturating_sub(1)).await?;
    let rows = rows(&state.db, p.id, reqs).await?;
    let cycles = columns(&state.db, p.id).await?;
    let title = l.t("Traceability", "Trazabilidad");
    let base = crate::urls::traceability(p.id);
    let keep = [("q", q.q.clone()), ("flagged", q.flagged.clone())];
    let body = html! {
        (crumbs(&auth.ctx, p, &[super::cases_views::testing_crumb(&auth.ctx, p.id), (title, None)]))
        h1 { (title) }
        p.muted { (l.t("Requirement → test cases → latest result per cycle → open defects. A must-have is flagged while none of its cases has passed.",
                       "Requisito → casos de prueba → último resultado por ciclo → defectos abiertos. Un imprescindible queda marcado mientras ninguno de sus casos haya superado la prueba.")) }
        div.actions { a.button.secondary href={ (base) ".csv?q=" (q.q) "&flagged=" (q.flagged) } { (l.t("Export CSV", "Exportar CSV")) } }
        form.filters method="get" action=(base) role="search" {
            div.field { label for="q" { (l.t("Search", "Buscar")) } input #q type="search" name="q" value=(q.q); }
            div.field { label { input type="checkbox" name="flagged" value="1" checked[q.flagged == "1"]; " " (l.t("Only must-haves without a passing case", "Solo imprescindibles sin caso superado")) } }
            button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
        }
        @if rows.is_empty() {
            div.empty { p { (l.t("No requirements match. Record the requirements first; their test cases appear here.", "Ningún requisito coincide. Registre primero los requisitos; sus casos de prueba aparecen aquí.")) } }
        } @else {
            (scroll_region(title, html! { table {
                thead { tr {
                    th scope="col" { (l.t("Requirement", "Requisito")) } th scope="col" { (l.t("Fit", "Ajuste")) } th scope="col" { (l.t("Cases", "Casos")) }
                    @for c in &cycles { th scope="col" { (c.name) } }
                    th scope="col" { (l.t("Open defects", "Defectos abiertos")) }
                } }
                tbody { @for r in &rows { tr.(if r.flagged { "flagged" } else { "" }) {
                    td { (r.req.title) " " span.muted { "(" (crate::needs::priority_label(l, &r.req.priority)) ")" }
                         @if r.flagged { " " (badge(l.t("No passing case", "Sin caso superado"), "bad")) } }
                    td { (fit_text(l, &r.fit)) }
                    td { (r.cases) }
                    @for c in &cycles { td { @match r.per_cycle.get(&c.id) { Some(res) => (badge(result_label(l, res), result_class(res))), None => span.muted { "—" } } } }
                    td { (r.open_defects) }
                } } }
            } }))
            (pagination(l, &base, &keep, page, total.div_ceil(per_page), total))
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}

pub async fn export_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let cycles = store::cycles(&state.db, acc.project.id).await?;
    let mut w = csv::writer();
    let mut head =
        vec!["requirement_id".to_string(), "requirement".into(), "priority".into(), "fit".into(), "cases".into()];
    head.extend(cycles.iter().map(|c| csv::safe(&c.name)));
    head.extend(["open_defects".to_string(), "must_without_passing_case".into()]);
    w.write_record(&head).map_err(csv::io)?;
    let mut page = 0;
    loop {
        let reqs = filtered(acc.project.id, &q).paginate(&state.db, 500).fetch_page(page).await?;
        if reqs.is_empty() {
            break;
        }
        for r in rows(&state.db, acc.project.id, reqs).await? {
            let mut rec = vec![
                r.req.id.to_string(),
                csv::safe(&r.req.title),
                r.req.priority.clone(),
                r.fit.clone().unwrap_or_default(),
                r.cases.to_string(),
            ];
            rec.extend(cycles.iter().map(|c| r.per_cycle.get(&c.id).map(|s| s.to_string()).unwrap_or_default()));
            rec.extend([r.open_defects.to_string(), r.flagged.to_string()]);
            w.write_record(&rec).map_err(csv::io)?;
        }
        page += 1;
    }
    csv::response("traceability.csv", w)
}

#[cfg(test)]
mod tests {
    use super::combine;

    #[test]
    fn a_requirement_takes_the_worst_latest_result_of_its_cases() {
        let r = |v: &[(&str, i64)]| v.iter().map(|(a, n)| (a.to_string(), *n)).collect::<Vec<_>>();
        assert_eq!(combine(&r(&[("passed", 2), ("failed", 1)])), "failed");
        assert_eq!(combine(&r(&[("passed", 2), ("not_run", 1)])), "not_run");
        assert_eq!(combine(&r(&[("passed", 2), ("passed_remarks", 1)])), "passed_remarks");
        assert_eq!(combine(&r(&[("passed", 2)])), "passed");
    }
}
