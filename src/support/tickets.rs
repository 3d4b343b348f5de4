//! The employee's side: "My tickets", the knowledge-base search that comes before the new-ticket
//! form, filing, one ticket with its conversation, and answering or reopening it.

use super::flow::{self, REOPEN_DAYS};
use super::form::{ListParams, ReplyForm, SearchParams, TicketForm};
use super::tickets_views::{mine_page, new_ticket_page, reporter_page};
use super::{SEVERITIES, articles, store};
use crate::entities::{support_ticket, user};
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::training::MODULES;
use crate::web::components::page_params;
use crate::web::{CsrfForm, FormErrors, Lang, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

impl TicketForm {
    pub fn validate(&self, l: Lang) -> Result<(String, String, String, String), FormErrors> {
        let mut e = FormErrors::new();
        if !MODULES.contains(&self.module.as_str()) {
            e.add("module", l.t("Choose the part of the ERP.", "Elija la parte del ERP."));
        }
        if !SEVERITIES.contains(&self.severity.as_str()) {
            e.add("severity", l.t("Choose how serious it is.", "Elija la gravedad."));
        }
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            e.add(
                "title",
                l.t(
                    "Sum the problem up in a line (200 characters at most).",
                    "Resuma el problema en una línea (200 caracteres como máximo).",
                ),
            );
        }
        let description = self.description.trim();
        if description.is_empty() || description.chars().count() > 8000 {
            e.add(
                "description",
                l.t(
                    "Say what you did, what you expected and what happened instead (8000 characters at most).",
                    "Cuente qué hizo, qué esperaba y qué pasó en su lugar (8000 caracteres como máximo).",
                ),
            );
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok((self.module.clone(), self.severity.clone(), title.to_string(), description.to_string()))
    }
}

/// Triagers get the desk; everyone else their own tickets.
pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    if acc.can_coordinate() {
        return super::triage::list_page(&state, &auth, &acc, &q).await;
    }
    let (page, per_page) = page_params(q.page);
    let sel = store::filtered(acc.project.id, Some(auth.user.id), &q, state.clock.now());
    let total = sel.clone().count(&state.db).await?;
    let rows = sel.paginate(&state.db, per_page).fetch_page(page.saturating_sub(1)).await?;
    Ok(html(StatusCode::OK, mine_page(&auth.ctx, &acc, &rows, &q, page, total.div_ceil(per_page), total)))
}

pub async fn new_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let found = articles::search(&state.db, acc.project.id, &q.q, &q.module, false).await?;
    let form = TicketForm { module: q.module.clone(), title: q.q.trim().to_string(), ..Default::default() };
    Ok(html(StatusCode::OK, new_ticket_page(&auth.ctx, &acc, &q, &found, &form, &FormErrors::new())))
}

pub async fn file(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<TicketForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let (module, severity, title, description) = match form.validate(l) {
        Ok(v) => v,
        Err(e) => {
            let q = SearchParams { q: form.title.clone(), module: form.module.clone() };
            let found = articles::search(&state.db, acc.project.id, &q.q, &q.module, false).await?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, new_ticket_page(&auth.ctx, &acc, &q, &found, &form, &e)));
        }
    };
    let t = store::NewTicket {
        project_id: acc.project.id,
        reporter_id: auth.user.id,
        module,
        severity,
        title,
        description,
    };
    let t = store::insert(&state.db, t, state.clock.now()).await?;
    Ok(flash::success(
        &crate::urls::support_ticket(acc.project.id, t.id),
        l.t(
            "Ticket sent. The support team answers here and by e-mail.",
            "Incidencia enviada. El equipo de soporte le responderá aquí y por correo.",
        ),
    ))
}

/// The ticket, for its reporter or a triager; anyone else is told it does not exist.
pub async fn visible(
    state: &AppState,
    auth: &crate::web::Auth,
    acc: &crate::projects::access::Access,
    tid: i32,
) -> AppResult<support_ticket::Model> {
    let t = store::get(&state.db, acc.project.id, tid).await?.ok_or(AppError::NotFound)?;
    if !acc.can_coordinate() && t.reporter_id != Some(auth.user.id) {
        return Err(AppError::NotFound);
    }
    Ok(t)
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, tid) = path.into_inner();
    let t = visible(&state, &auth, &acc, tid).await?;
    if acc.can_coordinate() {
        return super::triage::ticket_page(&state, &auth, &acc, &t, None, &FormErrors::new(), StatusCode::OK).await;
    }
    render_reporter(&state, &auth, &acc, &t, &ReplyForm::default(), &FormErrors::new(), StatusCode::OK).await
}

