//! Runbook tasks: add, edit (with the version check), delete with a confirmation step, and the
//! CSV export. Predecessors are ticked in the form; a loop or another project's task is refused.

use super::form::{Allowed, TaskForm, TaskInput};
use super::{store, tasks_views as views};
use crate::entities::{cutover_runbook, cutover_task};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, Lang, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use std::collections::HashMap;

struct Ctx {
    rb: cutover_runbook::Model,
    tasks: Vec<cutover_task::Model>,
    members: Vec<(i32, String)>,
}

/// The runbook, its tasks and the project's members; `write` makes the runbook if there is none
/// (a GET only reads).
async fn load(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>, write: bool) -> AppResult<Ctx> {
    let rb = if write {
        store::ensure_runbook(db, project_id, now).await?
    } else {
        store::runbook_or_new(db, project_id, now).await?
    };
    let tasks = store::tasks(db, rb.id).await?;
    let members = crate::needs::store::member_choices(db, project_id).await?;
    Ok(Ctx { rb, tasks, members })
}

/// Inside a write transaction: locks the runbook and reads it again, so the checks across tasks
/// (one point of no return, no loop) hold against a PM saving another task at the same moment.
async fn locked(tx: &DatabaseTransaction, project_id: i32, now: DateTime<Utc>) -> AppResult<Ctx> {
    let rb = store::ensure_runbook(tx, project_id, now).await?;
    super::runs_store::lock_runbook(tx, rb.id).await?;
    load(tx, project_id, now, false).await
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    auth: &Auth,
    acc: &Access,
    c: &Ctx,
    existing: Option<&cutover_task::Model>,
    form: &TaskForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let others: Vec<&cutover_task::Model> = c.tasks.iter().filter(|t| Some(t.id) != existing.map(|e| e.id)).collect();
    let v = views::FormView { rb: &c.rb, existing, form, errors, members: &c.members, others: &others };
    Ok(html(status, views::form_page(&auth.ctx, acc, &v)))
}

