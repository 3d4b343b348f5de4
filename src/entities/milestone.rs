//! sea-orm model for `milestones`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "milestones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub title: String,
    pub phase_key: String,
    pub workstream: Option<String>,
    pub owner_id: Option<i32>,
    pub start_date: Date,
    pub due_date: Date,
    /// A zero-length checkpoint (a diamond); otherwise the milestone lasts start to due, inclusive.
    pub checkpoint: bool,
    pub status: String,
    pub percent: i32,
    pub deliverables: Option<String>,
    pub version: i32,
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
