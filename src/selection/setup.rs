//! Setting up a selection on the overview page: the shortlist, the criteria and their weights.
//! Evaluators, the reveal and the decision are in `team.rs`.

use super::form::{CandidateForm, CriterionForm};
use super::views::{self, Overview};
use super::{results, store};
use crate::entities::{candidate, criterion};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use std::collections::HashMap;

pub async fn render(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    o: Overview,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let r = results::compute(&state.db, acc.project.id).await?;
    let catalog = store::catalog(&state.db).await?;
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    let me_evaluator = r.evaluators.iter().any(|e| e.0 == auth.user.id);
    Ok(html(status, views::overview(&auth.ctx, acc, &r, &catalog, &members, me_evaluator, &o)))
}

pub async fn overview(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    render(&state, &auth, &acc, Overview::default(), StatusCode::OK).await
}

pub async fn add_candidate(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<CandidateForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let mut e = FormErrors::new();
    let catalog = store::catalog(&state.db).await?;
    let product = form.product_id.parse::<i32>().ok().and_then(|id| catalog.into_iter().find(|p| p.id == id));
    let (name, vendor) = match &product {
        Some(p) => (p.name.clone(), p.vendor.clone()),
        None => (form.name.trim().to_string(), form.vendor.trim().to_string()),
    };
    if !form.product_id.is_empty() && product.is_none() {
        e.add("product_id", l.t("Choose a product from the catalog.", "Elija un producto del catálogo."));
    } else if name.is_empty() || name.chars().count() > 200 || vendor.chars().count() > 200 {
        e.add(
            "name",
            l.t(
                "Choose a catalog product, or give the product's name (and vendor).",
                "Elija un producto del catálogo o indique el nombre del producto (y el fabricante).",
            ),
        );
    } else if store::candidates(&state.db, acc.project.id).await?.iter().any(|c| c.name.eq_ignore_ascii_case(&name)) {
        e.add("name", l.t("This product is already on the shortlist.", "Este producto ya está en la lista corta."));
    }
    if !e.is_empty() {
        let o = Overview { candidate_errors: e, candidate_form: form, ..Default::default() };
        return render(&state, &auth, &acc, o, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let am = candidate::ActiveModel {
        project_id: Set(acc.project.id),
        product_id: Set(product.map(|p| p.id)),
        name: Set(name),
        vendor: Set(vendor),
        created_at: Set(state.clock.now()),
        ..Default::default()
    };
    // The unique index on (project, name) settles two PMs adding the same product at once.
    match candidate::Entity::insert(am).exec(&state.db).await {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            let msg = l.t("This product is already on the shortlist.", "Este producto ya está en la lista corta.");
            return Ok(flash::error(&crate::urls::selection(acc.project.id), msg));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(flash::success(
        &crate::urls::selection(acc.project.id),
        l.t("Product added to the shortlist.", "Producto añadido a la lista corta."),
    ))
}

async fn candidate_of(state: &AppState, acc: &Access, cid: i32) -> AppResult<candidate::Model> {
    candidate::Entity::find_by_id(cid)
        .filter(candidate::Column::ProjectId.eq(acc.project.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn remove_candidate_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, cid) = path.into_inner();
    let c = candidate_of(&state, &acc, cid).await?;
    let l = auth.ctx.lang;
    Ok(html(StatusCode::OK, views::confirm_page(&auth.ctx, &acc,
        &l.f("Remove {0} from the shortlist?", "¿Quitar {0} de la lista corta?", &[&c.name]),
        l.t("Every evaluator's scores and the fit assessments for this product are deleted with it.", "Se eliminan con él las puntuaciones de todos los evaluadores y las valoraciones de ajuste de este producto."),
        &format!("{}/candidates/{}/remove", crate::urls::selection(acc.project.id), c.id))))
}

pub async fn remove_candidate(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, cid) = path.into_inner();
    let c = candidate_of(&state, &acc, cid).await?;
    candidate::Entity::delete_by_id(c.id).exec(&state.db).await?;
    Ok(flash::success(
        &crate::urls::selection(acc.project.id),
        auth.ctx.t("Product removed from the shortlist.", "Producto quitado de la lista corta."),
    ))
}

pub async fn add_criterion(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<CriterionForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let back = format!("{}#criteria", crate::urls::selection(acc.project.id));
    if form.defaults == "1" {
        let tx = crate::db::begin_write(&state.db).await?;
        crate::seeds::catalog::add_default_criteria(&tx, acc.project.id).await?;
        tx.commit().await?;
        return Ok(flash::success(&back, l.t("Default criteria added.", "Criterios por defecto añadidos.")));
    }
    let mut e = FormErrors::new();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        e.add(
            "criterion_name",
            l.t(
                "Name the criterion (200 characters at most).",
                "Ponga nombre al criterio (200 caracteres como máximo).",
            ),
        );
    }
    let weight = crate::needs::kpis::parse_number(&form.weight).filter(|w| (0.0..=MAX_WEIGHT).contains(w));
    if weight.is_none() {
        e.add(
            "criterion_weight",
            l.t("The weight must be a number from 0 to 1,000,000.", "El peso debe ser un número de 0 a 1.000.000."),
        );
    }
    let (false, Some(weight)) = (!e.is_empty(), weight) else {
        let o = Overview { criterion_errors: e, criterion_form: form, ..Default::default() };
        return render(&state, &auth, &acc, o, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let position = store::criteria(&state.db, acc.project.id).await?.iter().map(|c| c.position).max().unwrap_or(0) + 1;
    criterion::ActiveModel {
        project_id: Set(acc.project.id),
        key: Set(None),
        name_en: Set(name.to_string()),
        name_es: Set(name.to_string()),
        weight: Set(weight),
        position: Set(position),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(&back, l.t("Criterion added.", "Criterio añadido.")))
}

async fn criterion_of(state: &AppState, acc: &Access, crid: i32) -> AppResult<criterion::Model> {
    criterion::Entity::find_by_id(crid)
        .filter(criterion::Column::ProjectId.eq(acc.project.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn remove_criterion_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, crid) = path.into_inner();
    let c = criterion_of(&state, &acc, crid).await?;
    let l = auth.ctx.lang;
    Ok(html(
        StatusCode::OK,
        views::confirm_page(
            &auth.ctx,
            &acc,
            &l.f("Remove the criterion “{0}”?", "¿Quitar el criterio «{0}»?", &[&super::criterion_name(l, &c)]),
            l.t(
                "Every score given on this criterion and its pairwise comparisons are deleted with it.",
                "Se eliminan con él todas las puntuaciones dadas en este criterio y sus comparaciones por pares.",
            ),
            &format!("{}/criteria/{}/remove", crate::urls::selection(acc.project.id), c.id),
        ),
    ))
}

pub async fn remove_criterion(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, crid) = path.into_inner();
    let c = criterion_of(&state, &acc, crid).await?;
    criterion::Entity::delete_by_id(c.id).exec(&state.db).await?;
    Ok(flash::success(
        &format!("{}#criteria", crate::urls::selection(acc.project.id)),
        auth.ctx.t("Criterion removed.", "Criterio quitado."),
    ))
}

/// The largest weight of a criterion, on the add form and the weights form alike (the weights are
/// relative: any sum of them stays finite, so every weighted score and share does too).
pub const MAX_WEIGHT: f64 = 1_000_000.0;

/// All weights in one form: `w_<criterion id>` = a number ≥ 0; not all zero.
pub async fn save_weights(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let criteria = store::criteria(&state.db, acc.project.id).await?;
    let mut e = FormErrors::new();
    let mut weights = Vec::new();
    for c in &criteria {
        match form.get(&format!("w_{}", c.id)).and_then(|v| crate::needs::kpis::parse_number(v)) {
            Some(w) if (0.0..=MAX_WEIGHT).contains(&w) => weights.push(w),
            _ => {
                e.add(
                    "weights",
                    l.f(
                        "The weight of “{0}” must be a number from 0 to 1,000,000.",
                        "El peso de «{0}» debe ser un número de 0 a 1.000.000.",
                        &[&super::criterion_name(l, c)],
                    ),
                );
                weights.push(0.0);
            }
        }
    }
    if e.is_empty() && !weights.is_empty() && weights.iter().all(|w| *w == 0.0) {
        e.add("weights", l.t("At least one weight must be above zero.", "Al menos un peso debe ser mayor que cero."));
    }
    if !e.is_empty() {
        let o = Overview { weight_errors: e, weight_values: Some(form), ..Default::default() };
        return render(&state, &auth, &acc, o, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let tx = crate::db::begin_write(&state.db).await?;
    for (c, w) in criteria.iter().zip(weights) {
        criterion::Entity::update_many()
            .col_expr(criterion::Column::Weight, Expr::value(w))
            .filter(criterion::Column::Id.eq(c.id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &format!("{}#criteria", crate::urls::selection(acc.project.id)),
        l.t("Weights saved.", "Pesos guardados."),
    ))
}
