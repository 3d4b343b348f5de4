//! sea-orm model for `duplicate_decisions`: a data steward's decision on a likely-duplicate pair of
//! an object's rows, kept under the rows' fingerprints (`fingerprint_a` ≤ `fingerprint_b`, the
//! profiler's u64 hashes stored as i64).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub object_id: i32,
    pub fingerprint_a: i64,
    pub fingerprint_b: i64,
    /// The same entity (merged in the cleaned file) or different ones (no longer reported).
    pub same: bool,
    /// The trial load the decision was made on.
    pub load_id: Option<i32>,
    pub decided_by: Option<i32>,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
