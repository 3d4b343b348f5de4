//! Likely-duplicate decisions: a data steward's "same customer" / "different customers" on a pair
//! of rows, kept under the rows' fingerprints (hash of their compared values) so a later trial load
//! of the same object finds them again; "same" pairs are merged in the cleaned file.
//! The objects' `similarity_threshold` now holds a match probability: the old default (Jaro–Winkler
//! 0.92) becomes the new default, 0.5.

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
                .table("duplicate_decisions")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("object_id"))
                .col(big_integer("fingerprint_a"))
                .col(big_integer("fingerprint_b"))
                .col(boolean("same"))
                .col(integer_null("load_id"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone("decided_at"))
                .foreign_key(&mut fk(("duplicate_decisions", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("duplicate_decisions", "object_id"), "migration_objects", Cascade))
                .foreign_key(&mut fk(("duplicate_decisions", "load_id"), "trial_loads", SetNull))
                .foreign_key(&mut fk(("duplicate_decisions", "decided_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "duplicate_decisions",
            "ux_duplicate_decisions_pair",
            &["object_id", "fingerprint_a", "fingerprint_b"],
            true,
        ))
        .await?;
        let threshold = Query::update()
            .table("migration_objects")
            .value("similarity_threshold", 0.5)
            .and_where(Expr::col("similarity_threshold").eq(0.92))
            .to_owned();
        m.exec_stmt(threshold).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("duplicate_decisions").to_owned()).await
    }
}
