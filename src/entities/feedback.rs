//! sea-orm model for `feedback`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub author_id: Option<i32>,
    pub receipt_hash: Option<String>,
    pub category: String,
    pub module: String,
    pub rating: i32,
    pub body: String,
    pub status: String,
    pub reply: Option<String>,
    pub replied_by: Option<i32>,
    pub replied_at: Option<DateTimeUtc>,
    pub adjustment_id: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
