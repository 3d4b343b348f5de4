//! The triagers' side (PM and key users): the desk list with its SLA states, the CSV, one ticket
//! with the triage form, and saving it: status, severity, assignee, an answer or a linked
//! article. The first move past "new" or the first answer records the first response time; the
//! reporter gets an e-mail when the team answers or resolves. Two triagers at once: the second is
//! told (version column) and keeps their text.

use super::flow::{self, STATUSES};
use super::form::{ListParams, TriageForm};
use super::tickets::{names, reporter, visible};
use super::tickets_views::Conversation;
use super::{SEVERITIES, articles, sla, status_label, store};
use crate::entities::support_ticket;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::page_params;
use crate::web::{Auth, CsrfForm, FormErrors, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

pub fn sla_of(t: &support_ticket::Model, now: DateTime<Utc>) -> sla::Sla {
    let d = sla::Dues {
        response_due: t.response_due_at,
        response_risk: t.response_risk_at,
        resolution_due: t.resolution_due_at,
        resolution_risk: t.resolution_risk_at,
    };
    sla::state(&d, t.first_response_at, t.resolved_at, now)
}

pub async fn list_page(state: &AppState, auth: &Auth, acc: &Access, q: &ListParams) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let mut q = q.clone();
    if q.status.is_empty() {
        q.status = "open".into();
    }
    let (page, per_page) = page_params(q.page);
    let sel = store::filtered(acc.project.id, None, &q, now);
    let total = sel.clone().count(&state.db).await?;
    let rows = sel.paginate(&state.db, per_page).fetch_page(page.saturating_sub(1)).await?;
    let people = names(state, rows.iter().flat_map(|t| t.reporter_id.into_iter().chain(t.assignee_id))).await?;
    let breaches = store::open_breaches(&state.db, acc.project.id, now).await?;
    let v = super::triage_views::Desk {
        rows: &rows,
        names: &people,
        q: &q,
        page,
        pages: total.div_ceil(per_page),
        total,
        now,
        breaches,
    };
    Ok(html(StatusCode::OK, super::triage_views::desk(&auth.ctx, acc, &v)))
}

pub async fn export_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let now = state.clock.now();
    let rows = store::filtered(acc.project.id, None, &q, now).limit(100_000).all(&state.db).await?;
    let people = names(&state, rows.iter().flat_map(|t| t.reporter_id.into_iter().chain(t.assignee_id))).await?;
    let who = |id: Option<i32>| id.and_then(|i| people.get(&i)).map(|s| csv::safe(s)).unwrap_or_default();
    let at = |d: Option<DateTime<Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
    let mut w = csv::writer();
    w.write_record([
        "id",
        "created_at",
        "reporter",
        "module",
        "severity",
        "title",
        "status",
        "assignee",
        "sla",
        "response_due_at",
        "first_response_at",
        "resolution_due_at",
        "resolved_at",
        "closed_at",
    ])
    .map_err(csv::io)?;
    for t in rows {
        let s = sla_of(&t, now);
        let sla = if flow::is_open(&t.status) { s.state.key() } else { "" };
        w.write_record([
            t.id.to_string(),
            t.created_at.to_rfc3339(),
            who(t.reporter_id),
            t.module.clone(),
            t.severity.clone(),
            csv::safe(&t.title),
            t.status.clone(),
            who(t.assignee_id),
            sla.to_string(),
            t.response_due_at.to_rfc3339(),
            at(t.first_response_at),
            t.resolution_due_at.to_rfc3339(),
            at(t.resolved_at),
            at(t.closed_at),
        ])
        .map_err(csv::io)?;
    }
    csv::response("support-tickets.csv", w)
}

pub async fn ticket_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    t: &support_ticket::Model,
    form: Option<&TriageForm>,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let fresh = TriageForm {
        status: t.status.clone(),
        severity: t.severity.clone(),
        assignee_id: t.assignee_id.map(|a| a.to_string()).unwrap_or_default(),
        version: t.version.to_string(),
        ..Default::default()
    };
    let form = form.unwrap_or(&fresh);
    let convo = Conversation::load(&state.db, t).await?;
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    let kb = articles::search(&state.db, acc.project.id, "", "", false).await?;
    let v = super::triage_views::TicketView {
        t,
        convo: &convo,
        members: &members,
        articles: &kb,
        form,
        sla: sla_of(t, state.clock.now()),
    };
    Ok(html(status, super::triage_views::ticket(&auth.ctx, acc, &v, e)))
}

