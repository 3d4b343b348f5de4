//! Named baselines: the PM freezes the plan's dates under a name, then sees each milestone's slip
//! against it (schedule page) or compares any two baselines here.

use super::form::{BaselineForm, CompareParams};
use super::store;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::{csrf_field, select};
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, Ctx, FormErrors, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::NaiveDate;
use maud::{Markup, html};
use std::collections::HashMap;

type Dates = HashMap<i32, (NaiveDate, NaiveDate)>;

pub async fn page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<CompareParams>,
) -> AppResult<HttpResponse> {
    let list = store::baselines(&state.db, acc.project.id).await?;
    let milestones = store::all(&state.db, acc.project.id).await?;
    // "b" absent means the current plan.
    let a = match q.a.or(list.first().map(|b| b.id)) {
        Some(id) => store::baseline_dates(&state.db, acc.project.id, id).await?,
        None => None,
    };
    let b = match q.b {
        Some(id) => store::baseline_dates(&state.db, acc.project.id, id).await?,
        None => Some(milestones.iter().map(|m| (m.id, (m.start_date, m.due_date))).collect()),
    };
    Ok(html(StatusCode::OK, view(&auth.ctx, &acc, &list, &milestones, &q, a.as_ref(), b.as_ref(), None)))
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<BaselineForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let name = form.name.trim();
    let base = format!("/projects/{}/baselines", acc.project.id);
    if name.is_empty() || name.chars().count() > 120 {
        return Ok(flash::error(
            &base,
            l.t(
                "Name the baseline (120 characters at most), e.g. “Approved plan, March”.",
                "Ponga nombre a la línea base (120 caracteres como máximo), p. ej. «Plan aprobado, marzo».",
            ),
        ));
    }
    let tx = crate::db::begin_write(&state.db).await?;
    store::save_baseline(&tx, acc.project.id, name, auth.user.id, state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &base,
        l.t(
            "Baseline saved: every milestone now shows its slip against it.",
            "Línea base guardada: cada hito muestra ahora su desvío respecto a ella.",
        ),
    ))
}

#[allow(clippy::too_many_arguments)]
fn view(
    ctx: &Ctx,
    acc: &Access,
    list: &[crate::entities::baseline::Model],
    milestones: &[crate::entities::milestone::Model],
    q: &CompareParams,
    a: Option<&Dates>,
    b: Option<&Dates>,
    _e: Option<&FormErrors>,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Baselines", "Líneas base");
    let ids: Vec<String> = list.iter().map(|b| b.id.to_string()).collect();
    let opts: Vec<(&str, &str)> = ids.iter().zip(list).map(|(id, b)| (id.as_str(), b.name.as_str())).collect();
    let mut b_opts = vec![("", l.t("Current plan", "Plan actual"))];
    b_opts.extend(opts.iter().copied());
    let a_sel = q.a.or(list.first().map(|b| b.id)).map(|v| v.to_string()).unwrap_or_default();
    let b_sel = q.b.map(|v| v.to_string()).unwrap_or_default();
    let none = FormErrors::new();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            (super::views::plan_nav(ctx, p.id))
            @if acc.can_manage() {
                form.filters.card method="post" action={ "/projects/" (p.id) "/baselines" } {
                    (csrf_field(ctx))
                    div.field { label for="f-name" { (l.t("Save the current dates as a baseline named", "Guardar las fechas actuales como línea base con el nombre")) } input #f-name type="text" name="name" maxlength="120" required; }
                    button type="submit" { (l.t("Save baseline", "Guardar línea base")) }
                }
            }
            @if list.is_empty() {
                div.empty { p { (l.t("No baseline yet. Save one when the plan is approved; later changes then show as slip.", "Aún no hay líneas base. Guarde una cuando se apruebe el plan; los cambios posteriores se verán como desvío.")) } }
            } @else {
                form.filters method="get" action={ "/projects/" (p.id) "/baselines" } {
                    (select("a", l.t("Compare", "Comparar"), &opts, &a_sel, &none))
                    (select("b", l.t("with", "con"), &b_opts, &b_sel, &none))
                    button.secondary type="submit" { (l.t("Compare", "Comparar")) }
                }
                @if let (Some(a), Some(b)) = (a, b) {
                    table {
                        thead { tr { th scope="col" { (l.t("Milestone", "Hito")) } th scope="col" { (l.t("Due (first)", "Vencimiento (primera)")) } th scope="col" { (l.t("Due (second)", "Vencimiento (segunda)")) } th scope="col" { (l.t("Slip (days)", "Desvío (días)")) } } }
                        tbody {
                            @for m in milestones {
                                @let (da, db) = (a.get(&m.id), b.get(&m.id));
                                tr {
                                    td { (m.title) }
                                    td { @match da { Some((_, d)) => (l.date(*d)), None => span.muted { "—" } } }
                                    td { @match db { Some((_, d)) => (l.date(*d)), None => span.muted { "—" } } }
                                    td { @if let (Some((_, x)), Some((_, y))) = (da, db) { @let s = (*y - *x).num_days(); @if s > 0 { span.bad-text { "+" (s) } } @else { (s) } } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
