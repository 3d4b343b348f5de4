//! Phase page, CSV export and status transitions (start, close through the gate, reopen);
//! shared loading helpers for the checklist handlers in `items.rs`.

use super::form::CloseForm;
use super::gate::{self, GateDecision, GateRefusal};
use super::{store, views};
use crate::entities::{checklist_item, project_phase};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};

pub(super) async fn load_phase(state: &AppState, acc: Access, key: &str) -> AppResult<(Access, project_phase::Model)> {
    let phase = store::phase(&state.db, acc.project.id, key).await?.ok_or(AppError::NotFound)?;
    Ok((acc, phase))
}

pub(super) async fn load_item(
    state: &AppState,
    acc: Access,
    item_id: i32,
) -> AppResult<(Access, checklist_item::Model, project_phase::Model)> {
    let item = store::item(&state.db, acc.project.id, item_id).await?.ok_or(AppError::NotFound)?;
    let phase = project_phase_by_id(state, item.phase_id).await?;
    Ok((acc, item, phase))
}

async fn project_phase_by_id(state: &AppState, id: i32) -> AppResult<project_phase::Model> {
    use sea_orm::EntityTrait;
    project_phase::Entity::find_by_id(id).one(&state.db).await?.ok_or(AppError::NotFound)
}

/// Begins a checklist write: a write transaction holding the phase lock. `Err(response)` when the
/// phase is closed (its checklist is frozen until reopened).
pub(super) async fn begin_checklist_write(
    state: &AppState,
    auth: &Auth,
    project_id: i32,
    phase_id: i32,
) -> AppResult<Result<(sea_orm::DatabaseTransaction, project_phase::Model), HttpResponse>> {
    let tx = crate::db::begin_write(&state.db).await?;
    let phase = store::lock_phase(&tx, phase_id).await?.ok_or(AppError::NotFound)?;
    if phase.status == "closed" {
        tx.rollback().await?;
        let l = auth.ctx.lang;
        return Ok(Err(flash::error(
            &crate::urls::phase(project_id, &phase.phase_key),
            l.t(
                "This phase is closed: reopen it to change its checklist.",
                "Esta fase está cerrada: reábrala para cambiar su lista de control.",
            ),
        )));
    }
    Ok(Ok((tx, phase)))
}

/// Renders the phase page with an optional gate error or add-item errors, and the given status.
pub(super) async fn render(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    phase: &project_phase::Model,
    page: views::PageState,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let items = store::items(&state.db, phase.id).await?;
    let summaries = store::summaries(&state.db, acc.project.id).await?;
    let mut ids: Vec<i32> = items.iter().filter_map(|i| i.done_by).collect();
    ids.extend(phase.override_by);
    let names = store::user_names(&state.db, ids).await?;
    Ok(html(status, views::phase_page(&auth.ctx, acc, phase, &summaries, &items, &names, &page)))
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
) -> AppResult<HttpResponse> {
    let (_, key) = path.into_inner();
    let (acc, phase) = load_phase(&state, acc, &key).await?;
    render(&state, &auth, &acc, &phase, views::PageState::default(), StatusCode::OK).await
}

pub async fn export_csv(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
) -> AppResult<HttpResponse> {
    let (_, key) = path.into_inner();
    let (_, phase) = load_phase(&state, acc, &key).await?;
    let items = store::items(&state.db, phase.id).await?;
    let l = auth.ctx.lang;
    let mut w = csv::writer();
    let io = csv::io;
    w.write_record(["id", "item", "mandatory", "done", "done_at", "note", "evidence_url"]).map_err(io)?;
    for i in items {
        w.write_record([
            i.id.to_string(),
            csv::safe(l.pick(&i.title_en, &i.title_es)),
            i.mandatory.to_string(),
            i.done.to_string(),
            i.done_at.map(|d| d.to_rfc3339()).unwrap_or_default(),
            csv::safe(i.note.as_deref().unwrap_or("")),
            csv::safe(i.evidence_url.as_deref().unwrap_or("")),
        ])
        .map_err(io)?;
    }
    csv::response(&format!("checklist-{key}.csv"), w)
}

