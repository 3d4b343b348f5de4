//! The project's organizational structure as data (legal entities, sites, departments in a small
//! tree): what training audiences, members and survey results refer to. The page that edits it is
//! `plan::org`.

use crate::entities::org_unit;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub async fn units(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<org_unit::Model>, DbErr> {
    org_unit::Entity::find()
        .filter(org_unit::Column::ProjectId.eq(project_id))
        .order_by_asc(org_unit::Column::Name)
        .all(db)
        .await
}

/// "Entity / Site / Department" for a unit.
pub fn path_of(units: &[org_unit::Model], u: &org_unit::Model) -> String {
    let mut names = vec![u.name.as_str()];
    let mut cur = u.parent_id;
    while let Some(p) = cur.and_then(|id| units.iter().find(|x| x.id == id)) {
        if names.len() > 16 {
            break;
        }
        names.push(&p.name);
        cur = p.parent_id;
    }
    names.reverse();
    names.join(" / ")
}

/// The project's departments as (id, "Entity / Site / Department"), for audiences and feedback.
pub async fn departments(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<(i32, String)>, DbErr> {
    let all = units(db, project_id).await?;
    let mut v: Vec<(i32, String)> =
        all.iter().filter(|u| u.kind == "department").map(|u| (u.id, path_of(&all, u))).collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(v)
}
