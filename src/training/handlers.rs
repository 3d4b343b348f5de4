//! Session handlers: list, create (also as a copy), show, edit with a version check, cancel,
//! CSV and .ics downloads. Trainers run their own sessions; PMs and admins run every session.

use super::booking;
use super::form::{Allowed, ListParams, NewParams, SessionForm, SessionInput};
use super::{store, views};
use crate::entities::training_session;
use crate::error::{AppError, AppResult};
use crate::projects::access::{Access, Role};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use std::collections::HashMap;

/// Trainers and PMs (and admins) may schedule sessions.
pub fn can_schedule(acc: &Access) -> bool {
    acc.can_manage() || acc.role == Role::Trainer
}

/// The session's own trainer, or a PM/admin.
pub fn can_run(acc: &Access, s: &training_session::Model, user_id: i32) -> bool {
    acc.can_manage() || (acc.role == Role::Trainer && s.trainer_id == Some(user_id))
}

pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(p.page);
    let audience =
        if p.for_me == "1" { store::audience_of(&state.db, acc.project.id, auth.user.id).await? } else { None };
    let filter = store::Filter {
        search: &p.q,
        module: &p.module,
        when: &p.when,
        now: state.clock.now(),
        for_audience: audience,
    };
    let (rows, total) = store::list(&state.db, acc.project.id, &filter, page, per_page).await?;
    let ids: Vec<i32> = rows.iter().map(|s| s.id).collect();
    let seats = store::seat_counts(&state.db, &ids).await?;
    let mine = store::my_bookings(&state.db, auth.user.id, &ids).await?;
    let view = views::ListView {
        params: &p,
        page,
        pages: total.div_ceil(per_page),
        total,
        rows: &rows,
        seats: &seats,
        mine: &mine,
    };
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, can_schedule(&acc), &view)))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = store::all(&state.db, acc.project.id).await?;
    let ids: Vec<i32> = rows.iter().map(|s| s.id).collect();
    let seats = store::seat_counts(&state.db, &ids).await?;
    let trainers = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|s| s.trainer_id)).await?;
    let mut w = csv::writer();
    w.write_record([
        "id",
        "title",
        "module",
        "kind",
        "mode",
        "starts_local",
        "ends_local",
        "time_zone",
        "starts_utc",
        "place",
        "meeting_url",
        "capacity",
        "booked",
        "waitlisted",
        "status",
        "trainer",
    ])
    .map_err(csv::io)?;
    for s in rows {
        let (booked, waiting) = seats.get(&s.id).copied().unwrap_or_default();
        w.write_record([
            s.id.to_string(),
            csv::safe(&s.title),
            s.module.clone(),
            s.kind.clone(),
            s.mode.clone(),
            super::local(s.starts_at, &s.tz).format("%Y-%m-%d %H:%M").to_string(),
            super::local(s.ends_at, &s.tz).format("%Y-%m-%d %H:%M").to_string(),
            s.tz.clone(),
            s.starts_at.to_rfc3339(),
            csv::safe(s.place.as_deref().unwrap_or("")),
            csv::safe(s.meeting_url.as_deref().unwrap_or("")),
            s.capacity.to_string(),
            booked.to_string(),
            waiting.to_string(),
            s.status.clone(),
            csv::safe(s.trainer_id.and_then(|t| trainers.get(&t)).map(String::as_str).unwrap_or("")),
        ])
        .map_err(csv::io)?;
    }
    csv::response("training-sessions.csv", w)
}

pub(super) async fn form_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    existing: Option<&training_session::Model>,
    form: &SessionForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let departments = crate::projects::org::departments(&state.db, acc.project.id).await?;
    let trainers = store::trainer_choices(&state.db, acc.project.id).await?;
    let v = views::FormView {
        existing,
        form,
        errors,
        departments: &departments,
        trainers: &trainers,
        can_assign: acc.can_manage(),
    };
    Ok(html(status, views::form_page(&auth.ctx, acc, &v)))
}

/// The form for an existing session, in its own time zone.
fn form_of(s: &training_session::Model, departments: Vec<i32>) -> SessionForm {
    let fmt = |t| super::local(t, &s.tz).format("%Y-%m-%dT%H:%M").to_string();
    SessionForm {
        title: s.title.clone(),
        module: s.module.clone(),
        kind: s.kind.clone(),
        mode: s.mode.clone(),
        roles: s.audience_roles.split(',').filter(|r| !r.is_empty()).map(str::to_string).collect(),
        departments,
        starts_at: fmt(s.starts_at),
        ends_at: fmt(s.ends_at),
        tz: s.tz.clone(),
        place: s.place.clone().unwrap_or_default(),
        meeting_url: s.meeting_url.clone().unwrap_or_default(),
        capacity: s.capacity.to_string(),
        cancel_cutoff_hours: s.cancel_cutoff_hours.to_string(),
        materials: s.materials.clone().unwrap_or_default(),
        prerequisites: s.prerequisites.clone().unwrap_or_default(),
        trainer_id: s.trainer_id.map(|t| t.to_string()).unwrap_or_default(),
        version: s.version.to_string(),
    }
}

