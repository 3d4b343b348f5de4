//! sea-orm model for `test_step_results`: what a tester recorded for one step of one run.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "test_step_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub run_id: i32,
    pub step_id: i32,
    pub status: String,
    pub actual: Option<String>,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
    pub version: i32,
    pub evidence_name: Option<String>,
    pub evidence_file: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
