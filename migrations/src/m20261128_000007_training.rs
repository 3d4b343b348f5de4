//! Training (phase 4): sessions with audiences, bookings with a wait-list and attendance,
//! reminders sent once, a library of learning resources; the member's department; and email
//! attachments (calendar invitations) in the outbox.

use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};

        // The same statement is valid on SQLite and PostgreSQL; SeaQuery cannot add a column with
        // a reference on SQLite.
        m.get_connection()
            .execute_unprepared(
                "ALTER TABLE memberships ADD COLUMN department_id integer NULL \
                 REFERENCES org_units(id) ON DELETE SET NULL",
            )
            .await?;
        for col in ["attachment_name", "attachment_type", "attachment_body"] {
            m.alter_table(Table::alter().table("outbox").add_column(text_null(col)).to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table("training_sessions")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 200))
                .col(string_len("module", 24))
                .col(string_len("kind", 12))
                .col(string_len("mode", 12))
                .col(string_len("audience_roles", 40))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(string_len("tz", 64))
                .col(string_len_null("place", 300))
                .col(string_len_null("meeting_url", 500))
                .col(integer("capacity"))
                .col(integer("cancel_cutoff_hours"))
                .col(text_null("materials"))
                .col(text_null("prerequisites"))
                .col(integer_null("trainer_id"))
                .col(string_len("status", 12))
                .col(integer("version"))
                .col(text("search_text"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("training_sessions", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("training_sessions", "trainer_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("training_sessions", "ix_training_sessions_project", &["project_id", "starts_at"], false))
            .await?;
        m.create_index(index("training_sessions", "ix_training_sessions_starts", &["status", "starts_at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("training_audience")
                .col(pk_auto("id"))
                .col(integer("session_id"))
                .col(integer("org_unit_id"))
                .foreign_key(&mut fk(("training_audience", "session_id"), "training_sessions", Cascade))
                .foreign_key(&mut fk(("training_audience", "org_unit_id"), "org_units", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("training_audience", "ux_training_audience", &["session_id", "org_unit_id"], true))
            .await?;

        m.create_table(
            Table::create()
                .table("training_bookings")
                .col(pk_auto("id"))
                .col(integer("session_id"))
                .col(integer("user_id"))
                .col(string_len("status", 12))
                .col(string_len_null("attendance", 12))
                .col(timestamp_with_time_zone("signed_up_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("training_bookings", "session_id"), "training_sessions", Cascade))
                .foreign_key(&mut fk(("training_bookings", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("training_bookings", "ux_training_bookings", &["session_id", "user_id"], true)).await?;
        m.create_index(index(
            "training_bookings",
            "ix_training_bookings_queue",
            &["session_id", "status", "signed_up_at"],
            false,
        ))
        .await?;
        m.create_index(index("training_bookings", "ix_training_bookings_user", &["user_id", "status"], false)).await?;

        m.create_table(
            Table::create()
                .table("training_reminders")
                .col(pk_auto("id"))
                .col(integer("booking_id"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("sent_at"))
                .foreign_key(&mut fk(("training_reminders", "booking_id"), "training_bookings", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("training_reminders", "ux_training_reminders", &["booking_id", "starts_at"], true))
            .await?;

        m.create_table(
            Table::create()
                .table("training_resources")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("module", 24))
                .col(string_len("title", 200))
                .col(string_len("url", 500))
                .col(text_null("description"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("training_resources", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("training_resources", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("training_resources", "ix_training_resources_project", &["project_id", "module"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in
            ["training_resources", "training_reminders", "training_bookings", "training_audience", "training_sessions"]
        {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        for col in ["attachment_name", "attachment_type", "attachment_body"] {
            m.alter_table(Table::alter().table("outbox").drop_column(Alias::new(col)).to_owned()).await?;
        }
        m.alter_table(Table::alter().table("memberships").drop_column(Alias::new("department_id")).to_owned()).await?;
        Ok(())
    }
}
