//! The implementation team's RACI matrix on one screen: areas (the phases and the plan's
//! workstreams) × project members, each cell Responsible / Accountable / Consulted / Informed.
//! An area has at most one Accountable; milestones have exactly one, their owner.

use super::raci_views::view;
use crate::entities::{milestone, raci};
use crate::error::AppResult;
use crate::phases::label as phase_label;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{CsrfForm, Lang, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

pub const LETTERS: [&str; 4] = ["R", "A", "C", "I"];

/// "phase:<key>" for the five phases, then "ws:<name>" for each workstream used by a milestone.
async fn areas(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<String>, DbErr> {
    let mut v: Vec<String> = crate::phases::KEYS.iter().map(|k| format!("phase:{k}")).collect();
    let ws: Vec<Option<String>> = milestone::Entity::find()
        .select_only()
        .column(milestone::Column::Workstream)
        .filter(milestone::Column::ProjectId.eq(project_id))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut ws: Vec<String> = ws.into_iter().flatten().collect();
    ws.sort();
    v.extend(ws.into_iter().map(|w| format!("ws:{w}")));
    Ok(v)
}

pub fn area_label(l: Lang, area: &str) -> String {
    match area.split_once(':') {
        Some(("phase", k)) => phase_label(l, k).to_string(),
        Some((_, w)) => w.to_string(),
        None => area.to_string(),
    }
}

pub(super) type Cells = HashMap<(String, i32), String>;

async fn cells(db: &impl ConnectionTrait, project_id: i32) -> Result<Cells, DbErr> {
    Ok(raci::Entity::find()
        .filter(raci::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| ((r.area, r.user_id), r.letter))
        .collect())
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let areas = areas(&state.db, acc.project.id).await?;
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    let cells = cells(&state.db, acc.project.id).await?;
    let unowned = unowned(&state, acc.project.id).await?;
    Ok(html(StatusCode::OK, view(&auth.ctx, &acc, &areas, &members, &cells, &[], unowned)))
}

async fn unowned(state: &AppState, project_id: i32) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(milestone::Entity::find()
        .filter(milestone::Column::ProjectId.eq(project_id))
        .filter(milestone::Column::OwnerId.is_null())
        .count(&state.db)
        .await?)
}

/// Saves the whole matrix: `a_<i>` names area i, `c_<i>_<user>` its letter for that member.
pub async fn save(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let known = areas(&state.db, acc.project.id).await?;
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    let mut cells = Cells::new();
    let mut errors = Vec::new();
    for (i, area) in known.iter().enumerate() {
        if form.get(&format!("a_{i}")) != Some(area) {
            continue; // the area list changed since the page was drawn; leave that row alone
        }
        let mut accountable = 0;
        for m in &members {
            let v = form.get(&format!("c_{i}_{}", m.user_id)).map(|s| s.trim().to_uppercase()).unwrap_or_default();
            if v.is_empty() {
                continue;
            }
            if !LETTERS.contains(&v.as_str()) {
                errors.push(l.f("“{0}”: use R, A, C or I.", "«{0}»: use R, A, C o I.", &[&area_label(l, area)]));
                continue;
            }
            accountable += usize::from(v == "A");
            cells.insert((area.clone(), m.user_id), v);
        }
        if accountable > 1 {
            errors.push(l.f(
                "“{0}” has {1} people accountable; exactly one person is accountable for an area.",
                "«{0}» tiene {1} personas como responsables (A); un área tiene exactamente un responsable.",
                &[&area_label(l, area), &accountable],
            ));
        }
    }
    if !errors.is_empty() {
        let unowned = unowned(&state, acc.project.id).await?;
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view(&auth.ctx, &acc, &known, &members, &cells, &errors, unowned),
        ));
    }
    let tx = crate::db::begin_write(&state.db).await?;
    raci::Entity::delete_many().filter(raci::Column::ProjectId.eq(acc.project.id)).exec(&tx).await?;
    let rows: Vec<raci::ActiveModel> = cells
        .into_iter()
        .map(|((area, user_id), letter)| raci::ActiveModel {
            project_id: Set(acc.project.id),
            area: Set(area),
            user_id: Set(user_id),
            letter: Set(letter),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        raci::Entity::insert_many(chunk.to_vec()).exec_without_returning(&tx).await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &format!("/projects/{}/raci", acc.project.id),
        l.t("RACI matrix saved.", "Matriz RACI guardada."),
    ))
}
