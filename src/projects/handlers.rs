//! Project handlers: parse, check access, call the store, render.

use super::access::MEMBER_ROLES;
use super::form::{MemberForm, ProjectForm};
use super::{store, views};
use crate::error::{AppError, AppResult};
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::forms::ListParams;
use crate::web::{Auth, CsrfForm, FormErrors, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};

pub async fn list(auth: Auth, state: web::Data<AppState>, p: web::Query<ListParams>) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(p.page);
    let q = store::ListQuery { search: &p.q, sort: store::Sort::parse(&p.sort), desc: p.dir == "desc", page, per_page };
    let (rows, total) = store::list(&state.db, &auth.user, &q).await?;
    let can_create = matches!(auth.user.role.as_str(), "admin" | "pm");
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &p, &q, &rows, total, can_create)))
}

pub async fn export_csv(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = store::list_all(&state.db, &auth.user).await?;
    let mut w = csv::writer();
    let io = csv::io;
    w.write_record([
        "id",
        "name",
        "company",
        "size",
        "sector",
        "start_date",
        "go_live_date",
        "items_done",
        "items_total",
    ])
    .map_err(io)?;
    for r in rows {
        w.write_record([
            r.id.to_string(),
            csv::safe(&r.name),
            csv::safe(&r.company),
            r.size,
            r.sector,
            r.start_date.to_string(),
            r.go_live_date.to_string(),
            r.items_done.to_string(),
            r.items_total.to_string(),
        ])
        .map_err(io)?;
    }
    csv::response("projects.csv", w)
}

fn require_creator(auth: &Auth) -> AppResult<()> {
    if matches!(auth.user.role.as_str(), "admin" | "pm") { Ok(()) } else { Err(AppError::Forbidden) }
}

pub async fn new_page(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    require_creator(&auth)?;
    let today = state.clock.now().date_naive();
    let form = ProjectForm {
        size: "medium".into(),
        sector: "distribution".into(),
        start_date: today.to_string(),
        go_live_date: (today + chrono::Days::new(270)).to_string(),
        ..Default::default()
    };
    Ok(html(StatusCode::OK, views::form_page(&auth.ctx, None, &form, &FormErrors::new())))
}

pub async fn create(
    auth: Auth,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> AppResult<HttpResponse> {
    require_creator(&auth)?;
    let input = match form.validate(auth.ctx.lang) {
        Ok(i) => i,
        Err(e) => return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::form_page(&auth.ctx, None, &form, &e))),
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let p = store::create(&tx, &input, auth.user.id, state.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(project_id = p.id, "project created");
    Ok(flash::success(
        &crate::urls::project(p.id),
        auth.ctx.t("Project created with its five phases.", "Proyecto creado con sus cinco fases."),
    ))
}

pub async fn edit_page(Manager { auth, acc }: Manager) -> AppResult<HttpResponse> {
    let form = ProjectForm::from_model(&acc.project);
    Ok(html(StatusCode::OK, views::form_page(&auth.ctx, Some(&acc.project), &form, &FormErrors::new())))
}

pub async fn update(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    _id: web::Path<i32>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> AppResult<HttpResponse> {
    let input = match form.validate(auth.ctx.lang) {
        Ok(i) => i,
        Err(e) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form_page(&auth.ctx, Some(&acc.project), &form, &e),
            ));
        }
    };
    let id = acc.project.id;
    store::update(&state.db, acc.project, &input).await?;
    Ok(flash::success(&crate::urls::project(id), auth.ctx.t("Project saved.", "Proyecto guardado.")))
}

pub async fn members_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    _id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let members = store::members(&state.db, acc.project.id).await?;
    let departments = crate::projects::org::departments(&state.db, acc.project.id).await?;
    let v = views::MembersView { members: &members, departments: &departments };
    Ok(html(StatusCode::OK, views::members(&auth.ctx, &acc, &v, &MemberForm::default(), &FormErrors::new())))
}

