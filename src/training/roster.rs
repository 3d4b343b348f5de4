//! Sign-up and withdrawal by the person; roster, attendance and messages by the session's trainer.

use super::booking::{self, Booked, Refusal};
use super::form::MessageForm;
use super::handlers::runnable;
use super::{session_view, store};
use crate::email::outbox::{self, Message};
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{CsrfForm, FormErrors, Lang, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use std::collections::HashMap;

fn refusal(l: Lang, r: &Refusal) -> String {
    match r {
        Refusal::NotFound => l.t("That session does not exist.", "Esa sesión no existe.").into(),
        Refusal::Cancelled => l
            .t(
                "This session is cancelled; look for another session of the same module.",
                "Esta sesión está cancelada; busque otra sesión del mismo módulo.",
            )
            .into(),
        Refusal::Started => l
            .t(
                "This session has already started, so sign-up is closed.",
                "Esta sesión ya ha empezado; las inscripciones están cerradas.",
            )
            .into(),
        Refusal::Already(s) if s == "waitlisted" => l
            .t("You are already on the wait-list for this session.", "Ya está en la lista de espera de esta sesión.")
            .into(),
        Refusal::Already(_) => l.t("You already have a seat in this session.", "Ya tiene plaza en esta sesión.").into(),
        Refusal::NotForYou => l
            .t(
                "This session is meant for other roles or departments. Ask the trainer if you need it.",
                "Esta sesión está dirigida a otros roles o departamentos. Consulte al formador si la necesita.",
            )
            .into(),
        Refusal::NotBooked => l.t("You are not signed up for this session.", "No está inscrito en esta sesión.").into(),
        Refusal::CutoffPassed(t) => l.f(
            "The cancellation cut-off passed on {0}. Ask the trainer to release your seat.",
            "El plazo de cancelación terminó el {0}. Pida al formador que libere su plaza.",
            &[&l.datetime(*t)],
        ),
    }
}

pub async fn signup(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let l = auth.ctx.lang;
    let back = crate::urls::training_session(acc.project.id, sid);
    // Admins who are not members may book any session; members only those meant for them.
    let audience = store::audience_of(&state.db, acc.project.id, auth.user.id).await?;
    let r = booking::sign_up(&state, acc.project.id, sid, &auth.user, audience.as_ref(), state.clock.now()).await?;
    Ok(match r {
        Ok(Booked::Seat) => flash::success(&back, l.t("You have a seat. The invitation is on its way to your email.", "Tiene plaza. La invitación llegará a su correo.")),
        Ok(Booked::WaitList { position }) => flash::success(&back, &l.f("The session is full: you are number {0} on the wait-list. You will get the seat and an email when one frees up.", "La sesión está completa: es el número {0} de la lista de espera. Si se libera una plaza será suya y le avisaremos.", &[&position])),
        Err(Refusal::NotFound) => return Err(AppError::NotFound),
        Err(r) => flash::error(&back, &refusal(l, &r)),
    })
}

pub async fn withdraw(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(f): CsrfForm<crate::web::forms::Confirm>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let l = auth.ctx.lang;
    let back = crate::urls::training_session(acc.project.id, sid);
    if !f.confirmed()
        && let Some(page) = withdraw_step(&state, &auth.ctx, acc.project.id, sid, &auth.user).await?
    {
        return Ok(html(StatusCode::OK, page));
    }
    Ok(match booking::withdraw(&state, acc.project.id, sid, &auth.user, state.clock.now()).await? {
        Ok(was) if was == "waitlisted" => {
            flash::success(&back, l.t("You left the wait-list.", "Ha salido de la lista de espera."))
        }
        Ok(_) => flash::success(
            &back,
            l.t(
                "Your seat is released; the first person waiting gets it.",
                "Su plaza queda libre; pasa a la primera persona en espera.",
            ),
        ),
        Err(Refusal::NotFound) => return Err(AppError::NotFound),
        Err(r) => flash::error(&back, &refusal(l, &r)),
    })
}

/// The confirmation before a place is given up, saying who gets it; `None` when the withdrawal
/// would be refused anyway (no place, past the cut-off, session over), so the refusal is shown.
async fn withdraw_step(
    state: &AppState,
    ctx: &crate::web::Ctx,
    project_id: i32,
    sid: i32,
    u: &crate::entities::user::Model,
) -> AppResult<Option<maud::Markup>> {
    let Some(s) = store::get(&state.db, project_id, sid).await? else { return Ok(None) };
    let Some(b) = booking::find(&state.db, s.id, u.id).await?.filter(|b| b.status != "cancelled") else {
        return Ok(None);
    };
    let now = state.clock.now();
    if s.status != "scheduled" || now >= s.starts_at || (b.status == "booked" && now > booking::cutoff(&s)) {
        return Ok(None);
    }
    let l = ctx.lang;
    let (_, waiting) = store::seat_counts(&state.db, &[s.id]).await?.remove(&s.id).unwrap_or_default();
    let seat = b.status == "booked";
    let mut facts = Vec::new();
    if seat && waiting > 0 {
        facts.push(l.f(
            "Your seat goes at once to the first of the {0} people on the wait-list, who gets an email.",
            "Su plaza pasa en el acto a la primera de las {0} personas en lista de espera, que recibe un correo.",
            &[&waiting],
        ));
        facts.push(
            l.t(
                "If you change your mind, you can only join the end of the wait-list.",
                "Si cambia de opinión, solo podrá apuntarse al final de la lista de espera.",
            )
            .to_string(),
        );
    } else if seat {
        facts.push(
            l.t(
                "Your seat becomes free for anyone the session is meant for.",
                "Su plaza queda libre para cualquier persona a la que vaya dirigida la sesión.",
            )
            .to_string(),
        );
    } else {
        facts.push(
            l.t(
                "You lose your place in the queue; signing up again puts you at the end.",
                "Pierde su puesto en la cola; si se inscribe de nuevo, irá al final.",
            )
            .to_string(),
        );
    }
    let back = crate::urls::training_session(project_id, s.id);
    let (question, button) = if seat {
        (
            l.f("Release your seat in “{0}”?", "¿Liberar su plaza en «{0}»?", &[&s.title]),
            l.t("Release my seat", "Liberar mi plaza"),
        )
    } else {
        (
            l.f("Leave the wait-list of “{0}”?", "¿Salir de la lista de espera de «{0}»?", &[&s.title]),
            l.t("Leave the wait-list", "Salir de la lista de espera"),
        )
    };
    let body = crate::web::components::confirm_step(ctx, &question, &facts, &format!("{back}/withdraw"), &back, button);
    Ok(Some(crate::web::layout::page(ctx, l.t("Please confirm", "Confirme, por favor"), body)))
}

/// Attendance form: `a_<booking id>` = attended | partial | no_show | "" (not recorded).
pub async fn attendance(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let (acc, s) = runnable(&state, &auth, acc, sid).await?;
    let l = auth.ctx.lang;
    let back = crate::urls::training_session(acc.project.id, s.id);
    if s.status == "cancelled" {
        return Ok(flash::error(
            &back,
            l.t(
                "This session was cancelled; there is no attendance to take.",
                "Esta sesión se canceló; no hay asistencia que registrar.",
            ),
        ));
    }
    if state.clock.now() < s.starts_at {
        return Ok(flash::error(
            &back,
            l.t(
                "Attendance can be taken once the session has started.",
                "La asistencia se registra una vez empezada la sesión.",
            ),
        ));
    }
    let mut marks = Vec::new();
    for (k, v) in &form {
        let Some(bid) = k.strip_prefix("a_").and_then(|b| b.parse::<i32>().ok()) else { continue };
        match v.as_str() {
            "" => marks.push((bid, None)),
            a if super::ATTENDANCE.contains(&a) => marks.push((bid, Some(a.to_string()))),
            _ => {
                return Ok(flash::error(
                    &back,
                    l.t(
                        "Choose attended, partly attended or did not come.",
                        "Elija asistió, asistió en parte o no asistió.",
                    ),
                ));
            }
        }
    }
    let n = booking::mark_attendance(&state.db, s.id, &marks, state.clock.now()).await?;
    Ok(flash::success(&back, &l.f("Attendance saved for {0} people.", "Asistencia guardada para {0} personas.", &[&n])))
}

pub async fn message_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, sid) = path.into_inner();
    let (acc, s) = runnable(&state, &auth, acc, sid).await?;
    Ok(html(
        StatusCode::OK,
        session_view::message_page(&auth.ctx, &acc, &s, &MessageForm::default(), &FormErrors::new()),
    ))
}

