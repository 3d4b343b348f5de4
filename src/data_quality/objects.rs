//! Migration objects: list, create, edit (with a version check), delete with confirmation, CSV.

use super::objects_form::ObjectForm;
use super::objects_views as views;
use super::rules;
use super::{jobs, outputs, store};
use crate::entities::migration_object;
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{CsrfForm, FormErrors, Lang, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr};
use serde::Deserialize;

pub(super) async fn members(state: &AppState, project_id: i32) -> AppResult<Vec<(i32, String)>> {
    Ok(crate::needs::store::member_choices(&state.db, project_id).await?)
}

pub async fn list(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let objects = store::objects(&state.db, acc.project.id).await?;
    let loads = store::project_loads(&state.db, acc.project.id).await?;
    let owners =
        crate::phases::store::user_names(&state.db, objects.iter().filter_map(|o| o.owner_id).collect()).await?;
    Ok(html(StatusCode::OK, views::list(&auth.ctx, &acc, &objects, &loads, &owners)))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let objects = store::objects(&state.db, acc.project.id).await?;
    let loads = store::project_loads(&state.db, acc.project.id).await?;
    let owners =
        crate::phases::store::user_names(&state.db, objects.iter().filter_map(|o| o.owner_id).collect()).await?;
    let mut w = csv::writer();
    w.write_record([
        "object",
        "kind",
        "source_system",
        "owner",
        "expected_count",
        "fields",
        "loads",
        "last_load",
        "last_status",
        "rows_read",
        "valid_pct",
        "duplicate_pct",
        "meets_thresholds",
        "signed_off",
    ])
    .map_err(csv::io)?;
    for o in &objects {
        let mine = store::by_object(&loads, o.id);
        let last = mine.first();
        let cell = |f: &dyn Fn(&crate::entities::trial_load::Model) -> String| last.map(f).unwrap_or_default();
        w.write_record([
            csv::safe(&o.name),
            o.kind.clone(),
            csv::safe(&o.source_system),
            csv::safe(o.owner_id.and_then(|i| owners.get(&i)).map(String::as_str).unwrap_or("")),
            o.expected_count.map(|n| n.to_string()).unwrap_or_default(),
            rules::from_json(&o.rules).len().to_string(),
            mine.len().to_string(),
            cell(&|l| l.created_at.to_rfc3339()),
            cell(&|l| l.status.clone()),
            cell(&|l| l.rows_read.to_string()),
            cell(&|l| format!("{:.2}", super::quality::valid_pct(l))),
            cell(&|l| format!("{:.2}", super::quality::duplicate_pct(l))),
            cell(&|l| super::quality::meets(l, o).to_string()),
            mine.iter().any(|l| l.signed_off_at.is_some()).to_string(),
        ])
        .map_err(csv::io)?;
    }
    csv::response(&format!("migration-objects-{}.csv", acc.project.id), w)
}

#[derive(Deserialize)]
pub struct NewQuery {
    kind: Option<String>,
}

pub async fn new_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    q: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    let form = ObjectForm::new_of(q.kind.as_deref().unwrap_or("customers"), auth.ctx.lang);
    let members = members(&state, acc.project.id).await?;
    Ok(html(StatusCode::OK, views::form_page(&auth.ctx, &acc, None, &form, &members, &FormErrors::new())))
}

fn name_taken(l: Lang) -> FormErrors {
    let mut e = FormErrors::new();
    e.add(
        "name",
        l.t("This project already has an object with that name.", "Este proyecto ya tiene un objeto con ese nombre."),
    );
    e
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let form = ObjectForm::from_pairs(&pairs);
    let members = members(&state, acc.project.id).await?;
    let ids: Vec<i32> = members.iter().map(|m| m.0).collect();
    let fail = |e: &FormErrors| {
        html(StatusCode::UNPROCESSABLE_ENTITY, views::form_page(&auth.ctx, &acc, None, &form, &members, e))
    };
    let input = match form.validate(&ids, l) {
        Ok(i) => i,
        Err(e) => return Ok(fail(&e)),
    };
    let now = state.clock.now();
    let inserted = migration_object::ActiveModel {
        project_id: Set(acc.project.id),
        name: Set(input.name),
        kind: Set(input.kind),
        source_system: Set(input.source_system),
        owner_id: Set(input.owner_id),
        expected_count: Set(input.expected_count),
        rules: Set(rules::to_json(&input.fields)),
        similarity_threshold: Set(input.similarity_threshold),
        max_invalid_pct: Set(input.max_invalid_pct),
        max_duplicate_pct: Set(input.max_duplicate_pct),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await;
    match inserted {
        Ok(o) => Ok(flash::success(
            &crate::urls::migration_object(acc.project.id, o.id),
            l.t(
                "Migration object created. Upload a first export to check it.",
                "Objeto de migración creado. Suba una primera exportación para comprobarla.",
            ),
        )),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(fail(&name_taken(l))),
        Err(err) => Err(err.into()),
    }
}

pub(super) async fn object_of(state: &AppState, acc: &Access, oid: i32) -> AppResult<migration_object::Model> {
    store::object(&state.db, acc.project.id, oid).await?.ok_or(AppError::NotFound)
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let loads = store::loads_of(&state.db, o.id).await?;
    let names = crate::phases::store::user_names(
        &state.db,
        o.owner_id.into_iter().chain(loads.iter().filter_map(|l| l.signed_off_by)).collect(),
    )
    .await?;
    let limit = state.settings.upload_max_bytes;
    Ok(html(StatusCode::OK, views::object_page(&auth.ctx, &acc, &auth.user, &o, &loads, &names, limit, None)))
}

pub async fn edit_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let members = members(&state, acc.project.id).await?;
    let form = ObjectForm::of(&o);
    Ok(html(StatusCode::OK, views::form_page(&auth.ctx, &acc, Some(&o), &form, &members, &FormErrors::new())))
}

