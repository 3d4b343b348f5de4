//! sea-orm model for `defects`: a defect found in testing, linked to its case (and step, requirement, run).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "defects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub title: String,
    pub description: Option<String>,
    pub severity: String,
    pub module: String,
    pub status: String,
    pub assignee_id: Option<i32>,
    pub case_id: i32,
    pub step_id: Option<i32>,
    pub requirement_id: Option<i32>,
    pub run_id: Option<i32>,
    pub version: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
