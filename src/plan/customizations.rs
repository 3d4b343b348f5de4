//! The customization register: every request to change the ERP (configuration, extension or
//! custom development) with its value, effort, upgrade risk and decision. Its counts feed the
//! over-customization warning (customizations above 20 % of requirements).

pub use super::customization_form::ListParams;
use super::customization_form::{CustomizationForm, Sort};
use super::customizations_views as views;
use super::form::DecisionForm;
use crate::entities::customization;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::page_params;
use crate::web::{Auth, CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

pub const KINDS: [&str; 3] = ["configuration", "extension", "custom_development"];
pub const LEVELS: [&str; 3] = ["high", "medium", "low"];
pub const STATUSES: [&str; 3] = ["requested", "approved", "rejected"];

/// High before medium before low (the codes' alphabetical order would put medium last).
fn level_rank(col: customization::Column) -> SimpleExpr {
    Expr::case(col.eq("high"), 0).case(col.eq("medium"), 1).finally(2).into()
}

/// One page of the project's requests, filtered and sorted in SQL, and the total count.
pub async fn page_of(
    db: &impl ConnectionTrait,
    project_id: i32,
    q: &ListParams,
    page: u64,
    per_page: u64,
) -> Result<(Vec<customization::Model>, u64), DbErr> {
    use customization::Column as C;
    let mut sel = customization::Entity::find().filter(C::ProjectId.eq(project_id));
    if STATUSES.contains(&q.status.as_str()) {
        sel = sel.filter(C::Status.eq(q.status.as_str()));
    }
    if KINDS.contains(&q.kind.as_str()) {
        sel = sel.filter(C::Kind.eq(q.kind.as_str()));
    }
    let order = if q.desc() { Order::Desc } else { Order::Asc };
    let sel = match Sort::parse(&q.sort) {
        Sort::Newest => sel.order_by(C::Id, Order::Desc),
        Sort::Title => sel.order_by(C::Title, order),
        Sort::Value => sel.order_by(level_rank(C::BusinessValue), order),
        Sort::Effort => sel.order_by(C::EffortDays, order),
        Sort::Risk => sel.order_by(level_rank(C::UpgradeRisk), order),
        Sort::Status => sel.order_by(C::Status, order),
    }
    .order_by_desc(C::Id);
    let total = sel.clone().count(db).await?;
    let rows = sel.paginate(db, per_page).fetch_page(page.saturating_sub(1)).await?;
    Ok((rows, total))
}

/// Names of the people who decided these requests.
async fn deciders(db: &impl ConnectionTrait, rows: &[customization::Model]) -> Result<HashMap<i32, String>, DbErr> {
    crate::needs::store::owner_names(db, rows.iter().filter_map(|c| c.decided_by)).await
}

pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<ListParams>,
) -> AppResult<HttpResponse> {
    let (page, per_page) = page_params(q.page);
    let (rows, total) = page_of(&state.db, acc.project.id, &q, page, per_page).await?;
    let deciders = deciders(&state.db, &rows).await?;
    let counts = super::customizations_store::counts(&state.db, acc.project.id).await?;
    let pages = total.div_ceil(per_page);
    let v = views::ListView { params: &q, rows: &rows, deciders: &deciders, counts: &counts, page, pages, total };
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, &v)))
}

async fn requirement_ids(state: &AppState, project_id: i32) -> AppResult<Vec<(i32, String)>> {
    Ok(crate::needs::store::all(&state.db, project_id).await?.into_iter().map(|r| (r.id, r.title)).collect())
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    existing: Option<&customization::Model>,
    form: &CustomizationForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let reqs = requirement_ids(state, acc.project.id).await?;
    Ok(html(status, views::form_page(&auth.ctx, acc, existing, form, errors, &reqs)))
}

