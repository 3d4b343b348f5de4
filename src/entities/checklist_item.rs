//! sea-orm model for `checklist_items`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "checklist_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub phase_id: i32,
    pub template_key: Option<String>,
    pub position: i32,
    pub mandatory: bool,
    pub title_en: String,
    pub title_es: String,
    pub done: bool,
    pub done_by: Option<i32>,
    pub done_at: Option<DateTimeUtc>,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
