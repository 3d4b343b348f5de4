//! The runbook page: tasks in planned order with the open run's actual times, ahead/behind and
//! the projected end; the timeline; the rehearsal compared with the live run; the settings.

use super::form::SettingsForm;
use super::projection::{self, Projection};
use super::{runs_store as runs, store, views};
use crate::entities::{cutover_run, cutover_run_time, cutover_task, cutover_task_dep};
use crate::error::AppResult;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The projection of a run from `now`, from the tasks, their predecessors and the run's times.
pub fn projection_of(
    tasks: &[cutover_task::Model],
    deps: &[cutover_task_dep::Model],
    times: &HashMap<i32, cutover_run_time::Model>,
    now: DateTime<Utc>,
) -> Projection {
    let input: Vec<projection::Task> = tasks
        .iter()
        .map(|t| projection::Task {
            id: t.id,
            planned_start: t.planned_start,
            minutes: i64::from(t.duration_minutes),
            predecessors: deps.iter().filter(|d| d.successor_id == t.id).map(|d| d.predecessor_id).collect(),
            started: times.get(&t.id).and_then(|x| x.started_at),
            finished: times.get(&t.id).and_then(|x| x.finished_at),
        })
        .collect();
    projection::project(&input, now)
}

/// Minutes each task took in a run (finished tasks only), and the run's span first start → last finish.
pub fn durations(times: &HashMap<i32, cutover_run_time::Model>) -> (HashMap<i32, i64>, Option<i64>) {
    let per: HashMap<i32, i64> =
        times.values().filter_map(|t| Some((t.task_id, (t.finished_at? - t.started_at?).num_minutes()))).collect();
    let first = times.values().filter_map(|t| t.started_at).min();
    let last = times.values().filter_map(|t| t.finished_at).max();
    let span = match (first, last) {
        (Some(a), Some(b)) => Some((b - a).num_minutes()),
        _ => None,
    };
    (per, span)
}

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
    let now = state.clock.now();
    let rb = store::ensure_runbook(&state.db, acc.project.id, now).await?;
    let tasks = store::tasks(&state.db, rb.id).await?;
    let deps = store::deps(&state.db, acc.project.id).await?;
    let owners = crate::needs::store::owner_names(&state.db, tasks.iter().filter_map(|t| t.owner_id)).await?;
    let all_runs = runs::runs(&state.db, rb.id).await?;
    let open = all_runs.iter().find(|r| r.finished_at.is_none()).cloned();
    let times = match &open {
        Some(r) => runs::times(&state.db, r.id).await?,
        None => HashMap::new(),
    };
    let projection = projection_of(&tasks, &deps, &times, now);
    let rehearsal = all_runs.iter().find(|r| r.kind == "rehearsal" && r.finished_at.is_some());
    let live = all_runs.iter().find(|r| r.kind == "live");
    let rehearsal = compared(&state, rehearsal).await?;
    let live = compared(&state, live).await?;
    let decision = runs::decisions(&state.db, acc.project.id).await?.into_iter().next();
    let rehearsals_finished = all_runs.iter().filter(|r| r.kind == "rehearsal" && r.finished_at.is_some()).count();
    let v = views::RunbookView {
        rb: &rb,
        tasks: &tasks,
        deps: &deps,
        owners: &owners,
        open: open.as_ref(),
        times: &times,
        projection: &projection,
        rehearsal: rehearsal.as_ref(),
        live: live.as_ref(),
        decision: decision.as_ref(),
        rehearsals_finished,
        user_id: auth.user.id,
        settings: &SettingsForm {
            tz: rb.tz.clone(),
            window_starts_at: rb.window_starts_at.map(|t| super::input_value(&rb, t)).unwrap_or_default(),
            window_ends_at: rb.window_ends_at.map(|t| super::input_value(&rb, t)).unwrap_or_default(),
        },
        errors: &FormErrors::new(),
    };
    Ok(html(StatusCode::OK, views::runbook(&auth.ctx, &acc, &v)))
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
            let msg: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
            return Ok(flash::error(&back, &msg.join(" ")));
        }
    };
    let rb = store::ensure_runbook(&state.db, acc.project.id, state.clock.now()).await?;
    store::save_settings(&state.db, rb.id, &s).await?;
    Ok(flash::success(&back, l.t("Runbook settings saved.", "Ajustes del runbook guardados.")))
}
