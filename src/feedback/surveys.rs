//! Adoption surveys in waves (e.g. before go-live, 30 and 90 days after): the SUS questionnaire
//! and an eNPS question, answered once per person and wave. Answers keep the person's role and
//! department but not the person; results hide any group under five answers.

use super::survey::{self, MIN_GROUP, NPS_MIN_ANSWERS, SUS_AVERAGE};
use crate::entities::{membership, survey_answer, survey_participation, survey_wave};
use crate::error::{AppError, AppResult};
use crate::projects::access::{Access, access, role_label};
use crate::projects::views::crumbs;
use crate::startup::AppState;
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field};
use crate::web::middleware::unlogged;
use crate::web::{Auth, CsrfForm, Ctx, FormErrors, Lang, csv, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr,
};
use serde::Deserialize;
use std::collections::HashMap;

/// Aggregates of a set of answers, computed in SQL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub answers: i64,
    pub sus: Option<f64>,
    pub promoters: i64,
    pub detractors: i64,
    pub enps_answers: i64,
}

impl Results {
    pub fn enps(&self) -> Option<f64> {
        (self.enps_answers > 0).then(|| (self.promoters - self.detractors) as f64 * 100.0 / self.enps_answers as f64)
    }
}

fn count_where(cond: SimpleExpr) -> SimpleExpr {
    Expr::case(cond, 1).finally(0).into()
}

/// Answers per `group` column (or overall with `None`) for the given waves.
async fn aggregate(
    db: &impl ConnectionTrait,
    waves: &[i32],
    group: Option<survey_answer::Column>,
) -> Result<Vec<(i32, Option<String>, Results)>, DbErr> {
    let mut q = survey_answer::Entity::find()
        .select_only()
        .column(survey_answer::Column::WaveId)
        .column_as(survey_answer::Column::Id.count(), "n")
        .column_as(survey_answer::Column::Sus.sum(), "sus_sum")
        .column_as(Expr::expr(count_where(survey_answer::Column::Enps.gte(9))).sum(), "promoters")
        .column_as(Expr::expr(count_where(survey_answer::Column::Enps.lte(6))).sum(), "detractors")
        .column_as(survey_answer::Column::Enps.count(), "enps_n")
        .filter(survey_answer::Column::WaveId.is_in(waves.to_vec()))
        .group_by(survey_answer::Column::WaveId);
    q = match group {
        Some(c) => q.column_as(Expr::col(c).cast_as(sea_orm::sea_query::Alias::new("text")), "grp").group_by(c),
        None => q.column_as(Expr::val(Option::<String>::None), "grp"),
    };
    let rows = q.into_model::<Row>().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let sus = (r.n > 0).then(|| r.sus_sum.unwrap_or(0.0) / r.n as f64);
            let res = Results {
                answers: r.n,
                sus,
                promoters: r.promoters.unwrap_or(0),
                detractors: r.detractors.unwrap_or(0),
                enps_answers: r.enps_n,
            };
            (r.wave_id, r.grp, res)
        })
        .collect())
}

#[derive(Debug, sea_orm::FromQueryResult)]
struct Row {
    wave_id: i32,
    n: i64,
    sus_sum: Option<f64>,
    promoters: Option<i64>,
    detractors: Option<i64>,
    enps_n: i64,
    grp: Option<String>,
}

