//! The go/no-go meeting as a checkpoint: the signed-in PM records the verdict (go, go with
//! conditions, no-go) with a note, and the decision keeps the readiness verdict key and score of
//! that moment as plain values.
//!
//! Readiness lives in `warnings`, a floor above this one, so this module cannot call it. It asks
//! through a [`ReadinessProbe`]: a function pointer registered as app data by `startup.rs` (which
//! may see both floors) and implemented in `warnings::readiness::go_no_go_probe`. The readiness
//! is computed on the server at decision time; nothing the form posts is taken as readiness.

use super::form::{GoNoGoForm, VERDICTS};
use super::{runs_store as runs, store};
use crate::entities::{go_no_go_decision, project};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Manager;
use crate::state::AppState;
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, select_required};
use crate::web::nav::crumbs;
use crate::web::{Auth, CsrfForm, FormErrors, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use maud::html as markup;

/// The readiness verdict as the scorecard computes it now: its key (`go`, `conditional`,
/// `not_assessed`, `no_go`) and its score in % (None if there is no score).
#[derive(Clone, Debug, PartialEq)]
pub struct Readiness {
    pub key: String,
    pub score: Option<f64>,
}

pub type ReadinessFuture<'a> = LocalBoxFuture<'a, Result<Readiness, sea_orm::DbErr>>;

/// How this module learns the readiness verdict: registered with `App::app_data` in `startup.rs`.
#[derive(Clone, Copy)]
pub struct ReadinessProbe(pub for<'a> fn(&'a AppState, &'a project::Model, DateTime<Utc>) -> ReadinessFuture<'a>);

async fn readiness(
    state: &AppState,
    probe: Option<web::Data<ReadinessProbe>>,
    p: &project::Model,
) -> AppResult<Readiness> {
    let probe = probe.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no readiness probe registered")))?;
    Ok((probe.0)(state, p, state.clock.now()).await?)
}

/// The decisions so far and the names of who took them.
type Past = (Vec<go_no_go_decision::Model>, std::collections::HashMap<i32, String>);

fn render(
    auth: &Auth,
    acc: &Access,
    now: &Readiness,
    (past, names): &Past,
    form: &GoNoGoForm,
    e: &FormErrors,
    status: StatusCode,
) -> HttpResponse {
    let l = auth.ctx.lang;
    let p = &acc.project;
    let title = l.t("Go/no-go decision", "Decisión de go/no-go");
    let verdicts: Vec<(&str, &str)> = VERDICTS.iter().map(|v| (*v, super::verdict_label(l, v))).collect();
    let score = |s: Option<f64>| s.map(|s| format!("{s:.0} %")).unwrap_or_else(|| "—".into());
    let body = markup! {
        (crumbs(&auth.ctx, p, &[(l.t("Cutover runbook", "Plan de cutover"), Some(crate::urls::cutover(p.id))), (title, None)]))
        h1 { (title) }
        div.card {
            p { (l.t("Readiness now, recorded with the decision:", "Preparación ahora, que se registra con la decisión:")) " "
                strong { (now.key) } " · " (score(now.score)) " "
                a href={ (crate::urls::project(p.id)) "/readiness" } { (l.t("see the scorecard", "ver el cuadro de preparación")) } }
            (error_summary(l, e))
            form method="post" action=(crate::urls::cutover_go_no_go(p.id)) novalidate {
                (csrf_field(&auth.ctx))
                (select_required(l, "verdict", l.t("Verdict", "Veredicto"), &verdicts, &form.verdict, e))
                (field("note", l.t("Note (the conditions, if any)", "Nota (las condiciones, si las hay)"), "textarea", &form.note, e, FieldAttrs::default().max(4000)))
                div.actions { button type="submit" { (l.t("Record the decision", "Registrar la decisión")) } a href=(crate::urls::cutover(p.id)) { (l.t("Cancel", "Cancelar")) } }
            }
        }
        @if !past.is_empty() {
            h2 { (l.t("Decisions so far", "Decisiones hasta ahora")) }
            table {
                thead { tr { th scope="col" { (l.t("When", "Cuándo")) } th scope="col" { (l.t("Verdict", "Veredicto")) } th scope="col" { (l.t("Decided by", "Decidió")) } th scope="col" { (l.t("Readiness seen", "Preparación vista")) } th scope="col" { (l.t("Note", "Nota")) } } }
                tbody { @for d in past { tr {
                    td { (l.datetime(d.decided_at)) }
                    td { (badge(super::verdict_label(l, &d.verdict), super::verdict_class(&d.verdict))) }
                    td { (d.decided_by.and_then(|u| names.get(&u)).map(String::as_str).unwrap_or("—")) }
                    td { (d.readiness_key) " · " (score(d.readiness_score)) }
                    td { (d.note.as_deref().unwrap_or("")) }
                } } }
            }
        }
    };
    html(status, layout::page(&auth.ctx, title, body))
}

async fn past(
    state: &AppState,
    project_id: i32,
) -> AppResult<(Vec<go_no_go_decision::Model>, std::collections::HashMap<i32, String>)> {
    let past = runs::decisions(&state.db, project_id).await?;
    let names = crate::needs::store::owner_names(&state.db, past.iter().filter_map(|d| d.decided_by)).await?;
    Ok((past, names))
}

pub async fn page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    probe: Option<web::Data<ReadinessProbe>>,
) -> AppResult<HttpResponse> {
    let now = readiness(&state, probe, &acc.project).await?;
    let past = past(&state, acc.project.id).await?;
    Ok(render(&auth, &acc, &now, &past, &GoNoGoForm::default(), &FormErrors::new(), StatusCode::OK))
}

pub async fn decide(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    probe: Option<web::Data<ReadinessProbe>>,
    CsrfForm(form): CsrfForm<GoNoGoForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let seen = readiness(&state, probe, &acc.project).await?;
    let (verdict, note) = match form.validate(l) {
        Ok(v) => v,
        Err(e) => {
            let past = past(&state, acc.project.id).await?;
            return Ok(render(&auth, &acc, &seen, &past, &form, &e, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let now = state.clock.now();
    let rb = store::ensure_runbook(&state.db, acc.project.id, now).await?;
    runs::record_go_no_go(&state.db, acc.project.id, rb.id, auth.user.id, &verdict, note, &seen.key, seen.score, now)
        .await?;
    Ok(flash::success(
        &crate::urls::cutover(acc.project.id),
        &l.f("Go/no-go recorded: {0}.", "Go/no-go registrado: {0}.", &[&super::verdict_label(l, &verdict)]),
    ))
}
