//! The hypercare support desk (issue 18): tickets from employees with their SLA due times fixed
//! from the project's settings when filed (and recomputed when the severity or the settings
//! change), the conversation on each ticket, its attachments, and the knowledge base searched before filing.

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
                .table("support_articles")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("kind", 16))
                .col(string_len("module", 32))
                .col(string_len("title", 200))
                .col(text("body"))
                .col(text("search_text"))
                .col(boolean("published").default(false))
                .col(integer_null("author_id"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("support_articles", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("support_articles", "author_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("support_articles", "ix_support_articles_project", &["project_id", "published"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("support_tickets")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer_null("reporter_id"))
                .col(string_len("module", 32))
                .col(string_len("severity", 16))
                .col(string_len("title", 200))
                .col(text("description"))
                .col(text("search_text"))
                .col(string_len("status", 16))
                .col(integer_null("assignee_id"))
                .col(integer_null("article_id"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone("response_due_at"))
                .col(timestamp_with_time_zone("response_risk_at"))
                .col(timestamp_with_time_zone("resolution_due_at"))
                .col(timestamp_with_time_zone("resolution_risk_at"))
                .col(timestamp_with_time_zone_null("first_response_at"))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .foreign_key(&mut fk(("support_tickets", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("support_tickets", "reporter_id"), "users", SetNull))
                .foreign_key(&mut fk(("support_tickets", "assignee_id"), "users", SetNull))
                .foreign_key(&mut fk(("support_tickets", "article_id"), "support_articles", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("support_tickets", "ix_support_tickets_status", &["project_id", "status"], false)).await?;
        m.create_index(index("support_tickets", "ix_support_tickets_severity", &["project_id", "severity"], false))
            .await?;
        m.create_index(index("support_tickets", "ix_support_tickets_reporter", &["project_id", "reporter_id"], false))
            .await?;
        m.create_index(index("support_tickets", "ix_support_tickets_created", &["project_id", "created_at"], false))
            .await?;
        m.create_index(index("support_tickets", "ix_support_tickets_resolved", &["project_id", "resolved_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("support_messages")
                .col(pk_auto("id"))
                .col(integer("ticket_id"))
                .col(integer_null("author_id"))
                .col(boolean("from_team").default(false))
                .col(text("body"))
                .col(integer_null("article_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("support_messages", "ticket_id"), "support_tickets", Cascade))
                .foreign_key(&mut fk(("support_messages", "author_id"), "users", SetNull))
                .foreign_key(&mut fk(("support_messages", "article_id"), "support_articles", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("support_messages", "ix_support_messages_ticket", &["ticket_id"], false)).await?;
        // A screenshot or document the reporter adds; kept apart so lists never read the bytes.
        m.create_table(
            Table::create()
                .table("support_attachments")
                .col(pk_auto("id"))
                .col(integer("ticket_id"))
                .col(string_len("file_name", 200))
                .col(integer("size"))
                .col(blob("data"))
                .col(integer_null("uploaded_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("support_attachments", "ticket_id"), "support_tickets", Cascade))
                .foreign_key(&mut fk(("support_attachments", "uploaded_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("support_attachments", "ix_support_attachments_ticket", &["ticket_id"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["support_attachments", "support_messages", "support_tickets", "support_articles"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
