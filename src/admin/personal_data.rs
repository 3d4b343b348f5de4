//! Personal data (GDPR; guide FAQ 10): an administrator exports everything held about a person as
//! JSON, ends all their sessions, or erases them — the account is anonymized in place ("Deleted
//! user 12", an address that cannot receive mail, no password, no second factor, no sessions,
//! feeds or preferences) so that milestones, bookings, scores and the audit log stay consistent.
//! Named feedback becomes anonymous. A lost second factor is reset here too. Each of these is in
//! the audit log.

use crate::crypto::keys::AAD_FEEDBACK;
use crate::entities::{
    audit_log, calendar_feed, cutover_task, defect, digest_log, evaluator, feedback, go_no_go_decision, membership,
    mfa_challenge, migration_object, milestone, notification_optout, raci, recovery_code, requirement, session,
    support_message, support_ticket, survey_participation, test_run, test_step_result, training_booking,
    training_session, user,
};
use crate::error::{AppError, AppResult};
use crate::security::audit::{self, Event};
use crate::state::AppState;
use crate::web::components::confirm;
use crate::web::forms::Empty;
use crate::web::middleware::client_ip;
use crate::web::{Admin, CsrfForm, flash, html, layout};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::{Value, json};

async fn rows<E: EntityTrait>(db: &impl ConnectionTrait, q: sea_orm::Select<E>) -> Result<Value, DbErr> {
    Ok(Value::Array(q.into_json().all(db).await?))
}

/// Everything held about the person, by table.
pub async fn export(state: &AppState, id: i32) -> AppResult<Value> {
    let db = &state.db;
    let u = user::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let mut fb = Vec::new();
    for f in feedback::Entity::find().filter(feedback::Column::AuthorId.eq(id)).all(db).await? {
        let body = state.keys.decrypt_str(&f.body, AAD_FEEDBACK).unwrap_or_default();
        fb.push(json!({
            "id": f.id, "project_id": f.project_id, "category": f.category, "module": f.module, "rating": f.rating,
            "body": body, "status": f.status, "reply": f.reply, "created_at": f.created_at,
        }));
    }
    Ok(json!({
        "exported_at": state.clock.now(),
        "user": {
            "id": u.id, "email": u.email, "name": u.name, "role": u.role, "locale": u.locale,
            "created_at": u.created_at, "disabled_at": u.disabled_at,
            "second_factor_since": u.totp_enabled_at, "anonymized_at": u.anonymized_at,
        },
        "memberships": rows(db, membership::Entity::find().filter(membership::Column::UserId.eq(id))).await?,
        "sessions": rows(db, session::Entity::find().filter(session::Column::UserId.eq(id))).await?,
        "named_feedback": fb,
        "support_tickets_reported": rows(db, support_ticket::Entity::find().filter(support_ticket::Column::ReporterId.eq(id))).await?,
        "support_messages_written": rows(db, support_message::Entity::find().filter(support_message::Column::AuthorId.eq(id))).await?,
        "test_runs_assigned": rows(db, test_run::Entity::find().filter(test_run::Column::TesterId.eq(id))).await?,
        "test_steps_recorded": rows(db, test_step_result::Entity::find().filter(test_step_result::Column::RecordedBy.eq(id))).await?,
        "defects_reported": rows(db, defect::Entity::find().filter(defect::Column::CreatedBy.eq(id))).await?,
        "defects_assigned": rows(db, defect::Entity::find().filter(defect::Column::AssigneeId.eq(id))).await?,
        "cutover_tasks_owned": rows(db, cutover_task::Entity::find().filter(cutover_task::Column::OwnerId.eq(id))).await?,
        "go_no_go_decisions": rows(db, go_no_go_decision::Entity::find().filter(go_no_go_decision::Column::DecidedBy.eq(id))).await?,
        "survey_waves_answered": rows(db, survey_participation::Entity::find().filter(survey_participation::Column::UserId.eq(id))).await?,
        "training_bookings": rows(db, training_booking::Entity::find().filter(training_booking::Column::UserId.eq(id))).await?,
        "training_sessions_given": rows(db, training_session::Entity::find().filter(training_session::Column::TrainerId.eq(id))).await?,
        "milestones_owned": rows(db, milestone::Entity::find().filter(milestone::Column::OwnerId.eq(id))).await?,
        "requirements_owned": rows(db, requirement::Entity::find().filter(requirement::Column::OwnerId.eq(id))).await?,
        "migration_objects_owned": rows(db, migration_object::Entity::find().filter(migration_object::Column::OwnerId.eq(id))).await?,
        "evaluator_of": rows(db, evaluator::Entity::find().filter(evaluator::Column::UserId.eq(id))).await?,
        "raci": rows(db, raci::Entity::find().filter(raci::Column::UserId.eq(id))).await?,
        "notification_optouts": rows(db, notification_optout::Entity::find().filter(notification_optout::Column::UserId.eq(id))).await?,
        "weekly_digests": rows(db, digest_log::Entity::find().filter(digest_log::Column::UserId.eq(id))).await?,
        "audit_log": rows(db, audit_log::Entity::find().filter(audit_log::Column::ActorId.eq(id))).await?,
    }))
}

