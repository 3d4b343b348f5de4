//! sea-orm model for `test_runs`: one case in one cycle (a retest is a new attempt; the newest is `is_latest`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "test_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub cycle_id: i32,
    pub case_id: i32,
    pub tester_id: Option<i32>,
    pub attempt: i32,
    pub is_latest: bool,
    pub result: String,
    pub finished_on: Option<Date>,
    pub finished_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
