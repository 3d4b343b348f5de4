//! The people side of a selection: evaluators, the reveal that ends blind scoring, and the
//! recorded decision that ticks the selection checklist.

use super::form::{DecisionForm, EvaluatorForm};
use super::setup::render;
use super::store;
use super::views::{self, Overview};
use crate::entities::{evaluator, selection};
use crate::error::{AppError, AppResult};
use crate::projects::scope::Manager;
use crate::state::AppState;
use crate::web::{CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

pub async fn add_evaluator(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<EvaluatorForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    let Some(m) = form.user_id.parse::<i32>().ok().and_then(|u| members.iter().find(|m| m.user_id == u)) else {
        let mut e = FormErrors::new();
        e.add(
            "user_id",
            l.t(
                "Evaluators are chosen among the project's members.",
                "Los evaluadores se eligen entre los miembros del proyecto.",
            ),
        );
        return render(
            &state,
            &auth,
            &acc,
            Overview { evaluator_errors: e, ..Default::default() },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let am = evaluator::ActiveModel { project_id: Set(acc.project.id), user_id: Set(m.user_id), ..Default::default() };
    evaluator::Entity::insert(am)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([evaluator::Column::ProjectId, evaluator::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&state.db)
        .await?;
    Ok(flash::success(
        &format!("{}#evaluators", crate::urls::selection(acc.project.id)),
        &l.f("{0} is now an evaluator.", "{0} es ahora evaluador.", &[&m.name]),
    ))
}

pub async fn remove_evaluator_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, uid) = path.into_inner();
    let evs = store::evaluators(&state.db, acc.project.id).await?;
    let (_, name) = evs.into_iter().find(|e| e.0 == uid).ok_or(AppError::NotFound)?;
    let l = auth.ctx.lang;
    Ok(html(
        StatusCode::OK,
        views::confirm_page(
            &auth.ctx,
            &acc,
            &l.f("Remove {0} as an evaluator?", "¿Quitar a {0} como evaluador?", &[&name]),
            l.t(
                "Their scores are deleted and no longer count in the results.",
                "Sus puntuaciones se eliminan y dejan de contar en los resultados.",
            ),
            &format!("{}/evaluators/{uid}/remove", crate::urls::selection(acc.project.id)),
        ),
    ))
}

pub async fn remove_evaluator(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, uid) = path.into_inner();
    let tx = crate::db::begin_write(&state.db).await?;
    let gone = evaluator::Entity::delete_many()
        .filter(evaluator::Column::ProjectId.eq(acc.project.id))
        .filter(evaluator::Column::UserId.eq(uid))
        .exec(&tx)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    crate::entities::score::Entity::delete_many()
        .filter(crate::entities::score::Column::ProjectId.eq(acc.project.id))
        .filter(crate::entities::score::Column::EvaluatorId.eq(uid))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("{}#evaluators", crate::urls::selection(acc.project.id)),
        auth.ctx.t("Evaluator removed.", "Evaluador quitado."),
    ))
}

/// Shows every evaluator's scores to the project; scoring closes, so nobody adjusts to the others.
pub async fn reveal(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(f): CsrfForm<crate::web::forms::Confirm>,
) -> AppResult<HttpResponse> {
    if !f.confirmed() {
        let r = super::results::compute(&state.db, acc.project.id).await?;
        if !r.revealed() {
            return Ok(html(StatusCode::OK, reveal_step(&auth.ctx, &acc, &r)));
        }
    }
    let tx = crate::db::begin_write(&state.db).await?;
    store::ensure_selection(&tx, acc.project.id).await?;
    selection::Entity::update_many()
        .col_expr(selection::Column::RevealedAt, Expr::value(state.clock.now()))
        .col_expr(selection::Column::RevealedBy, Expr::value(auth.user.id))
        .filter(selection::Column::ProjectId.eq(acc.project.id))
        .filter(selection::Column::RevealedAt.is_null())
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("{}/results", crate::urls::selection(acc.project.id)),
        auth.ctx.t("Scores revealed. Scoring is now closed.", "Puntuaciones visibles. La puntuación queda cerrada."),
    ))
}

