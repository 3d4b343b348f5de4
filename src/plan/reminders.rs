//! Reminders to milestone owners, through the outbox: once when a milestone is due within
//! `ERP_REMINDER_DAYS`, once when it becomes overdue. The `milestone_reminders` row (unique per
//! milestone, kind and due date) is written in the same transaction as the email, so several
//! instances never send the same reminder twice, and moving the due date re-arms it.

use crate::email::outbox::{self, Message};
use crate::entities::{milestone, milestone_reminder, notification_optout, project, user};
use crate::state::AppState;
use crate::web::Lang;
use chrono::{DateTime, Days, Utc};
use maud::html;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub const OPTOUT: &str = "milestone_reminders";
const BATCH: u64 = 200;

pub async fn opted_out(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, DbErr> {
    Ok(notification_optout::Entity::find()
        .filter(notification_optout::Column::UserId.eq(user_id))
        .filter(notification_optout::Column::Kind.eq(OPTOUT))
        .one(db)
        .await?
        .is_some())
}

/// Milestones that need a reminder of `kind` and have not had one for their current due date.
async fn due(
    db: &impl ConnectionTrait,
    kind: &str,
    now: DateTime<Utc>,
    days: i64,
) -> Result<Vec<milestone::Model>, DbErr> {
    let today = now.date_naive();
    let already = Query::select()
        .expr(Expr::val(1))
        .from(milestone_reminder::Entity)
        .and_where(
            Expr::col((milestone_reminder::Entity, milestone_reminder::Column::MilestoneId))
                .equals((milestone::Entity, milestone::Column::Id)),
        )
        .and_where(
            Expr::col((milestone_reminder::Entity, milestone_reminder::Column::DueDate))
                .equals((milestone::Entity, milestone::Column::DueDate)),
        )
        .and_where(Expr::col((milestone_reminder::Entity, milestone_reminder::Column::Kind)).eq(kind))
        .to_owned();
    let opted = Query::select()
        .column(notification_optout::Column::UserId)
        .from(notification_optout::Entity)
        .and_where(Expr::col(notification_optout::Column::Kind).eq(OPTOUT))
        .to_owned();
    let mut q = milestone::Entity::find()
        .filter(milestone::Column::Status.ne("done"))
        .filter(milestone::Column::OwnerId.is_not_null())
        .filter(Expr::col((milestone::Entity, milestone::Column::OwnerId)).not_in_subquery(opted))
        .filter(Expr::exists(already).not());
    q = if kind == "overdue" {
        q.filter(milestone::Column::DueDate.lt(today))
    } else {
        let horizon = today.checked_add_days(Days::new(u64::try_from(days).unwrap_or(0))).unwrap_or(today);
        q.filter(milestone::Column::DueDate.gte(today)).filter(milestone::Column::DueDate.lte(horizon))
    };
    q.order_by_asc(milestone::Column::DueDate).limit(BATCH).all(db).await
}

/// One pass: queues the reminders that are due. Returns how many were queued.
pub async fn run(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let mut queued = 0;
    for kind in ["overdue", "due_soon"] {
        for m in due(&state.db, kind, now, state.settings.reminder_days).await? {
            let tx = crate::db::begin_write(&state.db).await?;
            let inserted = milestone_reminder::Entity::insert(milestone_reminder::ActiveModel {
                milestone_id: Set(m.id),
                kind: Set(kind.into()),
                due_date: Set(m.due_date),
                sent_at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    milestone_reminder::Column::MilestoneId,
                    milestone_reminder::Column::Kind,
                    milestone_reminder::Column::DueDate,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&tx)
            .await?;
            if inserted == 1 && send(&tx, state, &m, kind, now).await? {
                queued += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(queued)
}

async fn send(
    db: &impl ConnectionTrait,
    state: &AppState,
    m: &milestone::Model,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(owner) = m.owner_id else { return Ok(false) };
    let Some(u) = user::Entity::find_by_id(owner).one(db).await? else { return Ok(false) };
    if u.disabled_at.is_some() {
        return Ok(false);
    }
    let project = project::Entity::find_by_id(m.project_id).one(db).await?.map(|p| p.name).unwrap_or_default();
    let l = u.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let url =
        format!("{}/projects/{}/milestones/{}/edit", state.settings.base_url.trim_end_matches('/'), m.project_id, m.id);
    let due = l.date(m.due_date);
    let (subject, line) = if kind == "overdue" {
        (
            l.f("Overdue: {0}", "Vencido: {0}", &[&m.title]),
            l.f("The milestone “{0}” of {1} was due on {2} and is not done. Update its progress or agree a new date with your project manager.",
                "El hito «{0}» de {1} vencía el {2} y no está hecho. Actualice su avance o acuerde una nueva fecha con su jefe de proyecto.", &[&m.title, &project, &due]),
        )
    } else {
        (
            l.f("Due on {1}: {0}", "Vence el {1}: {0}", &[&m.title, &due]),
            l.f(
                "The milestone “{0}” of {1}, which you own, is due on {2} ({3} % complete).",
                "El hito «{0}» de {1}, del que es responsable, vence el {2} ({3} % completado).",
                &[&m.title, &project, &due, &m.percent],
            ),
        )
    };
    let stop = l.t(
        "You can turn these reminders off on your account page.",
        "Puede desactivar estos avisos en su página de cuenta.",
    );
    let open = l.t("Open the milestone", "Abrir el hito");
    let text = format!("{line}\n\n{open}: {url}\n\n{stop}\n");
    let html = html! { p { (line) } p { a href=(url) { (open) } } p { small { (stop) } } }.into_string();
    outbox::enqueue(db, Message { to: u.email, subject, text, html, attachment: None }, now).await?;
    Ok(true)
}

pub async fn is_opted_out(db: &impl ConnectionTrait, user_id: i32, kind: &str) -> Result<bool, DbErr> {
    Ok(notification_optout::Entity::find()
        .filter(notification_optout::Column::UserId.eq(user_id))
        .filter(notification_optout::Column::Kind.eq(kind))
        .one(db)
        .await?
        .is_some())
}
