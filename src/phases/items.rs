//! Checklist item handlers: tick, add, edit (with version check), delete. Every write holds the
//! phase lock and is refused while the phase is closed.

use super::form::{DoneForm, ItemForm};
use super::handlers::{begin_checklist_write, load_item, load_phase, render};
use super::{store, views};
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, flash, forms::is_http_url, html};
use actix_web::{HttpResponse, http::StatusCode, web};

/// The item behind `/projects/{id}/items/{item}`, for someone who may manage the project.
async fn managed_item(
    state: &AppState,
    _auth: &Auth,
    acc: crate::projects::access::Access,
    path: web::Path<(i32, i32)>,
) -> AppResult<(
    crate::projects::access::Access,
    crate::entities::checklist_item::Model,
    crate::entities::project_phase::Model,
)> {
    let (_, item_id) = path.into_inner();
    let loaded = load_item(state, acc, item_id).await?;
    loaded.0.require_manage()?;
    Ok(loaded)
}

pub async fn set_done(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<DoneForm>,
) -> AppResult<HttpResponse> {
    let (acc, item, phase) = managed_item(&state, &auth, acc, path).await?;
    let done = match form.done.as_str() {
        "1" | "true" => true,
        "0" | "false" => false,
        _ => return Err(AppError::BadRequest("done must be 1 or 0".into())),
    };
    let (tx, _) = match begin_checklist_write(&state, &auth, acc.project.id, phase.id).await? {
        Ok(t) => t,
        Err(frozen) => return Ok(frozen),
    };
    store::set_done(&tx, item.id, done, auth.user.id, state.clock.now()).await?;
    tx.commit().await?;
    let l = auth.ctx.lang;
    let msg = if done {
        l.t("Item marked as done.", "Punto marcado como hecho.")
    } else {
        l.t("Item marked as not done.", "Punto marcado como pendiente.")
    };
    Ok(flash::success(&format!("{}#item-{}", crate::urls::phase(acc.project.id, &phase.phase_key), item.id), msg))
}

impl ItemForm {
    pub fn validate(&self, l: crate::web::Lang) -> Result<store::ItemEdit, FormErrors> {
        let mut e = FormErrors::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 300 {
            e.add(
                "title",
                l.t("Write the item (300 characters at most).", "Escriba el punto (300 caracteres como máximo)."),
            );
        }
        let note = self.note.trim();
        if note.chars().count() > 4000 {
            e.add("note", l.t("Keep the note under 4000 characters.", "La nota debe tener menos de 4000 caracteres."));
        }
        let url = self.evidence_url.trim();
        if !url.is_empty() && (!is_http_url(url) || url.len() > 2048) {
            e.add(
                "evidence_url",
                l.t("Use a full http:// or https:// link.", "Use un enlace completo http:// o https://."),
            );
        }
        e.into_result(store::ItemEdit {
            title: title.to_string(),
            mandatory: self.mandatory.is_some(),
            note: (!note.is_empty()).then(|| note.to_string()),
            evidence_url: (!url.is_empty()).then(|| url.to_string()),
        })
    }
}

pub async fn add_item(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> AppResult<HttpResponse> {
    let (_id, key) = path.into_inner();
    let (acc, phase) = load_phase(&state, acc, &key).await?;
    acc.require_manage()?;
    let edit = match form.validate(auth.ctx.lang) {
        Ok(e) => e,
        Err(errors) => {
            let page = views::PageState { add_errors: errors, add_form: form, ..Default::default() };
            return render(&state, &auth, &acc, &phase, page, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (tx, phase) = match begin_checklist_write(&state, &auth, acc.project.id, phase.id).await? {
        Ok(t) => t,
        Err(frozen) => return Ok(frozen),
    };
    let item = store::add_item(&tx, &phase, &edit.title, edit.mandatory, state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &format!("{}#item-{}", crate::urls::phase(acc.project.id, &key), item.id),
        auth.ctx.t("Item added to the checklist.", "Punto añadido a la lista."),
    ))
}

pub async fn edit_item_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (acc, item, phase) = managed_item(&state, &auth, acc, path).await?;
    let l = auth.ctx.lang;
    let form = ItemForm {
        title: l.pick(&item.title_en, &item.title_es).to_string(),
        mandatory: item.mandatory.then(|| "on".into()),
        note: item.note.clone().unwrap_or_default(),
        evidence_url: item.evidence_url.clone().unwrap_or_default(),
        version: item.version.to_string(),
    };
    Ok(html(StatusCode::OK, views::edit_item(&auth.ctx, &acc, &phase, &item, &form, &FormErrors::new())))
}

pub async fn update_item(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> AppResult<HttpResponse> {
    let (acc, item, phase) = managed_item(&state, &auth, acc, path).await?;
    let l = auth.ctx.lang;
    let (edit, version) = match (form.validate(l), form.version.parse::<i32>().ok()) {
        (Ok(e), Some(v)) => (e, v),
        _ => {
            let errors = errors_of(&form, l);
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::edit_item(&auth.ctx, &acc, &phase, &item, &form, &errors),
            ));
        }
    };
    let (tx, _) = match begin_checklist_write(&state, &auth, acc.project.id, phase.id).await? {
        Ok(t) => t,
        Err(frozen) => return Ok(frozen),
    };
    let saved = store::update_item(&tx, &item, version, &edit, state.clock.now()).await?;
    tx.commit().await?;
    if !saved {
        // Someone saved first: show their version next to what this user typed.
        let fresh = store::item(&state.db, acc.project.id, item.id).await?.ok_or(AppError::NotFound)?;
        let mut errors = FormErrors::new();
        errors.add("title", l.t(
            "Someone else changed this item while you were editing. Their version is shown below; your text is kept in the form. Save again to overwrite.",
            "Otra persona ha cambiado este punto mientras lo editaba. Abajo se muestra su versión; su texto se conserva en el formulario. Guarde de nuevo para sobrescribir.",
        ));
        let mut form = form.clone();
        form.version = fresh.version.to_string();
        return Ok(html(StatusCode::CONFLICT, views::edit_item(&auth.ctx, &acc, &phase, &fresh, &form, &errors)));
    }
    Ok(flash::success(
        &format!("{}#item-{}", crate::urls::phase(acc.project.id, &phase.phase_key), item.id),
        l.t("Item saved.", "Punto guardado."),
    ))
}

fn errors_of(form: &ItemForm, l: crate::web::Lang) -> FormErrors {
    let mut e = form.validate(l).err().unwrap_or_default();
    if form.version.parse::<i32>().is_err() {
        e.add(
            "title",
            l.t("The form is incomplete; reload the page.", "El formulario está incompleto; recargue la página."),
        );
    }
    e
}

pub async fn delete_item_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (acc, item, phase) = managed_item(&state, &auth, acc, path).await?;
    Ok(html(StatusCode::OK, views::delete_item(&auth.ctx, &acc, &phase, &item)))
}

pub async fn delete_item(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (acc, item, phase) = managed_item(&state, &auth, acc, path).await?;
    let (tx, _) = match begin_checklist_write(&state, &auth, acc.project.id, phase.id).await? {
        Ok(t) => t,
        Err(frozen) => return Ok(frozen),
    };
    store::delete_item(&tx, acc.project.id, item.id).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::phase(acc.project.id, &phase.phase_key),
        auth.ctx.t("Item removed from the checklist.", "Punto eliminado de la lista."),
    ))
}
