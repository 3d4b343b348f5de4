//! The PM's side of feedback: the triage list (filters, age, CSV), and replying and moving an item
//! through new → acknowledged → planned → done / declined, linked to an adjustment.

use super::form::{ListParams, TriageForm};
use super::triage_views::triage_form;
use super::{CATEGORIES, STATUSES, UNANSWERED_DAYS, category_label, status_class, status_label};
use crate::entities::feedback;
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Manager;
use crate::state::AppState;
use crate::training::{MODULES, module_label};
use crate::web::components::{badge, page_params, pagination, select};
use crate::web::nav::crumbs;
use crate::web::{Auth, CsrfForm, FormErrors, csv, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::{DateTime, Duration, Utc};
use maud::html;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

fn filtered(project_id: i32, q: &ListParams, now: DateTime<Utc>) -> sea_orm::Select<feedback::Entity> {
    let mut sel = feedback::Entity::find().filter(feedback::Column::ProjectId.eq(project_id));
    if STATUSES.contains(&q.status.as_str()) {
        sel = sel.filter(feedback::Column::Status.eq(q.status.as_str()));
    }
    if CATEGORIES.contains(&q.category.as_str()) {
        sel = sel.filter(feedback::Column::Category.eq(q.category.as_str()));
    }
    if MODULES.contains(&q.module.as_str()) {
        sel = sel.filter(feedback::Column::Module.eq(q.module.as_str()));
    }
    if q.stale == "1" {
        sel = sel
            .filter(feedback::Column::Status.eq("new"))
            .filter(feedback::Column::CreatedAt.lt(now - Duration::days(UNANSWERED_DAYS)));
    }
    sel
}

pub async fn list_page(state: &AppState, auth: &Auth, acc: &Access, q: &ListParams) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let (page, per_page) = page_params(q.page);
    let sel =
        filtered(acc.project.id, q, now).order_by_desc(feedback::Column::CreatedAt).order_by_desc(feedback::Column::Id);
    let total = sel.clone().count(&state.db).await?;
    let rows: Vec<feedback::Model> = sel
        .paginate(&state.db, per_page)
        .fetch_page(page.saturating_sub(1))
        .await?
        .into_iter()
        .map(|f| super::items::readable(state, f))
        .collect();
    let authors = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|f| f.author_id)).await?;
    let l = auth.ctx.lang;
    let p = &acc.project;
    let title = l.t("Feedback", "Opiniones");
    let base = crate::urls::feedback(p.id);
    let none = FormErrors::new();
    let mut statuses = vec![("", l.t("Any status", "Cualquier estado"))];
    statuses.extend(STATUSES.iter().map(|s| (*s, status_label(l, s))));
    let mut categories = vec![("", l.t("Any subject", "Cualquier tema"))];
    categories.extend(CATEGORIES.iter().map(|c| (*c, category_label(l, c))));
    let mut modules = vec![("", l.t("Any part", "Cualquier parte"))];
    modules.extend(MODULES.iter().map(|m| (*m, module_label(l, m))));
    let keep = [
        ("status", q.status.clone()),
        ("category", q.category.clone()),
        ("module", q.module.clone()),
        ("stale", q.stale.clone()),
    ];
    let body = html! {
        (crumbs(&auth.ctx, p, &[(title, None)]))
        h1 { (title) }
        div.actions {
            a.button.secondary href={ "/projects/" (p.id) "/adjustments" } { (l.t("Adjustments log", "Registro de ajustes")) }
            a.button.secondary href=(crate::urls::surveys(p.id)) { (l.t("Surveys", "Encuestas")) }
            a.button.secondary href=(crate::urls::adoption(p.id)) { (l.t("Adoption", "Adopción")) }
            a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
        }
        form.filters method="get" action=(base) {
            (select("status", l.t("Status", "Estado"), &statuses, &q.status, &none))
            (select("category", l.t("Subject", "Tema"), &categories, &q.category, &none))
            (select("module", l.t("Part of the ERP", "Parte del ERP"), &modules, &q.module, &none))
            div.field { label { input type="checkbox" name="stale" value="1" checked[q.stale == "1"]; " " (l.f("Unanswered for over {0} days", "Sin respuesta desde hace más de {0} días", &[&UNANSWERED_DAYS])) } }
            button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
        }
        @if rows.is_empty() {
            div.empty { p { (l.t("No feedback here. Invite people to give it from the Feedback tab: listening to resistant users is the guide's remedy for poor adoption.",
                                 "No hay opiniones aquí. Invite a la gente a darlas desde la pestaña Opiniones: escuchar a los usuarios reacios es el remedio de la guía contra la baja adopción.")) } }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (l.t("Received", "Recibida")) } th scope="col" { (l.t("From", "De")) }
                    th scope="col" { (l.t("About", "Sobre")) } th scope="col" { (l.t("Rating", "Valoración")) }
                    th scope="col" { (l.t("Feedback", "Opinión")) } th scope="col" { (l.t("Status", "Estado")) }
                } }
                tbody { @for f in &rows {
                    @let age = (now - f.created_at).num_days();
                    tr {
                        td { (l.date(f.created_at.date_naive())) @if f.status == "new" && age > UNANSWERED_DAYS { " " (badge(&l.f("{0} days unanswered", "{0} días sin respuesta", &[&age]), "bad")) } }
                        td { @match f.author_id.and_then(|a| authors.get(&a)) { Some(n) => (n), None => span.muted { (l.t("Anonymous", "Anónima")) } } }
                        td { (category_label(l, &f.category)) br; span.muted { (module_label(l, &f.module)) } }
                        td { (f.rating) " / 5" }
                        td { a href={ (base) "/" (f.id) } { (f.body.chars().take(120).collect::<String>()) @if f.body.chars().count() > 120 { "…" } } }
                        td { (badge(status_label(l, &f.status), status_class(&f.status))) }
                    }
                } }
            }
            (pagination(l, &base, &keep, page, total.div_ceil(per_page), total))
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}

