//! The person's own settings: name, language, and the notification and calendar preferences that
//! the features keep (milestone reminders, the weekly digest, the calendar feed).

use super::form::AccountForm;
use super::views;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, Lang, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};

async fn prefs(state: &AppState, user_id: i32) -> AppResult<views::Prefs> {
    Ok(views::Prefs {
        reminders_on: !crate::plan::reminders::opted_out(&state.db, user_id).await?,
        has_feed: super::calendar::has_feed(&state.db, user_id).await?,
        digest_on: !crate::plan::reminders::is_opted_out(&state.db, user_id, crate::warnings::digest::OPTOUT).await?,
    })
}

pub async fn account_page(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let prefs = prefs(&state, auth.user.id).await?;
    let locale = auth.user.locale.as_deref().unwrap_or("");
    Ok(html(StatusCode::OK, views::settings(&auth.ctx, &auth.user.name, locale, &FormErrors::new(), prefs)))
}

pub async fn account_submit(
    auth: Auth,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> AppResult<HttpResponse> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let l = auth.ctx.lang;
    let mut errors = FormErrors::new();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.add(
            "name",
            l.t("Enter a name of 120 characters at most.", "Introduzca un nombre de 120 caracteres como máximo."),
        );
    }
    let locale = match form.locale.as_str() {
        "" => None,
        c => match Lang::from_code(c) {
            Some(lang) => Some(lang.code().to_string()),
            None => {
                errors.add("locale", l.t("Choose a language from the list.", "Elija un idioma de la lista."));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::settings(&auth.ctx, &form.name, &form.locale, &errors, prefs(&state, auth.user.id).await?),
        ));
    }
    let mut am = auth.user.clone().into_active_model();
    am.name = Set(name.to_string());
    am.search_text = Set(Some(crate::text::person_search(name, &auth.user.email)));
    am.locale = Set(locale.clone());
    am.update(&state.db).await?;
    let new_lang = locale.as_deref().and_then(Lang::from_code).unwrap_or(l);
    Ok(flash::success("/account", new_lang.t("Your settings were saved.", "Se ha guardado su configuración.")))
}
