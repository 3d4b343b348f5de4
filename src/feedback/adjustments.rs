//! The adjustments log (the guide's "Realiza ajustes"): what changed in response to feedback and
//! monitoring, with how many feedback items each one answers.

use super::adjustments_views::adjustments_body;
use super::form::AdjustmentForm;
use crate::entities::{adjustment, feedback};
use crate::error::AppResult;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{CsrfForm, FormErrors, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub async fn adjustments_of(state: &AppState, project_id: i32) -> AppResult<Vec<adjustment::Model>> {
    Ok(adjustment::Entity::find()
        .filter(adjustment::Column::ProjectId.eq(project_id))
        .order_by_desc(adjustment::Column::MadeOn)
        .order_by_desc(adjustment::Column::Id)
        .all(&state.db)
        .await?)
}

async fn linked_counts(state: &AppState, project_id: i32) -> AppResult<HashMap<i32, i64>> {
    let rows: Vec<(Option<i32>, i64)> = feedback::Entity::find()
        .select_only()
        .column(feedback::Column::AdjustmentId)
        .column_as(feedback::Column::Id.count(), "n")
        .filter(feedback::Column::ProjectId.eq(project_id))
        .filter(feedback::Column::AdjustmentId.is_not_null())
        .group_by(feedback::Column::AdjustmentId)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(rows.into_iter().filter_map(|(a, n)| a.map(|a| (a, n))).collect())
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = adjustments_of(&state, acc.project.id).await?;
    let linked = linked_counts(&state, acc.project.id).await?;
    let form = AdjustmentForm { made_on: state.clock.now().date_naive().to_string(), ..Default::default() };
    Ok(html(StatusCode::OK, adjustments_body(&auth.ctx, &acc, &rows, &linked, &form, &FormErrors::new())))
}

pub async fn add(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<AdjustmentForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        e.add(
            "title",
            l.t("Say what changed (200 characters at most).", "Indique qué ha cambiado (200 caracteres como máximo)."),
        );
    }
    if form.description.chars().count() > 4000 {
        e.add(
            "description",
            l.t("Keep the details under 4000 characters.", "Los detalles deben tener menos de 4000 caracteres."),
        );
    }
    let made_on = crate::web::forms::parse_date(&form.made_on);
    if made_on.is_none() {
        e.add("made_on", l.t("Enter a valid date.", "Introduzca una fecha válida."));
    }
    let (Some(made_on), true) = (made_on, e.is_empty()) else {
        let rows = adjustments_of(&state, acc.project.id).await?;
        let linked = linked_counts(&state, acc.project.id).await?;
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            adjustments_body(&auth.ctx, &acc, &rows, &linked, &form, &e),
        ));
    };
    adjustment::ActiveModel {
        project_id: Set(acc.project.id),
        title: Set(title.to_string()),
        description: Set(Some(form.description.trim().to_string()).filter(|d| !d.is_empty())),
        made_on: Set(made_on),
        created_by: Set(Some(auth.user.id)),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(
        &format!("/projects/{}/adjustments", acc.project.id),
        l.t(
            "Adjustment recorded. Link the feedback it answers from each item.",
            "Ajuste registrado. Enlace desde cada opinión las que responde.",
        ),
    ))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let linked = linked_counts(&state, acc.project.id).await?;
    let mut w = csv::writer();
    w.write_record(["id", "made_on", "title", "description", "feedback_items"]).map_err(csv::io)?;
    for a in adjustments_of(&state, acc.project.id).await? {
        w.write_record([
            a.id.to_string(),
            a.made_on.to_string(),
            csv::safe(&a.title),
            csv::safe(a.description.as_deref().unwrap_or("")),
            linked.get(&a.id).copied().unwrap_or(0).to_string(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("adjustments.csv", w)
}
