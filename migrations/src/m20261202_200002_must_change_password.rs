//! A password an administrator set (a new account) must be changed at the first sign-in
//! (issue 17): the flag is set with it and cleared by the person's own change or reset. Accounts
//! that exist already keep their passwords as they are.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("users").add_column(boolean("must_change_password").default(false)).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("users").drop_column("must_change_password").to_owned()).await
    }
}
