//! sea-orm model for `readiness_snapshots`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "readiness_snapshots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub day: Date,
    pub verdict: String,
    pub greens: i32,
    pub ambers: i32,
    pub reds: i32,
    /// Workstreams with nothing tracked yet (not assessed).
    pub unassessed: i32,
    pub open_warnings: i32,
    pub warnings: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
