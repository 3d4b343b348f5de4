//! The fit matrix: each requirement × shortlisted product is standard / configuration /
//! customization / gap. Must-haves first, a page of requirements at a time.

use super::form::FitParams;
use super::{FIT_LEVELS, fit_label, store};
use crate::entities::{candidate, requirement};
use crate::error::AppResult;
use crate::needs::store::{Filter, Sort};
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::{csrf_field, page_params, pagination};
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, Ctx, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use std::collections::HashMap;

const PER_PAGE: u64 = 50;

struct Matrix {
    candidates: Vec<candidate::Model>,
    requirements: Vec<(requirement::Model, Option<String>)>,
    cells: HashMap<(i32, i32), String>,
    page: u64,
    pages: u64,
    total: u64,
}

async fn load(state: &AppState, acc: &Access, page: u64) -> AppResult<Matrix> {
    let none = Filter { search: "", area: "", priority: "" };
    let (requirements, total) =
        crate::needs::store::list(&state.db, acc.project.id, &none, Sort::Priority, false, page, PER_PAGE).await?;
    let ids = requirements.iter().map(|r| r.0.id).collect();
    let cells = store::fits_for(&state.db, acc.project.id, ids)
        .await?
        .into_iter()
        .map(|f| ((f.requirement_id, f.candidate_id), f.level))
        .collect();
    let candidates = store::candidates(&state.db, acc.project.id).await?;
    Ok(Matrix { candidates, requirements, cells, page, pages: total.div_ceil(PER_PAGE), total })
}

pub async fn page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<FitParams>,
) -> AppResult<HttpResponse> {
    let m = load(&state, &acc, page_params(q.page).0).await?;
    Ok(html(StatusCode::OK, view(&auth.ctx, &acc, &m)))
}

/// Saves the cells posted (`f_<requirement>_<candidate>`); a cell not posted is left alone.
pub async fn save(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let candidates: Vec<i32> = store::candidates(&state.db, acc.project.id).await?.iter().map(|c| c.id).collect();
    let mut cells = Vec::new();
    for (k, v) in &form {
        let Some(rest) = k.strip_prefix("f_") else { continue };
        let parsed = rest.split_once('_').and_then(|(r, c)| Some((r.parse::<i32>().ok()?, c.parse::<i32>().ok()?)));
        let level = match v.as_str() {
            "" => None,
            v => FIT_LEVELS.iter().copied().find(|x| *x == v),
        };
        match parsed {
            Some((r, c)) if candidates.contains(&c) && (v.is_empty() || level.is_some()) => cells.push((r, c, level)),
            _ => {
                return Ok(flash::error(
                    &format!("{}/fit", crate::urls::selection(acc.project.id)),
                    l.t(
                        "The form is out of date; reload the page and try again.",
                        "El formulario está desactualizado; recargue la página e inténtelo de nuevo.",
                    ),
                ));
            }
        }
    }
    let req_ids: Vec<i32> = cells.iter().map(|c| c.0).collect();
    let known: std::collections::HashSet<i32> = crate::entities::requirement::Entity::find()
        .filter(crate::entities::requirement::Column::ProjectId.eq(acc.project.id))
        .filter(crate::entities::requirement::Column::Id.is_in(req_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let tx = crate::db::begin_write(&state.db).await?;
    for (r, c, level) in cells.into_iter().filter(|c| known.contains(&c.0)) {
        store::put_fit(&tx, acc.project.id, r, c, level).await?;
    }
    tx.commit().await?;
    let page = form.get("page").cloned().unwrap_or_else(|| "1".into());
    Ok(flash::success(
        &format!("{}/fit?page={}", crate::urls::selection(acc.project.id), page.parse::<u64>().unwrap_or(1)),
        l.t("Fit saved.", "Ajuste guardado."),
    ))
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn view(ctx: &Ctx, acc: &Access, m: &Matrix) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::selection(p.id);
    let title = l.t("Requirement fit", "Ajuste de requisitos");
    let manage = acc.can_manage();
    let mut opts = vec![("", "—")];
    opts.extend(FIT_LEVELS.iter().map(|f| (*f, fit_label(l, f))));
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("ERP selection", "Selección del ERP"), Some(base.clone())), (title, None)]))
            h1 { (title) }
            p.muted { (l.t("For each requirement, how each product meets it: out of the box (standard), by configuration, only with custom development (customization), or not at all (gap). Must-haves come first.",
                           "Para cada requisito, cómo lo cubre cada producto: de serie (estándar), configurando, solo con desarrollo a medida (personalización) o de ninguna forma (carencia). Los imprescindibles van primero.")) }
            @if m.candidates.is_empty() || m.requirements.is_empty() {
                div.empty {
                    p { (l.t("The matrix needs requirements and a shortlist.", "La matriz necesita requisitos y una lista corta.")) }
                    a href=(crate::urls::requirements(p.id)) { (l.t("Requirements", "Requisitos")) } " · " a href=(base) { (l.t("Shortlist", "Lista corta")) }
                }
            } @else {
                form method="post" action={ (base) "/fit" } {
                    (csrf_field(ctx))
                    input type="hidden" name="page" value=(m.page);
                    // Many products do not fit 1366 px: the table scrolls in its own box, the requirement column stays.
                    div.table-scroll.sticky-first role="region" tabindex="0" aria-label=(title) { table.matrix {
                        thead { tr {
                            th scope="col" { (l.t("Requirement", "Requisito")) }
                            @for c in &m.candidates { th scope="col" { (c.name) } }
                        } }
                        tbody {
                            @for (r, _) in &m.requirements {
                                tr {
                                    th scope="row" { (crate::needs::views::priority_badge(l, &r.priority)) " " (r.title) }
                                    @for c in &m.candidates {
                                        @let name = format!("f_{}_{}", r.id, c.id);
                                        @let cur = m.cells.get(&(r.id, c.id)).map(String::as_str).unwrap_or("");
                                        td.(format!("fit-{}", if cur.is_empty() { "none" } else { cur })) {
                                            @if manage {
                                                select name=(name) aria-label=(format!("{} — {}", r.title, c.name)) {
                                                    @for (v, t) in &opts { option value=(v) selected[*v == cur] { (t) } }
                                                }
                                            } @else { (fit_label(l, cur)) }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                    @if manage { div.actions { button type="submit" { (l.t("Save this page", "Guardar esta página")) } } }
                }
                (pagination(l, &format!("{base}/fit"), &[], m.page, m.pages, m.total))
            }
        },
    )
}
