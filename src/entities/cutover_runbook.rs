//! sea-orm model for `cutover_runbooks`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cutover_runbooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    /// The IANA time zone the runbook's times are typed and shown in.
    pub tz: String,
    /// The cutover window, if the PM set one: every task must fit inside it.
    pub window_starts_at: Option<DateTimeUtc>,
    pub window_ends_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
