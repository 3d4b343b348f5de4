//! The rules of the road to go-live (issue 18): testing (must-haves without a passing case, open
//! critical and high defects, the UAT exit rule), cutover (not rehearsed, ending after go-live)
//! and hypercare (support tickets past their SLA). Each reads its feature's facts: a handful of
//! aggregate queries, never one per record.

use super::evaluate::{Finding, Thresholds};
use crate::entities::project;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

fn found(rule: &'static str, count: i64, a: f64, b: f64) -> Finding {
    Finding { rule, count, a, b }
}

pub async fn testing(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let f = crate::testing::store::readiness_facts(db, p.id).await?;
    let days = (p.go_live_date - now.date_naive()).num_days();
    let window = th.get("testing_window_days") as i64;
    let mut out = Vec::new();
    if days <= window && f.musts_without_passing_case > 0 {
        out.push(found(
            "untested_must_haves",
            f.musts_without_passing_case as i64,
            days as f64,
            f.must_requirements as f64,
        ));
    }
    let [critical, high, ..] = f.open_defects;
    if critical + high > 0 {
        out.push(found("open_severe_defects", (critical + high) as i64, critical as f64, high as f64));
    }
    // Only once testing has started (cases exist): before that the workstream is "not assessed".
    if days <= window && f.cases > 0 && f.latest_uat_exit_met != Some(true) {
        out.push(found("uat_exit_not_met", i64::from(f.latest_uat_exit_met.is_some()), days as f64, 0.0));
    }
    Ok(out)
}

pub async fn cutover(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
    th: &Thresholds,
) -> Result<Vec<Finding>, DbErr> {
    let f = crate::cutover::store::readiness_facts(db, p, now).await?;
    let days = (p.go_live_date - now.date_naive()).num_days();
    let mut out = Vec::new();
    if days <= th.get("cutover_window_days") as i64 && f.rehearsals_finished == 0 {
        out.push(found("cutover_not_rehearsed", f.tasks as i64, days as f64, 0.0));
    }
    if f.planned_end_after_go_live {
        out.push(found("cutover_ends_after_go_live", 1, 0.0, 0.0));
    }
    Ok(out)
}

pub async fn hypercare(
    db: &impl ConnectionTrait,
    p: &project::Model,
    now: DateTime<Utc>,
) -> Result<Vec<Finding>, DbErr> {
    let f = crate::support::store::readiness_facts(db, p.id, now).await?;
    let breaches = f.response_breaches_open + f.resolution_breaches_open;
    Ok(if breaches > 0 {
        vec![found(
            "support_sla_breaches",
            breaches,
            f.response_breaches_open as f64,
            f.resolution_breaches_open as f64,
        )]
    } else {
        Vec::new()
    })
}
