//! Queries of migration objects and trial loads, always scoped to the project in the path.

use super::quality;
use crate::entities::{migration_object, trial_load};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Iterable, QueryFilter, QueryOrder, QuerySelect, Select,
};

pub async fn objects(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<migration_object::Model>, DbErr> {
    migration_object::Entity::find()
        .filter(migration_object::Column::ProjectId.eq(project_id))
        .order_by_asc(migration_object::Column::Name)
        .all(db)
        .await
}

/// The object, if it belongs to the project (another project's id is "not found").
pub async fn object(
    db: &impl ConnectionTrait,
    project_id: i32,
    object_id: i32,
) -> Result<Option<migration_object::Model>, DbErr> {
    migration_object::Entity::find_by_id(object_id)
        .filter(migration_object::Column::ProjectId.eq(project_id))
        .one(db)
        .await
}

/// Trial loads without their report and rules (lists read many of them).
fn light() -> Select<trial_load::Entity> {
    use trial_load::Column as C;
    trial_load::Entity::find()
        .select_only()
        .columns(C::iter().filter(|c| !matches!(c, C::Report | C::Rules)))
        .column_as(Expr::cust("NULL"), "report")
        .column_as(Expr::cust("''"), "rules")
}

/// An object's loads, newest first.
pub async fn loads_of(db: &impl ConnectionTrait, object_id: i32) -> Result<Vec<trial_load::Model>, DbErr> {
    light()
        .filter(trial_load::Column::ObjectId.eq(object_id))
        .order_by_desc(trial_load::Column::CreatedAt)
        .order_by_desc(trial_load::Column::Id)
        .all(db)
        .await
}

/// Every load of the project, newest first.
pub async fn project_loads(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<trial_load::Model>, DbErr> {
    light()
        .filter(trial_load::Column::ProjectId.eq(project_id))
        .order_by_desc(trial_load::Column::CreatedAt)
        .order_by_desc(trial_load::Column::Id)
        .all(db)
        .await
}

/// The load with its report, if it belongs to the object (and the object to the project).
pub async fn load(db: &impl ConnectionTrait, object_id: i32, load_id: i32) -> Result<Option<trial_load::Model>, DbErr> {
    trial_load::Entity::find_by_id(load_id).filter(trial_load::Column::ObjectId.eq(object_id)).one(db).await
}

/// Per object: its loads (newest first).
pub fn by_object(loads: &[trial_load::Model], object_id: i32) -> Vec<trial_load::Model> {
    loads.iter().filter(|l| l.object_id == object_id).cloned().collect()
}

/// What the warnings and the readiness card need: the objects, and which of them lack a clean
/// load finished since `since`, and which lack a sign-off.
pub struct MigrationFacts {
    pub objects: usize,
    pub without_recent_clean: Vec<String>,
    pub not_signed_off: Vec<String>,
}

pub async fn facts(db: &impl ConnectionTrait, project_id: i32, since: DateTime<Utc>) -> Result<MigrationFacts, DbErr> {
    let objects = objects(db, project_id).await?;
    let loads = project_loads(db, project_id).await?;
    let mut f = MigrationFacts { objects: objects.len(), without_recent_clean: Vec::new(), not_signed_off: Vec::new() };
    for o in &objects {
        let mine = by_object(&loads, o.id);
        if !quality::clean_since(&mine, o, since) {
            f.without_recent_clean.push(o.name.clone());
        }
        if !mine.iter().any(|l| l.signed_off_at.is_some()) {
            f.not_signed_off.push(o.name.clone());
        }
    }
    Ok(f)
}
