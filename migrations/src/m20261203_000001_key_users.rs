//! Key users (issue 18): a flag on a project membership, not a global role. A key user is an
//! employee or trainer who knows a business area and runs test cycles and triages support tickets
//! with the PM. Existing members are not key users.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("memberships").add_column(boolean("key_user").default(false)).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("memberships").drop_column("key_user").to_owned()).await
    }
}
