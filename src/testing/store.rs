//! Test cases and cycles in the database, and `readiness_facts`, the one function the readiness
//! scorecard and the warning rules read. Lists filter and page in SQL; counts are aggregates.

use super::form::{CaseInput, CycleInput};
use super::rules;
use crate::entities::{defect, requirement, test_case, test_case_requirement as tcr, test_cycle, test_run, test_step};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// The project's cases matching the search and module, in module then title order.
pub fn filtered(project_id: i32, search: &str, module: &str) -> sea_orm::Select<test_case::Entity> {
    sorted(matching(project_id, search, module), "", false)
}

pub fn matching(project_id: i32, search: &str, module: &str) -> sea_orm::Select<test_case::Entity> {
    let mut sel = test_case::Entity::find().filter(test_case::Column::ProjectId.eq(project_id));
    if !search.trim().is_empty() {
        sel = sel.filter(test_case::Column::SearchText.like(crate::text::contains_pattern(search)));
    }
    if crate::training::MODULES.contains(&module) {
        sel = sel.filter(test_case::Column::Module.eq(module));
    }
    sel
}

/// Orders a case list by `sort` ("title", "priority", else module then title), ties by id.
pub fn sorted(sel: sea_orm::Select<test_case::Entity>, sort: &str, desc: bool) -> sea_orm::Select<test_case::Entity> {
    let order = if desc { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
    let rank: sea_orm::sea_query::SimpleExpr = Expr::case(test_case::Column::Priority.eq("must"), 0)
        .case(test_case::Column::Priority.eq("should"), 1)
        .finally(2)
        .into();
    match sort {
        "title" => sel.order_by(test_case::Column::Title, order),
        "priority" => sel.order_by(rank, order).order_by_asc(test_case::Column::Title),
        _ => sel.order_by(test_case::Column::Module, order).order_by_asc(test_case::Column::Title),
    }
    .order_by_asc(test_case::Column::Id)
}

pub async fn get_case(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<test_case::Model>, DbErr> {
    test_case::Entity::find_by_id(id).filter(test_case::Column::ProjectId.eq(project_id)).one(db).await
}

pub async fn steps(db: &impl ConnectionTrait, case_id: i32) -> Result<Vec<test_step::Model>, DbErr> {
    test_step::Entity::find()
        .filter(test_step::Column::CaseId.eq(case_id))
        .order_by_asc(test_step::Column::Position)
        .all(db)
        .await
}

/// The requirements a case proves, (id, title, priority).
pub async fn case_requirements(db: &impl ConnectionTrait, case_id: i32) -> Result<Vec<(i32, String, String)>, DbErr> {
    let ids = Query::select()
        .column(tcr::Column::RequirementId)
        .from(tcr::Entity)
        .and_where(Expr::col(tcr::Column::CaseId).eq(case_id))
        .to_owned();
    requirement::Entity::find()
        .select_only()
        .columns([requirement::Column::Id, requirement::Column::Title, requirement::Column::Priority])
        .filter(Expr::col(requirement::Column::Id).in_subquery(ids))
        .order_by_asc(requirement::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// (id, title, priority) of every requirement of the project, for the case form's checkboxes.
pub async fn requirement_choices(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<Vec<(i32, String, String)>, DbErr> {
    requirement::Entity::find()
        .select_only()
        .columns([requirement::Column::Id, requirement::Column::Title, requirement::Column::Priority])
        .filter(requirement::Column::ProjectId.eq(project_id))
        .order_by_asc(requirement::Column::Id)
        .limit(5000)
        .into_tuple()
        .all(db)
        .await
}

fn search_text(c: &CaseInput) -> String {
    crate::text::fold(&format!("{} {}", c.title, c.preconditions.as_deref().unwrap_or("")))
}

/// Writes the steps by position — a step that stays keeps its id, so the results recorded on it
/// in earlier runs stay too; steps beyond the new count go (with their results) — and replaces
/// the requirement links.
async fn put_steps_and_links(db: &impl ConnectionTrait, case_id: i32, c: &CaseInput) -> Result<(), DbErr> {
    let existing = steps(db, case_id).await?;
    for (i, s) in c.steps.iter().enumerate() {
        let position = i as i32 + 1;
        match existing.iter().find(|e| e.position == position) {
            Some(e) if e.action == s.action && e.expected == s.expected => {}
            Some(e) => {
                test_step::Entity::update_many()
                    .col_expr(test_step::Column::Action, Expr::value(s.action.clone()))
                    .col_expr(test_step::Column::Expected, Expr::value(s.expected.clone()))
                    .filter(test_step::Column::Id.eq(e.id))
                    .exec(db)
                    .await?;
            }
            None => {
                test_step::ActiveModel {
                    case_id: Set(case_id),
                    position: Set(position),
                    action: Set(s.action.clone()),
                    expected: Set(s.expected.clone()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
    }
    test_step::Entity::delete_many()
        .filter(test_step::Column::CaseId.eq(case_id))
        .filter(test_step::Column::Position.gt(c.steps.len() as i32))
        .exec(db)
        .await?;
    tcr::Entity::delete_many().filter(tcr::Column::CaseId.eq(case_id)).exec(db).await?;
    for r in &c.requirements {
        tcr::ActiveModel { case_id: Set(case_id), requirement_id: Set(*r) }.insert(db).await?;
    }
    Ok(())
}

/// Creates the case with its steps and requirement links (call inside a write transaction).
pub async fn create_case(
    db: &impl ConnectionTrait,
    project_id: i32,
    c: &CaseInput,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<test_case::Model, DbErr> {
    let row = test_case::ActiveModel {
        project_id: Set(project_id),
        title: Set(c.title.clone()),
        module: Set(c.module.clone()),
        preconditions: Set(c.preconditions.clone()),
        priority: Set(c.priority.clone()),
        search_text: Set(search_text(c)),
        version: Set(1),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    put_steps_and_links(db, row.id, c).await?;
    Ok(row)
}

/// Saves only if nobody saved since `version`; false when someone did. A case already run keeps
/// the results recorded on the steps that still exist.
pub async fn update_case(
    db: &impl ConnectionTrait,
    project_id: i32,
    id: i32,
    version: i32,
    c: &CaseInput,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = test_case::Entity::update_many()
        .col_expr(test_case::Column::Title, Expr::value(c.title.clone()))
        .col_expr(test_case::Column::Module, Expr::value(c.module.clone()))
        .col_expr(test_case::Column::Preconditions, Expr::value(c.preconditions.clone()))
        .col_expr(test_case::Column::Priority, Expr::value(c.priority.clone()))
        .col_expr(test_case::Column::SearchText, Expr::value(search_text(c)))
        .col_expr(test_case::Column::Version, Expr::value(version.saturating_add(1)))
        .col_expr(test_case::Column::UpdatedAt, Expr::value(now))
        .filter(test_case::Column::Id.eq(id))
        .filter(test_case::Column::ProjectId.eq(project_id))
        .filter(test_case::Column::Version.eq(version))
        .exec(db)
        .await?;
    if r.rows_affected != 1 {
        return Ok(false);
    }
    put_steps_and_links(db, id, c).await?;
    // A step added or removed changes what the latest attempts' results follow from.
    let latest =
        test_run::Entity::find().filter(test_run::Column::CaseId.eq(id)).filter(test_run::Column::IsLatest.eq(true));
    for run in latest.all(db).await? {
        super::runs_store::refresh_result(db, &run, now).await?;
    }
    Ok(true)
}

/// Must-have requirements that no case proves yet: (id, title, area).
pub async fn musts_without_case(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<Vec<(i32, String, String)>, DbErr> {
    let covered = Query::select().column(tcr::Column::RequirementId).from(tcr::Entity).to_owned();
    requirement::Entity::find()
        .select_only()
        .columns([requirement::Column::Id, requirement::Column::Title, requirement::Column::Area])
        .filter(requirement::Column::ProjectId.eq(project_id))
        .filter(requirement::Column::Priority.eq("must"))
        .filter(Expr::col(requirement::Column::Id).not_in_subquery(covered))
        .order_by_asc(requirement::Column::Id)
        .limit(5000)
        .into_tuple()
        .all(db)
        .await
}

pub async fn cycles(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<test_cycle::Model>, DbErr> {
    test_cycle::Entity::find()
        .filter(test_cycle::Column::ProjectId.eq(project_id))
        .order_by_desc(test_cycle::Column::StartsOn)
        .order_by_desc(test_cycle::Column::Id)
        .all(db)
        .await
}

pub async fn get_cycle(
    db: &impl ConnectionTrait,
    project_id: i32,
    id: i32,
) -> Result<Option<test_cycle::Model>, DbErr> {
    test_cycle::Entity::find_by_id(id).filter(test_cycle::Column::ProjectId.eq(project_id)).one(db).await
}

pub async fn create_cycle(
    db: &impl ConnectionTrait,
    project_id: i32,
    c: &CycleInput,
    by: i32,
    now: DateTime<Utc>,
) -> Result<test_cycle::Model, DbErr> {
    test_cycle::ActiveModel {
        project_id: Set(project_id),
        name: Set(c.name.clone()),
        kind: Set(c.kind.clone()),
        starts_on: Set(c.starts_on),
        ends_on: Set(c.ends_on),
        exit_all_must: Set(c.exit_all_must),
        exit_severity: Set(c.exit_severity.clone()),
        created_by: Set(Some(by)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// What the cycle's exit rule looks at: its must-have cases (latest runs) and how many were
/// executed, and its open defects at or above the rule's severity.
pub async fn exit_facts(db: &impl ConnectionTrait, cycle: &test_cycle::Model) -> Result<rules::ExitFacts, DbErr> {
    let musts = Query::select()
        .column(test_case::Column::Id)
        .from(test_case::Entity)
        .and_where(Expr::col(test_case::Column::ProjectId).eq(cycle.project_id))
        .and_where(Expr::col(test_case::Column::Priority).eq("must"))
        .to_owned();
    // Every must-have case of the project, not only those put in the cycle: a cycle that leaves
    // one out has not executed it.
    let must_cases = test_case::Entity::find()
        .filter(test_case::Column::ProjectId.eq(cycle.project_id))
        .filter(test_case::Column::Priority.eq("must"))
        .count(db)
        .await?;
    let latest = test_run::Entity::find()
        .filter(test_run::Column::CycleId.eq(cycle.id))
        .filter(test_run::Column::IsLatest.eq(true))
        .filter(Expr::col(test_run::Column::CaseId).in_subquery(musts));
    let executed = ["passed", "passed_remarks", "failed", "blocked"];
    let must_executed = latest.filter(test_run::Column::Result.is_in(executed)).count(db).await?;
    let runs = Query::select()
        .column(test_run::Column::Id)
        .from(test_run::Entity)
        .and_where(Expr::col(test_run::Column::CycleId).eq(cycle.id))
        .to_owned();
    let blocking_defects = defect::Entity::find()
        .filter(Expr::col(defect::Column::RunId).in_subquery(runs))
        .filter(defect::Column::Status.is_not_in(["closed", "rejected"]))
        .filter(defect::Column::Severity.is_in(rules::at_or_above(&cycle.exit_severity)))
        .count(db)
        .await?;
    Ok(rules::ExitFacts { must_cases, must_executed, blocking_defects })
}

/// The counts the readiness scorecard and the warning rules need (see the final section of
/// docs/architecture.md): all aggregates, a handful of queries whatever the project's size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub must_requirements: u64,
    /// Must-haves none of whose cases has a latest run (in any cycle) that passed.
    pub musts_without_passing_case: u64,
    /// Open (not closed or rejected) defects: critical, high, medium, low.
    pub open_defects: [u64; 4],
    pub uat_cycles: u64,
    /// The exit rule of the UAT cycle that starts last; `None` without UAT cycles.
    pub latest_uat_exit_met: Option<bool>,
    pub cases: u64,
    /// Runs executed (passed, with remarks, failed or blocked), retests included.
    pub runs_executed: u64,
}

pub async fn readiness_facts(db: &impl ConnectionTrait, project_id: i32) -> Result<Facts, DbErr> {
    let musts = requirement::Entity::find()
        .filter(requirement::Column::ProjectId.eq(project_id))
        .filter(requirement::Column::Priority.eq("must"));
    let must_requirements = musts.clone().count(db).await?;
    let musts_without_passing_case =
        musts.filter(Expr::col(requirement::Column::Id).not_in_subquery(passing_requirements())).count(db).await?;
    let open: Vec<(String, i64)> = defect::Entity::find()
        .select_only()
        .column(defect::Column::Severity)
        .column_as(defect::Column::Id.count(), "n")
        .filter(defect::Column::ProjectId.eq(project_id))
        .filter(defect::Column::Status.is_not_in(["closed", "rejected"]))
        .group_by(defect::Column::Severity)
        .into_tuple()
        .all(db)
        .await?;
    let mut open_defects = [0u64; 4];
    for (s, n) in open {
        if let Some(slot) = open_defects.get_mut(rules::severity_rank(&s)) {
            *slot = n as u64;
        }
    }
    let uat = test_cycle::Entity::find()
        .filter(test_cycle::Column::ProjectId.eq(project_id))
        .filter(test_cycle::Column::Kind.eq("uat"));
    let uat_cycles = uat.clone().count(db).await?;
    let latest_uat_exit_met =
        match uat.order_by_desc(test_cycle::Column::StartsOn).order_by_desc(test_cycle::Column::Id).one(db).await? {
            Some(c) => Some(rules::exit_gaps(c.exit_all_must, exit_facts(db, &c).await?).is_empty()),
            None => None,
        };
    let cases = test_case::Entity::find().filter(test_case::Column::ProjectId.eq(project_id)).count(db).await?;
    let runs_executed = test_run::Entity::find()
        .filter(test_run::Column::ProjectId.eq(project_id))
        .filter(test_run::Column::Result.is_in(["passed", "passed_remarks", "failed", "blocked"]))
        .count(db)
        .await?;
    Ok(Facts {
        must_requirements,
        musts_without_passing_case,
        open_defects,
        uat_cycles,
        latest_uat_exit_met,
        cases,
        runs_executed,
    })
}

/// Ids of requirements with a case whose latest run in some cycle passed.
pub fn passing_requirements() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column((tcr::Entity, tcr::Column::RequirementId))
        .from(tcr::Entity)
        .inner_join(
            test_run::Entity,
            Expr::col((test_run::Entity, test_run::Column::CaseId)).equals((tcr::Entity, tcr::Column::CaseId)),
        )
        .and_where(Expr::col((test_run::Entity, test_run::Column::IsLatest)).eq(true))
        .and_where(Expr::col((test_run::Entity, test_run::Column::Result)).is_in(["passed", "passed_remarks"]))
        .to_owned()
}