pub async fn new_page(Manager { auth, acc }: Manager, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let form = CustomizationForm {
        kind: "configuration".into(),
        business_value: "medium".into(),
        upgrade_risk: "low".into(),
        ..Default::default()
    };
    form_page(&state, &auth, &acc, None, &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<CustomizationForm>,
) -> AppResult<HttpResponse> {
    let reqs: Vec<i32> = requirement_ids(&state, acc.project.id).await?.iter().map(|r| r.0).collect();
    let i = match form.validate(auth.ctx.lang, &reqs) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    customization::ActiveModel {
        project_id: Set(acc.project.id),
        title: Set(i.title),
        requirement_id: Set(i.requirement_id),
        kind: Set(i.kind),
        business_value: Set(i.business_value),
        effort_days: Set(i.effort_days),
        upgrade_risk: Set(i.upgrade_risk),
        status: Set("requested".into()),
        created_by: Set(Some(auth.user.id)),
        version: Set(1),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(
        &crate::urls::customizations(acc.project.id),
        auth.ctx.t("Customization request recorded.", "Petición de personalización registrada."),
    ))
}

async fn managed(state: &AppState, acc: Access, cid: i32) -> AppResult<(Access, customization::Model)> {
    let c =
        crate::projects::scope::child::<customization::Entity>(&state.db, &acc, customization::Column::ProjectId, cid)
            .await?;
    acc.require_manage()?;
    Ok((acc, c))
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, cid) = p.into_inner();
    let (acc, c) = managed(&state, acc, cid).await?;
    let form = CustomizationForm {
        title: c.title.clone(),
        requirement_id: c.requirement_id.map(|r| r.to_string()).unwrap_or_default(),
        kind: c.kind.clone(),
        business_value: c.business_value.clone(),
        effort_days: format!("{}", c.effort_days),
        upgrade_risk: c.upgrade_risk.clone(),
        version: c.version.to_string(),
    };
    form_page(&state, &auth, &acc, Some(&c), &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    CsrfForm(mut form): CsrfForm<CustomizationForm>,
) -> AppResult<HttpResponse> {
    let (_id, cid) = p.into_inner();
    let (acc, c) = managed(&state, acc, cid).await?;
    let l = auth.ctx.lang;
    let reqs: Vec<i32> = requirement_ids(&state, acc.project.id).await?.iter().map(|r| r.0).collect();
    let i = match form.validate(l, &reqs) {
        Ok(i) => i,
        Err(e) => return form_page(&state, &auth, &acc, Some(&c), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let r = customization::Entity::update_many()
        .col_expr(customization::Column::Title, Expr::value(i.title))
        .col_expr(customization::Column::RequirementId, Expr::value(i.requirement_id))
        .col_expr(customization::Column::Kind, Expr::value(i.kind))
        .col_expr(customization::Column::BusinessValue, Expr::value(i.business_value))
        .col_expr(customization::Column::EffortDays, Expr::value(i.effort_days))
        .col_expr(customization::Column::UpgradeRisk, Expr::value(i.upgrade_risk))
        .col_expr(customization::Column::Version, Expr::value(version + 1))
        .filter(customization::Column::Id.eq(c.id))
        .filter(customization::Column::Version.eq(version))
        .exec(&state.db)
        .await?;
    if r.rows_affected != 1 {
        let mut e = FormErrors::new();
        e.add("title", l.t("Someone else changed this request while you were editing. Your input is kept; save again to overwrite.", "Otra persona ha cambiado esta petición mientras la editaba. Sus datos se conservan; guarde de nuevo para sobrescribir."));
        form.version = c.version.to_string();
        return form_page(&state, &auth, &acc, Some(&c), &form, &e, StatusCode::CONFLICT).await;
    }
    Ok(flash::success(
        &crate::urls::customizations(acc.project.id),
        l.t("Customization saved.", "Personalización guardada."),
    ))
}

pub async fn decide(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    let (_id, cid) = p.into_inner();
    let (acc, c) = managed(&state, acc, cid).await?;
    let l = auth.ctx.lang;
    if !matches!(form.status.as_str(), "approved" | "rejected") || form.note.chars().count() > 4000 {
        return Ok(flash::error(
            &crate::urls::customizations(acc.project.id),
            l.t(
                "Approve or reject, with a note of 4000 characters at most.",
                "Apruebe o rechace, con una nota de 4000 caracteres como máximo.",
            ),
        ));
    }
    let note = Some(form.note.trim().to_string()).filter(|n| !n.is_empty());
    customization::Entity::update_many()
        .col_expr(customization::Column::Status, Expr::value(form.status.clone()))
        .col_expr(customization::Column::DecisionNote, Expr::value(note))
        .col_expr(customization::Column::DecidedBy, Expr::value(auth.user.id))
        .col_expr(customization::Column::DecidedAt, Expr::value(state.clock.now()))
        .col_expr(customization::Column::Version, Expr::value(c.version + 1))
        .filter(customization::Column::Id.eq(c.id))
        .exec(&state.db)
        .await?;
    let msg = if form.status == "approved" {
        l.t("Customization approved.", "Personalización aprobada.")
    } else {
        l.t("Customization rejected.", "Personalización rechazada.")
    };
    Ok(flash::success(&crate::urls::customizations(acc.project.id), msg))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, cid) = p.into_inner();
    let (acc, c) = managed(&state, acc, cid).await?;
    Ok(html(StatusCode::OK, views::delete_page(&auth.ctx, &acc, &c)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, cid) = p.into_inner();
    let (acc, c) = managed(&state, acc, cid).await?;
    customization::Entity::delete_by_id(c.id).exec(&state.db).await?;
    Ok(flash::success(
        &crate::urls::customizations(acc.project.id),
        auth.ctx.t("Customization deleted.", "Personalización eliminada."),
    ))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = customization::Entity::find()
        .filter(customization::Column::ProjectId.eq(acc.project.id))
        .order_by_asc(customization::Column::Id)
        .all(&state.db)
        .await?;
    let deciders = deciders(&state.db, &rows).await?;
    views::csv_export(&rows, &deciders)
}