/// A blank form, or a copy of another session one week later (`?from=`).
pub async fn new_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<NewParams>,
) -> AppResult<HttpResponse> {
    if !can_schedule(&acc) {
        return Err(AppError::Forbidden);
    }
    let form = match q.from {
        Some(sid) => {
            let mut s = store::get(&state.db, acc.project.id, sid).await?.ok_or(AppError::NotFound)?;
            let departments = store::audiences(&state.db, &[s.id]).await?.remove(&s.id).unwrap_or_default();
            s.starts_at += chrono::Duration::days(7);
            s.ends_at += chrono::Duration::days(7);
            let mut f = form_of(&s, departments);
            f.version = String::new();
            f
        }
        None => {
            let start = (state.clock.now() + chrono::Duration::days(7)).date_naive();
            SessionForm {
                module: "general".into(),
                kind: "regular".into(),
                mode: "in_person".into(),
                starts_at: format!("{start}T09:00"),
                ends_at: format!("{start}T12:00"),
                tz: "Europe/Madrid".into(),
                capacity: "12".into(),
                cancel_cutoff_hours: "24".into(),
                trainer_id: auth.user.id.to_string(),
                ..Default::default()
            }
        }
    };
    form_page(&state, &auth, &acc, None, &form, &FormErrors::new(), StatusCode::OK).await
}

pub(super) async fn validate(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    form: &SessionForm,
) -> AppResult<Result<SessionInput, FormErrors>> {
    let departments: Vec<i32> =
        crate::projects::org::departments(&state.db, acc.project.id).await?.iter().map(|d| d.0).collect();
    let trainers: Vec<i32> = store::trainer_choices(&state.db, acc.project.id).await?.iter().map(|t| t.0).collect();
    let mut r = form.validate(auth.ctx.lang, &Allowed { departments: &departments, trainers: &trainers });
    if let Ok(input) = &mut r
        && !acc.can_manage()
    {
        // A trainer schedules their own sessions; the PM decides who runs what.
        input.trainer_id = Some(auth.user.id);
    }
    Ok(r)
}

pub async fn create(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(raw): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    if !can_schedule(&acc) {
        return Err(AppError::Forbidden);
    }
    let form = SessionForm::from_map(&raw);
    let l = auth.ctx.lang;
    let mut input = validate(&state, &auth, &acc, &form).await?;
    if let Ok(i) = &input
        && i.starts_at <= state.clock.now()
    {
        let mut e = FormErrors::new();
        e.add(
            "starts_at",
            l.t("A new session must start in the future.", "Una sesión nueva debe empezar en el futuro."),
        );
        input = Err(e);
    }
    let input = match input {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let s = store::create(&tx, acc.project.id, &input, state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::training_session(acc.project.id, s.id),
        l.t(
            "Session scheduled. People it is meant for can sign up now.",
            "Sesión programada. Las personas a las que va dirigida ya pueden inscribirse.",
        ),
    ))
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let s = store::get(&state.db, acc.project.id, sid).await?.ok_or(AppError::NotFound)?;
    let runs = can_run(&acc, &s, auth.user.id);
    let roster = if runs { booking::roster(&state.db, s.id).await? } else { Vec::new() };
    let mine = booking::find(&state.db, s.id, auth.user.id).await?.filter(|b| b.status != "cancelled");
    let seats = store::seat_counts(&state.db, &[s.id]).await?.remove(&s.id).unwrap_or_default();
    let departments = store::audiences(&state.db, &[s.id]).await?.remove(&s.id).unwrap_or_default();
    let names: HashMap<i32, String> =
        crate::projects::org::departments(&state.db, acc.project.id).await?.into_iter().collect();
    let audience = store::audience_of(&state.db, acc.project.id, auth.user.id).await?;
    let meant_for_me = audience.as_ref().is_some_and(|a| store::is_for(&s, &departments, a));
    let trainer = crate::needs::store::owner_names(&state.db, s.trainer_id.into_iter()).await?;
    let resources = super::resources::for_module(&state.db, acc.project.id, &s.module).await?;
    let v = super::session_view::ShowView {
        s: &s,
        runs,
        roster: &roster,
        mine: mine.as_ref(),
        seats,
        departments: departments.iter().filter_map(|d| names.get(d).cloned()).collect(),
        meant_for_me,
        is_member: audience.is_some(),
        trainer: s.trainer_id.and_then(|t| trainer.get(&t).cloned()),
        resources: &resources,
        now: state.clock.now(),
    };
    Ok(html(StatusCode::OK, super::session_view::show(&auth.ctx, &acc, &v)))
}

pub(super) async fn runnable(
    state: &AppState,
    auth: &Auth,
    acc: Access,
    sid: i32,
) -> AppResult<(Access, training_session::Model)> {
    let s = store::get(&state.db, acc.project.id, sid).await?.ok_or(AppError::NotFound)?;
    if !can_run(&acc, &s, auth.user.id) {
        return Err(AppError::Forbidden);
    }
    Ok((acc, s))
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let (acc, s) = runnable(&state, &auth, acc, sid).await?;
    let departments = store::audiences(&state.db, &[s.id]).await?.remove(&s.id).unwrap_or_default();
    form_page(&state, &auth, &acc, Some(&s), &form_of(&s, departments), &FormErrors::new(), StatusCode::OK).await
}

/// The session as an .ics file for members.
pub async fn ics(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, sid) = path.into_inner();
    let s = store::get(&state.db, acc.project.id, sid).await?.ok_or(AppError::NotFound)?;
    let mut cal = icalendar::Calendar::new();
    cal.push(super::ical::event(auth.ctx.lang, &s, &state.settings.host(), &acc.project.name, false));
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"session.ics\""))
        .body(cal.done().to_string()))
}
