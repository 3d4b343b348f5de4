//! Adoption surveys in waves (e.g. before go-live, 30 and 90 days after): the SUS questionnaire
//! and an eNPS question, answered once per person and wave. Answers keep the person's role and
//! department but not the person; results hide any group under five answers.

use super::form::{AnswerForm, WaveForm};
use super::store::trend;
use super::survey;
use super::surveys_views::{answer_form, list_body};
use crate::entities::{membership, survey_answer, survey_participation, survey_wave};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::{badge, csrf_field};
use crate::web::middleware::unlogged;
use crate::web::nav::crumbs;
use crate::web::{Auth, CsrfForm, FormErrors, Lang, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr};

pub async fn list(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = trend(&state.db, acc.project.id).await?;
    Ok(html(StatusCode::OK, list_body(&auth.ctx, &acc, &rows, "", &FormErrors::new())))
}

pub async fn open(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<WaveForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        let mut e = FormErrors::new();
        e.add(
            "title",
            l.t("Name the wave (200 characters at most).", "Ponga nombre a la oleada (200 caracteres como máximo)."),
        );
        let rows = trend(&state.db, acc.project.id).await?;
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, list_body(&auth.ctx, &acc, &rows, &form.title, &e)));
    }
    let now = state.clock.now();
    let w = survey_wave::ActiveModel {
        project_id: Set(acc.project.id),
        title: Set(title.to_string()),
        opened_on: Set(now.date_naive()),
        closed_on: Set(None),
        status: Set("open".into()),
        created_by: Set(Some(auth.user.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(
        &format!("{}/{}", crate::urls::surveys(acc.project.id), w.id),
        l.t("Wave opened: members can answer it now.", "Oleada abierta: los miembros ya pueden responder."),
    ))
}

pub(super) async fn wave_of(state: &AppState, project_id: i32, wid: i32) -> AppResult<survey_wave::Model> {
    survey_wave::Entity::find_by_id(wid)
        .filter(survey_wave::Column::ProjectId.eq(project_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

impl AnswerForm {
    pub(super) fn items(&self) -> [&str; 10] {
        [&self.q1, &self.q2, &self.q3, &self.q4, &self.q5, &self.q6, &self.q7, &self.q8, &self.q9, &self.q10]
    }

    /// The ten answers and the eNPS answer, or the first problem.
    pub fn validate(&self, l: Lang) -> Result<([u8; 10], u8), FormErrors> {
        let mut e = FormErrors::new();
        let mut answers = [0u8; 10];
        for (i, raw) in self.items().iter().enumerate() {
            match raw.trim().parse::<u8>() {
                Ok(v) if (1..=5).contains(&v) => answers[i] = v,
                _ => e.add(
                    QUESTION_FIELDS[i],
                    l.f(
                        "Answer statement {0} from 1 (strongly disagree) to 5 (strongly agree).",
                        "Responda a la afirmación {0} de 1 (totalmente en desacuerdo) a 5 (totalmente de acuerdo).",
                        &[&(i + 1)],
                    ),
                ),
            }
        }
        let enps = self.enps.trim().parse::<u8>().ok().filter(|v| *v <= 10);
        if enps.is_none() {
            e.add(
                "enps",
                l.t(
                    "Choose from 0 (not at all likely) to 10 (extremely likely).",
                    "Elija de 0 (nada probable) a 10 (muy probable).",
                ),
            );
        }
        match (e.is_empty(), enps) {
            (true, Some(n)) => Ok((answers, n)),
            _ => Err(e),
        }
    }
}

pub(super) const QUESTION_FIELDS: [&str; 10] = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"];

async fn has_answered(state: &AppState, wid: i32, user_id: i32) -> AppResult<bool> {
    Ok(survey_participation::Entity::find()
        .filter(survey_participation::Column::WaveId.eq(wid))
        .filter(survey_participation::Column::UserId.eq(user_id))
        .one(&state.db)
        .await?
        .is_some())
}

async fn show_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    w: &survey_wave::Model,
    form: &AnswerForm,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let answered = has_answered(state, w.id, auth.user.id).await?;
    let member = acc.role != crate::projects::access::Role::Admin;
    let results = super::survey_results::section(state, &auth.ctx, acc, w).await?;
    let body = html! {
        (crumbs(&auth.ctx, &acc.project, &[(l.t("Surveys", "Encuestas"), Some(crate::urls::surveys(acc.project.id))), (&w.title, None)]))
        h1 { (w.title) @if w.status != "open" { " " (badge(l.t("closed", "cerrada"), "")) } }
        @if acc.can_manage() && w.status == "open" {
            form.inline method="post" action={ (crate::urls::surveys(acc.project.id)) "/" (w.id) "/close" } {
                (csrf_field(&auth.ctx)) button.secondary type="submit" { (l.t("Close this wave", "Cerrar esta oleada")) }
            }
        }
        div.actions { a.button.secondary href={ (crate::urls::surveys(acc.project.id)) "/" (w.id) "/results.csv" } { (l.t("Results CSV", "Resultados CSV")) } }
        @if answered {
            div.card { p { (l.t("Thank you: you have answered this wave.", "Gracias: ya ha respondido a esta oleada.")) } }
        } @else if w.status == "open" && member {
            (answer_form(&auth.ctx, acc.project.id, w, form, e))
        }
        (results)
    };
    Ok(html(status, layout::page(&auth.ctx, &w.title, body)))
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, wid) = path.into_inner();
    let w = wave_of(&state, acc.project.id, wid).await?;
    show_page(&state, &auth, &acc, &w, &AnswerForm::default(), &FormErrors::new(), StatusCode::OK).await
}

/// Records one answer: the participation row (unique per wave and person) and the answer row
/// (no person) in one transaction; a second answer fails on the participation key.
pub async fn answer(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> AppResult<HttpResponse> {
    let (_id, wid) = path.into_inner();
    let w = wave_of(&state, acc.project.id, wid).await?;
    let l = auth.ctx.lang;
    let back = format!("{}/{}", crate::urls::surveys(acc.project.id), w.id);
    let Some(m) = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(acc.project.id))
        .filter(membership::Column::UserId.eq(auth.user.id))
        .one(&state.db)
        .await?
    else {
        return Err(AppError::Forbidden);
    };
    if w.status != "open" {
        return Ok(flash::error(&back, l.t("This wave is closed.", "Esta oleada está cerrada.")));
    }
    let (answers, enps) = match form.validate(l) {
        Ok(v) => v,
        Err(e) => return show_page(&state, &auth, &acc, &w, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let Some(sus) = survey::sus_score(&answers) else {
        return Err(AppError::BadRequest("answers out of range".into()));
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let took = survey_participation::Entity::insert(survey_participation::ActiveModel {
        wave_id: Set(w.id),
        user_id: Set(auth.user.id),
    })
    .exec_without_returning(&tx)
    .await;
    match took {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            drop(tx);
            let mut errs = FormErrors::new();
            errs.add(
                "q1",
                l.t(
                    "You have already answered this wave; each person answers once.",
                    "Ya ha respondido a esta oleada; cada persona responde una vez.",
                ),
            );
            return show_page(&state, &auth, &acc, &w, &AnswerForm::default(), &errs, StatusCode::CONFLICT).await;
        }
        Err(e) => return Err(e.into()),
    }
    answer_row(w.id, m.role, m.department_id, &answers, sus, Some(enps)).insert(&tx).await?;
    tx.commit().await?;
    Ok(unlogged(flash::success(
        &back,
        l.t(
            "Thank you. Your answers were stored without your name.",
            "Gracias. Sus respuestas se han guardado sin su nombre.",
        ),
    )))
}

pub async fn close(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, wid) = path.into_inner();
    let w = wave_of(&state, acc.project.id, wid).await?;
    survey_wave::Entity::update_many()
        .col_expr(survey_wave::Column::Status, Expr::value("closed"))
        .col_expr(survey_wave::Column::ClosedOn, Expr::value(Some(state.clock.now().date_naive())))
        .filter(survey_wave::Column::Id.eq(w.id))
        .exec(&state.db)
        .await?;
    Ok(flash::success(
        &format!("{}/{}", crate::urls::surveys(acc.project.id), w.id),
        auth.ctx.t("Wave closed.", "Oleada cerrada."),
    ))
}

/// The answer row of one questionnaire: role and department, never the person.
pub fn answer_row(
    wave_id: i32,
    role: String,
    department_id: Option<i32>,
    items: &[u8; 10],
    sus: f64,
    enps: Option<u8>,
) -> survey_answer::ActiveModel {
    let q = |i: usize| Set(i16::from(items[i]));
    survey_answer::ActiveModel {
        wave_id: Set(wave_id),
        role: Set(role),
        department_id: Set(department_id),
        q1: q(0),
        q2: q(1),
        q3: q(2),
        q4: q(3),
        q5: q(4),
        q6: q(5),
        q7: q(6),
        q8: q(7),
        q9: q(8),
        q10: q(9),
        sus: Set(sus),
        enps: Set(enps.map(i16::from)),
        ..Default::default()
    }
}
