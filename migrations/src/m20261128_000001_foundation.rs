//! Accounts, sessions, projects, memberships, phases, checklists, seed catalogs and the email outbox.

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
                .table("users")
                .col(pk_auto("id"))
                .col(string_len_uniq("email", 254))
                .col(string_len("name", 120))
                .col(string("password_hash"))
                .col(string_len("role", 16))
                .col(string_len_null("locale", 8))
                .col(timestamp_with_time_zone_null("disabled_at"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(pk_auto("id"))
                .col(string_len_uniq("token_hash", 64))
                .col(integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(string_len_null("ip", 64))
                .col(string_len_null("user_agent", 256))
                .foreign_key(&mut fk(("sessions", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", "ix_sessions_user", &["user_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("setup_tokens")
                .col(pk_auto("id"))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("projects")
                .col(pk_auto("id"))
                .col(string_len("name", 160))
                .col(string_len("company", 160))
                .col(string_len("size", 16))
                .col(string_len("sector", 64))
                .col(date("start_date"))
                .col(date("go_live_date"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("projects", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("projects", "ix_projects_name", &["name"], false)).await?;

        m.create_table(
            Table::create()
                .table("memberships")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("user_id"))
                .col(string_len("role", 16))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("memberships", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("memberships", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("memberships", "ux_memberships_project_user", &["project_id", "user_id"], true)).await?;
        m.create_index(index("memberships", "ix_memberships_user", &["user_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("phase_templates")
                .col(pk_auto("id"))
                .col(string_len_uniq("key", 64))
                .col(integer("position"))
                .col(string("name_en"))
                .col(string("name_es"))
                .col(text("summary_en"))
                .col(text("summary_es"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("checklist_templates")
                .col(pk_auto("id"))
                .col(string_len_uniq("key", 64))
                .col(string_len("phase_key", 64))
                .col(integer("position"))
                .col(boolean("mandatory"))
                .col(text("title_en"))
                .col(text("title_es"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("project_phases")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("phase_key", 64))
                .col(integer("position"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone_null("started_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(integer_null("closed_by"))
                .col(text_null("override_reason"))
                .col(integer_null("override_by"))
                .col(timestamp_with_time_zone_null("override_at"))
                .col(integer("version"))
                .foreign_key(&mut fk(("project_phases", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("project_phases", "closed_by"), "users", SetNull))
                .foreign_key(&mut fk(("project_phases", "override_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("project_phases", "ux_project_phases_key", &["project_id", "phase_key"], true)).await?;

        m.create_table(
            Table::create()
                .table("checklist_items")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("phase_id"))
                .col(string_len_null("template_key", 64))
                .col(integer("position"))
                .col(boolean("mandatory"))
                .col(text("title_en"))
                .col(text("title_es"))
                .col(boolean("done"))
                .col(integer_null("done_by"))
                .col(timestamp_with_time_zone_null("done_at"))
                .col(text_null("note"))
                .col(string_len_null("evidence_url", 2048))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("checklist_items", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("checklist_items", "phase_id"), "project_phases", Cascade))
                .foreign_key(&mut fk(("checklist_items", "done_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("checklist_items", "ix_checklist_items_phase", &["phase_id", "position"], false)).await?;
        m.create_index(index("checklist_items", "ix_checklist_items_project", &["project_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("common_errors")
                .col(pk_auto("id"))
                .col(string_len_uniq("key", 64))
                .col(string("title_en"))
                .col(string("title_es"))
                .col(text("description_en"))
                .col(text("description_es"))
                .col(text("remedy_en"))
                .col(text("remedy_es"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("erp_products")
                .col(pk_auto("id"))
                .col(string_len_uniq("key", 64))
                .col(string("name"))
                .col(string("vendor"))
                .col(string_len("deployment", 16))
                .col(string("sizes"))
                .col(string("sectors"))
                .col(string_len("crm_integration", 16))
                .col(text("notes_en"))
                .col(text("notes_es"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("kpi_templates")
                .col(pk_auto("id"))
                .col(string_len_uniq("key", 64))
                .col(string_len("area", 32))
                .col(string_len("unit", 32))
                .col(string_len("direction", 24))
                .col(string("name_en"))
                .col(string("name_es"))
                .col(text("description_en"))
                .col(text("description_es"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("outbox")
                .col(pk_auto("id"))
                .col(string_len("to_addr", 254))
                .col(string("subject"))
                .col(text("body_text"))
                .col(text("body_html"))
                .col(string_len("status", 16))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(string_len_null("locked_by", 64))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox", "ix_outbox_due", &["status", "next_attempt_at"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "outbox",
            "kpi_templates",
            "erp_products",
            "common_errors",
            "checklist_items",
            "project_phases",
            "checklist_templates",
            "phase_templates",
            "memberships",
            "projects",
            "setup_tokens",
            "sessions",
            "users",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
