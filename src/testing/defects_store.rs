//! Defects in the database: the filtered list (a person who does not coordinate sees only the
//! defects they reported or are assigned), creation with its first history line, and status
//! changes that check the flow and the version in one conditional update.

use crate::entities::{defect, defect_event, test_run};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub struct Filter<'a> {
    pub status: &'a str,
    pub severity: &'a str,
    /// Only the defects this person reported or is assigned (people who do not coordinate).
    pub only_of: Option<i32>,
    /// Most severe first (else newest first).
    pub by_severity: bool,
}

pub fn filtered(project_id: i32, f: &Filter<'_>) -> sea_orm::Select<defect::Entity> {
    let mut sel = defect::Entity::find().filter(defect::Column::ProjectId.eq(project_id));
    if f.status == "open" {
        sel = sel.filter(defect::Column::Status.is_not_in(["closed", "rejected"]));
    } else if super::rules::DEFECT_STATUSES.contains(&f.status) {
        sel = sel.filter(defect::Column::Status.eq(f.status));
    }
    if super::rules::SEVERITIES.contains(&f.severity) {
        sel = sel.filter(defect::Column::Severity.eq(f.severity));
    }
    if let Some(u) = f.only_of {
        sel = sel.filter(Condition::any().add(defect::Column::AssigneeId.eq(u)).add(defect::Column::CreatedBy.eq(u)));
    }
    if f.by_severity {
        let rank: sea_orm::sea_query::SimpleExpr = Expr::case(defect::Column::Severity.eq("critical"), 0)
            .case(defect::Column::Severity.eq("high"), 1)
            .case(defect::Column::Severity.eq("medium"), 2)
            .finally(3)
            .into();
        sel = sel.order_by_asc(rank);
    }
    sel.order_by_desc(defect::Column::CreatedAt).order_by_desc(defect::Column::Id)
}

pub async fn get(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<defect::Model>, DbErr> {
    defect::Entity::find_by_id(id).filter(defect::Column::ProjectId.eq(project_id)).one(db).await
}

pub struct NewDefect {
    pub title: String,
    pub description: Option<String>,
    pub severity: String,
    pub module: String,
    pub assignee_id: Option<i32>,
    pub case_id: i32,
    pub step_id: Option<i32>,
    pub requirement_id: Option<i32>,
    pub run_id: Option<i32>,
}

/// Creates the defect as "new" with its first history line (call inside a write transaction).
pub async fn create(
    db: &impl ConnectionTrait,
    project_id: i32,
    d: NewDefect,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> Result<defect::Model, DbErr> {
    let row = defect::ActiveModel {
        project_id: Set(project_id),
        title: Set(d.title),
        description: Set(d.description),
        severity: Set(d.severity),
        module: Set(d.module),
        status: Set("new".into()),
        assignee_id: Set(d.assignee_id),
        case_id: Set(d.case_id),
        step_id: Set(d.step_id),
        requirement_id: Set(d.requirement_id),
        run_id: Set(d.run_id),
        version: Set(1),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    event(db, row.id, None, "new", by, now).await?;
    Ok(row)
}

async fn event(
    db: &impl ConnectionTrait,
    defect_id: i32,
    from: Option<&str>,
    to: &str,
    by: Option<i32>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    defect_event::ActiveModel {
        defect_id: Set(defect_id),
        from_status: Set(from.map(str::to_string)),
        to_status: Set(to.to_string()),
        by_user: Set(by),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Moves the defect from `from` to `to` if it is still at `version` and `from`; false otherwise
/// (someone moved it meanwhile). The caller has checked that the flow allows the move.
pub async fn move_status(
    db: &impl ConnectionTrait,
    d: &defect::Model,
    version: i32,
    to: &str,
    by: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = defect::Entity::update_many()
        .col_expr(defect::Column::Status, Expr::value(to))
        .col_expr(defect::Column::Version, Expr::value(version.saturating_add(1)))
        .col_expr(defect::Column::UpdatedAt, Expr::value(now))
        .filter(defect::Column::Id.eq(d.id))
        .filter(defect::Column::Version.eq(version))
        .filter(defect::Column::Status.eq(d.status.as_str()))
        .exec(db)
        .await?;
    if r.rows_affected != 1 {
        return Ok(false);
    }
    event(db, d.id, Some(&d.status), to, Some(by), now).await?;
    Ok(true)
}

pub async fn events(db: &impl ConnectionTrait, defect_id: i32) -> Result<Vec<defect_event::Model>, DbErr> {
    defect_event::Entity::find()
        .filter(defect_event::Column::DefectId.eq(defect_id))
        .order_by_asc(defect_event::Column::At)
        .order_by_asc(defect_event::Column::Id)
        .all(db)
        .await
}

/// Open defects raised from the runs of a cycle, by severity.
pub async fn open_by_severity(db: &impl ConnectionTrait, cycle_id: i32) -> Result<Vec<(String, i64)>, DbErr> {
    let runs = Query::select()
        .column(test_run::Column::Id)
        .from(test_run::Entity)
        .and_where(Expr::col(test_run::Column::CycleId).eq(cycle_id))
        .to_owned();
    defect::Entity::find()
        .select_only()
        .column(defect::Column::Severity)
        .column_as(defect::Column::Id.count(), "n")
        .filter(Expr::col(defect::Column::RunId).in_subquery(runs))
        .filter(defect::Column::Status.is_not_in(["closed", "rejected"]))
        .group_by(defect::Column::Severity)
        .into_tuple()
        .all(db)
        .await
}

/// Defects raised from one run (shown on its page).
pub async fn of_run(db: &impl ConnectionTrait, run_id: i32) -> Result<Vec<defect::Model>, DbErr> {
    defect::Entity::find().filter(defect::Column::RunId.eq(run_id)).order_by_asc(defect::Column::Id).all(db).await
}
