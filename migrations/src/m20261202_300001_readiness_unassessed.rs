//! Readiness snapshots count the workstreams that were *not assessed* (nothing tracked yet) beside
//! the green, amber and red ones, so the history never reads an empty project as ready.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("readiness_snapshots").add_column(integer("unassessed").default(0)).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("readiness_snapshots").drop_column("unassessed").to_owned()).await
    }
}
