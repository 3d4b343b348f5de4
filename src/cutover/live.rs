//! During a run: the PM starts a rehearsal or the live cutover and finishes it (confirmation
//! step); a task's owner or the PM starts and finishes each task, timed by `state.clock`. A task
//! waits for its predecessors; in the live run the point of no return waits for a "go".

use super::form::{RUN_KINDS, RunForm};
use super::{runs_store as runs, store};
use crate::error::{AppError, AppResult};
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::confirm_step;
use crate::web::forms::{Confirm, Empty};
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, flash, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;

pub async fn start_run(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<RunForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let back = crate::urls::cutover(acc.project.id);
    if !RUN_KINDS.contains(&form.kind.as_str()) {
        return Ok(flash::error(
            &back,
            l.t("Choose a rehearsal or the live cutover.", "Elija un ensayo o el cutover real."),
        ));
    }
    let now = state.clock.now();
    let rb = store::ensure_runbook(&state.db, acc.project.id, now).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    runs::lock_runbook(&tx, rb.id).await?;
    if runs::open_run(&tx, rb.id).await?.is_some() {
        return Ok(flash::error(
            &back,
            l.t(
                "A run is already under way. Finish it before starting another.",
                "Ya hay una ejecución en curso. Termínela antes de empezar otra.",
            ),
        ));
    }
    let tasks = store::tasks(&tx, rb.id).await?.len();
    if tasks == 0 {
        return Ok(flash::error(
            &back,
            l.t("Add the runbook's tasks first.", "Añada primero las tareas del plan de cutover."),
        ));
    }
    if form.kind == "live" && form.confirm != "1" {
        let rehearsed = runs::finished_rehearsals(&tx, rb.id).await?;
        let verdict = runs::latest_verdict(&tx, acc.project.id).await?;
        tx.rollback().await?;
        return Ok(confirm_live(&auth.ctx, &acc.project, tasks, rehearsed, verdict.as_deref()));
    }
    runs::start_run(&tx, acc.project.id, rb.id, &form.kind, auth.user.id, now).await?;
    tx.commit().await?;
    let msg = if form.kind == "live" {
        l.t(
            "The live cutover has started. Owners can now start their tasks.",
            "Ha empezado el cutover real. Los responsables ya pueden iniciar sus tareas.",
        )
    } else {
        l.t(
            "The rehearsal has started. Owners can now start their tasks.",
            "Ha empezado el ensayo. Los responsables ya pueden iniciar sus tareas.",
        )
    };
    Ok(flash::success(&back, msg))
}

pub async fn finish_run(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    CsrfForm(f): CsrfForm<Confirm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let run = runs::get_run(&state.db, acc.project.id, p.1).await?.ok_or(AppError::NotFound)?;
    let back = crate::urls::cutover(acc.project.id);
    if run.finished_at.is_some() {
        return Ok(flash::error(&back, l.t("That run has already finished.", "Esa ejecución ya ha terminado.")));
    }
    if !f.confirmed() {
        let times = runs::times(&state.db, run.id).await?;
        let tasks = store::tasks(&state.db, run.runbook_id).await?.len();
        let done = times.values().filter(|t| t.finished_at.is_some()).count();
        let title = l.t("Finish this run?", "¿Terminar esta ejecución?");
        let facts = vec![
            l.f(
                "{0}: {1} of {2} tasks finished.",
                "{0}: {1} de {2} tareas terminadas.",
                &[&super::run_kind_label(l, &run.kind), &done, &tasks],
            ),
            l.t(
                "Its times are kept for the comparison; nothing more can be recorded in it.",
                "Sus tiempos se conservan para la comparación; ya no se podrá registrar nada en ella.",
            )
            .to_string(),
        ];
        let action = format!("{}/{}/finish", crate::urls::cutover_runs(acc.project.id), run.id);
        let body = html! {
            (crumbs(&auth.ctx, &acc.project, &[(l.t("Cutover runbook", "Plan de cutover"), Some(back.clone())), (title, None)]))
            (confirm_step(&auth.ctx, title, &facts, &action, &back, l.t("Finish the run", "Terminar la ejecución")))
        };
        return Ok(crate::web::html(StatusCode::OK, layout::page(&auth.ctx, title, body)));
    }
    runs::finish_run(&state.db, run.id, state.clock.now()).await?;
    Ok(flash::success(
        &back,
        l.t("Run finished; its times are kept.", "Ejecución terminada; sus tiempos se conservan."),
    ))
}

