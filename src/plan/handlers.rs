//! Milestone handlers: list, create, edit (with version check), delete, dependencies, CSV export.

use super::form::{DependencyForm, ListParams, MilestoneForm};
use super::{projection, store, views};
use crate::entities::milestone;
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
    let today = state.clock.now().date_naive();
    let filter = store::Filter {
        search: &p.q,
        phase: &p.phase,
        status: &p.status,
        overdue_on: (p.overdue == "1").then_some(today),
    };
    let sort = store::Sort::parse(&p.sort);
    let (rows, total) = store::list(&state.db, acc.project.id, &filter, sort, p.dir == "desc", page, per_page).await?;
    let owners = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|m| m.owner_id)).await?;
    let view = views::ListView {
        params: &p,
        sort,
        page,
        pages: total.div_ceil(per_page),
        total,
        rows: &rows,
        owners: &owners,
        today,
    };
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, &view)))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = store::all(&state.db, acc.project.id).await?;
    let owners = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|m| m.owner_id)).await?;
    let deps = store::deps(&state.db, acc.project.id).await?;
    let titles: std::collections::HashMap<i32, String> = rows.iter().map(|m| (m.id, m.title.clone())).collect();
    let mut w = csv::writer();
    let header = "id,title,phase,workstream,owner,start,due,checkpoint,status,percent,depends_on";
    w.write_record(header.split(',')).map_err(csv::io)?;
    for m in rows {
        let preds: Vec<String> = deps
            .iter()
            .filter(|d| d.successor_id == m.id)
            .filter_map(|d| {
                let t = titles.get(&d.predecessor_id)?;
                Some(if d.lag_days == 0 { t.clone() } else { format!("{t} ({:+}d)", d.lag_days) })
            })
            .collect();
        w.write_record([
            m.id.to_string(),
            csv::safe(&m.title),
            m.phase_key,
            csv::safe(m.workstream.as_deref().unwrap_or("")),
            csv::safe(m.owner_id.and_then(|o| owners.get(&o)).map(String::as_str).unwrap_or("")),
            m.start_date.to_string(),
            m.due_date.to_string(),
            (if m.checkpoint { "yes" } else { "no" }).to_string(),
            m.status,
            m.percent.to_string(),
            csv::safe(&preds.join(" | ")),
        ])
        .map_err(csv::io)?;
    }
    csv::response("milestones.csv", w)
}