async fn render_reporter(
    state: &AppState,
    auth: &crate::web::Auth,
    acc: &crate::projects::access::Access,
    t: &support_ticket::Model,
    form: &ReplyForm,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let convo = super::tickets_views::Conversation::load(&state.db, t).await?;
    let can_reopen = can_reopen(t, state.clock.now());
    Ok(html(status, reporter_page(&auth.ctx, acc, t, &convo, form, e, can_reopen)))
}

fn can_reopen(t: &support_ticket::Model, now: chrono::DateTime<chrono::Utc>) -> bool {
    t.status == "resolved" && t.resolved_at.is_some_and(|r| now - r <= Duration::days(REOPEN_DAYS))
}

/// The reporter answers (a question back, more detail) or says the problem is back.
pub async fn reply(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> AppResult<HttpResponse> {
    let (_, tid) = path.into_inner();
    let t = visible(&state, &auth, &acc, tid).await?;
    if t.reporter_id != Some(auth.user.id) {
        return Err(AppError::Forbidden);
    }
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let body = form.body.trim();
    let reopen = form.reopen == "1";
    let mut e = FormErrors::new();
    if body.is_empty() || body.chars().count() > 4000 {
        e.add(
            "body",
            l.t("Write your answer (4000 characters at most).", "Escriba su respuesta (4000 caracteres como máximo)."),
        );
    }
    if reopen && !can_reopen(&t, now) {
        e.add(
            "reopen",
            l.f(
                "Only a ticket resolved in the last {0} days can be reopened; file a new one.",
                "Solo se puede reabrir una incidencia resuelta en los últimos {0} días; abra una nueva.",
                &[&REOPEN_DAYS],
            ),
        );
    }
    if t.status == "closed" {
        e.add(
            "body",
            l.t(
                "This ticket is closed; file a new one if the problem is back.",
                "Esta incidencia está cerrada; abra una nueva si el problema ha vuelto.",
            ),
        );
    }
    if !e.is_empty() {
        return render_reporter(&state, &auth, &acc, &t, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let tx = crate::db::begin_write(&state.db).await?;
    store::add_message(&tx, t.id, auth.user.id, false, body, None, now).await?;
    let touch = || {
        support_ticket::Entity::update_many()
            .col_expr(support_ticket::Column::UpdatedAt, Expr::value(now))
            .col_expr(support_ticket::Column::Version, Expr::col(support_ticket::Column::Version).add(1))
            .filter(support_ticket::Column::Id.eq(t.id))
    };
    // Reopened only if it is still resolved now: a triager may have closed it (final) meanwhile.
    let reopened = reopen
        && touch()
            .col_expr(support_ticket::Column::Status, Expr::value("in_progress"))
            .col_expr(support_ticket::Column::ResolvedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .filter(support_ticket::Column::Status.eq("resolved"))
            .exec(&tx)
            .await?
            .rows_affected
            == 1;
    if !reopened {
        touch().exec(&tx).await?;
    }
    tx.commit().await?;
    debug_assert!(!reopen || flow::allowed("resolved", "in_progress"));
    if reopen && !reopened {
        let msg = l.t(
            "The ticket was closed meanwhile and cannot be reopened; your answer is kept on it. File a new ticket if the problem is back.",
            "La incidencia se cerró entretanto y no puede reabrirse; su respuesta queda en ella. Abra una nueva si el problema ha vuelto.",
        );
        return Ok(flash::error(&crate::urls::support_ticket(acc.project.id, t.id), msg));
    }
    let msg = if reopen {
        l.t(
            "Ticket reopened; the support team sees your answer.",
            "Incidencia reabierta; el equipo de soporte verá su respuesta.",
        )
    } else {
        l.t("Answer sent to the support team.", "Respuesta enviada al equipo de soporte.")
    };
    Ok(flash::success(&crate::urls::support_ticket(acc.project.id, t.id), msg))
}

/// The names of the people in a set of ids (for the lists and conversations).
pub async fn names(
    state: &AppState,
    ids: impl Iterator<Item = i32>,
) -> AppResult<std::collections::HashMap<i32, String>> {
    Ok(crate::needs::store::owner_names(&state.db, ids).await?)
}

/// The reporter's row, to write to them.
pub async fn reporter(state: &AppState, t: &support_ticket::Model) -> AppResult<Option<user::Model>> {
    Ok(match t.reporter_id {
        Some(id) => user::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    })
}