pub async fn waves(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<survey_wave::Model>, DbErr> {
    survey_wave::Entity::find()
        .filter(survey_wave::Column::ProjectId.eq(project_id))
        .order_by_asc(survey_wave::Column::OpenedOn)
        .order_by_asc(survey_wave::Column::Id)
        .all(db)
        .await
}

/// Overall results of each wave, oldest first (the adoption page's trend).
pub async fn trend(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<(survey_wave::Model, Results)>, DbErr> {
    let ws = waves(db, project_id).await?;
    let ids: Vec<i32> = ws.iter().map(|w| w.id).collect();
    let mut by_wave: HashMap<i32, Results> =
        aggregate(db, &ids, None).await?.into_iter().map(|(w, _, r)| (w, r)).collect();
    Ok(ws
        .into_iter()
        .map(|w| {
            let r = by_wave.remove(&w.id).unwrap_or_default();
            (w, r)
        })
        .collect())
}

fn sus_cell(l: Lang, r: &Results) -> Markup {
    html! {
        @if !survey::visible(r.answers as usize) {
            span.muted { (l.f("fewer than {0} answers: hidden", "menos de {0} respuestas: oculto", &[&MIN_GROUP])) }
        } @else if let Some(s) = r.sus {
            strong { (format!("{s:.1}")) } " "
            (badge(survey::sus_grade_label(survey::sus_grade(s)), if s >= SUS_AVERAGE { "ok" } else { "warn" }))
        }
    }
}

fn enps_cell(l: Lang, r: &Results) -> Markup {
    html! {
        @if !survey::visible(r.answers as usize) {
            span.muted { "—" }
        } @else if let Some(e) = r.enps() {
            strong { (format!("{e:+.0}")) }
            @if (r.enps_answers as usize) < NPS_MIN_ANSWERS { " " (badge(&l.f("only {0} answers", "solo {0} respuestas", &[&r.enps_answers]), "warn")) }
        }
    }
}

pub async fn list(auth: Auth, state: web::Data<AppState>, path: web::Path<i32>) -> AppResult<HttpResponse> {
    let acc = access(&state.db, &auth.user, path.into_inner()).await?;
    let rows = trend(&state.db, acc.project.id).await?;
    Ok(html(StatusCode::OK, list_body(&auth.ctx, &acc, &rows, "", &FormErrors::new())))
}

fn list_body(
    ctx: &Ctx,
    acc: &Access,
    rows: &[(survey_wave::Model, Results)],
    title_in: &str,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Adoption surveys", "Encuestas de adopción");
    let points: Vec<(String, Option<f64>)> =
        rows.iter().map(|(w, r)| (w.title.clone(), r.sus.filter(|_| survey::visible(r.answers as usize)))).collect();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Feedback", "Opiniones"), Some(super::path(p.id))), (title, None)]))
            h1 { (title) }
            p.lead { (l.t("Each wave asks the ten SUS questions (ease of use, 0–100; 68 is the average across studies) and how likely people are to recommend the new ERP to a colleague (eNPS, −100 to +100). Everyone answers once per wave; answers do not carry the person, and groups of fewer than five are not shown.",
                          "Cada oleada hace las diez preguntas SUS (facilidad de uso, 0–100; 68 es la media de los estudios) y cuán probable es que recomienden el nuevo ERP a un compañero (eNPS, de −100 a +100). Cada persona responde una vez por oleada; las respuestas no guardan quién las da, y los grupos de menos de cinco no se muestran.")) }
            div.actions { a.button.secondary href=(super::adoption_path(p.id)) { (l.t("Adoption overview", "Resumen de adopción")) } }
            @if rows.is_empty() {
                div.empty { p { (l.t("No survey yet. Open a first wave before go-live to have a baseline, then again 30 and 90 days after.", "Aún no hay encuestas. Abra una primera oleada antes de la puesta en marcha para tener una referencia, y otras a los 30 y 90 días.")) } }
            } @else {
                (super::chart::line(l, l.t("SUS score by wave", "Puntuación SUS por oleada"), &points, (0.0, 100.0), Some(SUS_AVERAGE)))
                table {
                    thead { tr { th scope="col" { (l.t("Wave", "Oleada")) } th scope="col" { (l.t("Opened", "Abierta")) } th scope="col" { (l.t("Answers", "Respuestas")) } th scope="col" { "SUS" } th scope="col" { "eNPS" } th scope="col" { (l.t("Status", "Estado")) } } }
                    tbody { @for (w, r) in rows { tr {
                        td { a href={ (super::surveys_path(p.id)) "/" (w.id) } { (w.title) } }
                        td { (l.date(w.opened_on)) }
                        td { (r.answers) }
                        td { (sus_cell(l, r)) }
                        td { (enps_cell(l, r)) }
                        td { @if w.status == "open" { (badge(l.t("open", "abierta"), "info")) } @else { (l.t("closed", "cerrada")) } }
                    } } }
                }
            }
            @if acc.can_manage() {
                h2 { (l.t("Open a wave", "Abrir una oleada")) }
                div.card {
                    (error_summary(l, e))
                    form method="post" action=(super::surveys_path(p.id)) novalidate {
                        (csrf_field(ctx))
                        (field("title", l.t("Name (e.g. “30 days after go-live”)", "Nombre (p. ej. «30 días tras la puesta en marcha»)"), "text", title_in, e, FieldAttrs::required().max(200)))
                        button type="submit" { (l.t("Open", "Abrir")) }
                    }
                }
            }
        },
    )
}

