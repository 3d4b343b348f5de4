//! The demo project's first SIT cycle (see `seeds/demo_testing.toml`): fifteen cases over finance,
//! sales, logistics, purchasing and inventory tied to the demo's requirements, run over the last
//! days by the PM, the key user and four employees — most passed, some with remarks, two failed
//! (one retested and passed), one blocked, one half done — and five defects in every state, one
//! critical still open, so the exit rule reads "not met" and says why.

use crate::entities::{membership, requirement, test_case, test_step, user};
use crate::testing::{defects_store, form, rules::StepText, runs_store, store};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct File {
    cycle: Cycle,
    case: Vec<Case>,
    defect: Vec<Defect>,
}

#[derive(Deserialize)]
struct Cycle {
    name: String,
    kind: String,
    starts_days_ago: i64,
    ends_days_ahead: i64,
    key_user: String,
}

#[derive(Deserialize)]
struct Case {
    title: String,
    module: String,
    priority: String,
    requirement: String,
    preconditions: Option<String>,
    tester: String,
    outcome: String,
    at: Option<usize>,
    #[serde(default)]
    retest: bool,
    days_ago: i64,
    steps: Vec<(String, String)>,
    actual: Option<String>,
}

#[derive(Deserialize)]
struct Defect {
    /// 1-based index of the case in the file.
    case: usize,
    title: String,
    severity: String,
    status: String,
    assignee: String,
    description: String,
}

pub const TOML: &str = include_str!("../../seeds/demo_testing.toml");

/// The path through the flow to each demo status.
fn path_to(status: &str) -> &'static [&'static str] {
    match status {
        "in_progress" => &["in_progress"],
        "fixed" => &["in_progress", "fixed"],
        "retest" => &["in_progress", "fixed", "retest"],
        "closed" => &["in_progress", "fixed", "retest", "closed"],
        "rejected" => &["rejected"],
        _ => &[],
    }
}

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, pm: i32, now: DateTime<Utc>) -> anyhow::Result<()> {
    let f: File = toml::from_str(TOML)?;
    let mut people: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.like("%@demo.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email.split('@').next().unwrap_or("").to_string(), u.id))
        .collect();
    people.insert("pm".into(), pm);
    let who = |k: &str| people.get(k).copied().unwrap_or(pm);
    if let Some(key) = people.get(&f.cycle.key_user) {
        membership::Entity::update_many()
            .col_expr(membership::Column::KeyUser, Expr::value(true))
            .filter(membership::Column::ProjectId.eq(project_id))
            .filter(membership::Column::UserId.eq(*key))
            .exec(db)
            .await?;
    }
    let reqs = requirement::Entity::find()
        .filter(requirement::Column::ProjectId.eq(project_id))
        .order_by_asc(requirement::Column::Id)
        .all(db)
        .await?;
    let today = now.date_naive();
    let cycle = store::create_cycle(
        db,
        project_id,
        &form::CycleInput {
            name: f.cycle.name.clone(),
            kind: f.cycle.kind.clone(),
            starts_on: today - Duration::days(f.cycle.starts_days_ago),
            ends_on: today + Duration::days(f.cycle.ends_days_ahead),
            exit_all_must: true,
            exit_severity: "high".into(),
        },
        pm,
        now - Duration::days(f.cycle.starts_days_ago + 2),
    )
    .await?;
    // case number in the file → (case, its final run, the step the outcome is about)
    let mut made: HashMap<usize, (test_case::Model, i32, Option<i32>)> = HashMap::new();
    for (index, c) in f.case.iter().enumerate() {
        let Some(req) = reqs.iter().find(|r| r.title.contains(&c.requirement)) else { continue };
        let when = now - Duration::days(c.days_ago);
        let input = form::CaseInput {
            title: c.title.clone(),
            module: c.module.clone(),
            preconditions: c.preconditions.clone(),
            priority: c.priority.clone(),
            steps: c.steps.iter().map(|(a, e)| StepText { action: a.clone(), expected: e.clone() }).collect(),
            requirements: vec![req.id],
        };
        let case = store::create_case(db, project_id, &input, Some(pm), when - Duration::days(10)).await?;
        let steps = test_step::Entity::find()
            .filter(test_step::Column::CaseId.eq(case.id))
            .order_by_asc(test_step::Column::Position)
            .all(db)
            .await?;
        let tester = who(&c.tester);
        let mut run =
            runs_store::start(db, project_id, cycle.id, case.id, Some(tester), when - Duration::hours(3)).await?;
        let at = c.at.unwrap_or(steps.len()).min(steps.len());
        let mut about = None;
        for (i, s) in steps.iter().enumerate() {
            let n = i + 1;
            let (status, actual) = match c.outcome.as_str() {
                "partial" if n > at => break,
                "fail" | "blocked" | "remarks" if n == at => {
                    (if c.outcome == "remarks" { "remarks" } else { c.outcome.as_str() }, c.actual.clone())
                }
                "fail" | "blocked" if n > at => break,
                _ => ("pass", None),
            };
            if n == at {
                about = Some(s.id);
            }
            let rec = runs_store::StepRecord { status, actual, seen_version: 0 };
            runs_store::record(db, &run, s, &rec, tester, when - Duration::minutes(10 * (steps.len() - i) as i64))
                .await?;
        }
        if c.retest {
            let again = when + Duration::days(4);
            run = runs_store::start(db, project_id, cycle.id, case.id, Some(tester), again).await?;
            for s in &steps {
                let rec = runs_store::StepRecord { status: "pass", actual: None, seen_version: 0 };
                runs_store::record(db, &run, s, &rec, tester, again).await?;
            }
        }
        made.insert(index + 1, (case, run.id, about));
    }
    for d in &f.defect {
        let (Some((case, run, step)), Some(src)) = (made.get(&d.case), f.case.get(d.case.saturating_sub(1))) else {
            continue;
        };
        let req = store::case_requirements(db, case.id).await?.first().map(|r| r.0);
        let raised = now - Duration::days(src.days_ago);
        // A retested case's defect was raised from its first attempt.
        let first_run = crate::entities::test_run::Entity::find()
            .filter(crate::entities::test_run::Column::CycleId.eq(cycle.id))
            .filter(crate::entities::test_run::Column::CaseId.eq(case.id))
            .order_by_asc(crate::entities::test_run::Column::Attempt)
            .one(db)
            .await?
            .map(|r| r.id)
            .unwrap_or(*run);
        let new = defects_store::NewDefect {
            title: d.title.clone(),
            description: Some(d.description.clone()),
            severity: d.severity.clone(),
            module: case.module.clone(),
            assignee_id: Some(who(&d.assignee)),
            case_id: case.id,
            step_id: *step,
            requirement_id: req,
            run_id: Some(first_run),
        };
        let mut row = defects_store::create(db, project_id, new, Some(who(&src.tester)), raised).await?;
        for (i, to) in path_to(&d.status).iter().enumerate() {
            let at = raised + Duration::hours(6 * (i as i64 + 1));
            if defects_store::move_status(db, &row, row.version, to, pm, at).await? {
                row.version += 1;
                row.status = to.to_string();
            }
        }
    }
    Ok(())
}
