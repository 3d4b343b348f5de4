//! Survey results: SUS and eNPS per wave, overall and by role and department, aggregated in SQL;
//! any group under five answers is hidden, in the page and in the CSV.

use super::survey::{self, MIN_GROUP, NPS_MIN_ANSWERS, SUS_AVERAGE};
use super::surveys::wave_of;
use crate::entities::{survey_answer, survey_wave};
use crate::error::AppResult;
use crate::projects::access::{Access, access, role_label};
use crate::startup::AppState;
use crate::web::components::badge;
use crate::web::{Auth, Ctx, Lang, csv};
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
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

pub fn sus_cell(l: Lang, r: &Results) -> Markup {
    html! {
        @if !survey::visible(r.answers as usize) {
            span.muted { (l.f("fewer than {0} answers: hidden", "menos de {0} respuestas: oculto", &[&MIN_GROUP])) }
        } @else if let Some(s) = r.sus {
            strong { (format!("{s:.1}")) } " "
            (badge(survey::sus_grade_label(survey::sus_grade(s)), if s >= SUS_AVERAGE { "ok" } else { "warn" }))
        }
    }
}

pub fn enps_cell(l: Lang, r: &Results) -> Markup {
    html! {
        @if !survey::visible(r.answers as usize) {
            span.muted { "—" }
        } @else if let Some(e) = r.enps() {
            strong { (format!("{e:+.0}")) }
            @if (r.enps_answers as usize) < NPS_MIN_ANSWERS { " " (badge(&l.f("only {0} answers", "solo {0} respuestas", &[&r.enps_answers]), "warn")) }
        }
    }
}

pub async fn section(state: &AppState, ctx: &Ctx, acc: &Access, w: &survey_wave::Model) -> AppResult<Markup> {
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