/// Emails the people booked (and, if asked, those waiting), each in their language's frame.
pub async fn message(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let (acc, s) = runnable(&state, &auth, acc, sid).await?;
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    let subject = form.subject.trim();
    let body = form.body.trim();
    if subject.is_empty() || subject.chars().count() > 150 {
        e.add(
            "subject",
            l.t("Write a subject (150 characters at most).", "Escriba un asunto (150 caracteres como máximo)."),
        );
    }
    if body.is_empty() || body.chars().count() > 5000 {
        e.add(
            "body",
            l.t("Write the message (5000 characters at most).", "Escriba el mensaje (5000 caracteres como máximo)."),
        );
    }
    if !e.is_empty() {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, session_view::message_page(&auth.ctx, &acc, &s, &form, &e)));
    }
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let mut sent = 0;
    for (b, u) in booking::roster(&tx, s.id).await? {
        let wanted = b.status == "booked" || (b.status == "waitlisted" && form.include_waitlist == "1");
        if !wanted || u.disabled_at.is_some() {
            continue;
        }
        let ul = u.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
        let about = ul.f(
            "About the training session “{0}” ({1}), from {2}:",
            "Sobre la sesión de formación «{0}» ({1}), de {2}:",
            &[&s.title, &super::when(ul, &s), &auth.user.name],
        );
        let text = format!("{about}\n\n{body}\n");
        let html = maud::html! { p { (about) } @for para in body.split("\n\n") { p { (para) } } }.into_string();
        outbox::enqueue(&tx, Message { to: u.email, subject: subject.to_string(), text, html, attachment: None }, now)
            .await?;
        sent += 1;
    }
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::training_session(acc.project.id, s.id),
        &l.f("Message queued for {0} people.", "Mensaje en cola para {0} personas.", &[&sent]),
    ))
}

pub async fn export_csv(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, sid) = path.into_inner();
    let (_, s) = runnable(&state, &auth, acc, sid).await?;
    let mut w = csv::writer();
    w.write_record(["name", "email", "status", "signed_up_at", "attendance"]).map_err(csv::io)?;
    for (b, u) in booking::roster(&state.db, s.id).await? {
        w.write_record([
            csv::safe(&u.name),
            csv::safe(&u.email),
            b.status,
            b.signed_up_at.to_rfc3339(),
            b.attendance.unwrap_or_default(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("roster.csv", w)
}
