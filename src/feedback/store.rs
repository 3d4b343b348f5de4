//! The feedback facts other modules read (the adoption page, the warnings and readiness rules):
//! survey aggregates computed in SQL per wave and group, the satisfaction trend, open feedback by
//! age, and feedback nobody answered. Queries only; the pages are beside it.

use super::UNANSWERED_DAYS;
use super::survey;
use crate::entities::{feedback, survey_answer, survey_wave};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
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
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        survey::enps_score(n(self.promoters), n(self.detractors), n(self.enps_answers))
    }
}

fn count_where(cond: SimpleExpr) -> SimpleExpr {
    Expr::case(cond, 1).finally(0).into()
}

/// Answers per `group` column (or overall with `None`) for the given waves.
pub async fn aggregate(
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

/// First day of the month `back` months before `d`'s month.
fn month_start(d: NaiveDate, back: i32) -> NaiveDate {
    let m = d.year() * 12 + d.month0() as i32 - back;
    NaiveDate::from_ymd_opt(m.div_euclid(12), (m.rem_euclid(12) + 1) as u32, 1).unwrap_or(d)
}

/// (month label, average rating, count) for the last `months` months, oldest first.
pub async fn satisfaction(
    db: &impl ConnectionTrait,
    project_id: i32,
    now: DateTime<Utc>,
    months: i32,
) -> Result<Vec<(String, Option<f64>, i64)>, DbErr> {
    let today = now.date_naive();
    let mut out = Vec::new();
    for back in (0..months).rev() {
        let from = month_start(today, back);
        let to = month_start(today, back - 1);
        let at = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
        let row: Option<(i64, Option<f64>)> = feedback::Entity::find()
            .select_only()
            .column_as(feedback::Column::Id.count(), "n")
            .column_as(Expr::col(feedback::Column::Rating).cast_as(sea_orm::sea_query::Alias::new("real")).avg(), "avg")
            .filter(feedback::Column::ProjectId.eq(project_id))
            .filter(feedback::Column::CreatedAt.gte(at(from)))
            .filter(feedback::Column::CreatedAt.lt(at(to)))
            .into_tuple()
            .one(db)
            .await?;
        let (n, avg) = row.unwrap_or((0, None));
        out.push((from.format("%Y-%m").to_string(), avg.filter(|_| n > 0), n));
    }
    Ok(out)
}

/// Open feedback (not done or declined) by age: under 7 days, 7–14, 14–30, over 30.
pub async fn open_by_age(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<[u64; 4], DbErr> {
    let bounds = [0, 7, UNANSWERED_DAYS, 30];
    let mut out = [0u64; 4];
    for (i, lo) in bounds.iter().enumerate() {
        let mut q = feedback::Entity::find()
            .filter(feedback::Column::ProjectId.eq(project_id))
            .filter(feedback::Column::Status.is_in(["new", "acknowledged", "planned"]))
            .filter(feedback::Column::CreatedAt.lte(now - Duration::days(*lo)));
        if let Some(hi) = bounds.get(i + 1) {
            q = q.filter(feedback::Column::CreatedAt.gt(now - Duration::days(*hi)));
        }
        out[i] = q.count(db).await?;
    }
    Ok(out)
}

/// All feedback of the project, whatever its status.
pub async fn total(db: &impl ConnectionTrait, project_id: i32) -> Result<u64, DbErr> {
    feedback::Entity::find().filter(feedback::Column::ProjectId.eq(project_id)).count(db).await
}

/// New feedback nobody has answered for `UNANSWERED_DAYS` (issue 8's resistance rule reads it).
pub async fn unanswered(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<u64, DbErr> {
    feedback::Entity::find()
        .filter(feedback::Column::ProjectId.eq(project_id))
        .filter(feedback::Column::Status.eq("new"))
        .filter(feedback::Column::CreatedAt.lt(now - Duration::days(UNANSWERED_DAYS)))
        .count(db)
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_step_back_across_years() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 2, 17).unwrap_or_default();
        assert_eq!(super::month_start(d, 0).to_string(), "2027-02-01");
        assert_eq!(super::month_start(d, 2).to_string(), "2026-12-01");
        assert_eq!(super::month_start(d, -1).to_string(), "2027-03-01");
    }
}