async fn members(state: &AppState, project_id: i32) -> AppResult<Vec<(i32, String)>> {
    Ok(crate::needs::store::member_choices(&state.db, project_id).await?)
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    existing: Option<&milestone::Model>,
    form: &MilestoneForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let members = members(state, acc.project.id).await?;
    let (deps, others) = match existing {
        Some(m) => {
            let all = store::all(&state.db, acc.project.id).await?;
            let deps = store::deps(&state.db, acc.project.id)
                .await?
                .into_iter()
                .filter(|d| d.successor_id == m.id || d.predecessor_id == m.id)
                .collect();
            (deps, all)
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(html(status, views::form_page(&auth.ctx, acc, existing, form, errors, &members, &deps, &others)))
}

pub async fn new_page(Manager { auth, acc }: Manager, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let today = state.clock.now().date_naive().to_string();
    let form = MilestoneForm {
        phase_key: "implementation".into(),
        start_date: today.clone(),
        due_date: today,
        ..Default::default()
    };
    form_page(&state, &auth, &acc, None, &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<MilestoneForm>,
) -> AppResult<HttpResponse> {
    let ids: Vec<i32> = members(&state, acc.project.id).await?.iter().map(|m| m.0).collect();
    let input = match form.validate(auth.ctx.lang, &ids) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let m = store::create(&state.db, acc.project.id, &input, state.clock.now()).await?;
    Ok(flash::success(
        &format!("{}/edit", crate::urls::milestone(acc.project.id, m.id)),
        auth.ctx.t("Milestone added. Add its dependencies below.", "Hito añadido. Añada abajo sus dependencias."),
    ))
}

/// A milestone of the project that the caller may edit: PMs and admins, or its owner.
async fn editable(state: &AppState, auth: &Auth, acc: Access, mid: i32) -> AppResult<(Access, milestone::Model)> {
    let m = store::get(&state.db, acc.project.id, mid).await?.ok_or(AppError::NotFound)?;
    if !acc.can_manage() && m.owner_id != Some(auth.user.id) {
        return Err(AppError::Forbidden);
    }
    Ok((acc, m))
}

fn form_of(m: &milestone::Model) -> MilestoneForm {
    MilestoneForm {
        title: m.title.clone(),
        phase_key: m.phase_key.clone(),
        workstream: m.workstream.clone().unwrap_or_default(),
        owner_id: m.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        start_date: m.start_date.to_string(),
        due_date: m.due_date.to_string(),
        checkpoint: if m.checkpoint { "1".into() } else { String::new() },
        status: m.status.clone(),
        percent: m.percent.to_string(),
        deliverables: m.deliverables.clone().unwrap_or_default(),
        version: m.version.to_string(),
    }
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, mid) = path.into_inner();
    let (acc, m) = editable(&state, &auth, acc, mid).await?;
    form_page(&state, &auth, &acc, Some(&m), &form_of(&m), &FormErrors::new(), StatusCode::OK).await
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(mut form): CsrfForm<MilestoneForm>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let (acc, m) = editable(&state, &auth, acc, mid).await?;
    let l = auth.ctx.lang;
    let ids: Vec<i32> = members(&state, acc.project.id).await?.iter().map(|m| m.0).collect();
    let mut input = match form.validate(l, &ids) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, Some(&m), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    if !acc.can_manage() {
        // An owner reports progress; the PM decides who owns what.
        input.owner_id = m.owner_id;
    }
    let version = form.version.parse::<i32>().unwrap_or(-1);
    if !store::update(&state.db, acc.project.id, m.id, version, &input, state.clock.now()).await? {
        let fresh = store::get(&state.db, acc.project.id, m.id).await?.ok_or(AppError::NotFound)?;
        let mut e = FormErrors::new();
        e.add("title", l.f(
            "Someone else changed this milestone while you were editing (now: “{0}”, {1} → {2}, {3} %). Your input is kept below; save again to overwrite.",
            "Otra persona ha cambiado este hito mientras lo editaba (ahora: «{0}», {1} → {2}, {3} %). Sus datos se conservan abajo; guarde de nuevo para sobrescribir.",
            &[&fresh.title, &l.date(fresh.start_date), &l.date(fresh.due_date), &fresh.percent],
        ));
        form.version = fresh.version.to_string();
        return form_page(&state, &auth, &acc, Some(&fresh), &form, &e, StatusCode::CONFLICT).await;
    }
    Ok(flash::success(&crate::urls::milestones(acc.project.id), l.t("Milestone saved.", "Hito guardado.")))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, mid) = path.into_inner();
    let (acc, m) = editable(&state, &auth, acc, mid).await?;
    acc.require_manage()?;
    Ok(html(StatusCode::OK, views::delete_page(&auth.ctx, &acc, &m)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let (acc, m) = editable(&state, &auth, acc, mid).await?;
    acc.require_manage()?;
    store::delete(&state.db, acc.project.id, m.id).await?;
    Ok(flash::success(
        &crate::urls::milestones(acc.project.id),
        auth.ctx.t("Milestone deleted, with its dependencies.", "Hito eliminado, con sus dependencias."),
    ))
}

/// Adds "this milestone starts after <predecessor> (+ lag)". Refuses cycles and other projects' ids.
pub async fn add_dependency(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<DependencyForm>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let m = store::get(&state.db, acc.project.id, mid).await?.ok_or(AppError::NotFound)?;
    let l = auth.ctx.lang;
    let back = format!("{}/edit", crate::urls::milestone(acc.project.id, m.id));
    let lag = match form.lag_days.trim() {
        "" => Some(0),
        s => s.parse::<i32>().ok().filter(|v| (-365..=365).contains(v)),
    };
    let Some(lag) = lag else {
        return Ok(flash::error(
            &back,
            l.t(
                "The lag is a whole number of days between -365 and 365.",
                "El desfase es un número entero de días entre -365 y 365.",
            ),
        ));
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let pred = match form.predecessor_id.parse::<i32>() {
        Ok(p) => store::get(&tx, acc.project.id, p).await?,
        Err(_) => None,
    };
    let Some(pred) = pred else {
        return Ok(flash::error(&back, l.t("Choose a milestone of this project.", "Elija un hito de este proyecto.")));
    };
    if pred.id == m.id {
        return Ok(flash::error(
            &back,
            l.t("A milestone cannot depend on itself.", "Un hito no puede depender de sí mismo."),
        ));
    }
    let all: Vec<i32> = store::all(&tx, acc.project.id).await?.iter().map(|x| x.id).collect();
    let deps = store::deps(&tx, acc.project.id).await?;
    if let Some(cycle) = projection::cycle_with(&all, &deps, pred.id, m.id) {
        let titles = store::titles(&tx, acc.project.id, &cycle).await?;
        return Ok(flash::error(
            &back,
            &l.f(
                "That would make a loop: {0}. Nothing was saved.",
                "Eso crearía un ciclo: {0}. No se ha guardado nada.",
                &[&titles.join(" → ")],
            ),
        ));
    }
    store::add_dep(&tx, acc.project.id, pred.id, m.id, lag).await?;
    tx.commit().await?;
    Ok(flash::success(&back, l.t("Dependency added.", "Dependencia añadida.")))
}

pub async fn remove_dependency(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(f): CsrfForm<crate::web::forms::Confirm>,
) -> AppResult<HttpResponse> {
    let (_id, did) = path.into_inner();
    if !f.confirmed() {
        let dep = store::deps(&state.db, acc.project.id).await?.into_iter().find(|d| d.id == did);
        let dep = dep.ok_or(AppError::NotFound)?;
        let pred = store::get(&state.db, acc.project.id, dep.predecessor_id).await?.ok_or(AppError::NotFound)?;
        let succ = store::get(&state.db, acc.project.id, dep.successor_id).await?.ok_or(AppError::NotFound)?;
        let (pred, succ) = (pred.title, succ.title);
        let page = views::remove_dependency_page(&auth.ctx, &acc, &dep, &pred, &succ);
        return Ok(html(StatusCode::OK, page));
    }
    if store::remove_dep(&state.db, acc.project.id, did).await? == 0 {
        return Err(AppError::NotFound);
    }
    Ok(flash::success(
        &crate::urls::milestones(acc.project.id),
        auth.ctx.t("Dependency removed.", "Dependencia eliminada."),
    ))
}
