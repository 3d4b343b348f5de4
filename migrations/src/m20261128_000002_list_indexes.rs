//! Indexes for the sortable list columns, found by the first benchmark (sorting ~84k users by name
//! without an index cost a full sort per page). Lists order by (column, id), so the index carries
//! the id too and PostgreSQL can walk it instead of sorting.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, &str, &str); 7] = [
    ("ix_projects_name_id", "projects", "name"),
    ("ix_users_name_id", "users", "name"),
    ("ix_users_email_id", "users", "email"),
    ("ix_users_created_at_id", "users", "created_at"),
    ("ix_projects_company_id", "projects", "company"),
    ("ix_projects_start_date_id", "projects", "start_date"),
    ("ix_projects_go_live_date_id", "projects", "go_live_date"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, col) in INDEXES {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alias::new(table))
                    .col(Alias::new(col))
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
