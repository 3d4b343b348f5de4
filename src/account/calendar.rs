//! The person's private calendar feed: one secret address (stored hashed, revocable, shown once)
//! that calendar apps subscribe to without a session, with the milestones of every project they
//! belong to and their training sessions. Joins two features, so it lives here, above both.

use crate::entities::{calendar_feed, membership, milestone, project};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, Lang, flash, random_token, token_hash};
use actix_web::{HttpResponse, web};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

/// Milestones of every project the person belongs to (capped, newest plans first).
async fn milestones_for(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<(milestone::Model, String)>, DbErr> {
    let projects: Vec<(i32, String)> = project::Entity::find()
        .select_only()
        .columns([project::Column::Id, project::Column::Name])
        .filter(
            project::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(membership::Column::ProjectId)
                    .from(membership::Entity)
                    .and_where(sea_orm::sea_query::Expr::col(membership::Column::UserId).eq(user_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Vec::new();
    for (id, name) in projects.into_iter().take(50) {
        out.extend(crate::plan::store::all(db, id).await?.into_iter().take(2000).map(|m| (m, name.clone())));
    }
    Ok(out)
}

pub async fn has_feed(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, DbErr> {
    Ok(calendar_feed::Entity::find().filter(calendar_feed::Column::UserId.eq(user_id)).one(db).await?.is_some())
}

/// The subscription URL's handler: the token is the credential.
pub async fn feed(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let f = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash(token)))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = crate::entities::user::Entity::find_by_id(f.user_id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    if user.disabled_at.is_some() {
        return Err(AppError::NotFound);
    }
    let l = user.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let rows = milestones_for(&state.db, user.id).await?;
    let host = state.settings.host();
    let mut cal = crate::plan::ical::calendar(
        l,
        l.t("ERP Rollout: milestones and training", "ERP Rollout: hitos y formación"),
        &host,
        &rows,
    );
    for e in crate::training::ical::feed_events(&state.db, user.id, l, &host).await? {
        cal.push(e);
    }
    Ok(crate::plan::ical::ics("erp-rollout.ics", cal.to_string()))
}

/// Issues a new feed URL (the old one stops working) and shows it once.
pub async fn rotate_feed(
    auth: Auth,
    state: web::Data<AppState>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let token = random_token();
    let tx = crate::db::begin_write(&state.db).await?;
    calendar_feed::Entity::delete_many().filter(calendar_feed::Column::UserId.eq(auth.user.id)).exec(&tx).await?;
    calendar_feed::ActiveModel {
        user_id: Set(auth.user.id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    let url = format!("{}/calendar/{token}.ics", state.settings.base_url.trim_end_matches('/'));
    let l = auth.ctx.lang;
    let title = l.t("Your private calendar address", "Su dirección privada de calendario");
    // Shown once, on this page: it is a credential, so it never goes into a cookie or a log.
    let body = maud::html! {
        h1 { (title) }
        div.card {
            p { (l.t("Subscribe to this address in your calendar app. Copy it now: it is not shown again. Anyone with it can read the milestones of your projects and your training sessions; create a new one or revoke it on your account page.",
                     "Suscríbase a esta dirección en su aplicación de calendario. Cópiela ahora: no se vuelve a mostrar. Quien la tenga puede leer los hitos de sus proyectos y sus sesiones de formación; genere otra o revóquela en su cuenta.")) }
            label for="feed-url" { (l.t("Address", "Dirección")) }
            input #feed-url type="text" readonly value=(url) size="80";
            p { a href="/account" { (l.t("Back to your account", "Volver a su cuenta")) } }
        }
    };
    Ok(crate::web::html(actix_web::http::StatusCode::OK, crate::web::layout::page(&auth.ctx, title, body)))
}

pub async fn revoke_feed(
    auth: Auth,
    state: web::Data<AppState>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    calendar_feed::Entity::delete_many().filter(calendar_feed::Column::UserId.eq(auth.user.id)).exec(&state.db).await?;
    Ok(flash::success("/account", auth.ctx.t("Calendar address revoked.", "Dirección de calendario revocada.")))
}
