//! Test cycle handlers: the list with the form for a new cycle (window and exit rule), one cycle
//! (its cases and testers, whether the exit rule is met and why not, the burn-down), adding a
//! case with its tester, and the runs CSV.

use super::form::{AddCaseForm, CycleForm, ListParams};
use super::{cycles_views as views, defects_store, rules, runs_store, store};
use crate::entities::test_cycle;
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, components::page_params, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

async fn list_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    form: &CycleForm,
    e: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let cycles = store::cycles(&state.db, acc.project.id).await?;
    let mut rows = Vec::new();
    for c in cycles.into_iter().take(100) {
        let gaps = rules::exit_gaps(c.exit_all_must, store::exit_facts(&state.db, &c).await?);
        rows.push((c, gaps.is_empty()));
    }
    Ok(html(status, views::list(&auth.ctx, acc, &rows, form, e)))
}

pub async fn list(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let form = CycleForm {
        kind: "sit".into(),
        exit_all_must: "1".into(),
        exit_severity: "critical".into(),
        ..Default::default()
    };
    list_page(&state, &auth, &acc, &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<CycleForm>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let input = match form.parse(auth.ctx.lang) {
        Ok(i) => i,
        Err(e) => return list_page(&state, &auth, &acc, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let c = store::create_cycle(&state.db, acc.project.id, &input, auth.user.id, state.clock.now()).await?;
    Ok(flash::success(
        &crate::urls::test_cycle(acc.project.id, c.id),
        auth.ctx.t("Cycle created: add its cases and testers.", "Ciclo creado: añada sus casos y probadores."),
    ))
}

async fn cycle_of(state: &AppState, acc: &Access, id: i32) -> AppResult<test_cycle::Model> {
    store::get_cycle(&state.db, acc.project.id, id).await?.ok_or(AppError::NotFound)
}

async fn show_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    c: &test_cycle::Model,
    page: Option<u64>,
    (form, e, status): (&AddCaseForm, &FormErrors, StatusCode),
) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(page);
    let (runs, total) = runs_store::cycle_runs(&state.db, c.id, page, per_page).await?;
    let facts = store::exit_facts(&state.db, c).await?;
    let gaps = rules::exit_gaps(c.exit_all_must, facts);
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    let people: Vec<(i32, String)> = members.into_iter().map(|m| (m.user_id, m.name)).collect();
    let cases: Vec<(i32, String)> = crate::entities::test_case::Entity::find()
        .select_only()
        .columns([crate::entities::test_case::Column::Id, crate::entities::test_case::Column::Title])
        .filter(crate::entities::test_case::Column::ProjectId.eq(acc.project.id))
        .order_by_asc(crate::entities::test_case::Column::Title)
        .limit(2000)
        .into_tuple()
        .all(&state.db)
        .await?;
    let burn = views::Burn {
        per_day: runs_store::executed_per_day(&state.db, c.id).await?,
        counts: runs_store::result_counts(&state.db, c.id).await?,
        open: defects_store::open_by_severity(&state.db, c.id).await?,
    };
    let v = views::CycleView {
        c,
        runs: &runs,
        page,
        pages: total.div_ceil(per_page),
        total,
        gaps: &gaps,
        facts,
        people: &people,
        cases: &cases,
        burn: &burn,
    };
    Ok(html(status, views::show(&auth.ctx, acc, &v, form, e)))
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let c = cycle_of(&state, &acc, path.1).await?;
    acc.require_coordinate()?;
    show_page(&state, &auth, &acc, &c, q.page, (&AddCaseForm::default(), &FormErrors::new(), StatusCode::OK)).await
}

pub async fn add_case(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<AddCaseForm>,
) -> AppResult<HttpResponse> {
    let c = cycle_of(&state, &acc, path.1).await?;
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    let case = match form.case_id.trim().parse::<i32>() {
        Ok(id) => store::get_case(&state.db, acc.project.id, id).await?,
        Err(_) => None,
    };
    if case.is_none() {
        e.add("case_id", l.t("Choose a test case of this project.", "Elija un caso de prueba de este proyecto."));
    }
    let members: Vec<i32> =
        crate::projects::store::members(&state.db, acc.project.id).await?.iter().map(|m| m.user_id).collect();
    let tester = match form.tester_id.trim().parse::<i32>() {
        Ok(id) if members.contains(&id) => Some(id),
        _ => {
            e.add(
                "tester_id",
                l.t("Choose the tester: a member of this project.", "Elija el probador: un miembro de este proyecto."),
            );
            None
        }
    };
    if let Some(case) = &case
        && runs_store::in_cycle(&state.db, c.id, case.id).await?
    {
        e.add(
            "case_id",
            l.t(
                "This case is already in the cycle; retest it from its run instead.",
                "Este caso ya está en el ciclo; vuelva a probarlo desde su ejecución.",
            ),
        );
    }
    let (Some(case), Some(tester), true) = (case, tester, e.is_empty()) else {
        return show_page(&state, &auth, &acc, &c, None, (&form, &e, StatusCode::UNPROCESSABLE_ENTITY)).await;
    };
    let tx = crate::db::begin_write(&state.db).await?;
    if let Err(err) = runs_store::start(&tx, acc.project.id, c.id, case.id, Some(tester), state.clock.now()).await {
        if !runs_store::is_duplicate_attempt(&err) {
            return Err(err.into());
        }
        e.add(
            "case_id",
            l.t(
                "Someone else added this case to the cycle just now.",
                "Otra persona acaba de añadir este caso al ciclo.",
            ),
        );
        return show_page(&state, &auth, &acc, &c, None, (&form, &e, StatusCode::CONFLICT)).await;
    }
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::test_cycle(acc.project.id, c.id),
        l.t(
            "Case added to the cycle; the tester sees it under My tests.",
            "Caso añadido al ciclo; el probador lo ve en Mis pruebas.",
        ),
    ))
}

pub async fn runs_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let c = cycle_of(&state, &acc, path.1).await?;
    acc.require_coordinate()?;
    let runs = crate::entities::test_run::Entity::find()
        .filter(crate::entities::test_run::Column::CycleId.eq(c.id))
        .order_by_asc(crate::entities::test_run::Column::CaseId)
        .order_by_asc(crate::entities::test_run::Column::Attempt)
        .limit(200_000)
        .all(&state.db)
        .await?;
    let rows = runs_store::with_cases(&state.db, runs).await?;
    let names = crate::needs::store::owner_names(&state.db, rows.iter().filter_map(|r| r.run.tester_id)).await?;
    let mut w = csv::writer();
    w.write_record([
        "run_id",
        "case_id",
        "case",
        "module",
        "priority",
        "attempt",
        "latest",
        "tester",
        "result",
        "executed_on",
    ])
    .map_err(csv::io)?;
    for r in rows {
        w.write_record([
            r.run.id.to_string(),
            r.run.case_id.to_string(),
            csv::safe(&r.case_title),
            r.module,
            r.priority,
            r.run.attempt.to_string(),
            r.run.is_latest.to_string(),
            csv::safe(r.run.tester_id.and_then(|t| names.get(&t)).map(String::as_str).unwrap_or("")),
            r.run.result,
            r.run.finished_on.map(|d| d.to_string()).unwrap_or_default(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("test-runs.csv", w)
}
