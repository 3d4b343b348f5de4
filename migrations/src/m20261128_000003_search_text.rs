//! A folded (lower-case, accent-free) search column on users and projects, filled by the app, so
//! search behaves the same on SQLite and PostgreSQL and "angela" finds "Ángela".

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["users", "projects"] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .add_column(ColumnDef::new("search_text").text().null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["users", "projects"] {
            m.alter_table(Table::alter().table(Alias::new(table)).drop_column("search_text").to_owned()).await?;
        }
        Ok(())
    }
}
