//! sea-orm model for `training_sessions`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub title: String,
    pub module: String,
    pub kind: String,
    pub mode: String,
    pub audience_roles: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub tz: String,
    pub place: Option<String>,
    pub meeting_url: Option<String>,
    pub capacity: i32,
    pub cancel_cutoff_hours: i32,
    pub materials: Option<String>,
    pub prerequisites: Option<String>,
    pub trainer_id: Option<i32>,
    pub status: String,
    pub version: i32,
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
