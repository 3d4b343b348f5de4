//! Turning notification emails on and off: milestone reminders (kept by `plan::reminders`) and the
//! weekly digest (kept by `warnings::digest`), from the settings page.

use super::form::PreferenceForm;
use crate::entities::notification_optout;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, flash};
use actix_web::{HttpResponse, web};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// Turns one kind of notification email on or off for the signed-in person.
pub async fn set_preference(
    auth: Auth,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<PreferenceForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let digest = form.kind == crate::warnings::digest::OPTOUT;
    let kind = if digest { crate::warnings::digest::OPTOUT } else { crate::plan::reminders::OPTOUT };
    let (on, off) = if digest {
        (
            l.t("The weekly digest is on.", "El resumen semanal está activado."),
            l.t("The weekly digest is off.", "El resumen semanal está desactivado."),
        )
    } else {
        (
            l.t("Milestone reminders are on.", "Avisos de hitos activados."),
            l.t("Milestone reminders are off.", "Avisos de hitos desactivados."),
        )
    };
    if form.enabled == "1" {
        notification_optout::Entity::delete_many()
            .filter(notification_optout::Column::UserId.eq(auth.user.id))
            .filter(notification_optout::Column::Kind.eq(kind))
            .exec(&state.db)
            .await?;
        return Ok(flash::success("/account#notifications", on));
    }
    notification_optout::Entity::insert(notification_optout::ActiveModel {
        user_id: Set(auth.user.id),
        kind: Set(kind.into()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([notification_optout::Column::UserId, notification_optout::Column::Kind])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&state.db)
    .await?;
    Ok(flash::success("/account#notifications", off))
}