pub async fn triage(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(mut form): CsrfForm<TriageForm>,
) -> AppResult<HttpResponse> {
    let (_, tid) = path.into_inner();
    let t = visible(&state, &auth, &acc, tid).await?;
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    if !STATUSES.contains(&form.status.as_str()) {
        e.add("status", l.t("Choose a status.", "Elija un estado."));
    } else if !flow::allowed(&t.status, &form.status) {
        e.add(
            "status",
            l.f(
                "A ticket that is “{0}” cannot become “{1}”.",
                "Una incidencia «{0}» no puede pasar a «{1}».",
                &[&status_label(l, &t.status), &status_label(l, &form.status)],
            ),
        );
    }
    if !SEVERITIES.contains(&form.severity.as_str()) {
        e.add("severity", l.t("Choose the severity.", "Elija la gravedad."));
    }
    let members: Vec<i32> =
        crate::projects::store::members(&state.db, acc.project.id).await?.iter().map(|m| m.user_id).collect();
    let assignee = match form.assignee_id.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(id) if members.contains(&id) => Some(id),
            _ => {
                e.add("assignee_id", l.t("Choose a member of this project.", "Elija a un miembro de este proyecto."));
                None
            }
        },
    };
    let answer = form.answer.trim().to_string();
    if answer.chars().count() > 4000 {
        e.add(
            "answer",
            l.t("Keep the answer under 4000 characters.", "La respuesta debe tener menos de 4000 caracteres."),
        );
    }
    if form.status == "resolved" && t.status != "resolved" && answer.is_empty() && form.article_id.trim().is_empty() {
        e.add(
            "answer",
            l.t(
                "Tell the reporter how it was solved, or link an article.",
                "Explique a quien lo comunicó cómo se ha resuelto, o enlace un artículo.",
            ),
        );
    }
    let article_id = match form.article_id.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            // Any published article of this project, not only the newest listed on the form.
            Ok(a) if articles::published(&state.db, acc.project.id, a).await? => Some(a),
            _ => {
                e.add(
                    "article_id",
                    l.t("Choose a published article of this project.", "Elija un artículo publicado de este proyecto."),
                );
                None
            }
        },
    };
    if !e.is_empty() {
        return ticket_page(&state, &auth, &acc, &t, Some(&form), &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let now = state.clock.now();
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let answered = !answer.is_empty() || article_id.is_some();
    let resolving = form.status == "resolved" && t.status != "resolved";
    use support_ticket::Column as C;
    let mut u = support_ticket::Entity::update_many()
        .col_expr(C::Status, Expr::value(form.status.clone()))
        .col_expr(C::Severity, Expr::value(form.severity.clone()))
        .col_expr(C::AssigneeId, Expr::value(assignee))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .col_expr(C::Version, Expr::value(version.saturating_add(1)));
    if form.severity != t.severity {
        let targets = store::targets(&state.db, acc.project.id).await?;
        u = store::set_dues(u, &sla::dues(t.created_at, targets.of(&form.severity)));
    }
    if t.first_response_at.is_none() && (answered || form.status != "new") {
        u = u.col_expr(C::FirstResponseAt, Expr::value(Some(now)));
    }
    if let Some(a) = article_id {
        u = u.col_expr(C::ArticleId, Expr::value(Some(a)));
    }
    if resolving {
        u = u.col_expr(C::ResolvedAt, Expr::value(Some(now)));
    }
    if form.status == "in_progress" && t.status == "resolved" {
        u = u.col_expr(C::ResolvedAt, Expr::value(Option::<DateTime<Utc>>::None));
    }
    if form.status == "closed" && t.status != "closed" {
        u = u.col_expr(C::ClosedAt, Expr::value(Some(now)));
    }
    let rep = reporter(&state, &t).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    let r = u.filter(C::Id.eq(t.id)).filter(C::Version.eq(version)).exec(&tx).await?;
    if r.rows_affected == 0 {
        tx.rollback().await?;
        let fresh = store::get(&state.db, acc.project.id, t.id).await?.ok_or(crate::error::AppError::NotFound)?;
        let mut e = FormErrors::new();
        e.add("status", l.f("Someone else changed this ticket while you were writing (now: {0}). Your text is kept below; save again to apply it.",
                            "Otra persona ha cambiado esta incidencia mientras escribía (ahora: {0}). Su texto se conserva abajo; guarde de nuevo para aplicarlo.", &[&status_label(l, &fresh.status)]));
        form.version = fresh.version.to_string();
        return ticket_page(&state, &auth, &acc, &fresh, Some(&form), &e, StatusCode::CONFLICT).await;
    }
    if answered {
        store::add_message(&tx, t.id, auth.user.id, true, &answer, article_id, now).await?;
    }
    if (answered || resolving)
        && let Some(rep) = &rep
    {
        let text = if answer.is_empty() { None } else { Some(answer.as_str()) };
        super::mail::send_ticket_update(&tx, &state.settings, rep, &t, text, resolving, now).await?;
    }
    tx.commit().await?;
    let msg = if answered || resolving {
        l.t(
            "Ticket updated; the reporter is told by e-mail and on their page.",
            "Incidencia actualizada; se avisa a quien la comunicó por correo y en su página.",
        )
    } else {
        l.t("Ticket updated.", "Incidencia actualizada.")
    };
    Ok(flash::success(&crate::urls::support_ticket(acc.project.id, t.id), msg))
}
