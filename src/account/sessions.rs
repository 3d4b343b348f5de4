//! The signed-in person's sessions (device, address, last seen) with a button to end any of them,
//! and the password change (asks for the current password; ends every other session).

use super::form::PasswordForm;
use crate::auth::{password, store};
use crate::entities::session;
use crate::error::{AppError, AppResult};
use crate::security::audit::{self, Event};
use crate::state::AppState;
use crate::web::components::{FieldAttrs, csrf_field, error_summary, field};
use crate::web::forms::Empty;
use crate::web::middleware::client_ip;
use crate::web::{Auth, CsrfForm, Ctx, FormErrors, flash, html, layout};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A short description of a browser from its User-Agent ("Firefox on Windows").
pub fn device(ua: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map_or("Browser", |(_, n)| *n);
    let os = [
        ("Windows", "Windows"),
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, n)| *n);
    match os {
        Some(os) => format!("{browser} · {os}"),
        None => browser.to_string(),
    }
}

fn sessions_body(ctx: &Ctx, rows: &[session::Model], current: i32) -> Markup {
    let l = ctx.lang;
    let title = l.t("Your sessions", "Sus sesiones");
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            p.lead { (l.t("Where you are signed in. End a session you do not recognise, then change your password.",
                          "Dónde tiene la sesión iniciada. Cierre la que no reconozca y cambie su contraseña.")) }
            table {
                thead { tr {
                    th scope="col" { (l.t("Device", "Dispositivo")) }
                    th scope="col" { (l.t("Address", "Dirección")) }
                    th scope="col" { (l.t("Signed in", "Inicio")) }
                    th scope="col" { (l.t("Last seen", "Última actividad")) }
                    th scope="col" { span.sr-only { (l.t("Actions", "Acciones")) } }
                } }
                tbody { @for s in rows { tr {
                    td { (device(s.user_agent.as_deref().unwrap_or(""))) @if s.id == current { " " span.badge.ok { (l.t("this one", "esta")) } } }
                    td { (s.ip.as_deref().unwrap_or("—")) }
                    td { (l.datetime(s.created_at)) }
                    td { (l.datetime(s.last_seen_at)) }
                    td { @if s.id != current {
                        form method="post" action={ "/account/sessions/" (s.id) "/end" } {
                            (csrf_field(ctx))
                            button.secondary type="submit" { (l.t("End", "Cerrar")) }
                        }
                    } }
                } } }
            }
            @if rows.len() > 1 {
                form method="post" action="/account/sessions/end-others" {
                    (csrf_field(ctx))
                    button.secondary type="submit" { (l.t("End all other sessions", "Cerrar todas las demás sesiones")) }
                }
            }
            p { a href="/account/password" { (l.t("Change your password", "Cambiar la contraseña")) } }
        },
    )
}

fn current_session(auth: &Auth) -> i32 {
    auth.ctx.viewer.as_ref().map_or(0, |v| v.session_id)
}

pub async fn list(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(auth.user.id))
        .filter(session::Column::ExpiresAt.gt(state.clock.now()))
        .filter(
            session::Column::LastSeenAt
                .gt(state.clock.now() - chrono::Duration::minutes(state.settings.session_idle_minutes)),
        )
        .order_by_desc(session::Column::LastSeenAt)
        .all(&state.db)
        .await?;
    Ok(html(StatusCode::OK, sessions_body(&auth.ctx, &rows, current_session(&auth))))
}

pub async fn end(
    auth: Auth,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    req: HttpRequest,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let sid = path.into_inner();
    // Only one's own sessions: another person's id is "not found".
    let n = session::Entity::delete_many()
        .filter(session::Column::Id.eq(sid))
        .filter(session::Column::UserId.eq(auth.user.id))
        .exec(&state.db)
        .await?
        .rows_affected;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    let ip = client_ip(&req);
    let e = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "session.ended",
        target: Some(format!("session:{sid}")),
        ..Default::default()
    };
    audit::record(&state.db, e, state.clock.now()).await?;
    Ok(flash::success("/account/sessions", auth.ctx.t("The session was ended.", "Se cerró la sesión.")))
}

pub async fn end_others(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let n = store::end_other_sessions(&state.db, auth.user.id, current_session(&auth)).await?;
    let ip = client_ip(&req);
    let e = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "session.ended_others",
        detail: Some(format!("{n} sessions")),
        ..Default::default()
    };
    audit::record(&state.db, e, state.clock.now()).await?;
    let l = auth.ctx.lang;
    Ok(flash::success(
        "/account/sessions",
        &l.f("{0} other session(s) ended.", "Se cerraron {0} sesión(es) más.", &[&n]),
    ))
}

fn password_body(ctx: &Ctx, e: &FormErrors, required: bool) -> Markup {
    let l = ctx.lang;
    let title = l.t("Change your password", "Cambiar la contraseña");
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            @if required {
                div.flash.flash-error role="status" { (l.t("Your administrator set this password for you. Choose your own to continue.", "Su administrador le asignó esta contraseña. Elija la suya para continuar.")) }
            }
            (error_summary(l, e))
            form.card method="post" action="/account/password" novalidate {
                (csrf_field(ctx))
                (field("current", l.t("Current password", "Contraseña actual"), "password", "", e, FieldAttrs::required().auto("current-password")))
                (field("new_password", l.t("New password", "Nueva contraseña"), "password", "", e, FieldAttrs::required().auto("new-password").hint(l.t("At least 12 characters. A few unrelated words make a strong, memorable passphrase.", "Al menos 12 caracteres. Unas cuantas palabras sin relación forman una frase segura y fácil de recordar."))))
                (field("confirm", l.t("Repeat the new password", "Repita la nueva contraseña"), "password", "", e, FieldAttrs::required().auto("new-password")))
                p.muted { (l.t("Your other sessions end when the password changes.", "Sus demás sesiones se cierran al cambiar la contraseña.")) }
                button type="submit" { (l.t("Change password", "Cambiar contraseña")) }
            }
        },
    )
}

pub async fn password_page(auth: Auth) -> HttpResponse {
    html(StatusCode::OK, password_body(&auth.ctx, &FormErrors::new(), auth.user.must_change_password))
}

pub async fn password_submit(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    if !password::verify(form.current.clone(), Some(auth.user.password_hash.clone())).await? {
        e.add("current", l.t("The current password is not correct.", "La contraseña actual no es correcta."));
    }
    if let Err(r) = password::check_new(&form.new_password, &[&auth.user.email, &auth.user.name]) {
        e.add("new_password", r.message(l == crate::web::Lang::Es));
    } else if form.new_password == form.current {
        e.add(
            "new_password",
            l.t("Choose a password different from the current one.", "Elija una contraseña distinta de la actual."),
        );
    } else if form.new_password != form.confirm {
        e.add("confirm", l.t("The two new passwords differ.", "Las dos contraseñas nuevas no coinciden."));
    }
    if !e.is_empty() {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            password_body(&auth.ctx, &e, auth.user.must_change_password),
        ));
    }
    let hash = password::hash(form.new_password).await?;
    let tx = crate::db::begin_write(&state.db).await?;
    store::set_password(&tx, auth.user.id, &hash).await?;
    let ended = store::end_other_sessions(&tx, auth.user.id, current_session(&auth)).await?;
    let ip = client_ip(&req);
    let ev = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "auth.password_changed",
        detail: Some(format!("{ended} other sessions ended")),
        ..Default::default()
    };
    audit::record(&tx, ev, state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        "/account",
        l.t(
            "Your password was changed and your other sessions were ended.",
            "Se cambió su contraseña y se cerraron sus demás sesiones.",
        ),
    ))
}
