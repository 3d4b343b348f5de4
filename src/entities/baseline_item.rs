//! sea-orm model for `baseline_items`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "baseline_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub baseline_id: i32,
    pub milestone_id: i32,
    pub start_date: Date,
    pub due_date: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
