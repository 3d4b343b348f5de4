//! Evaluating the rules on a project's live data: one aggregate query (or a few) per rule, never a
//! query per record, the same on SQLite and PostgreSQL. Time comes from the caller.

use crate::entities::{
    criterion, feedback, milestone, project, project_phase, project_setting, score, selection, training_session,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// What a rule found: how many records and up to two figures for the evidence sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub count: i64,
    pub a: f64,
    pub b: f64,
}

/// The project's thresholds: the seeded defaults, overridden by its settings.
#[derive(Clone, Debug, Default)]
pub struct Thresholds(pub HashMap<String, f64>);

impl Thresholds {
    pub fn get(&self, key: &str) -> f64 {
        self.0.get(key).copied().or_else(|| super::catalog::catalog().thresholds.get(key).copied()).unwrap_or(0.0)
    }
}

pub async fn thresholds(db: &impl ConnectionTrait, project_id: i32) -> Result<Thresholds, DbErr> {
    let mut t: HashMap<String, f64> = super::catalog::catalog().thresholds.clone().into_iter().collect();
    for s in project_setting::Entity::find().filter(project_setting::Column::ProjectId.eq(project_id)).all(db).await? {
        t.insert(s.key, s.value);
    }
    Ok(Thresholds(t))
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn found(rule: &'static str, count: i64, a: f64, b: f64) -> Option<Finding> {
    Some(Finding { rule, count, a, b })
}

/// Every rule that fires, in catalog order.
pub async fn evaluate(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let mut out = Vec::new();
    out.extend(planning(db, p, now).await?);
    out.extend(customization(db, p, th).await?);
    out.extend(data_migration(db, p, now, th).await?);
    out.extend(second_factor(db, p).await?);
    out.extend(training(db, p, now, th).await?);
    out.extend(selection_rules(db, p, th).await?);
    out.extend(adoption(db, p, now, th).await?);
    out.extend(super::evaluate_rollout::testing(db, p, now, th).await?);
    out.extend(super::evaluate_rollout::cutover(db, p, now, th).await?);
    out.extend(super::evaluate_rollout::hypercare(db, p, now).await?);
    Ok(out)
}

async fn planning(db: &impl ConnectionTrait, p: &project::Model, now: DateTime<Utc>) -> Result<Vec<Finding>, DbErr> {
    let today = now.date_naive();
    let mut out = Vec::new();
    let open = || {
        milestone::Entity::find()
            .filter(milestone::Column::ProjectId.eq(p.id))
            .filter(milestone::Column::Status.ne("done"))
    };
    let no_owner = open().filter(milestone::Column::OwnerId.is_null()).count(db).await?;
    if no_owner > 0 {
        out.extend(found("milestones_without_owner", no_owner as i64, 0.0, 0.0));
    }
    let overdue: Option<(i64, Option<chrono::NaiveDate>)> = open()
        .select_only()
        .column_as(milestone::Column::Id.count(), "n")
        .column_as(milestone::Column::DueDate.min(), "oldest")
        .filter(milestone::Column::DueDate.lt(today))
        .into_tuple()
        .one(db)
        .await?;
    if let Some((n, Some(oldest))) = overdue
        && n > 0
    {
        out.extend(found("overdue_milestones", n, (today - oldest).num_days() as f64, 0.0));
    }
    let span: Option<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> = milestone::Entity::find()
        .select_only()
        .column_as(milestone::Column::StartDate.min(), "first")
        .column_as(milestone::Column::DueDate.max(), "last")
        .filter(milestone::Column::ProjectId.eq(p.id))
        .filter(milestone::Column::PhaseKey.ne("evaluation"))
        .into_tuple()
        .one(db)
        .await?;
    if let Some((Some(first), Some(last))) = span {
        let months = round1((last - first).num_days() as f64 / 30.44);
        let norm = f64::from(crate::plan::norm_months(&p.size));
        if months < norm {
            out.extend(found("plan_shorter_than_norm", 1, months, norm));
        }
    }
    let mut phases = project_phase::Entity::find().filter(project_phase::Column::ProjectId.eq(p.id)).all(db).await?;
    phases.sort_by_key(|ph| ph.position);
    let early = phases
        .iter()
        .enumerate()
        .filter(|(i, ph)| ph.status != "not_started" && phases[..*i].iter().any(|e| e.status != "closed"))
        .count();
    if early > 0 {
        out.extend(found("phase_started_before_gate", early as i64, 0.0, 0.0));
    }
    Ok(out)
}

async fn customization(db: &impl ConnectionTrait, p: &project::Model, th: &Thresholds) -> Result<Vec<Finding>, DbErr> {
    let c = crate::plan::customizations_store::counts(db, p.id).await?;
    let max = th.get("customization_share_max");
    Ok(match c.share_of_requirements() {
        Some(share) if share > max => {
            vec![Finding {
                rule: "customization_share",
                count: (c.requested + c.approved) as i64,
                a: round1(share),
                b: max,
            }]
        }
        _ => Vec::new(),
    })
}

async fn data_migration(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let days = (p.go_live_date - now.date_naive()).num_days();
    let tracking = th.get("migration_tracking_days") as i64;
    let window = th.get("migration_window_days");
    if days > Ord::max(tracking, window as i64) {
        return Ok(Vec::new());
    }
    let facts = crate::data_quality::store::facts(db, p.id, now - Duration::days(window as i64)).await?;
    let mut out = Vec::new();
    if facts.objects == 0 {
        out.extend(found("no_migration_objects", 0, days as f64, 0.0));
    } else if days <= window as i64 && !facts.without_recent_clean.is_empty() {
        out.extend(found("stale_trial_loads", facts.without_recent_clean.len() as i64, days as f64, window));
    }
    Ok(out)
}

/// Project managers of the project (by membership) who have no second factor.
async fn second_factor(db: &impl ConnectionTrait, p: &project::Model) -> Result<Vec<Finding>, DbErr> {
    use crate::entities::{membership, user};
    let pms: Vec<i32> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::ProjectId.eq(p.id))
        .filter(membership::Column::Role.eq("pm"))
        .into_tuple()
        .all(db)
        .await?;
    let without = user::Entity::find()
        .filter(user::Column::Id.is_in(pms))
        .filter(user::Column::TotpEnabledAt.is_null())
        .filter(user::Column::DisabledAt.is_null())
        .count(db)
        .await?;
    Ok(if without > 0 {
        vec![Finding { rule: "pms_without_second_factor", count: without as i64, a: 0.0, b: 0.0 }]
    } else {
        Vec::new()
    })
}

