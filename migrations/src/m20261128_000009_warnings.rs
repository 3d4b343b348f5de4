//! Live warnings: the PM's decisions about a warning (acknowledged or snoozed, with the reason and
//! the evidence count at the time, so it comes back when the evidence grows) and per-project
//! thresholds overriding the seeded defaults; a readiness snapshot per project and day; and which
//! weekly digests went out.

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
                .table("warning_states")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("rule_key", 48))
                .col(string_len("status", 16))
                .col(text("reason"))
                .col(big_integer("count_at"))
                .col(timestamp_with_time_zone_null("until"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone("decided_at"))
                .foreign_key(&mut fk(("warning_states", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("warning_states", "decided_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("warning_states", "ux_warning_states", &["project_id", "rule_key"], true)).await?;
        m.create_table(
            Table::create()
                .table("project_settings")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("key", 48))
                .col(double("value"))
                .foreign_key(&mut fk(("project_settings", "project_id"), "projects", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("project_settings", "ux_project_settings", &["project_id", "key"], true)).await?;
        m.create_table(
            Table::create()
                .table("readiness_snapshots")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(date("day"))
                .col(string_len("verdict", 16))
                .col(integer("greens"))
                .col(integer("ambers"))
                .col(integer("reds"))
                .col(integer("open_warnings"))
                .col(text("warnings"))
                .foreign_key(&mut fk(("readiness_snapshots", "project_id"), "projects", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("readiness_snapshots", "ux_readiness_snapshots", &["project_id", "day"], true)).await?;
        m.create_table(
            Table::create()
                .table("digest_log")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("week", 10))
                .col(timestamp_with_time_zone("sent_at"))
                .foreign_key(&mut fk(("digest_log", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("digest_log", "ux_digest_log", &["user_id", "week"], true)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["digest_log", "readiness_snapshots", "project_settings", "warning_states"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
