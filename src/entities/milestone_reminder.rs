//! sea-orm model for `milestone_reminders`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "milestone_reminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub milestone_id: i32,
    pub kind: String,
    pub due_date: Date,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