/// What revealing does, and to whom: who has finished, who is still scoring and how far along.
fn reveal_step(
    ctx: &crate::web::Ctx,
    acc: &crate::projects::access::Access,
    r: &super::results::Results,
) -> maud::Markup {
    let l = ctx.lang;
    let total = r.cells_per_evaluator();
    let finished = r.evaluators.iter().filter(|e| total > 0 && e.2 >= total).count();
    let mut facts = vec![l.f(
        "{0} of {1} evaluators have finished.",
        "{0} de {1} evaluadores han terminado.",
        &[&finished, &r.evaluators.len()],
    )];
    for (_, name, done) in r.evaluators.iter().filter(|e| total == 0 || e.2 < total) {
        let pct = (done * 100).checked_div(total).unwrap_or(0);
        facts.push(l.f("{0} is at {1} %.", "{0} va por el {1} %.", &[name, &pct]));
    }
    facts.push(
        l.t(
            "Revealing shows every score to the whole project and closes scoring for everyone. It cannot be undone.",
            "Al mostrarlas, todo el proyecto ve todas las puntuaciones y la puntuación se cierra para todos. No se puede deshacer.",
        )
        .to_string(),
    );
    let base = crate::urls::selection(acc.project.id);
    let body = crate::web::components::confirm_step(
        ctx,
        l.t("Reveal the scores and close scoring?", "¿Mostrar las puntuaciones y cerrar la puntuación?"),
        &facts,
        &format!("{base}/reveal"),
        &format!("{base}#evaluators"),
        l.t("Reveal and close scoring", "Mostrar y cerrar la puntuación"),
    );
    views::step_page(ctx, acc, body)
}

pub const MIN_RATIONALE: usize = 20;

pub async fn decide(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let sel = store::selection(&state.db, acc.project.id).await?;
    let candidates = store::candidates(&state.db, acc.project.id).await?;
    let mut e = FormErrors::new();
    if sel.revealed_at.is_none() {
        e.add("candidate_id", l.t("Reveal the scores before deciding.", "Muestre las puntuaciones antes de decidir."));
    }
    let chosen = form.candidate_id.parse::<i32>().ok().filter(|id| candidates.iter().any(|c| c.id == *id));
    if chosen.is_none() {
        e.add("candidate_id", l.t("Choose a product from the shortlist.", "Elija un producto de la lista corta."));
    }
    let rationale = form.rationale.trim();
    if rationale.chars().count() < MIN_RATIONALE || rationale.chars().count() > 8000 {
        e.add(
            "rationale",
            l.f(
                "Explain the decision ({0} characters at least).",
                "Justifique la decisión ({0} caracteres como mínimo).",
                &[&MIN_RATIONALE],
            ),
        );
    }
    let (true, Some(chosen)) = (e.is_empty(), chosen) else {
        let o = Overview { decision_errors: e, decision_form: form, ..Default::default() };
        return render(&state, &auth, &acc, o, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    store::ensure_selection(&tx, acc.project.id).await?;
    selection::Entity::update_many()
        .col_expr(selection::Column::ChosenCandidateId, Expr::value(chosen))
        .col_expr(selection::Column::Rationale, Expr::value(rationale))
        .col_expr(selection::Column::DecidedBy, Expr::value(auth.user.id))
        .col_expr(selection::Column::DecidedAt, Expr::value(now))
        .filter(selection::Column::ProjectId.eq(acc.project.id))
        .exec(&tx)
        .await?;
    crate::phases::store::tick_by_key(&tx, acc.project.id, "sel-decision-rationale", auth.user.id, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::selection(acc.project.id),
        l.t(
            "Decision recorded; the selection checklist item is ticked.",
            "Decisión registrada; el punto de la lista de selección queda marcado.",
        ),
    ))
}
