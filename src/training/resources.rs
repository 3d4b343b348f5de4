//! The learning library (guide FAQ 4: tell users where to keep learning): links per ERP module,
//! shown on the sessions of that module and on each person's training page.

use super::MODULES;
use super::form::{Params, ResourceForm};
use super::handlers::can_schedule;
use super::resources_views::page_body;
use crate::entities::training_resource;
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::confirm;
use crate::web::{CsrfForm, FormErrors, csv, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

pub async fn all(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<training_resource::Model>, DbErr> {
    training_resource::Entity::find()
        .filter(training_resource::Column::ProjectId.eq(project_id))
        .order_by_asc(training_resource::Column::Module)
        .order_by_asc(training_resource::Column::Title)
        .all(db)
        .await
}

/// A module's resources plus the general ones.
pub async fn for_module(
    db: &impl ConnectionTrait,
    project_id: i32,
    module: &str,
) -> Result<Vec<training_resource::Model>, DbErr> {
    training_resource::Entity::find()
        .filter(training_resource::Column::ProjectId.eq(project_id))
        .filter(training_resource::Column::Module.is_in([module, "general"]))
        .order_by_asc(training_resource::Column::Title)
        .all(db)
        .await
}

pub async fn page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<Params>,
) -> AppResult<HttpResponse> {
    let items = all(&state.db, acc.project.id).await?;
    let body =
        page_body(&auth.ctx, &acc, &items, &q.module, &ResourceForm::default(), &FormErrors::new(), can_schedule(&acc));
    Ok(html(StatusCode::OK, body))
}

pub async fn create(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<ResourceForm>,
) -> AppResult<HttpResponse> {
    if !can_schedule(&acc) {
        return Err(AppError::Forbidden);
    }
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        e.add(
            "title",
            l.t(
                "Give the resource a title (200 characters at most).",
                "Ponga título al recurso (200 caracteres como máximo).",
            ),
        );
    }
    if !MODULES.contains(&form.module.as_str()) {
        e.add("module", l.t("Choose a module.", "Elija un módulo."));
    }
    let url = crate::web::forms::http_url(&form.url).filter(|u| u.len() <= 500);
    if url.is_none() {
        e.add(
            "url",
            l.t(
                "The link must be a web address starting with https:// or http://.",
                "El enlace debe ser una dirección web que empiece por https:// o http://.",
            ),
        );
    }
    if form.description.chars().count() > 1000 {
        e.add(
            "description",
            l.t("Keep the description under 1000 characters.", "La descripción debe tener menos de 1000 caracteres."),
        );
    }
    let (Some(url), true) = (url, e.is_empty()) else {
        let items = all(&state.db, acc.project.id).await?;
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page_body(&auth.ctx, &acc, &items, "", &form, &e, true)));
    };
    training_resource::ActiveModel {
        project_id: Set(acc.project.id),
        module: Set(form.module.clone()),
        title: Set(title.to_string()),
        url: Set(url),
        description: Set(Some(form.description.trim().to_string()).filter(|d| !d.is_empty())),
        created_by: Set(Some(auth.user.id)),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(
        &format!("{}/resources", crate::urls::training(acc.project.id)),
        l.t("Resource added.", "Recurso añadido."),
    ))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let mut w = csv::writer();
    w.write_record(["module", "title", "url", "description"]).map_err(csv::io)?;
    for r in all(&state.db, acc.project.id).await? {
        w.write_record([
            r.module,
            csv::safe(&r.title),
            csv::safe(&r.url),
            csv::safe(r.description.as_deref().unwrap_or("")),
        ])
        .map_err(csv::io)?;
    }
    csv::response("learning-resources.csv", w)
}

async fn editable(state: &AppState, acc: Access, rid: i32) -> AppResult<(Access, training_resource::Model)> {
    let r = crate::projects::scope::child::<training_resource::Entity>(
        &state.db,
        &acc,
        training_resource::Column::ProjectId,
        rid,
    )
    .await?;
    if !can_schedule(&acc) {
        return Err(AppError::Forbidden);
    }
    Ok((acc, r))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, rid) = path.into_inner();
    let (acc, r) = editable(&state, acc, rid).await?;
    let l = auth.ctx.lang;
    let base = format!("{}/resources", crate::urls::training(acc.project.id));
    let body = confirm(
        &auth.ctx,
        &l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&r.title]),
        l.t(
            "It disappears from the library and from the sessions of its module.",
            "Desaparece de la biblioteca y de las sesiones de su módulo.",
        ),
        &format!("{base}/{}/delete", r.id),
        &base,
    );
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, l.t("Delete resource", "Eliminar recurso"), body)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, rid) = path.into_inner();
    let (acc, r) = editable(&state, acc, rid).await?;
    training_resource::Entity::delete_by_id(r.id).exec(&state.db).await?;
    Ok(flash::success(
        &format!("{}/resources", crate::urls::training(acc.project.id)),
        auth.ctx.t("Resource deleted.", "Recurso eliminado."),
    ))
}