#[derive(Deserialize, Default)]
pub struct WaveForm {
    #[serde(default)]
    pub title: String,
}

pub async fn open(
    auth: Auth,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    CsrfForm(form): CsrfForm<WaveForm>,
) -> AppResult<HttpResponse> {
    let acc = access(&state.db, &auth.user, path.into_inner()).await?;
    acc.require_manage()?;
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
        &format!("{}/{}", super::surveys_path(acc.project.id), w.id),
        l.t("Wave opened: members can answer it now.", "Oleada abierta: los miembros ya pueden responder."),
    ))
}

async fn wave_of(state: &AppState, project_id: i32, wid: i32) -> AppResult<survey_wave::Model> {
    survey_wave::Entity::find_by_id(wid)
        .filter(survey_wave::Column::ProjectId.eq(project_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Deserialize, Default, Clone)]
pub struct AnswerForm {
    #[serde(default)]
    pub q1: String,
    #[serde(default)]
    pub q2: String,
    #[serde(default)]
    pub q3: String,
    #[serde(default)]
    pub q4: String,
    #[serde(default)]
    pub q5: String,
    #[serde(default)]
    pub q6: String,
    #[serde(default)]
    pub q7: String,
    #[serde(default)]
    pub q8: String,
    #[serde(default)]
    pub q9: String,
    #[serde(default)]
    pub q10: String,
    #[serde(default)]
    pub enps: String,
}

impl AnswerForm {
    fn items(&self) -> [&str; 10] {
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

const QUESTION_FIELDS: [&str; 10] = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"];

fn answer_form(ctx: &Ctx, project_id: i32, w: &survey_wave::Model, form: &AnswerForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let items = if l == Lang::Es { survey::SUS_ITEMS_ES } else { survey::SUS_ITEMS_EN };
    let values = form.items();
    html! {
        div.card {
            h2 { (l.t("Your answers", "Sus respuestas")) }
            p.hint { (l.t("1 = strongly disagree, 5 = strongly agree. Your answers are stored without your name.", "1 = totalmente en desacuerdo, 5 = totalmente de acuerdo. Sus respuestas se guardan sin su nombre.")) }
            (error_summary(l, e))
            form method="post" action={ (super::surveys_path(project_id)) "/" (w.id) } novalidate {
                (csrf_field(ctx))
                @for (i, text) in items.iter().enumerate() {
                    fieldset.likert id={ "f-" (QUESTION_FIELDS[i]) } {
                        legend { (i + 1) ". " (text) }
                        @for v in 1..=5u8 {
                            label.inline { input type="radio" name=(QUESTION_FIELDS[i]) value=(v) checked[values[i] == v.to_string()]; " " (v) }
                        }
                        @if let Some(m) = e.get(QUESTION_FIELDS[i]) { p.error { (m) } }
                    }
                }
                fieldset.likert id="f-enps" {
                    legend { (if l == Lang::Es { survey::ENPS_QUESTION_ES } else { survey::ENPS_QUESTION_EN }) }
                    @for v in 0..=10u8 {
                        label.inline { input type="radio" name="enps" value=(v) checked[form.enps == v.to_string()]; " " (v) }
                    }
                    @if let Some(m) = e.get("enps") { p.error { (m) } }
                }
                button type="submit" { (l.t("Send my answers", "Enviar mis respuestas")) }
            }
        }
    }
}

async fn results_section(state: &AppState, ctx: &Ctx, acc: &Access, w: &survey_wave::Model) -> AppResult<Markup> {
    let l = ctx.lang;
    let overall = aggregate(&state.db, &[w.id], None).await?.pop().map(|r| r.2).unwrap_or_default();
    let by_role = aggregate(&state.db, &[w.id], Some(survey_answer::Column::Role)).await?;
    let by_dept = aggregate(&state.db, &[w.id], Some(survey_answer::Column::DepartmentId)).await?;
    let names: HashMap<String, String> = crate::plan::org::departments(&state.db, acc.project.id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    let row = |label: String, r: &Results| html! { tr { td { (label) } td { (if survey::visible(r.answers as usize) { r.answers.to_string() } else { format!("< {MIN_GROUP}") }) } td { (sus_cell(l, r)) } td { (enps_cell(l, r)) } } };
    Ok(html! {
        h2 { (l.t("Results", "Resultados")) }
        div.card {
            p { (l.f("{0} answers.", "{0} respuestas.", &[&overall.answers])) " "
                @if let Some(s) = overall.sus.filter(|_| survey::visible(overall.answers as usize)) {
                    (l.f("SUS {0}: {1} the average of 68.", "SUS {0}: {1} la media de 68.", &[&format!("{s:.1}"), &if s >= SUS_AVERAGE { l.t("at or above", "igual o por encima de") } else { l.t("below", "por debajo de") }]))
                }
            }
        }
        table {
            thead { tr { th scope="col" { (l.t("Group", "Grupo")) } th scope="col" { (l.t("Answers", "Respuestas")) } th scope="col" { "SUS" } th scope="col" { "eNPS" } } }
            tbody {
                (row(l.t("Everyone", "Todos").to_string(), &overall))
                @for (_, g, r) in &by_role { (row(role_label(l, g.as_deref().unwrap_or("")).to_string(), r)) }
                @for (_, g, r) in &by_dept { (row(g.as_ref().and_then(|d| names.get(d).cloned()).unwrap_or_else(|| l.t("No department", "Sin departamento").to_string()), r)) }
            }
        }
        p.hint { (l.f("Groups with fewer than {0} answers are hidden so nobody can be singled out.", "Los grupos con menos de {0} respuestas se ocultan para que nadie pueda ser identificado.", &[&MIN_GROUP])) }
    })
}

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
    let results = results_section(state, &auth.ctx, acc, w).await?;
    let body = html! {
        (crumbs(&auth.ctx, &acc.project, &[(l.t("Surveys", "Encuestas"), Some(super::surveys_path(acc.project.id))), (&w.title, None)]))
        h1 { (w.title) @if w.status != "open" { " " (badge(l.t("closed", "cerrada"), "")) } }
        @if acc.can_manage() && w.status == "open" {
            form.inline method="post" action={ (super::surveys_path(acc.project.id)) "/" (w.id) "/close" } {
                (csrf_field(&auth.ctx)) button.secondary type="submit" { (l.t("Close this wave", "Cerrar esta oleada")) }
            }
        }
        div.actions { a.button.secondary href={ (super::surveys_path(acc.project.id)) "/" (w.id) "/results.csv" } { (l.t("Results CSV", "Resultados CSV")) } }
        @if answered {
            div.card { p { (l.t("Thank you: you have answered this wave.", "Gracias: ya ha respondido a esta oleada.")) } }
        } @else if w.status == "open" && member {
            (answer_form(&auth.ctx, acc.project.id, w, form, e))
        }
        (results)
    };
    Ok(html(status, layout::page(&auth.ctx, &w.title, body)))
}

pub async fn show(auth: Auth, state: web::Data<AppState>, path: web::Path<(i32, i32)>) -> AppResult<HttpResponse> {
    let (id, wid) = path.into_inner();
    let acc = access(&state.db, &auth.user, id).await?;
    let w = wave_of(&state, acc.project.id, wid).await?;
    show_page(&state, &auth, &acc, &w, &AnswerForm::default(), &FormErrors::new(), StatusCode::OK).await
}

/// Records one answer: the participation row (unique per wave and person) and the answer row
/// (no person) in one transaction; a second answer fails on the participation key.
pub async fn answer(
    auth: Auth,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> AppResult<HttpResponse> {
    let (id, wid) = path.into_inner();
    let acc = access(&state.db, &auth.user, id).await?;
    let w = wave_of(&state, acc.project.id, wid).await?;
    let l = auth.ctx.lang;
    let back = format!("{}/{}", super::surveys_path(acc.project.id), w.id);
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
    let q = |i: usize| Set(i16::from(answers[i]));
    survey_answer::ActiveModel {
        wave_id: Set(w.id),
        role: Set(m.role),
        department_id: Set(m.department_id),
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
        enps: Set(Some(i16::from(enps))),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
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
    auth: Auth,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::auth::handlers::Empty>,
) -> AppResult<HttpResponse> {
    let (id, wid) = path.into_inner();
    let acc = access(&state.db, &auth.user, id).await?;
    acc.require_manage()?;
    let w = wave_of(&state, acc.project.id, wid).await?;
    survey_wave::Entity::update_many()
        .col_expr(survey_wave::Column::Status, Expr::value("closed"))
        .col_expr(survey_wave::Column::ClosedOn, Expr::value(Some(state.clock.now().date_naive())))
        .filter(survey_wave::Column::Id.eq(w.id))
        .exec(&state.db)
        .await?;
    Ok(flash::success(
        &format!("{}/{}", super::surveys_path(acc.project.id), w.id),
        auth.ctx.t("Wave closed.", "Oleada cerrada."),
    ))
}

/// Aggregates only, with small groups suppressed: never the individual answers.
pub async fn results_csv(
    auth: Auth,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (id, wid) = path.into_inner();
    let acc = access(&state.db, &auth.user, id).await?;
    let w = wave_of(&state, acc.project.id, wid).await?;
    let names: HashMap<String, String> = crate::plan::org::departments(&state.db, acc.project.id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    let mut rows: Vec<(String, String, Results)> = Vec::new();
    if let Some((_, _, r)) = aggregate(&state.db, &[w.id], None).await?.pop() {
        rows.push(("all".into(), String::new(), r));
    }
    for (_, g, r) in aggregate(&state.db, &[w.id], Some(survey_answer::Column::Role)).await? {
        rows.push(("role".into(), g.unwrap_or_default(), r));
    }
    for (_, g, r) in aggregate(&state.db, &[w.id], Some(survey_answer::Column::DepartmentId)).await? {
        rows.push(("department".into(), g.and_then(|d| names.get(&d).cloned()).unwrap_or_default(), r));
    }
    let mut out = csv::writer();
    out.write_record(["group_by", "group", "answers", "sus", "enps"]).map_err(csv::io)?;
    for (kind, g, r) in rows {
        let shown = survey::visible(r.answers as usize);
        out.write_record([
            kind,
            csv::safe(&g),
            if shown { r.answers.to_string() } else { format!("<{MIN_GROUP}") },
            if shown { r.sus.map(|s| format!("{s:.1}")).unwrap_or_default() } else { String::new() },
            if shown { r.enps().map(|e| format!("{e:.0}")).unwrap_or_default() } else { String::new() },
        ])
        .map_err(csv::io)?;
    }
    csv::response("survey-results.csv", out)
}
