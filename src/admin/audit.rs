//! The audit log page for administrators: filters, pages of 50, CSV.

use super::form::Filters;
use crate::entities::{audit_log, user};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::components::pagination;
use crate::web::{Admin, Ctx, csv, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::NaiveDate;
use maud::{Markup, html};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

async fn query(db: &impl ConnectionTrait, f: &Filters) -> Result<Select<audit_log::Entity>, DbErr> {
    let mut q = audit_log::Entity::find();
    if !f.action.trim().is_empty() {
        q = q.filter(audit_log::Column::Action.starts_with(f.action.trim()));
    }
    if !f.actor.trim().is_empty() {
        let ids: Vec<i32> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::SearchText.contains(crate::text::fold(f.actor.trim())))
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        q = q.filter(audit_log::Column::ActorId.is_in(ids));
    }
    if let Some(d) = date(&f.from).and_then(|d| d.and_hms_opt(0, 0, 0)) {
        q = q.filter(audit_log::Column::At.gte(d.and_utc()));
    }
    if let Some(d) = date(&f.to).and_then(|d| d.succ_opt()).and_then(|d| d.and_hms_opt(0, 0, 0)) {
        q = q.filter(audit_log::Column::At.lt(d.and_utc()));
    }
    Ok(q.order_by_desc(audit_log::Column::At).order_by_desc(audit_log::Column::Id))
}

const PER_PAGE: u64 = 50;

pub async fn page(Admin(auth): Admin, state: web::Data<AppState>, f: web::Query<Filters>) -> AppResult<HttpResponse> {
    let q = query(&state.db, &f).await?;
    let total = q.clone().count(&state.db).await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let rows = q.offset((page - 1) * PER_PAGE).limit(PER_PAGE).all(&state.db).await?;
    let names = crate::phases::store::user_names(&state.db, rows.iter().filter_map(|r| r.actor_id).collect()).await?;
    Ok(html(StatusCode::OK, view(&auth.ctx, &f, &rows, &names, page, pages, total)))
}

pub async fn export_csv(
    Admin(_): Admin,
    state: web::Data<AppState>,
    f: web::Query<Filters>,
) -> AppResult<HttpResponse> {
    let rows = query(&state.db, &f).await?.limit(100_000).all(&state.db).await?;
    let names = crate::phases::store::user_names(&state.db, rows.iter().filter_map(|r| r.actor_id).collect()).await?;
    let mut w = csv::writer();
    w.write_record(["at_utc", "actor_id", "actor", "ip", "action", "target", "project_id", "detail"])
        .map_err(csv::io)?;
    for r in &rows {
        w.write_record([
            r.at.to_rfc3339(),
            r.actor_id.map(|i| i.to_string()).unwrap_or_default(),
            csv::safe(r.actor_id.and_then(|i| names.get(&i)).map(String::as_str).unwrap_or("")),
            r.ip.clone().unwrap_or_default(),
            r.action.clone(),
            csv::safe(r.target.as_deref().unwrap_or("")),
            r.project_id.map(|i| i.to_string()).unwrap_or_default(),
            csv::safe(r.detail.as_deref().unwrap_or("")),
        ])
        .map_err(csv::io)?;
    }
    csv::response("audit-log.csv", w)
}

fn view(
    ctx: &Ctx,
    f: &Filters,
    rows: &[audit_log::Model],
    names: &HashMap<i32, String>,
    page: u64,
    pages: u64,
    total: u64,
) -> Markup {
    let l = ctx.lang;
    let title = l.t("Audit log", "Registro de auditoría");
    let query =
        [("action", f.action.clone()), ("actor", f.actor.clone()), ("from", f.from.clone()), ("to", f.to.clone())];
    let qs: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.iter().filter(|(_, v)| !v.is_empty()))
        .finish();
    layout::page(
        ctx,
        title,
        html! {
            (super::views::admin_tabs(ctx))
            h1 { (title) }
            p.lead { (l.t("Who did what, when (UTC) and from where. Passwords, codes and tokens are never recorded, nor who wrote anonymous feedback.",
                          "Quién hizo qué, cuándo (UTC) y desde dónde. Nunca se registran contraseñas, códigos ni tokens, ni quién escribió una opinión anónima.")) }
            form.filters method="get" action="/admin/audit" {
                label for="f-action" { (l.t("Action starts with", "La acción empieza por")) }
                input #f-action type="search" name="action" value=(f.action) placeholder="auth.";
                label for="f-actor" { (l.t("Person", "Persona")) }
                input #f-actor type="search" name="actor" value=(f.actor);
                label for="f-from" { (l.t("From", "Desde")) }
                input #f-from type="date" name="from" value=(f.from);
                label for="f-to" { (l.t("To", "Hasta")) }
                input #f-to type="date" name="to" value=(f.to);
                button type="submit" { (l.t("Filter", "Filtrar")) }
                a.button.secondary href={ "/admin/audit.csv?" (qs) } { (l.t("Export CSV", "Exportar CSV")) }
            }
            @if rows.is_empty() {
                div.empty { p { (l.t("Nothing recorded matches these filters.", "Nada registrado coincide con estos filtros.")) } }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (l.t("When (UTC)", "Cuándo (UTC)")) }
                        th scope="col" { (l.t("Who", "Quién")) }
                        th scope="col" { (l.t("From", "Desde")) }
                        th scope="col" { (l.t("Action", "Acción")) }
                        th scope="col" { (l.t("On", "Sobre")) }
                        th scope="col" { (l.t("Detail", "Detalle")) }
                    } }
                    tbody { @for r in rows { tr {
                        td { (r.at.format("%Y-%m-%d %H:%M:%S")) }
                        td { (r.actor_id.and_then(|i| names.get(&i)).map(String::as_str).unwrap_or("—")) }
                        td { (r.ip.as_deref().unwrap_or("")) }
                        td { code { (r.action) } }
                        td { (r.target.as_deref().unwrap_or("")) }
                        td { (r.detail.as_deref().unwrap_or("")) }
                    } } }
                }
                (pagination(l, "/admin/audit", &query.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>(), page, pages, total))
            }
        },
    )
}