/// A status change with no other input (start, reopen): one flash for success, one for "already".
async fn simple_transition(
    auth: &Auth,
    state: &AppState,
    acc: Access,
    key: String,
    from: &str,
    (ok_msg, stale_msg): ((&'static str, &'static str), (&'static str, &'static str)),
) -> AppResult<HttpResponse> {
    let (acc, phase) = load_phase(state, acc, &key).await?;
    acc.require_manage()?;
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let ok = store::transition(&state.db, phase.id, &[from], "in_progress", auth.user.id, now, None).await?;
    let back = crate::urls::phase(acc.project.id, &key);
    Ok(if ok {
        flash::success(&back, l.t(ok_msg.0, ok_msg.1))
    } else {
        flash::error(&back, l.t(stale_msg.0, stale_msg.1))
    })
}

pub async fn start(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let msgs =
        (("Phase started.", "Fase iniciada."), ("The phase had already been started.", "La fase ya estaba iniciada."));
    simple_transition(&auth, &state, acc, path.into_inner().1, "not_started", msgs).await
}

pub async fn reopen(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let msgs = (("Phase reopened.", "Fase reabierta."), ("The phase was not closed.", "La fase no estaba cerrada."));
    simple_transition(&auth, &state, acc, path.into_inner().1, "closed", msgs).await
}

pub async fn close(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> AppResult<HttpResponse> {
    let (_id, key) = path.into_inner();
    let (acc, phase) = load_phase(&state, acc, &key).await?;
    acc.require_manage()?;
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let back = crate::urls::phase(acc.project.id, &key);
    // Decide and close under the phase lock, so no checklist change slips in between.
    let tx = crate::db::begin_write(&state.db).await?;
    let phase = store::lock_phase(&tx, phase.id).await?.ok_or(AppError::NotFound)?;
    match phase.status.as_str() {
        "in_progress" => {}
        "closed" => return Ok(flash::error(&back, l.t("The phase was already closed.", "La fase ya estaba cerrada."))),
        _ => {
            return Ok(flash::error(
                &back,
                l.t("Start the phase before closing it.", "Inicie la fase antes de cerrarla."),
            ));
        }
    }
    let items = store::items(&tx, phase.id).await?;
    let states: Vec<(i32, bool, bool)> = items.iter().map(|i| (i.id, i.mandatory, i.done)).collect();
    let reason = form.override_gate.as_ref().map(|_| form.reason.as_str());
    let decision = gate::decide(&states, reason);
    let (override_reason, msg) = match decision {
        Ok(GateDecision::Open) => {
            (None, l.t("Gate passed: the phase is closed.", "Puerta superada: la fase está cerrada."))
        }
        Ok(GateDecision::Override(r)) => (
            Some(r),
            l.t(
                "The phase was closed by override; the reason is recorded.",
                "La fase se ha cerrado con una excepción; el motivo queda registrado.",
            ),
        ),
        Err(refusal) => {
            tx.rollback().await?;
            let message = match refusal {
                GateRefusal::OpenMandatory(open) => l.f(
                    "The gate stays shut: {0} mandatory item(s) are still open. Finish them, or override with a written reason.",
                    "La puerta sigue cerrada: quedan {0} punto(s) obligatorio(s) pendientes. Complételos o haga una excepción con un motivo por escrito.",
                    &[&open.len()],
                ),
                GateRefusal::ReasonTooShort => l.f(
                    "To override the gate, write a reason of at least {0} characters.",
                    "Para hacer una excepción, escriba un motivo de al menos {0} caracteres.",
                    &[&gate::MIN_REASON_CHARS],
                ),
            };
            let page =
                views::PageState { gate_error: Some(message), reason: form.reason.clone(), ..Default::default() };
            return render(&state, &auth, &acc, &phase, page, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let ok = store::transition(&tx, phase.id, &["in_progress"], "closed", auth.user.id, now, override_reason.clone())
        .await?;
    if ok && let Some(r) = override_reason {
        let e = crate::security::audit::Event {
            actor: Some(auth.user.id),
            action: "gate.overridden",
            target: Some(format!("phase:{}", phase.phase_key)),
            project_id: Some(acc.project.id),
            detail: Some(r.to_string()),
            ..Default::default()
        };
        crate::security::audit::record(&tx, e, now).await?;
    }
    tx.commit().await?;
    Ok(if ok {
        flash::success(&back, msg)
    } else {
        flash::error(&back, l.t("The phase was already closed.", "La fase ya estaba cerrada."))
    })
}