pub async fn export_json(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let data = export(&state, id).await?;
    let ip = client_ip(&req);
    let e = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "gdpr.exported",
        target: Some(format!("user:{id}")),
        ..Default::default()
    };
    audit::record(&state.db, e, state.clock.now()).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(|e| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"personal-data-user-{id}.json\"")))
        .body(body))
}

pub async fn end_sessions(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    user::Entity::find_by_id(id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let n = crate::auth::store::end_all_sessions(&state.db, id).await?;
    let ip = client_ip(&req);
    let e = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "session.ended_by_admin",
        target: Some(format!("user:{id}")),
        detail: Some(format!("{n} sessions")),
        ..Default::default()
    };
    audit::record(&state.db, e, state.clock.now()).await?;
    let l = auth.ctx.lang;
    Ok(flash::success(&crate::urls::admin_user(id), &l.f("{0} session(s) ended.", "{0} sesión(es) cerrada(s).", &[&n])))
}

pub async fn anonymize_page(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let u = user::Entity::find_by_id(*id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let l = auth.ctx.lang;
    let q = l.f("Erase {0}'s personal data?", "¿Borrar los datos personales de {0}?", &[&u.name]);
    let body = confirm(
        &auth.ctx,
        &q,
        l.t("The name and e-mail are replaced, the password, second factor, sessions, calendar feed and preferences are removed, and their named feedback becomes anonymous. Their milestones, bookings and scores stay, under “Deleted user”. This cannot be undone; export the data first if the person asked for it.",
            "Se sustituyen el nombre y el correo, se eliminan la contraseña, el segundo factor, las sesiones, el calendario y las preferencias, y sus opiniones firmadas pasan a ser anónimas. Sus hitos, inscripciones y puntuaciones se conservan, como «Persona eliminada». No se puede deshacer; exporte antes los datos si la persona los pidió."),
        &format!("/admin/users/{}/anonymize", u.id),
        &crate::urls::admin_user(u.id),
    );
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, &q, body)))
}

pub async fn anonymize(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let l = auth.ctx.lang;
    if id == auth.user.id {
        return Ok(flash::error(
            &crate::urls::admin_user(id),
            l.t("You cannot erase your own account.", "No puede borrar su propia cuenta."),
        ));
    }
    user::Entity::find_by_id(id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let name = format!("Deleted user {id}");
    let email = format!("deleted-{id}@invalid.invalid");
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(name.clone()))
        .col_expr(user::Column::Email, Expr::value(email.clone()))
        .col_expr(user::Column::SearchText, Expr::value(crate::text::person_search(&name, &email)))
        // Not an argon2 hash: no password verifies against it.
        .col_expr(user::Column::PasswordHash, Expr::value("!erased"))
        .col_expr(user::Column::Locale, Expr::value(Option::<String>::None))
        .col_expr(user::Column::TotpSecret, Expr::value(Option::<String>::None))
        .col_expr(user::Column::TotpEnabledAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .col_expr(user::Column::TotpLastStep, Expr::value(Option::<i64>::None))
        .col_expr(user::Column::DisabledAt, Expr::value(now))
        .col_expr(user::Column::AnonymizedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .exec(&tx)
        .await?;
    session::Entity::delete_many().filter(session::Column::UserId.eq(id)).exec(&tx).await?;
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(id)).exec(&tx).await?;
    mfa_challenge::Entity::delete_many().filter(mfa_challenge::Column::UserId.eq(id)).exec(&tx).await?;
    calendar_feed::Entity::delete_many().filter(calendar_feed::Column::UserId.eq(id)).exec(&tx).await?;
    notification_optout::Entity::delete_many().filter(notification_optout::Column::UserId.eq(id)).exec(&tx).await?;
    feedback::Entity::update_many()
        .col_expr(feedback::Column::AuthorId, Expr::value(Option::<i32>::None))
        .filter(feedback::Column::AuthorId.eq(id))
        .exec(&tx)
        .await?;
    let ip = client_ip(&req);
    let e = Event {
        actor: Some(auth.user.id),
        ip: ip.as_deref(),
        action: "gdpr.erased",
        target: Some(format!("user:{id}")),
        ..Default::default()
    };
    audit::record(&tx, e, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::admin_user(id),
        l.t(
            "Personal data erased; the records stay under “Deleted user”.",
            "Datos personales borrados; los registros se conservan como «Persona eliminada».",
        ),
    ))
}

pub async fn admin_reset(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i32>,
    _f: CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    user::Entity::find_by_id(id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    crate::security::second_factor::clear(&tx, id).await?;
    // Whoever holds the lost phone must not stay signed in.
    crate::auth::store::end_all_sessions(&tx, id).await?;
    audit::about_user(&tx, &req, Some(auth.user.id), "mfa.reset_by_admin", id, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::admin_user(id),
        auth.ctx.t("Second factor removed and sessions ended; the person sets it up again at the next sign-in.", "Segundo factor eliminado y sesiones cerradas; la persona lo configurará de nuevo en el próximo inicio de sesión."),
    ))
}
