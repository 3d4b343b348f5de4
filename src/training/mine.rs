//! "My training": what a person is booked on or waiting for, the sessions meant for their role
//! and department that they have not booked yet, what they completed, and where to keep learning.

use super::store::{self, Audience};
use super::{attendance_label, booking_label, module_label, when};
use crate::entities::{training_booking, training_session};
use crate::error::AppResult;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::badge;
use crate::web::nav::crumbs;
use crate::web::{html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let bookings: Vec<training_booking::Model> = training_booking::Entity::find()
        .filter(training_booking::Column::UserId.eq(auth.user.id))
        .filter(training_booking::Column::Status.ne("cancelled"))
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = bookings.iter().map(|b| b.session_id).collect();
    let sessions: Vec<training_session::Model> = training_session::Entity::find()
        .filter(training_session::Column::ProjectId.eq(acc.project.id))
        .filter(training_session::Column::Id.is_in(ids.clone()))
        .order_by_asc(training_session::Column::StartsAt)
        .all(&state.db)
        .await?;
    let booking_of = |sid: i32| bookings.iter().find(|b| b.session_id == sid);
    let (upcoming, past): (Vec<_>, Vec<_>) = sessions.iter().partition(|s| s.ends_at >= now);
    let audience = store::audience_of(&state.db, acc.project.id, auth.user.id)
        .await?
        .unwrap_or(Audience { role: "employee".into(), department: None });
    let offered: Vec<training_session::Model> = training_session::Entity::find()
        .filter(training_session::Column::ProjectId.eq(acc.project.id))
        .filter(training_session::Column::Status.eq("scheduled"))
        .filter(training_session::Column::StartsAt.gt(now))
        .filter(training_session::Column::Id.is_not_in(ids))
        .filter(store::meant_for(&audience))
        .order_by_asc(training_session::Column::StartsAt)
        .limit(20)
        .all(&state.db)
        .await?;
    let resources = super::resources::all(&state.db, acc.project.id).await?;
    let l = auth.ctx.lang;
    let p = &acc.project;
    let title = l.t("My training", "Mi formación");
    let link = |s: &training_session::Model| crate::urls::training_session(p.id, s.id);
    let body = html! {
        (crumbs(&auth.ctx, p, &[(l.t("Training", "Formación"), Some(crate::urls::training(p.id))), (title, None)]))
        h1 { (title) }
        div.actions {
            a.button.secondary href=(crate::urls::training(p.id)) { (l.t("All sessions", "Todas las sesiones")) }
            a.button.secondary href="/account#notifications" { (l.t("Add my sessions to my calendar", "Añadir mis sesiones a mi calendario")) }
        }
        h2 { (l.t("Coming up", "Próximas")) }
        @if upcoming.is_empty() {
            div.empty { p { (l.t("You are not booked on any session yet. Pick one of those meant for you below.", "Aún no está inscrito en ninguna sesión. Elija abajo una de las que van dirigidas a usted.")) } }
        } @else {
            ul.cards { @for s in &upcoming { li.card {
                a href=(link(s)) { strong { (s.title) } } br;
                (when(l, s)) " · " (module_label(l, &s.module)) " "
                @if s.status == "cancelled" { (badge(l.t("cancelled", "cancelada"), "bad")) }
                // Attendance, once the trainer records it (during a session that has not ended yet), says more than the booking.
                @else if let Some(a) = booking_of(s.id).and_then(|b| b.attendance.as_deref()) { (badge(attendance_label(l, a), match a { "attended" => "ok", "partial" => "warn", _ => "bad" })) }
                @else if let Some(b) = booking_of(s.id) { (badge(booking_label(l, &b.status), if b.status == "booked" { "ok" } else { "warn" })) }
            } } }
        }
        h2 { (l.t("Meant for you", "Dirigidas a usted")) }
        @if offered.is_empty() {
            div.empty { p { (l.t("No other upcoming sessions are meant for your role and department right now.", "Ahora mismo no hay otras sesiones próximas dirigidas a su rol y departamento.")) } }
        } @else {
            table {
                thead { tr { th scope="col" { (l.t("Session", "Sesión")) } th scope="col" { (l.t("When", "Cuándo")) } th scope="col" { (l.t("Module", "Módulo")) } } }
                tbody { @for s in &offered { tr { td { a href=(link(s)) { (s.title) } } td { (when(l, s)) } td { (module_label(l, &s.module)) } } } }
            }
        }
        h2 { (l.t("Completed", "Completadas")) }
        @if past.is_empty() {
            p.muted { (l.t("Nothing yet.", "Nada todavía.")) }
        } @else {
            table {
                thead { tr { th scope="col" { (l.t("Session", "Sesión")) } th scope="col" { (l.t("When", "Cuándo")) } th scope="col" { (l.t("Attendance", "Asistencia")) } } }
                tbody { @for s in &past { tr {
                    td { a href=(link(s)) { (s.title) } }
                    td { (when(l, s)) }
                    td { (attendance_label(l, booking_of(s.id).and_then(|b| b.attendance.as_deref()).unwrap_or(""))) }
                } } }
            }
        }
        h2 { (l.t("Keep learning", "Siga aprendiendo")) }
        @if resources.is_empty() {
            p.muted { (l.t("The trainers have not published resources yet.", "Los formadores aún no han publicado recursos.")) }
        } @else {
            (super::resources_views::resource_list(&resources, l))
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
