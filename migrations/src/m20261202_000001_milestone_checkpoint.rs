//! A checkpoint becomes its own kind of milestone (issue 24). Until now a milestone whose start
//! and due date were the same day was a zero-length checkpoint, so a one-day activity could not
//! be entered. The new `checkpoint` flag says it instead; the rows that were checkpoints get it,
//! so they keep their meaning, and from now on the same day without the flag is one day long.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("milestones").add_column(boolean("checkpoint").default(false)).to_owned())
            .await?;
        m.exec_stmt(
            Query::update()
                .table("milestones")
                .value("checkpoint", true)
                .and_where(Expr::col("start_date").equals("due_date"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("milestones").drop_column("checkpoint").to_owned()).await
    }
}
