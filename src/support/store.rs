//! The support desk's queries: tickets and their messages, the SLA settings, the weekly trend and
//! the facts the readiness scorecard and the warnings read.

use super::flow::OPEN;
use super::form::ListParams;
use super::sla::{self, SEVERITIES, Targets};
use super::trend::{self, Week};
use crate::entities::{project_setting, support_message, support_ticket};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// The settings keys of one severity: (response hours, resolution hours).
pub fn sla_keys(severity: &str) -> (String, String) {
    (format!("support_response_hours_{severity}"), format!("support_resolution_hours_{severity}"))
}

pub async fn targets(db: &impl ConnectionTrait, project_id: i32) -> Result<Targets, DbErr> {
    let rows = project_setting::Entity::find()
        .filter(project_setting::Column::ProjectId.eq(project_id))
        .filter(project_setting::Column::Key.starts_with("support_"))
        .all(db)
        .await?;
    let mut t = Targets::default();
    for (i, s) in SEVERITIES.iter().enumerate() {
        let (rk, sk) = sla_keys(s);
        if let Some(v) = rows.iter().find(|r| r.key == rk) {
            t.0[i].0 = v.value;
        }
        if let Some(v) = rows.iter().find(|r| r.key == sk) {
            t.0[i].1 = v.value;
        }
    }
    Ok(t)
}