/// Starts (`start == true`) or finishes a task in the open run.
async fn record(
    auth: crate::web::Auth,
    acc: crate::projects::access::Access,
    state: &AppState,
    tid: i32,
    start: bool,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let t = store::get(&state.db, acc.project.id, tid).await?.ok_or(AppError::NotFound)?;
    if !acc.can_manage() && t.owner_id != Some(auth.user.id) {
        return Err(AppError::Forbidden);
    }
    let back = crate::urls::cutover(acc.project.id);
    let Some(run) = runs::open_run(&state.db, t.runbook_id).await? else {
        return Ok(flash::error(
            &back,
            l.t(
                "No run is under way: the PM starts a rehearsal or the live cutover first.",
                "No hay ninguna ejecución en curso: el jefe de proyecto inicia antes un ensayo o el cutover real.",
            ),
        ));
    };
    let now = state.clock.now();
    let times = runs::times(&state.db, run.id).await?;
    let rb = store::ensure_runbook(&state.db, acc.project.id, now).await?;
    if start {
        let deps = store::deps(&state.db, acc.project.id).await?;
        let waiting: Vec<i32> = deps
            .iter()
            .filter(|d| d.successor_id == t.id)
            .map(|d| d.predecessor_id)
            .filter(|p| times.get(p).and_then(|x| x.finished_at).is_none())
            .collect();
        if !waiting.is_empty() {
            let tasks = store::tasks(&state.db, t.runbook_id).await?;
            let names: Vec<&str> = tasks.iter().filter(|x| waiting.contains(&x.id)).map(|x| x.title.as_str()).collect();
            return Ok(flash::error(
                &back,
                &l.f("“{0}” waits for: {1}.", "«{0}» espera a: {1}.", &[&t.title, &names.join(", ")]),
            ));
        }
        if t.point_of_no_return && run.kind == "live" {
            let verdict = runs::latest_verdict(&state.db, acc.project.id).await?;
            if !matches!(verdict.as_deref(), Some("go" | "go_with_conditions")) {
                return Ok(flash::error(
                    &back,
                    l.t(
                        "The point of no return waits for a “go” at the go/no-go meeting.",
                        "El punto de no retorno espera un «adelante» en la reunión de go/no-go.",
                    ),
                ));
            }
        }
        if !runs::start_task(&state.db, acc.project.id, run.id, t.id, auth.user.id, now).await? {
            return Ok(flash::error(&back, &already(l, &rb, &state.db, run.id, t.id, &t.title).await?));
        }
        return Ok(flash::success(
            &back,
            &l.f("“{0}” started at {1}.", "«{0}» iniciada a las {1}.", &[&t.title, &super::local(l, &rb, now)]),
        ));
    }
    if !runs::finish_task(&state.db, run.id, t.id, auth.user.id, now).await? {
        let msg = match times.get(&t.id).and_then(|x| x.started_at) {
            None => l.f("“{0}” has not started yet.", "«{0}» todavía no ha empezado.", &[&t.title]),
            Some(_) => l.f(
                "“{0}” was already finished by someone else.",
                "Otra persona ya había terminado «{0}».",
                &[&t.title],
            ),
        };
        return Ok(flash::error(&back, &msg));
    }
    Ok(flash::success(
        &back,
        &l.f("“{0}” finished at {1}.", "«{0}» terminada a las {1}.", &[&t.title, &super::local(l, &rb, now)]),
    ))
}

/// "Already started by Ana at 06/03/2027 08:02": the loser of two starts at once is told who won.
async fn already(
    l: crate::web::Lang,
    rb: &crate::entities::cutover_runbook::Model,
    db: &sea_orm::DatabaseConnection,
    run_id: i32,
    task_id: i32,
    title: &str,
) -> AppResult<String> {
    let times = runs::times(db, run_id).await?;
    let row = times.get(&task_id);
    let who = match row.and_then(|r| r.started_by) {
        Some(u) => crate::needs::store::owner_names(db, std::iter::once(u)).await?.remove(&u).unwrap_or_default(),
        None => String::new(),
    };
    let at = row.and_then(|r| r.started_at).map(|t| super::local(l, rb, t)).unwrap_or_default();
    Ok(l.f(
        "“{0}” was already started by {1} at {2}. Nothing was changed.",
        "{1} ya había iniciado «{0}» a las {2}. No se ha cambiado nada.",
        &[&title, &who, &at],
    ))
}

pub async fn start_task(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    record(auth, acc, &state, p.1, true).await
}

pub async fn finish_task(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    record(auth, acc, &state, p.1, false).await
}

/// The confirmation step before the live cutover starts: what it rests on (rehearsals, the
/// go/no-go verdict), then the same POST with `confirm=1`.
fn confirm_live(
    ctx: &crate::web::Ctx,
    p: &crate::entities::project::Model,
    tasks: usize,
    rehearsed: u64,
    verdict: Option<&str>,
) -> HttpResponse {
    use crate::web::components::csrf_field;
    let l = ctx.lang;
    let back = crate::urls::cutover(p.id);
    let title = l.t("Start the live cutover?", "¿Empezar el cutover real?");
    let facts = [
        l.f(
            "{0} tasks; owners start and finish theirs from now on.",
            "{0} tareas; desde ahora los responsables inician y terminan las suyas.",
            &[&tasks],
        ),
        if rehearsed == 0 {
            l.t(
                "No rehearsal has been finished: the runbook has never been tried end to end.",
                "No se ha terminado ningún ensayo: el plan nunca se ha probado de principio a fin.",
            )
            .to_string()
        } else {
            l.f("Rehearsals finished: {0}.", "Ensayos terminados: {0}.", &[&rehearsed])
        },
        match verdict {
            Some(v) => l.f("Latest go/no-go: {0}.", "Último go/no-go: {0}.", &[&super::verdict_label(l, v)]),
            None => l
                .t(
                    "No go/no-go decision yet; the point of no return will wait for a “go”.",
                    "Aún no hay decisión de go/no-go; el punto de no retorno esperará un «adelante».",
                )
                .to_string(),
        },
    ];
    let body = html! {
        (crumbs(ctx, p, &[(l.t("Cutover runbook", "Plan de cutover"), Some(back.clone())), (title, None)]))
        div.card.danger {
            h1 { (title) }
            ul { @for f in &facts { li { (f) } } }
            form method="post" action=(crate::urls::cutover_runs(p.id)) {
                (csrf_field(ctx))
                input type="hidden" name="kind" value="live";
                input type="hidden" name="confirm" value="1";
                div.actions {
                    button.danger type="submit" { (l.t("Start the live cutover", "Empezar el cutover real")) }
                    a href=(back) { (l.t("Cancel", "Cancelar")) }
                }
            }
        }
    };
    crate::web::html(StatusCode::OK, layout::page(ctx, title, body))
}
