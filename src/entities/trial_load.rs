//! sea-orm model for `trial_loads`: one uploaded export, its profiling job and its report.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trial_loads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub object_id: i32,
    pub project_id: i32,
    pub uploaded_by: Option<i32>,
    pub file_name: String,
    pub file_size: i64,
    /// File name under the upload directory (a random name; the outputs add a suffix).
    pub stored_name: String,
    /// Language of the uploader, for the texts of the error file.
    pub lang: String,
    /// The object's rules when the file was uploaded (JSON), so a re-run checks the same thing.
    pub rules: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub progress_bytes: i64,
    pub worker: Option<String>,
    pub heartbeat_at: Option<DateTimeUtc>,
    pub error: Option<String>,
    pub rows_read: i64,
    pub rows_valid: i64,
    pub error_total: i64,
    pub exact_duplicates: i64,
    pub likely_duplicates: i64,
    /// The profiler's report as JSON, once done.
    pub report: Option<String>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub signed_off_by: Option<i32>,
    pub signed_off_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