pub async fn export_csv(
    Manager { auth: _, acc }: Manager,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let rows = filtered(acc.project.id, &q, state.clock.now())
        .order_by_asc(feedback::Column::Id)
        .limit(100_000)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|f| super::items::readable(&state, f))
        .collect::<Vec<_>>();
    let authors = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|f| f.author_id)).await?;
    let mut w = csv::writer();
    w.write_record([
        "id",
        "received_on",
        "from",
        "category",
        "module",
        "rating",
        "feedback",
        "status",
        "reply",
        "adjustment_id",
    ])
    .map_err(csv::io)?;
    for f in rows {
        w.write_record([
            f.id.to_string(),
            f.created_at.date_naive().to_string(),
            csv::safe(f.author_id.and_then(|a| authors.get(&a)).map(String::as_str).unwrap_or("anonymous")),
            f.category,
            f.module,
            f.rating.to_string(),
            csv::safe(&f.body),
            f.status,
            csv::safe(f.reply.as_deref().unwrap_or("")),
            f.adjustment_id.map(|a| a.to_string()).unwrap_or_default(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("feedback.csv", w)
}

pub async fn item_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    f: &feedback::Model,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let form = TriageForm {
        status: f.status.clone(),
        reply: f.reply.clone().unwrap_or_default(),
        adjustment_id: f.adjustment_id.map(|a| a.to_string()).unwrap_or_default(),
        version: f.version.to_string(),
    };
    render_item(state, auth, acc, f, &form, e, status).await
}

async fn render_item(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    f: &feedback::Model,
    form: &TriageForm,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let adjustments = super::adjustments::adjustments_of(state, acc.project.id).await?;
    let author = crate::needs::store::owner_names(&state.db, f.author_id.into_iter()).await?;
    let title = l.t("Feedback", "Opinión");
    let body = html! {
        (crumbs(&auth.ctx, &acc.project, &[(l.t("Feedback", "Opiniones"), Some(crate::urls::feedback(acc.project.id))), (title, None)]))
        h1 { (title) }
        div.card {
            p { strong { (l.t("From:", "De:")) } " " @match f.author_id.and_then(|a| author.get(&a)) { Some(n) => (n), None => (l.t("Anonymous", "Anónima")) } }
            (super::items_views::detail(&auth.ctx, f))
        }
        (triage_form(&auth.ctx, acc, f, form, &adjustments, e))
    };
    Ok(html(status, layout::page(&auth.ctx, title, body)))
}

pub async fn triage(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(mut form): CsrfForm<TriageForm>,
) -> AppResult<HttpResponse> {
    let (_id, fid) = path.into_inner();
    let f = feedback::Entity::find_by_id(fid)
        .filter(feedback::Column::ProjectId.eq(acc.project.id))
        .one(&state.db)
        .await?
        .map(|f| super::items::readable(&state, f))
        .ok_or(AppError::NotFound)?;
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    if !STATUSES.contains(&form.status.as_str()) {
        e.add("status", l.t("Choose a status.", "Elija un estado."));
    }
    let reply = form.reply.trim().to_string();
    if reply.chars().count() > 4000 {
        e.add(
            "reply",
            l.t("Keep the answer under 4000 characters.", "La respuesta debe tener menos de 4000 caracteres."),
        );
    }
    if form.status == "declined" && reply.is_empty() {
        e.add(
            "reply",
            l.t(
                "Say why it is declined: the person sees the answer.",
                "Explique por qué se descarta: la persona verá la respuesta.",
            ),
        );
    }
    let adjustments = super::adjustments::adjustments_of(&state, acc.project.id).await?;
    let adjustment_id = match form.adjustment_id.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(a) if adjustments.iter().any(|x| x.id == a) => Some(a),
            _ => {
                e.add(
                    "adjustment_id",
                    l.t("Choose an adjustment of this project.", "Elija un ajuste de este proyecto."),
                );
                None
            }
        },
    };
    if !e.is_empty() {
        return render_item(&state, &auth, &acc, &f, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let now = state.clock.now();
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let replied = !reply.is_empty() && f.reply.as_deref() != Some(reply.as_str());
    let mut upd = feedback::Entity::update_many()
        .col_expr(feedback::Column::Status, Expr::value(form.status.clone()))
        .col_expr(feedback::Column::Reply, Expr::value(Some(reply.clone()).filter(|r| !r.is_empty())))
        .col_expr(feedback::Column::AdjustmentId, Expr::value(adjustment_id))
        .col_expr(feedback::Column::Version, Expr::value(version + 1));
    if replied {
        upd = upd
            .col_expr(feedback::Column::RepliedBy, Expr::value(Some(auth.user.id)))
            .col_expr(feedback::Column::RepliedAt, Expr::value(Some(now)));
    }
    let r =
        upd.filter(feedback::Column::Id.eq(f.id)).filter(feedback::Column::Version.eq(version)).exec(&state.db).await?;
    if r.rows_affected == 0 {
        let fresh = feedback::Entity::find_by_id(f.id).one(&state.db).await?.ok_or(AppError::NotFound)?;
        let mut e = FormErrors::new();
        e.add("status", l.f("Someone else answered this feedback while you were writing (now: {0}). Your text is kept below; save again to overwrite.",
                            "Otra persona ha respondido a esta opinión mientras escribía (ahora: {0}). Su texto se conserva abajo; guarde de nuevo para sobrescribir.", &[&status_label(l, &fresh.status)]));
        form.version = fresh.version.to_string();
        return render_item(&state, &auth, &acc, &fresh, &form, &e, StatusCode::CONFLICT).await;
    }
    Ok(flash::success(
        &crate::urls::feedback(acc.project.id),
        l.t("Feedback updated; the person sees your answer.", "Opinión actualizada; la persona verá su respuesta."),
    ))
}
