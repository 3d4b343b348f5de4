//! sea-orm model for `cutover_tasks`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cutover_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub runbook_id: i32,
    pub project_id: i32,
    pub title: String,
    pub planned_start: DateTimeUtc,
    pub duration_minutes: i32,
    pub owner_id: Option<i32>,
    /// After this task the old system cannot be returned to (at most one per runbook).
    pub point_of_no_return: bool,
    pub rollback_steps: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
