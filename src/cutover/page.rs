//! The runbook page: tasks in planned order with the open (or latest) run's actual times, ahead/behind and
//! the projected end; the timeline; the rehearsal compared with the live run; the settings.

use super::form::SettingsForm;
use super::projection::{durations, plan_shift, projection_of};
use super::{runs_store as runs, store, views};
use crate::entities::{cutover_run, cutover_runbook};
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use std::collections::HashMap;

pub struct Compared {
    pub run: cutover_run::Model,
    pub minutes: HashMap<i32, i64>,
    pub span: Option<i64>,
}

async fn compared(state: &AppState, run: Option<&cutover_run::Model>) -> AppResult<Option<Compared>> {
    let Some(run) = run else { return Ok(None) };
    let (minutes, span) = durations(&runs::times(&state.db, run.id).await?);
    Ok(Some(Compared { run: run.clone(), minutes, span }))
}

pub async fn runbook_page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rb = store::runbook_or_new(&state.db, acc.project.id, state.clock.now()).await?;
    let settings = SettingsForm {
        tz: rb.tz.clone(),
        window_starts_at: rb.window_starts_at.map(|t| super::input_value(&rb, t)).unwrap_or_default(),
        window_ends_at: rb.window_ends_at.map(|t| super::input_value(&rb, t)).unwrap_or_default(),
    };
    render(&state, &auth, &acc, rb, &settings, &FormErrors::new(), StatusCode::OK).await
}

/// The page, with the settings form as given (re-rendered with its errors on a bad value).
async fn render(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    rb: cutover_runbook::Model,
    settings: &SettingsForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let tasks = store::tasks(&state.db, rb.id).await?;
    let deps = store::deps(&state.db, acc.project.id).await?;
    let all_runs = runs::runs(&state.db, rb.id).await?;
    // The run under way, else the latest one (its times stay on the page until the next starts).
    let shown = all_runs.iter().find(|r| r.finished_at.is_none()).or(all_runs.first()).cloned();
    let times = match &shown {
        Some(r) => runs::times(&state.db, r.id).await?,
        None => HashMap::new(),
    };
    let people = tasks
        .iter()
        .filter_map(|t| t.owner_id)
        .chain(times.values().flat_map(|x| [x.started_by, x.finished_by]).flatten());
    let owners = crate::needs::store::owner_names(&state.db, people).await?;
    let projection = projection_of(&tasks, &deps, shown.as_ref(), &times, now);
    let shift = plan_shift(&tasks, shown.as_ref());
    let rehearsal = all_runs.iter().find(|r| r.kind == "rehearsal" && r.finished_at.is_some());
    let live = all_runs.iter().find(|r| r.kind == "live");
    let rehearsal = compared(state, rehearsal).await?;
    let live = compared(state, live).await?;
    let decision = runs::decisions(&state.db, acc.project.id).await?.into_iter().next();
    let rehearsals_finished = all_runs.iter().filter(|r| r.kind == "rehearsal" && r.finished_at.is_some()).count();
    let v = views::RunbookView {
        rb: &rb,
        tasks: &tasks,
        deps: &deps,
        owners: &owners,
        run: shown.as_ref(),
        shift,
        times: &times,
        projection: &projection,
        rehearsal: rehearsal.as_ref(),
        live: live.as_ref(),
        decision: decision.as_ref(),
        rehearsals_finished,
        user_id: auth.user.id,
        settings,
        errors,
        now,
    };
    Ok(html(status, views::runbook(&auth.ctx, acc, &v)))
}

pub async fn save_settings(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let back = crate::urls::cutover(acc.project.id);
    let s = match form.validate(l) {
        Ok(s) => s,
        Err(e) => {
            let rb = store::runbook_or_new(&state.db, acc.project.id, state.clock.now()).await?;
            return render(&state, &auth, &acc, rb, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let rb = store::ensure_runbook(&state.db, acc.project.id, state.clock.now()).await?;
    store::save_settings(&state.db, rb.id, &s).await?;
    Ok(flash::success(&back, l.t("Runbook settings saved.", "Ajustes del runbook guardados.")))
}