pub async fn update(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let l = auth.ctx.lang;
    let o = object_of(&state, &acc, oid).await?;
    let form = ObjectForm::from_pairs(&pairs);
    let members = members(&state, acc.project.id).await?;
    let ids: Vec<i32> = members.iter().map(|m| m.0).collect();
    let page = |status: StatusCode, e: &FormErrors| {
        html(status, views::form_page(&auth.ctx, &acc, Some(&o), &form, &members, e))
    };
    let input = match form.validate(&ids, l) {
        Ok(i) => i,
        Err(e) => return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &e)),
    };
    use migration_object::Column as C;
    let result = migration_object::Entity::update_many()
        .col_expr(C::Name, Expr::value(input.name))
        .col_expr(C::Kind, Expr::value(input.kind))
        .col_expr(C::SourceSystem, Expr::value(input.source_system))
        .col_expr(C::OwnerId, Expr::value(input.owner_id))
        .col_expr(C::ExpectedCount, Expr::value(input.expected_count))
        .col_expr(C::Rules, Expr::value(rules::to_json(&input.fields)))
        .col_expr(C::SimilarityThreshold, Expr::value(input.similarity_threshold))
        .col_expr(C::MaxInvalidPct, Expr::value(input.max_invalid_pct))
        .col_expr(C::MaxDuplicatePct, Expr::value(input.max_duplicate_pct))
        .col_expr(C::Version, Expr::value(form.version + 1))
        .col_expr(C::UpdatedAt, Expr::value(state.clock.now()))
        .filter(C::Id.eq(o.id))
        .filter(C::Version.eq(form.version))
        .exec(&state.db)
        .await;
    match result {
        Ok(r) if r.rows_affected == 1 => Ok(flash::success(
            &crate::urls::migration_object(acc.project.id, o.id),
            l.t(
                "Object saved. New uploads are checked with these rules.",
                "Objeto guardado. Las nuevas cargas se comprueban con estas reglas.",
            ),
        )),
        Ok(_) => {
            let mut e = FormErrors::new();
            e.add(
                "name",
                l.t(
                    "Someone else saved this object while you were editing. Your changes are below; reload to see theirs.",
                    "Otra persona guardó este objeto mientras usted lo editaba. Sus cambios están abajo; recargue para ver los de la otra persona.",
                ),
            );
            Ok(page(StatusCode::CONFLICT, &e))
        }
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &name_taken(l)))
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn delete_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let loads = store::loads_of(&state.db, o.id).await?;
    Ok(html(StatusCode::OK, views::delete_page(&auth.ctx, &acc, &o, loads.len())))
}

pub async fn delete(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let loads = store::loads_of(&state.db, o.id).await?;
    migration_object::Entity::delete_by_id(o.id).exec(&state.db).await?;
    // The files go after the rows: a crash in between leaves files nobody links to, never a
    // load whose file is gone.
    let dir = jobs::upload_dir(&state.settings);
    let sources: Vec<_> = loads.iter().map(|l| dir.join(&l.stored_name)).collect();
    let removed = web::block(move || {
        for source in &sources {
            outputs::Outputs::discard(source);
            let _ = std::fs::remove_file(source);
        }
    })
    .await;
    if let Err(e) = removed {
        tracing::warn!(error = %e, "could not remove a deleted object's files");
    }
    let l = auth.ctx.lang;
    Ok(flash::success(
        &crate::urls::migration(acc.project.id),
        &l.f("“{0}” and its trial loads were deleted.", "Se eliminó «{0}» con sus cargas de prueba.", &[&o.name]),
    ))
}