/// Validates the form and refuses a predecessor loop (the cycle is named).
async fn validated(
    db: &impl ConnectionTrait,
    l: Lang,
    c: &Ctx,
    form: &TaskForm,
    self_id: Option<i32>,
) -> AppResult<Result<TaskInput, FormErrors>> {
    let others: Vec<i32> = c.tasks.iter().map(|t| t.id).filter(|id| Some(*id) != self_id).collect();
    let ponr = c.tasks.iter().find(|t| t.point_of_no_return && Some(t.id) != self_id).map(|t| t.title.as_str());
    let member_ids: Vec<i32> = c.members.iter().map(|m| m.0).collect();
    let tz = super::tz(&c.rb);
    let allowed = Allowed {
        tz,
        window: (c.rb.window_starts_at, c.rb.window_ends_at),
        members: &member_ids,
        tasks: &others,
        other_point_of_no_return: ponr,
    };
    let mut input = form.validate(l, &allowed);
    if self_id.is_none() && c.tasks.len() >= super::form::MAX_TASKS {
        // A runbook is one page with its timeline and critical path, not a paginated list.
        let mut e = input.err().unwrap_or_default();
        e.add(
            "title",
            l.f(
                "A runbook holds {0} tasks at most; group small steps into one task.",
                "Un plan de cutover admite {0} tareas como máximo; agrupe los pasos pequeños en una tarea.",
                &[&super::form::MAX_TASKS],
            ),
        );
        input = Err(e);
    }
    let input = match input {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(id) = self_id {
        let deps = store::deps(db, c.rb.project_id).await?;
        let mut pairs: Vec<(i32, i32)> =
            deps.iter().filter(|d| d.successor_id != id).map(|d| (d.predecessor_id, d.successor_id)).collect();
        pairs.extend(input.predecessors.iter().map(|p| (*p, id)));
        let ids: Vec<i32> = c.tasks.iter().map(|t| t.id).collect();
        if let Some(cycle) = crate::plan::schedule::find_cycle(&ids, &pairs) {
            let titles: HashMap<i32, &str> = c.tasks.iter().map(|t| (t.id, t.title.as_str())).collect();
            let names: Vec<&str> = cycle.iter().filter_map(|i| titles.get(i).copied()).collect();
            let mut e = FormErrors::new();
            e.add(
                "predecessors",
                l.f(
                    "Those predecessors would make a loop: {0}. Nothing was saved.",
                    "Esos predecesores crearían un ciclo: {0}. No se ha guardado nada.",
                    &[&names.join(" → ")],
                ),
            );
            return Ok(Err(e));
        }
    }
    // A task cannot be planned to start before a predecessor is planned to end.
    let end_of = |t: &cutover_task::Model| t.planned_start + chrono::Duration::minutes(i64::from(t.duration_minutes));
    if let Some(p) = c
        .tasks
        .iter()
        .filter(|t| input.predecessors.contains(&t.id))
        .filter(|t| end_of(t) > input.planned_start)
        .max_by_key(|t| end_of(t))
    {
        let mut e = FormErrors::new();
        e.add(
            "planned_start",
            l.f(
                "It starts before its predecessor “{0}” is planned to end ({1}). Start it then or later.",
                "Empieza antes del fin previsto de su predecesora «{0}» ({1}). Empiécela a esa hora o más tarde.",
                &[&p.title, &super::local(l, &c.rb, end_of(p))],
            ),
        );
        return Ok(Err(e));
    }
    // Nor, once saved, end after a task that waits for it is planned to start.
    if let Some(id) = self_id {
        let waiting: Vec<i32> = store::deps(db, c.rb.project_id)
            .await?
            .iter()
            .filter(|d| d.predecessor_id == id)
            .map(|d| d.successor_id)
            .collect();
        let end = input.planned_start + chrono::Duration::minutes(i64::from(input.duration_minutes));
        if let Some(s) =
            c.tasks.iter().filter(|t| waiting.contains(&t.id) && t.planned_start < end).min_by_key(|t| t.planned_start)
        {
            let mut e = FormErrors::new();
            e.add(
                "duration_minutes",
                l.f(
                    "It would end after “{0}”, which waits for it, is planned to start ({1}). Move that task first, or end this one earlier.",
                    "Terminaría después del inicio previsto de «{0}», que la espera ({1}). Mueva antes esa tarea, o termine esta antes.",
                    &[&s.title, &super::local(l, &c.rb, s.planned_start)],
                ),
            );
            return Ok(Err(e));
        }
    }
    Ok(Ok(input))
}

pub async fn new_page(Manager { auth, acc }: Manager, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let c = load(&state.db, acc.project.id, state.clock.now(), false).await?;
    let start = c.tasks.last().map(|t| t.planned_start + chrono::Duration::minutes(i64::from(t.duration_minutes)));
    let form = TaskForm {
        planned_start: super::input_value(&c.rb, start.unwrap_or_else(|| state.clock.now())),
        duration_minutes: "60".into(),
        predecessors: c.tasks.last().map(|t| vec![t.id]).unwrap_or_default(),
        ..Default::default()
    };
    form_page(&auth, &acc, &c, None, &form, &FormErrors::new(), StatusCode::OK)
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(raw): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let form = TaskForm::from_map(&raw);
    let tx = crate::db::begin_write(&state.db).await?;
    let c = locked(&tx, acc.project.id, state.clock.now()).await?;
    let input = match validated(&tx, auth.ctx.lang, &c, &form, None).await? {
        Ok(i) => i,
        Err(e) => {
            tx.rollback().await?;
            return form_page(&auth, &acc, &c, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    store::create(&tx, &c.rb, &input, state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::cutover(acc.project.id),
        auth.ctx.t("Task added to the runbook.", "Tarea añadida al plan de cutover."),
    ))
}

async fn managed(state: &AppState, acc: Access, tid: i32) -> AppResult<(Access, cutover_task::Model)> {
    let t = store::get(&state.db, acc.project.id, tid).await?.ok_or(AppError::NotFound)?;
    acc.require_manage()?;
    Ok((acc, t))
}

fn form_of(rb: &cutover_runbook::Model, t: &cutover_task::Model, preds: Vec<i32>) -> TaskForm {
    TaskForm {
        title: t.title.clone(),
        planned_start: super::input_value(rb, t.planned_start),
        duration_minutes: t.duration_minutes.to_string(),
        owner_id: t.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        point_of_no_return: t.point_of_no_return,
        rollback_steps: t.rollback_steps.clone().unwrap_or_default(),
        predecessors: preds,
        version: t.version.to_string(),
    }
}

async fn preds_of(state: &AppState, project_id: i32, id: i32) -> AppResult<Vec<i32>> {
    let deps = store::deps(&state.db, project_id).await?;
    Ok(deps.iter().filter(|d| d.successor_id == id).map(|d| d.predecessor_id).collect())
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (acc, t) = managed(&state, acc, p.1).await?;
    let c = load(&state.db, acc.project.id, state.clock.now(), false).await?;
    let form = form_of(&c.rb, &t, preds_of(&state, acc.project.id, t.id).await?);
    form_page(&auth, &acc, &c, Some(&t), &form, &FormErrors::new(), StatusCode::OK)
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    CsrfForm(raw): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let (acc, t) = managed(&state, acc, p.1).await?;
    let l = auth.ctx.lang;
    let mut form = TaskForm::from_map(&raw);
    let tx = crate::db::begin_write(&state.db).await?;
    let c = locked(&tx, acc.project.id, state.clock.now()).await?;
    let input = match validated(&tx, l, &c, &form, Some(t.id)).await? {
        Ok(i) => i,
        Err(e) => {
            tx.rollback().await?;
            return form_page(&auth, &acc, &c, Some(&t), &form, &e, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let saved = store::update(&tx, acc.project.id, t.id, version, &input, state.clock.now()).await?;
    tx.commit().await?;
    if !saved {
        let fresh = store::get(&state.db, acc.project.id, t.id).await?.ok_or(AppError::NotFound)?;
        let mut e = FormErrors::new();
        e.add("title", l.f(
            "Someone else changed this task while you were editing (now: “{0}”, {1}). Your input is kept below; save again to overwrite.",
            "Otra persona ha cambiado esta tarea mientras la editaba (ahora: «{0}», {1}). Sus datos se conservan abajo; guarde de nuevo para sobrescribir.",
            &[&fresh.title, &super::local(l, &c.rb, fresh.planned_start)],
        ));
        form.version = fresh.version.to_string();
        return form_page(&auth, &acc, &c, Some(&fresh), &form, &e, StatusCode::CONFLICT);
    }
    Ok(flash::success(&crate::urls::cutover(acc.project.id), l.t("Task saved.", "Tarea guardada.")))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (acc, t) = managed(&state, acc, p.1).await?;
    Ok(html(StatusCode::OK, views::delete_page(&auth.ctx, &acc, &t)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (acc, t) = managed(&state, acc, p.1).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    let c = locked(&tx, acc.project.id, state.clock.now()).await?;
    // A run under way keeps its tasks: deleting one would drop the times recorded on it.
    if super::runs_store::open_run(&tx, c.rb.id).await?.is_some() {
        drop(tx);
        return Ok(flash::error(
            &crate::urls::cutover(acc.project.id),
            auth.ctx.t(
                "A run is under way: finish it before deleting tasks, so its recorded times stay.",
                "Hay una ejecución en curso: termínela antes de eliminar tareas, para que se conserven sus tiempos.",
            ),
        ));
    }
    store::delete(&tx, acc.project.id, t.id).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::cutover(acc.project.id),
        auth.ctx.t(
            "Task deleted, with its links and recorded times.",
            "Tarea eliminada, con sus enlaces y tiempos registrados.",
        ),
    ))
}

/// The runbook as CSV: one task a line, times in the runbook's zone (named in a column).
pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let c = load(&state.db, acc.project.id, state.clock.now(), false).await?;
    let deps = store::deps(&state.db, acc.project.id).await?;
    let owners = crate::needs::store::owner_names(&state.db, c.tasks.iter().filter_map(|t| t.owner_id)).await?;
    let titles: HashMap<i32, &str> = c.tasks.iter().map(|t| (t.id, t.title.as_str())).collect();
    let mut w = csv::writer();
    let header =
        "id,title,planned_start,time_zone,duration_minutes,owner,predecessors,point_of_no_return,rollback_steps";
    w.write_record(header.split(',')).map_err(csv::io)?;
    for t in &c.tasks {
        let preds: Vec<&str> = deps
            .iter()
            .filter(|d| d.successor_id == t.id)
            .filter_map(|d| titles.get(&d.predecessor_id).copied())
            .collect();
        w.write_record([
            t.id.to_string(),
            csv::safe(&t.title),
            super::input_value(&c.rb, t.planned_start).replace('T', " "),
            c.rb.tz.clone(),
            t.duration_minutes.to_string(),
            csv::safe(t.owner_id.and_then(|o| owners.get(&o)).map(String::as_str).unwrap_or("")),
            csv::safe(&preds.join(" | ")),
            (if t.point_of_no_return { "yes" } else { "no" }).to_string(),
            csv::safe(t.rollback_steps.as_deref().unwrap_or("")),
        ])
        .map_err(csv::io)?;
    }
    csv::response("cutover-runbook.csv", w)
}
