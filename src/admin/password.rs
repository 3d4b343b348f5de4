//! An administrator sets a new password for someone (who forgot it and has no access to their
//! mail, say): the policy applies, every session of the person ends, and they must choose their own
//! at the next sign-in (`users.must_change_password`). Audited.

use crate::auth::{password, store as auth_store};
use crate::entities::user;
use crate::error::{AppError, AppResult};
use crate::security::audit::{self, Event};
use crate::state::AppState;
use crate::web::components::{FieldAttrs, breadcrumbs, csrf_field, error_summary, field};
use crate::web::middleware::client_ip;
use crate::web::{Admin, CsrfForm, Ctx, FormErrors, Lang, flash, html, layout};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[derive(serde::Deserialize, Default)]
pub struct SetPasswordForm {
    #[serde(default)]
    pub password: String,
}

fn page_body(ctx: &Ctx, u: &user::Model, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.f("Set a new password for {0}", "Asignar una contraseña nueva a {0}", &[&u.name]);
    let back = crate::urls::admin_user(u.id);
    layout::page(
        ctx,
        &title,
        html! {
            (breadcrumbs(&[(l.t("Users", "Usuarios"), Some("/admin/users".into())), (&u.name, Some(back.clone())), (l.t("New password", "Contraseña nueva"), None)]))
            (super::views::admin_tabs(ctx))
            h1 { (title) }
            div.card {
                p { (l.t("Every session of the person ends now, and at the next sign-in they must replace this password with their own. Give it to them by a separate channel.",
                         "Todas las sesiones de la persona se cierran ahora y, al volver a entrar, deberá sustituir esta contraseña por la suya. Comuníquesela por otro canal.")) }
                (error_summary(l, e))
                form method="post" action={ (back) "/password" } novalidate {
                    (csrf_field(ctx))
                    (field("password", l.t("New password", "Contraseña nueva"), "password", "", e,
                        FieldAttrs::required().auto("new-password").hint(l.t("At least 12 characters.", "Al menos 12 caracteres."))))
                    div.actions {
                        button type="submit" { (l.t("Set the password", "Asignar la contraseña")) }
                        a href=(back) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}

async fn target(state: &AppState, id: i32) -> AppResult<user::Model> {
    let u = user::Entity::find_by_id(id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    // An erased account has no password to set.
    if u.anonymized_at.is_some() {
        return Err(AppError::NotFound);
    }
    Ok(u)
}

pub async fn page(Admin(auth): Admin, state: web::Data<AppState>, id: web::Path<i32>) -> AppResult<HttpResponse> {
    let u = target(&state, *id).await?;
    Ok(html(StatusCode::OK, page_body(&auth.ctx, &u, &FormErrors::new())))
}

pub async fn submit(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    req: HttpRequest,
    CsrfForm(form): CsrfForm<SetPasswordForm>,
) -> AppResult<HttpResponse> {
    let u = target(&state, *id).await?;
    let l = auth.ctx.lang;
    if let Err(r) = password::check_new(&form.password, &[&u.name, &u.email]) {
        let mut e = FormErrors::new();
        e.add("password", r.message(l == Lang::Es));
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page_body(&auth.ctx, &u, &e)));
    }
    let hash = password::hash(form.password).await?;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::MustChangePassword, Expr::value(true))
        .filter(user::Column::Id.eq(u.id))
        .exec(&tx)
        .await?;
    let ended = auth_store::end_all_sessions(&tx, u.id).await?;
    let ip = client_ip(&req);
    let e = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "user.password_set",
        target: Some(format!("user:{}", u.id)),
        detail: Some(format!("{ended} sessions ended; change required")),
        ..Default::default()
    };
    audit::record(&tx, e, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::admin_user(u.id),
        &l.f(
            "New password set for {0}, who was signed out and must choose their own at the next sign-in.",
            "Contraseña nueva asignada a {0}: se cerraron sus sesiones y deberá elegir la suya al volver a entrar.",
            &[&u.name],
        ),
    ))
}
