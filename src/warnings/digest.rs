//! The weekly digest to each project manager, through the outbox, in their language: per project,
//! the readiness verdict now and a week ago, new and worsening warnings, overdue milestones. Once
//! per person and ISO week (a `digest_log` row written with the email), so any number of
//! instances send it once; anyone can turn it off on their account page.

use super::readiness;
use crate::email::outbox::{self, Message};
use crate::entities::{digest_log, membership, milestone, notification_optout, project, readiness_snapshot, user};
use crate::state::AppState;
use crate::web::Lang;
use chrono::{Datelike, Duration};
use maud::html;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub const OPTOUT: &str = "weekly_digest";
const BATCH: u64 = 100;

fn parse_warnings(s: &str) -> HashMap<String, i64> {
    s.split(',')
        .filter_map(|kv| kv.split_once(':'))
        .filter_map(|(k, v)| v.parse().ok().map(|n| (k.to_string(), n)))
        .collect()
}

/// One pass: sends this week's digest to the PMs who have not had it. Returns how many were queued.
pub async fn run(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let iso = now.iso_week();
    let week = format!("{}-W{:02}", iso.year(), iso.week());
    let sent = Query::select()
        .column(digest_log::Column::UserId)
        .from(digest_log::Entity)
        .and_where(Expr::col(digest_log::Column::Week).eq(week.clone()))
        .to_owned();
    let opted = Query::select()
        .column(notification_optout::Column::UserId)
        .from(notification_optout::Entity)
        .and_where(Expr::col(notification_optout::Column::Kind).eq(OPTOUT))
        .to_owned();
    let pms: Vec<i32> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .distinct()
        .filter(membership::Column::Role.eq("pm"))
        .filter(membership::Column::UserId.not_in_subquery(sent))
        .filter(membership::Column::UserId.not_in_subquery(opted))
        .order_by_asc(membership::Column::UserId)
        .limit(BATCH)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut queued = 0;
    for uid in pms {
        let Some(u) = user::Entity::find_by_id(uid).one(&state.db).await? else { continue };
        let body = if u.disabled_at.is_some() { None } else { compose(state, &u).await? };
        let tx = crate::db::begin_write(&state.db).await?;
        let inserted = digest_log::Entity::insert(digest_log::ActiveModel {
            user_id: Set(uid),
            week: Set(week.clone()),
            sent_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([digest_log::Column::UserId, digest_log::Column::Week]).do_nothing().to_owned(),
        )
        .exec_without_returning(&tx)
        .await?;
        if inserted == 1
            && let Some(m) = body
        {
            outbox::enqueue(&tx, m, now).await?;
            queued += 1;
        }
        tx.commit().await?;
    }
    Ok(queued)
}

/// The email for one PM, or `None` when none of their projects has anything to say.
async fn compose(state: &AppState, u: &user::Model) -> anyhow::Result<Option<Message>> {
    let now = state.clock.now();
    let l = u.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let ids: Vec<i32> = membership::Entity::find()
        .select_only()
        .column(membership::Column::ProjectId)
        .filter(membership::Column::UserId.eq(u.id))
        .filter(membership::Column::Role.eq("pm"))
        .limit(20)
        .into_tuple()
        .all(&state.db)
        .await?;
    let base = state.settings.base_url.trim_end_matches('/');
    let mut sections = Vec::new();
    for pid in ids {
        let Some(p) = project::Entity::find_by_id(pid).one(&state.db).await? else { continue };
        let shown = super::current(&state.db, &p, now).await?;
        let facts = readiness::facts(&state.db, &p, now).await?;
        let (streams, verdict) = readiness::score(&shown, &facts);
        readiness::snapshot(&state.db, p.id, now.date_naive(), &streams, verdict, &shown).await?;
        let before = readiness_snapshot::Entity::find()
            .filter(readiness_snapshot::Column::ProjectId.eq(p.id))
            .filter(readiness_snapshot::Column::Day.lte((now - Duration::days(7)).date_naive()))
            .order_by_desc(readiness_snapshot::Column::Day)
            .one(&state.db)
            .await?;
        let last_week = before.as_ref().map(|s| parse_warnings(&s.warnings)).unwrap_or_default();
        let mut lines = Vec::new();
        for w in shown.iter().filter(|w| super::state::is_open(&w.state)) {
            let text = super::catalog::evidence(l, w.rule, w.finding.count, w.finding.a, w.finding.b);
            match last_week.get(&w.rule.key) {
                None => lines.push(format!("{} {text}", l.t("New:", "Nuevo:"))),
                Some(n) if w.finding.count > *n => {
                    lines.push(format!("{} {text} ({n} → {})", l.t("Worse:", "Peor:"), w.finding.count))
                }
                Some(_) => {}
            }
        }
        let overdue = milestone::Entity::find()
            .filter(milestone::Column::ProjectId.eq(p.id))
            .filter(milestone::Column::Status.ne("done"))
            .filter(milestone::Column::DueDate.lt(now.date_naive()))
            .count(&state.db)
            .await?;
        let was = before.as_ref().map(|s| s.verdict.clone());
        let verdict_line = match was {
            Some(v) if v != verdict.key() => l.f(
                "Readiness: {0} (a week ago: {1}).",
                "Preparación: {0} (hace una semana: {1}).",
                &[&verdict_text(l, verdict.key()), &verdict_text(l, &v)],
            ),
            _ => l.f("Readiness: {0}.", "Preparación: {0}.", &[&verdict_text(l, verdict.key())]),
        };
        sections.push((p.name.clone(), format!("{base}/projects/{}/readiness", p.id), verdict_line, lines, overdue));
    }
    if sections.is_empty() {
        return Ok(None);
    }
    let subject = l.t("ERP Rollout: your week", "ERP Rollout: su semana").to_string();
    let overdue_text = |n: u64| l.f("Overdue milestones: {0}.", "Hitos vencidos: {0}.", &[&n]);
    let stop = l.t(
        "You can turn this weekly email off on your account page.",
        "Puede desactivar este correo semanal en su página de cuenta.",
    );
    let mut text = String::new();
    for (name, url, verdict, lines, overdue) in &sections {
        text.push_str(&format!("{name}\n{verdict}\n{}\n", overdue_text(*overdue)));
        for line in lines {
            text.push_str(&format!("- {line}\n"));
        }
        text.push_str(&format!("{url}\n\n"));
    }
    text.push_str(stop);
    let html = html! {
        @for (name, url, verdict, lines, overdue) in &sections {
            h2 { (name) }
            p { (verdict) " " (overdue_text(*overdue)) }
            @if !lines.is_empty() { ul { @for line in lines { li { (line) } } } }
            p { a href=(url) { (l.t("Open the readiness page", "Abrir la página de preparación")) } }
        }
        p { small { (stop) } }
    }
    .into_string();
    Ok(Some(Message { to: u.email.clone(), subject, text, html, attachment: None }))
}

fn verdict_text(l: Lang, v: &str) -> String {
    match v {
        "go" => l.t("GO", "ADELANTE"),
        "conditional" => l.t("CONDITIONAL GO", "ADELANTE CON CONDICIONES"),
        "not_assessed" => l.t("NOT ASSESSED", "SIN EVALUAR"),
        _ => l.t("NO-GO", "NO ADELANTE"),
    }
    .to_string()
}
