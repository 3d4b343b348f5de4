//! Data migration quality: migration objects (what is moved from which source, with the target
//! fields' rules and the thresholds a trial load must meet) and trial loads (one per uploaded
//! export; also the job queue of the profiler: status, attempts, progress and heartbeat live in the
//! row, so any instance can pick up a job and a stalled one is found again).

use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table("migration_objects")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("name", 120))
                .col(string_len("kind", 32))
                .col(string_len("source_system", 120))
                .col(integer_null("owner_id"))
                .col(big_integer_null("expected_count"))
                .col(text("rules"))
                .col(double("similarity_threshold"))
                .col(double("max_invalid_pct"))
                .col(double("max_duplicate_pct"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("migration_objects", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("migration_objects", "owner_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("migration_objects", "ux_migration_objects_name", &["project_id", "name"], true)).await?;
        m.create_table(
            Table::create()
                .table("trial_loads")
                .col(pk_auto("id"))
                .col(integer("object_id"))
                .col(integer("project_id"))
                .col(integer_null("uploaded_by"))
                .col(string_len("file_name", 255))
                .col(big_integer("file_size"))
                .col(string_len("stored_name", 64))
                .col(string_len("lang", 2))
                .col(text("rules"))
                .col(string_len("status", 16))
                .col(integer("attempts"))
                .col(big_integer("progress_bytes"))
                .col(string_len_null("worker", 64))
                .col(timestamp_with_time_zone_null("heartbeat_at"))
                .col(text_null("error"))
                .col(big_integer("rows_read"))
                .col(big_integer("rows_valid"))
                .col(big_integer("error_total"))
                .col(big_integer("exact_duplicates"))
                .col(big_integer("likely_duplicates"))
                .col(text_null("report"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("started_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .col(integer_null("signed_off_by"))
                .col(timestamp_with_time_zone_null("signed_off_at"))
                .foreign_key(&mut fk(("trial_loads", "object_id"), "migration_objects", Cascade))
                .foreign_key(&mut fk(("trial_loads", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("trial_loads", "uploaded_by"), "users", SetNull))
                .foreign_key(&mut fk(("trial_loads", "signed_off_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("trial_loads", "ix_trial_loads_object", &["object_id", "created_at"], false)).await?;
        m.create_index(index("trial_loads", "ix_trial_loads_status", &["status", "id"], false)).await?;
        m.create_index(index("trial_loads", "ix_trial_loads_project", &["project_id", "finished_at"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["trial_loads", "migration_objects"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
