//! Defect handlers: the list (filters, pages, CSV; a person who does not coordinate sees only the
//! defects they reported or are assigned), the form prefilled from a failed step, one defect with
//! its history, and the status flow (other moves refused with a clear message).

use super::form::{DefectForm, ListParams, RaiseParams, StatusForm};
use super::{defects_store as dstore, defects_views as views, rules, runs_store, store};
use crate::entities::{defect, test_step};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

fn only_of(auth: &Auth, acc: &Access) -> Option<i32> {
    (!acc.can_coordinate()).then_some(auth.user.id)
}

pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(q.page);
    let f = dstore::Filter {
        status: &q.status,
        severity: &q.severity,
        only_of: only_of(&auth, &acc),
        by_severity: q.sort == "severity",
    };
    let sel = dstore::filtered(acc.project.id, &f);
    let total = sel.clone().count(&state.db).await?;
    let rows = sel.paginate(&state.db, per_page).fetch_page(page.saturating_sub(1)).await?;
    let names = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|d| d.assignee_id)).await?;
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, &q, &rows, &names, (page, total.div_ceil(per_page), total))))
}

pub async fn export_csv(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let f = dstore::Filter {
        status: &q.status,
        severity: &q.severity,
        only_of: only_of(&auth, &acc),
        by_severity: q.sort == "severity",
    };
    let rows = dstore::filtered(acc.project.id, &f).limit(200_000).all(&state.db).await?;
    let names = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|d| d.assignee_id)).await?;
    let mut w = csv::writer();
    w.write_record([
        "id",
        "title",
        "severity",
        "module",
        "status",
        "assignee",
        "case_id",
        "step_id",
        "requirement_id",
        "run_id",
        "created_at",
    ])
    .map_err(csv::io)?;
    let id = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    for d in rows {
        w.write_record([
            d.id.to_string(),
            csv::safe(&d.title),
            d.severity,
            d.module,
            d.status,
            csv::safe(d.assignee_id.and_then(|a| names.get(&a)).map(String::as_str).unwrap_or("")),
            d.case_id.to_string(),
            id(d.step_id),
            id(d.requirement_id),
            id(d.run_id),
            d.created_at.to_rfc3339(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("defects.csv", w)
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    form: &DefectForm,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let people: Vec<(i32, String)> = crate::projects::store::members(&state.db, acc.project.id)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.name))
        .collect();
    let cases: Vec<(i32, String)> = store::filtered(acc.project.id, "", "")
        .select_only()
        .columns([crate::entities::test_case::Column::Id, crate::entities::test_case::Column::Title])
        .limit(2000)
        .into_tuple()
        .all(&state.db)
        .await?;
    let reqs = store::requirement_choices(&state.db, acc.project.id).await?;
    Ok(html(status, views::form_page(&auth.ctx, acc, form, &people, &cases, &reqs, e)))
}

/// A run of the project (404) that this person may raise defects from (403).
async fn run_allowed(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    run_id: i32,
) -> AppResult<crate::entities::test_run::Model> {
    let run = runs_store::get(&state.db, acc.project.id, run_id).await?.ok_or(AppError::NotFound)?;
    if acc.can_coordinate() || run.tester_id == Some(auth.user.id) { Ok(run) } else { Err(AppError::Forbidden) }
}

pub async fn new_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<RaiseParams>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut form = DefectForm { severity: "medium".into(), ..Default::default() };
    let case_id = match q.run {
        Some(run_id) => {
            let run = run_allowed(&state, &auth, &acc, run_id).await?;
            form.run_id = run.id.to_string();
            if let Some(step) = q.step.filter(|_| true) {
                let s = test_step::Entity::find_by_id(step)
                    .filter(test_step::Column::CaseId.eq(run.case_id))
                    .one(&state.db)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let actual = runs_store::results(&state.db, run.id)
                    .await?
                    .into_iter()
                    .find(|r| r.step_id == s.id)
                    .and_then(|r| r.actual);
                form.step_id = s.id.to_string();
                form.title = l.f(
                    "Step {0} fails: {1}",
                    "Falla el paso {0}: {1}",
                    &[&s.position, &s.action.chars().take(150).collect::<String>()],
                );
                form.description = format!(
                    "{} {}\n{} {}",
                    l.t("Expected:", "Esperado:"),
                    s.expected,
                    l.t("Actual:", "Obtenido:"),
                    actual.unwrap_or_default()
                );
            }
            Some(run.case_id)
        }
        None => {
            acc.require_coordinate()?;
            q.case
        }
    };
    if let Some(cid) = case_id
        && let Some(c) = store::get_case(&state.db, acc.project.id, cid).await?
    {
        form.case_id = c.id.to_string();
        form.module = c.module.clone();
        form.requirement_id =
            store::case_requirements(&state.db, c.id).await?.first().map(|r| r.0.to_string()).unwrap_or_default();
    }
    form_page(&state, &auth, &acc, &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<DefectForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let run = match form.run_id.trim().parse::<i32>() {
        Ok(r) => Some(run_allowed(&state, &auth, &acc, r).await?),
        Err(_) => {
            acc.require_coordinate()?;
            None
        }
    };
    let mut e = FormErrors::new();
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        e.add(
            "title",
            l.t("Give the defect a title (up to 200 characters).", "Dé un título al defecto (hasta 200 caracteres)."),
        );
    }
    if !rules::SEVERITIES.contains(&form.severity.as_str()) {
        e.add("severity", l.t("Choose a severity.", "Elija una gravedad."));
    }
    if !crate::training::MODULES.contains(&form.module.as_str()) {
        e.add("module", l.t("Choose the part of the ERP.", "Elija la parte del ERP."));
    }
    let case = match form.case_id.trim().parse::<i32>() {
        Ok(id) => store::get_case(&state.db, acc.project.id, id).await?,
        Err(_) => None,
    };
    match (&case, &run) {
        (None, _) => e.add(
            "case_id",
            l.t(
                "A defect must be linked to the test case that found it: choose the case.",
                "Un defecto debe estar ligado al caso de prueba que lo encontró: elija el caso.",
            ),
        ),
        (Some(c), Some(r)) if r.case_id != c.id => {
            e.add("case_id", l.t("The case must be the one of the run.", "El caso debe ser el de la ejecución."))
        }
        _ => {}
    }
    let members: Vec<i32> =
        crate::projects::store::members(&state.db, acc.project.id).await?.iter().map(|m| m.user_id).collect();
    let assignee = match form.assignee_id.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(a) if members.contains(&a) => Some(a),
            _ => {
                e.add(
                    "assignee_id",
                    l.t(
                        "The assignee must be a member of this project.",
                        "El responsable debe ser miembro de este proyecto.",
                    ),
                );
                None
            }
        },
    };
    let reqs: Vec<i32> = store::requirement_choices(&state.db, acc.project.id).await?.iter().map(|r| r.0).collect();
    let requirement_id = match form.requirement_id.trim().parse::<i32>() {
        Ok(r) if reqs.contains(&r) => Some(r),
        Ok(_) => {
            e.add(
                "requirement_id",
                l.t("Choose a requirement of this project.", "Elija un requisito de este proyecto."),
            );
            None
        }
        Err(_) => None,
    };
    let step_id = match (form.step_id.trim().parse::<i32>(), &case) {
        (Ok(s), Some(c)) => test_step::Entity::find_by_id(s)
            .filter(test_step::Column::CaseId.eq(c.id))
            .one(&state.db)
            .await?
            .map(|s| s.id),
        _ => None,
    };
    let (Some(case), true) = (case, e.is_empty()) else {
        return form_page(&state, &auth, &acc, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let d = dstore::NewDefect {
        title: title.to_string(),
        description: Some(form.description.trim().to_string()).filter(|d| !d.is_empty()),
        severity: form.severity.clone(),
        module: form.module.clone(),
        assignee_id: assignee,
        case_id: case.id,
        step_id,
        requirement_id,
        run_id: run.map(|r| r.id),
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let d = dstore::create(&tx, acc.project.id, d, Some(auth.user.id), state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(&crate::urls::defect(acc.project.id, d.id), l.t("Defect raised.", "Defecto registrado.")))
}

/// The defect in the project (404), visible to coordinators, its assignee and its reporter (403).
async fn defect_for(state: &AppState, auth: &Auth, acc: &Access, id: i32) -> AppResult<defect::Model> {
    let d = dstore::get(&state.db, acc.project.id, id).await?.ok_or(AppError::NotFound)?;
    let mine = d.assignee_id == Some(auth.user.id) || d.created_by == Some(auth.user.id);
    if acc.can_coordinate() || mine { Ok(d) } else { Err(AppError::Forbidden) }
}

async fn show_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    d: &defect::Model,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let events = dstore::events(&state.db, d.id).await?;
    let case = store::get_case(&state.db, acc.project.id, d.case_id).await?;
    let names =
        crate::needs::store::owner_names(&state.db, events.iter().filter_map(|ev| ev.by_user).chain(d.assignee_id))
            .await?;
    let may_move = acc.can_coordinate() || d.assignee_id == Some(auth.user.id);
    Ok(html(status, views::show(&auth.ctx, acc, d, case.as_ref(), &events, &names, may_move, e)))
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let d = defect_for(&state, &auth, &acc, path.1).await?;
    show_page(&state, &auth, &acc, &d, &FormErrors::new(), StatusCode::OK).await
}

pub async fn change_status(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> AppResult<HttpResponse> {
    let d = defect_for(&state, &auth, &acc, path.1).await?;
    if !(acc.can_coordinate() || d.assignee_id == Some(auth.user.id)) {
        return Err(AppError::Forbidden);
    }
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    if !rules::may_move(&d.status, &form.status) {
        let allowed: Vec<&str> =
            rules::next_statuses(&d.status).iter().map(|s| super::defect_status_label(l, s)).collect();
        let allowed = if allowed.is_empty() {
            l.t("none: it is finished", "ninguno: está terminado").to_string()
        } else {
            allowed.join(", ")
        };
        e.add(
            "status",
            l.f(
                "A defect that is {0} cannot become {1}. Possible next steps: {2}.",
                "Un defecto en estado {0} no puede pasar a {1}. Siguientes pasos posibles: {2}.",
                &[&super::defect_status_label(l, &d.status), &super::defect_status_label(l, &form.status), &allowed],
            ),
        );
        return show_page(&state, &auth, &acc, &d, &e, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let version = form.version.trim().parse::<i32>().unwrap_or(-1);
    let tx = crate::db::begin_write(&state.db).await?;
    let moved = dstore::move_status(&tx, &d, version, &form.status, auth.user.id, state.clock.now()).await?;
    tx.commit().await?;
    if !moved {
        let fresh = dstore::get(&state.db, acc.project.id, d.id).await?.ok_or(AppError::NotFound)?;
        e.add("status", l.f("Someone else changed this defect meanwhile (now: {0}). Look again and choose the next step.", "Otra persona ha cambiado este defecto mientras tanto (ahora: {0}). Revíselo y elija el siguiente paso.", &[&super::defect_status_label(l, &fresh.status)]));
        return show_page(&state, &auth, &acc, &fresh, &e, StatusCode::CONFLICT).await;
    }
    Ok(flash::success(
        &crate::urls::defect(acc.project.id, d.id),
        l.t("Defect status changed.", "Estado del defecto cambiado."),
    ))
}
