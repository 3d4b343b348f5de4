//! Requirement handlers: list, create, edit (with version check), delete, CSV export.

use super::form::{ListParams, RequirementForm};
use super::{store, views};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};

pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(p.page);
    let filter = store::Filter { search: &p.q, area: &p.area, priority: &p.priority };
    let sort = store::Sort::parse(&p.sort);
    let (rows, total) = store::list(&state.db, acc.project.id, &filter, sort, p.dir == "desc", page, per_page).await?;
    let view = views::ListView { params: &p, sort, page, pages: total.div_ceil(per_page), total, rows: &rows };
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, &view)))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = store::all(&state.db, acc.project.id).await?;
    let owners = store::owner_names(&state.db, rows.iter().filter_map(|r| r.owner_id)).await?;
    let mut w = csv::writer();
    w.write_record(["id", "area", "title", "description", "priority", "process", "owner"]).map_err(csv::io)?;
    for r in rows {
        let owner = r.owner_id.and_then(|o| owners.get(&o)).map(String::as_str).unwrap_or("");
        w.write_record([
            r.id.to_string(),
            r.area,
            csv::safe(&r.title),
            csv::safe(r.description.as_deref().unwrap_or("")),
            r.priority,
            csv::safe(r.process.as_deref().unwrap_or("")),
            csv::safe(owner),
        ])
        .map_err(csv::io)?;
    }
    csv::response("requirements.csv", w)
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    existing: Option<i32>,
    form: &RequirementForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let members = store::member_choices(&state.db, acc.project.id).await?;
    Ok(html(status, views::form_page(&auth.ctx, acc, existing, form, errors, &members)))
}

pub async fn new_page(Manager { auth, acc }: Manager, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let form = RequirementForm { priority: "must".into(), ..Default::default() };
    form_page(&state, &auth, &acc, None, &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<RequirementForm>,
) -> AppResult<HttpResponse> {
    let members: Vec<i32> = store::member_choices(&state.db, acc.project.id).await?.iter().map(|m| m.0).collect();
    let input = match form.validate(auth.ctx.lang, &members) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    store::create(&state.db, acc.project.id, &input, state.clock.now()).await?;
    Ok(flash::success(
        &crate::urls::requirements(acc.project.id),
        auth.ctx.t("Requirement added.", "Requisito añadido."),
    ))
}

async fn managed(state: &AppState, acc: Access, id: i32) -> AppResult<(Access, crate::entities::requirement::Model)> {
    let r = store::get(&state.db, acc.project.id, id).await?.ok_or(AppError::NotFound)?;
    acc.require_manage()?;
    Ok((acc, r))
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, rid) = path.into_inner();
    let (acc, r) = managed(&state, acc, rid).await?;
    let form = RequirementForm {
        area: r.area.clone(),
        title: r.title.clone(),
        description: r.description.clone().unwrap_or_default(),
        priority: r.priority.clone(),
        process: r.process.clone().unwrap_or_default(),
        owner_id: r.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        version: r.version.to_string(),
    };
    form_page(&state, &auth, &acc, Some(r.id), &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(mut form): CsrfForm<RequirementForm>,
) -> AppResult<HttpResponse> {
    let (_id, rid) = path.into_inner();
    let (acc, r) = managed(&state, acc, rid).await?;
    let l = auth.ctx.lang;
    let members: Vec<i32> = store::member_choices(&state.db, acc.project.id).await?.iter().map(|m| m.0).collect();
    let input = match form.validate(l, &members) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, Some(r.id), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let version = form.version.parse::<i32>().unwrap_or(-1);
    if !store::update(&state.db, acc.project.id, r.id, version, &input, state.clock.now()).await? {
        let mut e = FormErrors::new();
        e.add("title", l.t(
            "Someone else changed this requirement while you were editing. Your text is kept in the form; check the list and save again to overwrite.",
            "Otra persona ha cambiado este requisito mientras lo editaba. Su texto se conserva en el formulario; revise la lista y guarde de nuevo para sobrescribir.",
        ));
        form.version = r.version.to_string();
        return form_page(&state, &auth, &acc, Some(r.id), &form, &e, StatusCode::CONFLICT).await;
    }
    Ok(flash::success(&crate::urls::requirements(acc.project.id), l.t("Requirement saved.", "Requisito guardado.")))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, rid) = path.into_inner();
    let (acc, r) = managed(&state, acc, rid).await?;
    Ok(html(StatusCode::OK, views::delete_page(&auth.ctx, &acc, &r)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, rid) = path.into_inner();
    let (acc, r) = managed(&state, acc, rid).await?;
    store::delete(&state.db, acc.project.id, r.id).await?;
    Ok(flash::success(
        &crate::urls::requirements(acc.project.id),
        auth.ctx.t("Requirement deleted.", "Requisito eliminado."),
    ))
}
