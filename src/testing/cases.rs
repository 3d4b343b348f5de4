//! Test case handlers: the list (search, module filter, pages, CSV), the form (new and edit, with
//! version check), one case's page, and "draft a case for every must-have without one".

use super::form::{CaseForm, ListParams};
use super::{cases_views as views, rules, store};
use crate::entities::{test_case, test_case_requirement as tcr, test_step};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::forms::Empty;
use crate::web::{Auth, CsrfForm, FormErrors, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let (page, per_page) = page_params(q.page);
    let sel = store::sorted(store::matching(acc.project.id, &q.q, &q.module), &q.sort, q.dir == "desc");
    let total = sel.clone().count(&state.db).await?;
    let rows = sel.paginate(&state.db, per_page).fetch_page(page.saturating_sub(1)).await?;
    let musts_open = store::musts_without_case(&state.db, acc.project.id).await?.len();
    let v = views::ListView { q: &q, rows: &rows, page, pages: total.div_ceil(per_page), total, musts_open };
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, &v)))
}

pub async fn export_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let cases = store::filtered(acc.project.id, &q.q, &q.module).limit(100_000).all(&state.db).await?;
    let ids: Vec<i32> = cases.iter().map(|c| c.id).collect();
    let mut steps: HashMap<i32, Vec<String>> = HashMap::new();
    let mut reqs: HashMap<i32, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for s in test_step::Entity::find()
            .filter(test_step::Column::CaseId.is_in(chunk.to_vec()))
            .order_by_asc(test_step::Column::CaseId)
            .order_by_asc(test_step::Column::Position)
            .all(&state.db)
            .await?
        {
            steps.entry(s.case_id).or_default().push(format!("{} | {}", s.action, s.expected));
        }
        for l in tcr::Entity::find().filter(tcr::Column::CaseId.is_in(chunk.to_vec())).all(&state.db).await? {
            reqs.entry(l.case_id).or_default().push(l.requirement_id.to_string());
        }
    }
    let mut w = csv::writer();
    w.write_record(["id", "title", "module", "priority", "preconditions", "requirement_ids", "steps"])
        .map_err(csv::io)?;
    for c in cases {
        w.write_record([
            c.id.to_string(),
            csv::safe(&c.title),
            c.module,
            c.priority,
            csv::safe(c.preconditions.as_deref().unwrap_or("")),
            reqs.get(&c.id).map(|r| r.join(";")).unwrap_or_default(),
            csv::safe(&steps.get(&c.id).map(|s| s.join("\n")).unwrap_or_default()),
        ])
        .map_err(csv::io)?;
    }
    csv::response("test-cases.csv", w)
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    existing: Option<i32>,
    form: &CaseForm,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let reqs = store::requirement_choices(&state.db, acc.project.id).await?;
    Ok(html(status, views::form_page(&auth.ctx, acc, existing, form, &reqs, e)))
}

pub async fn new_page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let form = CaseForm { priority: "must".into(), ..Default::default() };
    form_page(&state, &auth, &acc, None, &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(raw): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let form = CaseForm::from_map(&raw);
    let ids: Vec<i32> = store::requirement_choices(&state.db, acc.project.id).await?.iter().map(|r| r.0).collect();
    let input = match form.parse(auth.ctx.lang, &ids) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let c = store::create_case(&tx, acc.project.id, &input, Some(auth.user.id), state.clock.now()).await?;
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::test_case(acc.project.id, c.id),
        auth.ctx.t("Test case added.", "Caso de prueba añadido."),
    ))
}

async fn case_of(state: &AppState, acc: &Access, id: i32) -> AppResult<test_case::Model> {
    store::get_case(&state.db, acc.project.id, id).await?.ok_or(AppError::NotFound)
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let c = case_of(&state, &acc, path.1).await?;
    acc.require_coordinate()?;
    let steps = store::steps(&state.db, c.id).await?;
    let reqs = store::case_requirements(&state.db, c.id).await?;
    Ok(html(StatusCode::OK, views::show(&auth.ctx, &acc, &c, &steps, &reqs)))
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let c = case_of(&state, &acc, path.1).await?;
    acc.require_coordinate()?;
    let steps: Vec<(String, String)> =
        store::steps(&state.db, c.id).await?.into_iter().map(|s| (s.action, s.expected)).collect();
    let form = CaseForm {
        title: c.title.clone(),
        module: c.module.clone(),
        preconditions: c.preconditions.clone().unwrap_or_default(),
        priority: c.priority.clone(),
        steps: rules::steps_text(&steps),
        requirements: store::case_requirements(&state.db, c.id).await?.into_iter().map(|r| r.0).collect(),
        version: c.version.to_string(),
    };
    form_page(&state, &auth, &acc, Some(c.id), &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(raw): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let c = case_of(&state, &acc, path.1).await?;
    acc.require_coordinate()?;
    let mut form = CaseForm::from_map(&raw);
    let l = auth.ctx.lang;
    let ids: Vec<i32> = store::requirement_choices(&state.db, acc.project.id).await?.iter().map(|r| r.0).collect();
    let input = match form.parse(l, &ids) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, Some(c.id), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let tx = crate::db::begin_write(&state.db).await?;
    let saved = store::update_case(&tx, acc.project.id, c.id, version, &input, state.clock.now()).await?;
    tx.commit().await?;
    if !saved {
        let fresh = case_of(&state, &acc, c.id).await?;
        form.version = fresh.version.to_string();
        let mut e = FormErrors::new();
        e.add("title", l.t("Someone else changed this case while you were editing it. Your text is kept below; save again to overwrite.",
                           "Otra persona ha cambiado este caso mientras lo editaba. Su texto se conserva abajo; guarde de nuevo para sobrescribir."));
        return form_page(&state, &auth, &acc, Some(c.id), &form, &e, StatusCode::CONFLICT).await;
    }
    Ok(flash::success(
        &crate::urls::test_case(acc.project.id, c.id),
        l.t("Test case saved.", "Caso de prueba guardado."),
    ))
}

/// One draft case per must-have requirement that no case proves yet: its title, its area as the
/// module, priority must, one step to rewrite. Run twice, it drafts nothing the second time.
pub async fn draft_musts(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let musts = store::musts_without_case(&tx, acc.project.id).await?;
    for (id, title, area) in &musts {
        let module = if crate::training::MODULES.contains(&area.as_str()) { area.clone() } else { "other".into() };
        let input = super::form::CaseInput {
            title: format!("{} {}", l.t("Draft:", "Borrador:"), title.chars().take(180).collect::<String>()),
            module,
            preconditions: None,
            priority: "must".into(),
            steps: vec![rules::StepText {
                action: l
                    .t(
                        "Carry out the process the requirement describes.",
                        "Realice el proceso que describe el requisito.",
                    )
                    .into(),
                expected: l
                    .t("The system does what the requirement asks.", "El sistema hace lo que pide el requisito.")
                    .into(),
            }],
            requirements: vec![*id],
        };
        store::create_case(&tx, acc.project.id, &input, Some(auth.user.id), now).await?;
    }
    tx.commit().await?;
    let msg = if musts.is_empty() {
        l.t("Every must-have already has a case.", "Todos los imprescindibles ya tienen un caso.").to_string()
    } else {
        l.f(
            "Draft cases added: {0}. Write their steps.",
            "Casos en borrador añadidos: {0}. Escriba sus pasos.",
            &[&musts.len()],
        )
    };
    Ok(flash::success(&crate::urls::test_cases(acc.project.id), &msg))
}
