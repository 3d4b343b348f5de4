//! Admin handlers for users and memberships.

use super::form::{MembershipForm, ShowQuery, UserForm};
use super::{store, views};
use crate::auth::{form::validate_person, password, store as auth_store};
use crate::email;
use crate::error::{AppError, AppResult};
use crate::projects::{access::MEMBER_ROLES, store as project_store};
use crate::state::AppState;
use crate::web::forms::ListParams;
use crate::web::{Admin, CsrfForm, FormErrors, Lang, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};

pub async fn list(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    p: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(p.page);
    let q = store::UserQuery { search: &p.q, sort: &p.sort, desc: p.dir == "desc", page, per_page };
    let (rows, total) = store::list(&state.db, &q).await?;
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &p, page, per_page, &rows, total)))
}

pub async fn export_csv(Admin(_auth): Admin, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = store::all(&state.db).await?;
    let mut w = csv::writer();
    let io = csv::io;
    w.write_record(["id", "name", "email", "role", "language", "disabled", "created_at"]).map_err(io)?;
    for u in rows {
        w.write_record([
            u.id.to_string(),
            csv::safe(&u.name),
            csv::safe(&u.email),
            u.role,
            u.locale.unwrap_or_default(),
            u.disabled_at.is_some().to_string(),
            u.created_at.to_rfc3339(),
        ])
        .map_err(io)?;
    }
    csv::response("users.csv", w)
}

pub async fn new_page(Admin(auth): Admin) -> HttpResponse {
    let form = UserForm { role: "employee".into(), locale: auth.ctx.lang.code().into(), ..Default::default() };
    html(StatusCode::OK, views::new_user(&auth.ctx, &form, &FormErrors::new()))
}

pub async fn create(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<UserForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut errors = validate_person(l, &form.name, &form.email, Some(&form.password));
    if !auth_store::ROLES.contains(&form.role.as_str()) {
        errors.add("role", l.t("Choose a role.", "Elija un rol."));
    }
    let locale = Lang::from_code(&form.locale);
    if locale.is_none() {
        errors.add("locale", l.t("Choose a language.", "Elija un idioma."));
    }
    if errors.is_empty() && auth_store::find_by_email(&state.db, &form.email).await?.is_some() {
        errors.add("email", l.t("A user with this email already exists.", "Ya existe un usuario con este correo."));
    }
    let Some(locale) = locale.filter(|_| errors.is_empty()) else {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::new_user(&auth.ctx, &form, &errors)));
    };
    // Hash before the transaction: no slow work while holding the write lock.
    let hash = password::hash(form.password.clone()).await?;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let new = auth_store::NewUser {
        email: &form.email,
        name: &form.name,
        password_hash: hash,
        role: &form.role,
        locale: Some(locale.code()),
    };
    let user = match auth_store::insert_user(&tx, new, now).await {
        Ok(u) => u,
        // Two admins creating the same person at once: the unique index decides.
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            tx.rollback().await?;
            let mut errors = FormErrors::new();
            errors.add("email", l.t("A user with this email already exists.", "Ya existe un usuario con este correo."));
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::new_user(&auth.ctx, &form, &errors)));
        }
        Err(e) => return Err(e.into()),
    };
    // The administrator chose this password: the person replaces it at the first sign-in.
    auth_store::require_password_change(&tx, user.id).await?;
    email::messages::send_welcome(&tx, &state.settings, &user, locale, now).await?;
    audit(&tx, &auth, "user.created", user.id, Some(format!("role {}", user.role)), now).await?;
    tx.commit().await?;
    tracing::info!(user_id = user.id, "user created");
    Ok(flash::success(
        &crate::urls::admin_user(user.id),
        &l.f(
            "{0} can now sign in; a welcome email is on its way.",
            "{0} ya puede iniciar sesión; se le ha enviado un correo de bienvenida.",
            &[&user.name],
        ),
    ))
}

pub async fn show(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    q: web::Query<ShowQuery>,
) -> AppResult<HttpResponse> {
    use sea_orm::EntityTrait;
    let user = crate::entities::user::Entity::find_by_id(*id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let memberships = store::memberships(&state.db, user.id).await?;
    let picker = store::project_picker(&state.db, &q.project_q).await?;
    let form = MembershipForm { project_q: q.project_q.clone(), ..Default::default() };
    Ok(html(StatusCode::OK, views::show(&auth.ctx, &user, &memberships, &picker, &form, &FormErrors::new())))
}

/// An admin's change to a user, in the audit log.
async fn audit(
    db: &impl sea_orm::ConnectionTrait,
    auth: &crate::web::Auth,
    action: &'static str,
    user_id: i32,
    detail: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    let e = crate::security::audit::Event {
        actor: Some(auth.user.id),
        action,
        target: Some(format!("user:{user_id}")),
        detail,
        ..Default::default()
    };
    crate::security::audit::record(db, e, now).await
}

pub async fn disable(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    if *id == auth.user.id {
        return Ok(flash::error(
            &crate::urls::admin_user(*id),
            l.t("You cannot disable your own account.", "No puede desactivar su propia cuenta."),
        ));
    }
    let tx = crate::db::begin_write(&state.db).await?;
    if !store::set_disabled(&tx, *id, Some(state.clock.now())).await? {
        return Err(AppError::NotFound);
    }
    // Access ends at once: every session of the person is deleted.
    auth_store::end_all_sessions(&tx, *id).await?;
    audit(&tx, &auth, "user.disabled", *id, None, state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::admin_user(*id),
        l.t("User disabled and signed out everywhere.", "Usuario desactivado y desconectado de todas partes."),
    ))
}

pub async fn enable(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    if !store::set_disabled(&state.db, *id, None).await? {
        return Err(AppError::NotFound);
    }
    audit(&state.db, &auth, "user.enabled", *id, None, state.clock.now()).await?;
    Ok(flash::success(&crate::urls::admin_user(*id), auth.ctx.t("User enabled.", "Usuario activado.")))
}

pub async fn add_membership(
    Admin(auth): Admin,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<MembershipForm>,
) -> AppResult<HttpResponse> {
    use sea_orm::EntityTrait;
    let l = auth.ctx.lang;
    let user = crate::entities::user::Entity::find_by_id(*id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::new();
    let project = match form.project_id.trim().parse::<i32>() {
        Ok(pid) => crate::entities::project::Entity::find_by_id(pid).one(&state.db).await?,
        Err(_) => None,
    };
    if project.is_none() {
        errors.add(
            "project_id",
            l.t("Choose an existing project from the list.", "Elija un proyecto existente de la lista."),
        );
    }
    if !MEMBER_ROLES.contains(&form.role.as_str()) {
        errors.add("role", l.t("Choose a project role.", "Elija un rol en el proyecto."));
    }
    let (Some(project), true) = (project, errors.is_empty()) else {
        let memberships = store::memberships(&state.db, user.id).await?;
        let picker = store::project_picker(&state.db, &form.project_q).await?;
        let page = views::show(&auth.ctx, &user, &memberships, &picker, &form, &errors);
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page));
    };
    project_store::upsert_member(&state.db, project.id, user.id, &form.role, state.clock.now()).await?;
    let detail = Some(format!("role {} in project {}", form.role, project.id));
    audit(&state.db, &auth, "membership.changed", user.id, detail, state.clock.now()).await?;
    Ok(flash::success(
        &crate::urls::admin_user(user.id),
        &l.f("Membership in {0} saved.", "Pertenencia a {0} guardada.", &[&project.name]),
    ))
}
