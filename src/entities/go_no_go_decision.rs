//! sea-orm model for `go_no_go_decisions`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "go_no_go_decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub runbook_id: i32,
    /// `go`, `no_go` or `go_with_conditions`.
    pub verdict: String,
    pub note: Option<String>,
    pub decided_by: Option<i32>,
    pub decided_at: DateTimeUtc,
    /// The readiness verdict key and score as they were when the decision was taken.
    pub readiness_key: String,
    pub readiness_score: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
