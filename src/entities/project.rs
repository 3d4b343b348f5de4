//! sea-orm model for `projects`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub company: String,
    pub size: String,
    pub sector: String,
    pub start_date: Date,
    pub go_live_date: Date,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// `text::fold` of name and company, for search.
    pub search_text: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
