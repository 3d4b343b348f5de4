//! Organizational structure (guide: "Configura la estructura organizativa"): legal entities,
//! sites and departments as a small tree per project, so training audiences and feedback can
//! refer to departments later.

use super::form::UnitForm;
use super::org_views::view;
use crate::entities::org_unit;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::org::{path_of, units};
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::confirm;
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, FormErrors, Lang, csv, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

pub const KINDS: [&str; 3] = ["legal_entity", "site", "department"];

pub fn kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "legal_entity" => l.t("Legal entity", "Sociedad"),
        "site" => l.t("Site", "Centro"),
        _ => l.t("Department", "Departamento"),
    }
}

/// Each unit with its depth, parents before children (depth-first, by name).
pub(super) fn tree(units: &[org_unit::Model]) -> Vec<(usize, &org_unit::Model)> {
    fn walk<'a>(
        units: &'a [org_unit::Model],
        parent: Option<i32>,
        depth: usize,
        out: &mut Vec<(usize, &'a org_unit::Model)>,
    ) {
        for u in units.iter().filter(|u| u.parent_id == parent) {
            out.push((depth, u));
            if depth < 16 {
                walk(units, Some(u.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(units, None, 0, &mut out);
    out
}

/// Where a kind of unit may sit: a legal entity at the top, a site under a legal entity, a
/// department under anything.
pub fn placement_ok(kind: &str, parent_kind: Option<&str>) -> bool {
    matches!((kind, parent_kind), ("legal_entity", None) | ("site", Some("legal_entity")) | ("department", _))
}

fn validate(f: &UnitForm, units: &[org_unit::Model], l: Lang) -> Result<(String, String, Option<i32>), FormErrors> {
    let mut e = FormErrors::new();
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 160 {
        e.add(
            "name",
            l.t("Name the unit (160 characters at most).", "Ponga nombre a la unidad (160 caracteres como máximo)."),
        );
    }
    if !KINDS.contains(&f.kind.as_str()) {
        e.add("kind", l.t("Choose a kind of unit.", "Elija un tipo de unidad."));
    }
    let parent = match f.parent_id.trim() {
        "" => None,
        s => match s.parse::<i32>().ok().and_then(|id| units.iter().find(|u| u.id == id)) {
            Some(p) => Some(p),
            None => {
                e.add("parent_id", l.t("Choose a unit of this project.", "Elija una unidad de este proyecto."));
                None
            }
        },
    };
    if KINDS.contains(&f.kind.as_str())
        && e.get("parent_id").is_none()
        && !placement_ok(&f.kind, parent.map(|p| p.kind.as_str()))
    {
        e.add(
            "parent_id",
            l.t(
                "A legal entity has no parent, and a site belongs to a legal entity.",
                "Una sociedad no depende de nada, y un centro pertenece a una sociedad.",
            ),
        );
    }
    let parent_id = parent.map(|p| p.id);
    if units.iter().any(|u| u.parent_id == parent_id && crate::text::fold(&u.name) == crate::text::fold(name)) {
        e.add("name", l.t("There is already a unit with this name there.", "Ya hay una unidad con este nombre ahí."));
    }
    e.into_result((name.to_string(), f.kind.clone(), parent_id))
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let all = units(&state.db, acc.project.id).await?;
    Ok(html(
        StatusCode::OK,
        view(&auth.ctx, &acc, &all, &UnitForm { kind: "department".into(), ..Default::default() }, &FormErrors::new()),
    ))
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> AppResult<HttpResponse> {
    let tx = crate::db::begin_write(&state.db).await?;
    let all = units(&tx, acc.project.id).await?;
    let (name, kind, parent_id) = match validate(&form, &all, auth.ctx.lang) {
        Ok(v) => v,
        Err(e) => return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view(&auth.ctx, &acc, &all, &form, &e))),
    };
    org_unit::ActiveModel {
        project_id: Set(acc.project.id),
        parent_id: Set(parent_id),
        kind: Set(kind),
        name: Set(name),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(flash::success(&crate::urls::org(acc.project.id), auth.ctx.t("Unit added.", "Unidad añadida.")))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let all = units(&state.db, acc.project.id).await?;
    let mut w = csv::writer();
    w.write_record(["id", "kind", "name", "parent_id", "path"]).map_err(csv::io)?;
    for (_, u) in tree(&all) {
        let parent = u.parent_id.map(|p| p.to_string()).unwrap_or_default();
        w.write_record([u.id.to_string(), u.kind.clone(), csv::safe(&u.name), parent, csv::safe(&path_of(&all, u))])
            .map_err(csv::io)?;
    }
    csv::response("organization.csv", w)
}

async fn unit_of(state: &AppState, acc: Access, uid: i32) -> AppResult<(Access, org_unit::Model)> {
    let u =
        crate::projects::scope::child::<org_unit::Entity>(&state.db, &acc, org_unit::Column::ProjectId, uid).await?;
    acc.require_manage()?;
    Ok((acc, u))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, uid) = p.into_inner();
    let (acc, u) = unit_of(&state, acc, uid).await?;
    let l = auth.ctx.lang;
    let title = l.t("Delete unit", "Eliminar unidad");
    let body = html! {
        (crumbs(&auth.ctx, &acc.project, &[(l.t("Organization", "Organización"), Some(crate::urls::org(acc.project.id))), (title, None)]))
        (confirm(&auth.ctx, &l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&u.name]),
            l.t("Every unit inside it is deleted with it.", "Se eliminan con ella todas las unidades que contiene."),
            &format!("{}/{}/delete", crate::urls::org(acc.project.id), u.id), &crate::urls::org(acc.project.id)))
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    p: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, uid) = p.into_inner();
    let (acc, u) = unit_of(&state, acc, uid).await?;
    org_unit::Entity::delete_by_id(u.id).exec(&state.db).await?;
    Ok(flash::success(&crate::urls::org(acc.project.id), auth.ctx.t("Unit deleted.", "Unidad eliminada.")))
}

#[cfg(test)]
mod tests {
    use super::placement_ok;

    #[test]
    fn sites_belong_to_legal_entities_and_legal_entities_to_nobody() {
        assert!(placement_ok("legal_entity", None));
        assert!(!placement_ok("legal_entity", Some("site")));
        assert!(placement_ok("site", Some("legal_entity")));
        assert!(!placement_ok("site", Some("department")));
        assert!(!placement_ok("site", None));
        assert!(placement_ok("department", Some("site")));
    }
}
