//! Changing a session: the edit with its version check and capacity rule (attendees get an
//! updated invitation, freed seats go to the wait-list) and the cancellation.

use super::form::{SessionForm, SessionInput};
use super::handlers::{form_page, runnable, validate};
use super::mail::{Invite, Notice};
use super::{booking, store};
use crate::entities::training_session;
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use std::collections::HashMap;

/// Whether attendees must hear about the change (and get an updated invitation).
fn changes_the_invitation(old: &training_session::Model, new: &SessionInput) -> bool {
    old.title != new.title
        || old.starts_at != new.starts_at
        || old.ends_at != new.ends_at
        || old.place != new.place
        || old.meeting_url != new.meeting_url
        || old.mode != new.mode
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(raw): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let (acc, s) = runnable(&state, &auth, acc, sid).await?;
    let l = auth.ctx.lang;
    let mut form = SessionForm::from_map(&raw);
    if s.status == "cancelled" {
        return Ok(flash::error(
            &crate::urls::training_session(acc.project.id, s.id),
            l.t(
                "This session is cancelled; schedule a new one instead.",
                "Esta sesión está cancelada; programe una nueva.",
            ),
        ));
    }
    let mut input = match validate(&state, &auth, &acc, &form).await? {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, Some(&s), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    if !acc.can_manage() {
        input.trainer_id = s.trainer_id;
    }
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let current = store::lock(&tx, acc.project.id, s.id).await?.ok_or(AppError::NotFound)?;
    let booked = booking::booked_count(&tx, s.id).await?;
    if u64::try_from(input.capacity).unwrap_or(0) < booked {
        drop(tx);
        let mut e = FormErrors::new();
        e.add("capacity", l.f("{0} people already hold a seat, so the capacity cannot go below {0}. Ask some to withdraw first.",
                              "{0} personas ya tienen plaza, así que la capacidad no puede bajar de {0}. Pida antes a alguna que se dé de baja.", &[&booked]));
        return form_page(&state, &auth, &acc, Some(&s), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if !store::update(&tx, s.id, version, &input, now).await? {
        drop(tx);
        let mut e = FormErrors::new();
        e.add("title", l.f(
            "Someone else changed this session while you were editing (now: “{0}”, {1}, {2} seats). Your input is kept below; save again to overwrite.",
            "Otra persona ha cambiado esta sesión mientras la editaba (ahora: «{0}», {1}, {2} plazas). Sus datos se conservan abajo; guarde de nuevo para sobrescribir.",
            &[&current.title, &super::when(l, &current), &current.capacity],
        ));
        form.version = current.version.to_string();
        return form_page(&state, &auth, &acc, Some(&current), &form, &e, StatusCode::CONFLICT).await;
    }
    let fresh = store::lock(&tx, acc.project.id, s.id).await?.ok_or(AppError::NotFound)?;
    let invite = Invite::load(&tx, &state.settings, &fresh).await?;
    let mut told = 0;
    if changes_the_invitation(&current, &input) {
        for (b, u) in booking::roster(&tx, s.id).await? {
            if b.status == "booked" {
                invite.send(&tx, &u, Notice::Changed, now).await?;
                told += 1;
            }
        }
    }
    let promoted = booking::promote(&tx, &invite, &fresh, now).await?;
    tx.commit().await?;
    let msg = match (told, promoted) {
        (0, 0) => l.t("Session saved.", "Sesión guardada.").to_string(),
        _ => l.f(
            "Session saved. {0} attendees get an updated invitation; {1} moved up from the wait-list.",
            "Sesión guardada. {0} asistentes reciben la invitación actualizada; {1} pasan de la lista de espera.",
            &[&told, &promoted],
        ),
    };
    Ok(flash::success(&crate::urls::training_session(acc.project.id, s.id), &msg))
}

pub async fn cancel_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let (acc, s) = runnable(&state, &auth, acc, sid).await?;
    let seats = store::seat_counts(&state.db, &[s.id]).await?.remove(&s.id).unwrap_or_default();
    Ok(html(StatusCode::OK, super::session_view::cancel_page(&auth.ctx, &acc, &s, seats)))
}

/// Cancels the session: everyone booked gets an iCalendar CANCEL, everyone waiting an email.
pub async fn cancel(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let (acc, _) = runnable(&state, &auth, acc, sid).await?;
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let s = store::lock(&tx, acc.project.id, sid).await?.ok_or(AppError::NotFound)?;
    let back = crate::urls::training_session(acc.project.id, s.id);
    if s.status == "cancelled" {
        return Ok(flash::error(&back, l.t("This session was already cancelled.", "Esta sesión ya estaba cancelada.")));
    }
    store::cancel(&tx, &s, now).await?;
    let fresh = store::lock(&tx, acc.project.id, s.id).await?.ok_or(AppError::NotFound)?;
    let invite = Invite::load(&tx, &state.settings, &fresh).await?;
    let mut told = 0;
    for (b, u) in booking::roster(&tx, s.id).await? {
        if b.status != "cancelled" {
            invite.send(&tx, &u, Notice::Cancelled, now).await?;
            told += 1;
        }
    }
    tx.commit().await?;
    Ok(flash::success(
        &back,
        &l.f("Session cancelled; {0} people were told.", "Sesión cancelada; se ha avisado a {0} personas.", &[&told]),
    ))
}
