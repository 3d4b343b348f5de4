//! sea-orm model for `cutover_runs`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cutover_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub runbook_id: i32,
    pub project_id: i32,
    /// `rehearsal` (a dress run) or `live`.
    pub kind: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub started_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