async fn training(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let mut out = Vec::new();
    let days = (p.go_live_date - now.date_naive()).num_days();
    let scheduled = || {
        training_session::Entity::find()
            .filter(training_session::Column::ProjectId.eq(p.id))
            .filter(training_session::Column::Status.eq("scheduled"))
    };
    let window = th.get("security_window_days") as i64;
    if days <= window {
        if scheduled().count(db).await? == 0 {
            out.extend(found("no_training_sessions", 0, days as f64, 0.0));
        }
        if scheduled().filter(training_session::Column::Kind.eq("security")).count(db).await? == 0 {
            out.extend(found("no_security_training", 0, days as f64, 0.0));
        }
    }
    let min = th.get("training_coverage_min");
    // The coverage computation is the costly part: only near go-live, where the rule applies.
    if (0..=th.get("training_window_days") as i64).contains(&days) {
        let sum = crate::training::coverage::summary(db, p.id, now).await?;
        let below =
            sum.cells.iter().filter(|c| c.needed > 0 && (c.trained as f64) * 100.0 < min * c.needed as f64).count();
        if below > 0 {
            out.extend(found("training_coverage", below as i64, days as f64, min));
        }
    }
    let (present, booked) = crate::training::coverage::attendance_rate(db, p.id, now).await?;
    let att_min = th.get("attendance_min");
    if booked >= 10 && (present as f64) * 100.0 < att_min * booked as f64 {
        out.extend(found("low_attendance", booked as i64, round1(present as f64 * 100.0 / booked as f64), att_min));
    }
    Ok(out)
}

async fn selection_rules(
    db: &impl ConnectionTrait,
    p: &project::Model,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let mut out = Vec::new();
    let Some(chosen) = selection::Entity::find_by_id(p.id).one(db).await?.and_then(|s| s.chosen_candidate_id) else {
        return Ok(out);
    };
    let evaluators: Vec<i32> = score::Entity::find()
        .select_only()
        .column(score::Column::EvaluatorId)
        .distinct()
        .filter(score::Column::ProjectId.eq(p.id))
        .filter(score::Column::CandidateId.eq(chosen))
        .into_tuple()
        .all(db)
        .await?;
    let min = th.get("min_evaluators");
    if (evaluators.len() as f64) < min {
        out.extend(found("few_evaluators", evaluators.len() as i64, 0.0, min));
    }
    let crm = criterion::Entity::find()
        .filter(criterion::Column::ProjectId.eq(p.id))
        .filter(criterion::Column::Key.eq("crm_integration"))
        .one(db)
        .await?;
    if let Some(c) = crm {
        let avg: Option<Option<f64>> = score::Entity::find()
            .select_only()
            .column_as(Expr::col(score::Column::Score).cast_as(sea_orm::sea_query::Alias::new("real")).avg(), "avg")
            .filter(score::Column::ProjectId.eq(p.id))
            .filter(score::Column::CandidateId.eq(chosen))
            .filter(score::Column::CriterionId.eq(c.id))
            .into_tuple()
            .one(db)
            .await?;
        let crm_min = th.get("crm_min_score");
        if let Some(Some(avg)) = avg
            && avg < crm_min
        {
            out.extend(found("weak_crm_integration", 1, round1(avg), crm_min));
        }
    }
    Ok(out)
}

async fn adoption(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let mut out = Vec::new();
    let days = th.get("feedback_unanswered_days");
    let stale = feedback::Entity::find()
        .filter(feedback::Column::ProjectId.eq(p.id))
        .filter(feedback::Column::Status.eq("new"))
        .filter(feedback::Column::CreatedAt.lt(now - Duration::days(days as i64)))
        .count(db)
        .await?;
    if stale > 0 {
        out.extend(found("unanswered_feedback", stale as i64, 0.0, days));
    }
    let waves = crate::feedback::store::trend(db, p.id).await?;
    let sus_min = th.get("sus_min");
    if let Some((_, r)) = waves.iter().rev().find(|(_, r)| crate::feedback::survey::visible(r.answers as usize))
        && let Some(s) = r.sus
        && s < sus_min
    {
        out.extend(found("low_sus", r.answers, round1(s), sus_min));
    }
    let months = crate::feedback::store::satisfaction(db, p.id, now, 2).await?;
    if let [.., (_, Some(before), n0), (_, Some(after), n1)] = months.as_slice()
        && *n0 >= 5
        && *n1 >= 5
        && before - after >= th.get("satisfaction_drop")
    {
        out.extend(found("falling_satisfaction", *n1, round1(*before), round1(*after)));
    }
    Ok(out)
}
