//! sea-orm model for `support_tickets`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub reporter_id: Option<i32>,
    pub module: String,
    pub severity: String,
    pub title: String,
    pub description: String,
    pub search_text: String,
    pub status: String,
    pub assignee_id: Option<i32>,
    pub article_id: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub response_due_at: DateTimeUtc,
    pub response_risk_at: DateTimeUtc,
    pub resolution_due_at: DateTimeUtc,
    pub resolution_risk_at: DateTimeUtc,
    pub first_response_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
