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
    let outside: Vec<String> = store::tasks(&state.db, rb.id)
        .await?
        .into_iter()
        .filter(|t| {
            let end = t.planned_start + chrono::Duration::minutes(i64::from(t.duration_minutes));
            s.window.0.is_some_and(|w| t.planned_start < w) || s.window.1.is_some_and(|w| end > w)
        })
        .map(|t| t.title)
        .collect();
    if !outside.is_empty() {
        // Saved, but said: the window is the PM's to set, and the tasks are theirs to move.
        return Ok(flash::error(
            &back,
            &l.f(
                "Settings saved, but these tasks fall outside the window: {0}. Move them or widen the window.",
                "Ajustes guardados, pero estas tareas quedan fuera de la ventana: {0}. Muévalas o amplíe la ventana.",
                &[&outside.join(", ")],
            ),
        ));
    }
    Ok(flash::success(&back, l.t("Runbook settings saved.", "Ajustes del plan de cutover guardados.")))
}

/// The comparison as CSV: per task the planned minutes, the latest finished rehearsal's and the
/// live run's, then the whole runbook (first start to last finish).
pub async fn comparison_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    use crate::web::csv;
    let rb = store::runbook_or_new(&state.db, acc.project.id, state.clock.now()).await?;
    let tasks = store::tasks(&state.db, rb.id).await?;
    let all_runs = runs::runs(&state.db, rb.id).await?;
    let rehearsal =
        compared(&state, all_runs.iter().find(|r| r.kind == "rehearsal" && r.finished_at.is_some())).await?;
    let live = compared(&state, all_runs.iter().find(|r| r.kind == "live")).await?;
    let cell = |c: &Option<Compared>, id: Option<i32>| {
        c.as_ref()
            .and_then(|c| match id {
                Some(id) => c.minutes.get(&id).copied(),
                None => c.span,
            })
            .map(|m| m.to_string())
            .unwrap_or_default()
    };
    let mut w = csv::writer();
    w.write_record(["task_id", "title", "planned_minutes", "rehearsal_minutes", "live_minutes"]).map_err(csv::io)?;
    for t in &tasks {
        w.write_record([
            t.id.to_string(),
            csv::safe(&t.title),
            t.duration_minutes.to_string(),
            cell(&rehearsal, Some(t.id)),
            cell(&live, Some(t.id)),
        ])
        .map_err(csv::io)?;
    }
    let first = tasks.iter().map(|t| t.planned_start).min();
    let last = tasks.iter().map(|t| t.planned_start + chrono::Duration::minutes(i64::from(t.duration_minutes))).max();
    let planned = match (first, last) {
        (Some(a), Some(b)) => (b - a).num_minutes().to_string(),
        _ => String::new(),
    };
    w.write_record(["".into(), "(whole runbook)".into(), planned, cell(&rehearsal, None), cell(&live, None)])
        .map_err(csv::io)?;
    csv::response("cutover-runs.csv", w)
}
