//! sea-orm model for `defect_events`: one status change of a defect: who and when.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "defect_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub defect_id: i32,
    pub from_status: Option<String>,
    pub to_status: String,
    pub by_user: Option<i32>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
