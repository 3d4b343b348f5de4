//! Executing a run step by step: the run page (coordinators and the run's tester), recording a
//! step (a second tester who saw an older state is told, and their text kept), and the retest
//! that opens a new attempt of the same case in the same cycle.

use super::form::StepForm;
use super::rules::STEP_STATUSES;
use super::runs_store::{self, StepRecord};
use super::{defects_store, runs_views as views, store};
use crate::entities::{test_run, test_step};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::forms::Empty;
use crate::web::{Auth, CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The run in the project (else 404), and whether this person may execute it (else 403).
async fn run_for(state: &AppState, auth: &Auth, acc: &Access, id: i32) -> AppResult<test_run::Model> {
    let run = runs_store::get(&state.db, acc.project.id, id).await?.ok_or(AppError::NotFound)?;
    if acc.can_coordinate() || run.tester_id == Some(auth.user.id) { Ok(run) } else { Err(AppError::Forbidden) }
}

/// The step being edited when the page is re-rendered after a refusal, with the input kept.
pub struct Editing<'a> {
    pub step_id: i32,
    pub form: &'a StepForm,
    pub errors: &'a FormErrors,
}

async fn page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    run: &test_run::Model,
    editing: Option<Editing<'_>>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let case = store::get_case(&state.db, acc.project.id, run.case_id).await?.ok_or(AppError::NotFound)?;
    let cycle = store::get_cycle(&state.db, acc.project.id, run.cycle_id).await?.ok_or(AppError::NotFound)?;
    let steps = store::steps(&state.db, case.id).await?;
    let results = runs_store::results(&state.db, run.id).await?;
    let attempts = runs_store::attempts(&state.db, run).await?;
    let defects = defects_store::of_run(&state.db, run.id).await?;
    let people =
        crate::needs::store::owner_names(&state.db, results.iter().filter_map(|r| r.recorded_by).chain(run.tester_id))
            .await?;
    let v = views::RunView {
        run,
        case: &case,
        cycle: &cycle,
        steps: &steps,
        results: &results,
        attempts: &attempts,
        defects: &defects,
        people: &people,
        editing,
    };
    Ok(html(status, views::page(&auth.ctx, acc, &v)))
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let run = run_for(&state, &auth, &acc, path.1).await?;
    page(&state, &auth, &acc, &run, None, StatusCode::OK).await
}

pub async fn record(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
    CsrfForm(mut form): CsrfForm<StepForm>,
) -> AppResult<HttpResponse> {
    let (_, run_id, step_id) = path.into_inner();
    let run = run_for(&state, &auth, &acc, run_id).await?;
    let step = test_step::Entity::find_by_id(step_id)
        .filter(test_step::Column::CaseId.eq(run.case_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    if !run.is_latest {
        e.add(
            "status",
            l.t(
                "This is an earlier attempt, kept as history: record the steps on the latest run.",
                "Es un intento anterior, conservado como historial: registre los pasos en la última ejecución.",
            ),
        );
    }
    if !STEP_STATUSES.contains(&form.status.as_str()) {
        e.add(
            "status",
            l.t(
                "Choose pass, pass with remarks, fail or blocked.",
                "Elija correcto, correcto con observaciones, fallo o bloqueado.",
            ),
        );
    }
    let actual = form.actual.trim().to_string();
    if matches!(form.status.as_str(), "fail" | "blocked" | "remarks") && actual.is_empty() {
        e.add(
            "actual",
            l.t(
                "Write what actually happened: the developers need it.",
                "Escriba lo que ocurrió realmente: el equipo de desarrollo lo necesita.",
            ),
        );
    }
    if actual.chars().count() > 4000 {
        e.add(
            "actual",
            l.t(
                "Keep the actual result under 4000 characters.",
                "El resultado obtenido debe tener menos de 4000 caracteres.",
            ),
        );
    }
    if !e.is_empty() {
        let editing = Editing { step_id: step.id, form: &form, errors: &e };
        return page(&state, &auth, &acc, &run, Some(editing), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let rec = StepRecord {
        status: &form.status,
        actual: Some(actual).filter(|a| !a.is_empty()),
        seen_version: form.version.trim().parse().unwrap_or(0),
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let written = runs_store::record(&tx, &run, &step, &rec, auth.user.id, state.clock.now()).await?;
    tx.commit().await?;
    if !written {
        let current = runs_store::results(&state.db, run.id).await?.into_iter().find(|r| r.step_id == step.id);
        let who = crate::needs::store::owner_names(&state.db, current.iter().filter_map(|c| c.recorded_by)).await?;
        let mut e = FormErrors::new();
        let name =
            current.as_ref().and_then(|c| c.recorded_by).and_then(|u| who.get(&u)).map(String::as_str).unwrap_or("?");
        let status = current.as_ref().map(|c| super::step_label(l, &c.status)).unwrap_or("?");
        e.add("status", l.f("{0} recorded this step while you were testing (now: {1}). Your result is kept below; save again to replace theirs.",
                            "{0} ha registrado este paso mientras usted probaba (ahora: {1}). Su resultado se conserva abajo; guarde de nuevo para sustituir el suyo.", &[&name, &status]));
        form.version = current.map(|c| c.version.to_string()).unwrap_or_default();
        let fresh = runs_store::get(&state.db, acc.project.id, run.id).await?.ok_or(AppError::NotFound)?;
        let editing = Editing { step_id: step.id, form: &form, errors: &e };
        return page(&state, &auth, &acc, &fresh, Some(editing), StatusCode::CONFLICT).await;
    }
    let msg = if form.status == "fail" {
        l.t(
            "Step recorded as failed: raise a defect from it.",
            "Paso registrado como fallo: registre un defecto desde él.",
        )
    } else {
        l.t("Step recorded.", "Paso registrado.")
    };
    Ok(flash::success(&format!("{}#step-{}", crate::urls::test_run(acc.project.id, run.id), step.position), msg))
}

pub async fn retest(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let run = run_for(&state, &auth, &acc, path.1).await?;
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    if !run.is_latest {
        return Ok(flash::error(
            &crate::urls::test_run(acc.project.id, run.id),
            l.t("Only the latest attempt can be retested.", "Solo se puede volver a probar el último intento."),
        ));
    }
    let tx = crate::db::begin_write(&state.db).await?;
    let new = match runs_store::start(&tx, acc.project.id, run.cycle_id, run.case_id, run.tester_id, state.clock.now())
        .await
    {
        Err(e) if runs_store::is_duplicate_attempt(&e) => {
            return Ok(flash::error(
                &crate::urls::test_run(acc.project.id, run.id),
                l.t(
                    "Someone else opened a retest of this case just now.",
                    "Otra persona acaba de abrir una nueva prueba de este caso.",
                ),
            ));
        }
        r => r?,
    };
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::test_run(acc.project.id, new.id),
        l.t(
            "Retest opened: a new attempt of this case in the same cycle; the earlier one is kept.",
            "Nueva prueba abierta: un nuevo intento de este caso en el mismo ciclo; el anterior se conserva.",
        ),
    ))
}