pub async fn add_member(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    _id: web::Path<i32>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut errors = FormErrors::new();
    if !MEMBER_ROLES.contains(&form.role.as_str()) {
        errors.add("role", l.t("Choose a project role.", "Elija un rol en el proyecto."));
    }
    let departments = crate::projects::org::departments(&state.db, acc.project.id).await?;
    // "" keeps an existing member's department (a role change alone must not clear it); "none"
    // clears it.
    let department: Option<Option<i32>> = match form.department_id.trim() {
        "" => None,
        "none" => Some(None),
        d => match d.parse::<i32>() {
            Ok(d) if departments.iter().any(|x| x.0 == d) => Some(Some(d)),
            _ => {
                errors.add(
                    "department_id",
                    l.t("Choose a department of this project.", "Elija un departamento de este proyecto."),
                );
                None
            }
        },
    };
    let user = crate::auth::store::find_by_email(&state.db, &form.email).await?;
    let user = match user {
        Some(u) if u.disabled_at.is_none() => Some(u),
        _ => {
            errors.add(
                "email",
                l.t(
                    "No active user has this email. An administrator can create the account first.",
                    "Ningún usuario activo tiene este correo. Un administrador puede crear la cuenta primero.",
                ),
            );
            None
        }
    };
    let (Some(user), true) = (user, errors.is_empty()) else {
        let members = store::members(&state.db, acc.project.id).await?;
        let v = views::MembersView { members: &members, departments: &departments };
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::members(&auth.ctx, &acc, &v, &form, &errors)));
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let added = store::upsert_member(&tx, acc.project.id, user.id, &form.role, state.clock.now()).await?;
    if let Some(department) = department {
        store::set_department(&tx, acc.project.id, user.id, department).await?;
    }
    let e = crate::security::audit::Event {
        actor: Some(auth.user.id),
        action: if added { "membership.added" } else { "membership.changed" },
        target: Some(format!("user:{}", user.id)),
        project_id: Some(acc.project.id),
        detail: Some(format!("role {}", form.role)),
        ..Default::default()
    };
    crate::security::audit::record(&tx, e, state.clock.now()).await?;
    tx.commit().await?;
    let msg = if added {
        l.f("{0} was added to the project.", "{0} se ha añadido al proyecto.", &[&user.name])
    } else {
        l.f("{0}'s role was updated.", "Se ha actualizado el rol de {0}.", &[&user.name])
    };
    Ok(flash::success(&crate::urls::members(acc.project.id), &msg))
}

pub async fn members_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    _id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let members = store::members(&state.db, acc.project.id).await?;
    let mut w = csv::writer();
    let io = csv::io;
    let departments: std::collections::HashMap<i32, String> =
        crate::projects::org::departments(&state.db, acc.project.id).await?.into_iter().collect();
    w.write_record(["name", "email", "role", "department", "key_user"]).map_err(io)?;
    for m in members {
        let dept = m.department_id.and_then(|d| departments.get(&d)).map(String::as_str).unwrap_or("");
        let key = if m.key_user { "yes" } else { "no" };
        w.write_record([csv::safe(&m.name), csv::safe(&m.email), m.role, csv::safe(dept), key.into()]).map_err(io)?;
    }
    csv::response("members.csv", w)
}

pub async fn remove_member_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let members = store::members(&state.db, acc.project.id).await?;
    let m = members.into_iter().find(|m| m.id == mid).ok_or(AppError::NotFound)?;
    Ok(html(StatusCode::OK, views::remove_member(&auth.ctx, &acc, &m)))
}

pub async fn remove_member(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _form: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    if !store::remove_member(&state.db, acc.project.id, mid).await? {
        return Err(AppError::NotFound);
    }
    Ok(flash::success(&crate::urls::members(acc.project.id), auth.ctx.t("Member removed.", "Miembro eliminado.")))
}

/// Marks a member as a key user of this project, or not (audited): key users run test cycles and
/// triage support with the PM.
pub async fn set_key_user(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<crate::projects::form::KeyUserForm>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let on = form.key_user == "1";
    let members = store::members(&state.db, acc.project.id).await?;
    let m = members.into_iter().find(|m| m.id == mid).ok_or(AppError::NotFound)?;
    let tx = crate::db::begin_write(&state.db).await?;
    if !store::set_key_user(&tx, acc.project.id, mid, on).await? {
        return Err(AppError::NotFound);
    }
    let e = crate::security::audit::Event {
        actor: Some(auth.user.id),
        action: "membership.key_user",
        target: Some(format!("user:{}", m.user_id)),
        project_id: Some(acc.project.id),
        detail: Some(if on { "on" } else { "off" }.into()),
        ..Default::default()
    };
    crate::security::audit::record(&tx, e, state.clock.now()).await?;
    tx.commit().await?;
    let l = auth.ctx.lang;
    let msg = if on {
        l.f("{0} is now a key user of this project.", "{0} es ahora usuario clave de este proyecto.", &[&m.name])
    } else {
        l.f("{0} is no longer a key user.", "{0} ya no es usuario clave.", &[&m.name])
    };
    Ok(flash::success(&crate::urls::members(acc.project.id), &msg))
}