/// Saves the hours and moves the due times of the open tickets to them.
pub async fn save_targets(db: &impl ConnectionTrait, project_id: i32, t: &Targets) -> Result<(), DbErr> {
    for (i, s) in SEVERITIES.iter().enumerate() {
        let (rk, sk) = sla_keys(s);
        for (key, value) in [(rk, t.0[i].0), (sk, t.0[i].1)] {
            project_setting::Entity::insert(project_setting::ActiveModel {
                project_id: Set(project_id),
                key: Set(key),
                value: Set(value),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([project_setting::Column::ProjectId, project_setting::Column::Key])
                    .update_column(project_setting::Column::Value)
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        }
    }
    let open = support_ticket::Entity::find()
        .filter(support_ticket::Column::ProjectId.eq(project_id))
        .filter(support_ticket::Column::Status.is_in(OPEN))
        .all(db)
        .await?;
    for tk in open {
        let d = sla::dues(tk.created_at, t.of(&tk.severity));
        set_dues(support_ticket::Entity::update_many(), &d)
            .filter(support_ticket::Column::Id.eq(tk.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub fn set_dues(
    u: sea_orm::UpdateMany<support_ticket::Entity>,
    d: &sla::Dues,
) -> sea_orm::UpdateMany<support_ticket::Entity> {
    u.col_expr(support_ticket::Column::ResponseDueAt, Expr::value(d.response_due))
        .col_expr(support_ticket::Column::ResponseRiskAt, Expr::value(d.response_risk))
        .col_expr(support_ticket::Column::ResolutionDueAt, Expr::value(d.resolution_due))
        .col_expr(support_ticket::Column::ResolutionRiskAt, Expr::value(d.resolution_risk))
}

pub struct NewTicket {
    pub project_id: i32,
    pub reporter_id: i32,
    pub module: String,
    pub severity: String,
    pub title: String,
    pub description: String,
}

pub fn search_text(title: &str, description: &str) -> String {
    crate::text::fold(&format!("{title} {description}"))
}

pub async fn insert(
    db: &impl ConnectionTrait,
    t: NewTicket,
    now: DateTime<Utc>,
) -> Result<support_ticket::Model, DbErr> {
    let d = sla::dues(now, targets(db, t.project_id).await?.of(&t.severity));
    support_ticket::ActiveModel {
        project_id: Set(t.project_id),
        reporter_id: Set(Some(t.reporter_id)),
        search_text: Set(search_text(&t.title, &t.description)),
        module: Set(t.module),
        severity: Set(t.severity),
        title: Set(t.title),
        description: Set(t.description),
        status: Set("new".into()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        response_due_at: Set(d.response_due),
        response_risk_at: Set(d.response_risk),
        resolution_due_at: Set(d.resolution_due),
        resolution_risk_at: Set(d.resolution_risk),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A ticket of this project, or none.
pub async fn get(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<Option<support_ticket::Model>, DbErr> {
    support_ticket::Entity::find_by_id(id).filter(support_ticket::Column::ProjectId.eq(project_id)).one(db).await
}

pub async fn messages(db: &impl ConnectionTrait, ticket_id: i32) -> Result<Vec<support_message::Model>, DbErr> {
    support_message::Entity::find()
        .filter(support_message::Column::TicketId.eq(ticket_id))
        .order_by_asc(support_message::Column::Id)
        .limit(500)
        .all(db)
        .await
}

pub async fn add_message(
    db: &impl ConnectionTrait,
    ticket_id: i32,
    author_id: i32,
    from_team: bool,
    body: &str,
    article_id: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    support_message::ActiveModel {
        ticket_id: Set(ticket_id),
        author_id: Set(Some(author_id)),
        from_team: Set(from_team),
        body: Set(body.to_string()),
        article_id: Set(article_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// An answer given after its due time (NULL-safe, so that `NOT` of it is true for no answer).
fn late_answer() -> Condition {
    use support_ticket::Column as C;
    Condition::all()
        .add(C::FirstResponseAt.is_not_null())
        .add(Expr::col(C::FirstResponseAt).gt(Expr::col(C::ResponseDueAt)))
}

/// Open tickets in breach now: an answer missing past its due time or given late, or the
/// resolution past due.
fn breached(now: DateTime<Utc>) -> Condition {
    use support_ticket::Column as C;
    Condition::any()
        .add(Condition::all().add(C::FirstResponseAt.is_null()).add(C::ResponseDueAt.lt(now)))
        .add(late_answer())
        .add(C::ResolutionDueAt.lt(now))
}

fn at_risk(now: DateTime<Utc>) -> Condition {
    use support_ticket::Column as C;
    Condition::all().add(breached(now).not()).add(
        Condition::any()
            .add(Condition::all().add(C::FirstResponseAt.is_null()).add(C::ResponseRiskAt.lte(now)))
            .add(C::ResolutionRiskAt.lte(now)),
    )
}

/// The tickets a list shows: the project's (or one reporter's), searched and filtered.
pub fn filtered(
    project_id: i32,
    reporter: Option<i32>,
    q: &ListParams,
    now: DateTime<Utc>,
) -> sea_orm::Select<support_ticket::Entity> {
    use support_ticket::Column as C;
    let mut sel = support_ticket::Entity::find().filter(C::ProjectId.eq(project_id));
    if let Some(r) = reporter {
        sel = sel.filter(C::ReporterId.eq(r));
    }
    match q.status.as_str() {
        "open" => sel = sel.filter(C::Status.is_in(OPEN)),
        s if super::flow::STATUSES.contains(&s) => sel = sel.filter(C::Status.eq(s)),
        _ => {}
    }
    if SEVERITIES.contains(&q.severity.as_str()) {
        sel = sel.filter(C::Severity.eq(q.severity.as_str()));
    }
    if crate::training::MODULES.contains(&q.module.as_str()) {
        sel = sel.filter(C::Module.eq(q.module.as_str()));
    }
    if !q.q.trim().is_empty() {
        sel = sel.filter(C::SearchText.like(crate::text::contains_pattern(&q.q)));
    }
    let sla = match q.sla.as_str() {
        "breached" => Some(breached(now)),
        "at_risk" => Some(at_risk(now)),
        "on_time" => Some(Condition::all().add(breached(now).not()).add(at_risk(now).not())),
        _ => None,
    };
    if let Some(c) = sla {
        sel = sel.filter(C::Status.is_in(OPEN)).filter(c);
    }
    let desc = q.dir != "asc";
    let col = match q.sort.as_str() {
        "due" => C::ResolutionDueAt,
        "title" => C::Title,
        "status" => C::Status,
        _ => C::CreatedAt,
    };
    let sel = if desc { sel.order_by_desc(col) } else { sel.order_by_asc(col) };
    sel.order_by_desc(C::Id)
}

/// The counts of breaches among open tickets, (response, resolution).
pub async fn open_breaches(
    db: &impl ConnectionTrait,
    project_id: i32,
    now: DateTime<Utc>,
) -> Result<(i64, i64), DbErr> {
    use support_ticket::Column as C;
    let open = || support_ticket::Entity::find().filter(C::ProjectId.eq(project_id)).filter(C::Status.is_in(OPEN));
    let response = open()
        .filter(
            Condition::any()
                .add(Condition::all().add(C::FirstResponseAt.is_null()).add(C::ResponseDueAt.lt(now)))
                .add(late_answer()),
        )
        .count(db)
        .await?;
    let resolution = open().filter(C::ResolutionDueAt.lt(now)).count(db).await?;
    Ok((response as i64, resolution as i64))
}

/// (created, resolved) of the tickets filed or resolved since `from`.
async fn times_since(
    db: &impl ConnectionTrait,
    project_id: i32,
    from: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>, DbErr> {
    use support_ticket::Column as C;
    support_ticket::Entity::find()
        .select_only()
        .column(C::CreatedAt)
        .column(C::ResolvedAt)
        .filter(C::ProjectId.eq(project_id))
        .filter(Condition::any().add(C::CreatedAt.gte(from)).add(C::ResolvedAt.gte(from)))
        .into_tuple()
        .all(db)
        .await
}

pub const TREND_WEEKS: usize = 12;

/// Tickets filed per week and the median hours to resolve, the last `TREND_WEEKS` weeks.
pub async fn weekly_trend(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<Vec<Week>, DbErr> {
    let from = now - Duration::weeks(TREND_WEEKS as i64 + 1);
    Ok(trend::weekly(&times_since(db, project_id, from).await?, now, TREND_WEEKS))
}

/// What readiness and the warnings need to know about the support desk.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Open tickets (new, acknowledged, in progress) by severity: critical, high, medium, low.
    pub open_by_severity: [i64; 4],
    /// Open tickets whose first answer is missing past its due time, or came late.
    pub response_breaches_open: i64,
    /// Open tickets past their resolution due time.
    pub resolution_breaches_open: i64,
    pub filed_last_7_days: i64,
    pub filed_previous_7_days: i64,
    /// Median hours from filing to resolution of the tickets resolved in the last 28 days.
    pub median_resolution_hours_4_weeks: Option<f64>,
}

pub async fn readiness_facts(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<Facts, DbErr> {
    use support_ticket::Column as C;
    let mut f = Facts::default();
    let open: Vec<(String, i64)> = support_ticket::Entity::find()
        .select_only()
        .column(C::Severity)
        .column_as(C::Id.count(), "n")
        .filter(C::ProjectId.eq(project_id))
        .filter(C::Status.is_in(OPEN))
        .group_by(C::Severity)
        .into_tuple()
        .all(db)
        .await?;
    for (s, n) in open {
        let i = SEVERITIES.iter().position(|x| *x == s).unwrap_or(3);
        f.open_by_severity[i] += n;
    }
    (f.response_breaches_open, f.resolution_breaches_open) = open_breaches(db, project_id, now).await?;
    let rows = times_since(db, project_id, now - Duration::days(28)).await?;
    let week = now - Duration::days(7);
    let fortnight = now - Duration::days(14);
    f.filed_last_7_days = rows.iter().filter(|(c, _)| *c > week && *c <= now).count() as i64;
    f.filed_previous_7_days = rows.iter().filter(|(c, _)| *c > fortnight && *c <= week).count() as i64;
    let cut = now - Duration::days(28);
    f.median_resolution_hours_4_weeks =
        trend::median(rows.iter().filter_map(|(c, r)| r.filter(|r| *r >= cut).map(|r| trend::hours(*c, r))).collect());
    Ok(f)
}
