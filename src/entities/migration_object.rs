//! sea-orm model for `migration_objects`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "migration_objects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub name: String,
    pub kind: String,
    pub source_system: String,
    pub owner_id: Option<i32>,
    pub expected_count: Option<i64>,
    /// The target fields and their rules, as JSON (`data_quality::rules::FieldDef`).
    pub rules: String,
    pub similarity_threshold: f64,
    pub max_invalid_pct: f64,
    pub max_duplicate_pct: f64,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
