//! Implementation plan: milestones with finish-to-start dependencies, named baselines, reminder
//! bookkeeping, per-person notification opt-outs and private calendar-feed tokens.

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
                .table("milestones")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 300))
                .col(string_len("phase_key", 24))
                .col(string_len_null("workstream", 80))
                .col(integer_null("owner_id"))
                .col(date("start_date"))
                .col(date("due_date"))
                .col(string_len("status", 16))
                .col(integer("percent"))
                .col(text_null("deliverables"))
                .col(integer("version"))
                .col(text("search_text"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("milestones", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("milestones", "owner_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("milestones", "ix_milestones_project_start", &["project_id", "start_date", "id"], false))
            .await?;
        m.create_index(index("milestones", "ix_milestones_project_due", &["project_id", "due_date", "id"], false))
            .await?;
        m.create_index(index("milestones", "ix_milestones_owner_due", &["owner_id", "due_date"], false)).await?;
        m.create_index(index("milestones", "ix_milestones_due_status", &["due_date", "status"], false)).await?;

        m.create_table(
            Table::create()
                .table("milestone_deps")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("predecessor_id"))
                .col(integer("successor_id"))
                .col(integer("lag_days"))
                .foreign_key(&mut fk(("milestone_deps", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("milestone_deps", "predecessor_id"), "milestones", Cascade))
                .foreign_key(&mut fk(("milestone_deps", "successor_id"), "milestones", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("milestone_deps", "ux_milestone_deps_pair", &["predecessor_id", "successor_id"], true))
            .await?;
        m.create_index(index("milestone_deps", "ix_milestone_deps_successor", &["successor_id"], false)).await?;
        m.create_index(index("milestone_deps", "ix_milestone_deps_project", &["project_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("baselines")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("name", 120))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("baselines", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("baselines", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("baselines", "ix_baselines_project", &["project_id", "id"], false)).await?;

        m.create_table(
            Table::create()
                .table("baseline_items")
                .col(pk_auto("id"))
                .col(integer("baseline_id"))
                .col(integer("milestone_id"))
                .col(date("start_date"))
                .col(date("due_date"))
                .foreign_key(&mut fk(("baseline_items", "baseline_id"), "baselines", Cascade))
                .foreign_key(&mut fk(("baseline_items", "milestone_id"), "milestones", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("baseline_items", "ux_baseline_items", &["baseline_id", "milestone_id"], true)).await?;

        m.create_table(
            Table::create()
                .table("milestone_reminders")
                .col(pk_auto("id"))
                .col(integer("milestone_id"))
                .col(string_len("kind", 16))
                .col(date("due_date"))
                .col(timestamp_with_time_zone("sent_at"))
                .foreign_key(&mut fk(("milestone_reminders", "milestone_id"), "milestones", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "milestone_reminders",
            "ux_milestone_reminders",
            &["milestone_id", "kind", "due_date"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("notification_optouts")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("kind", 32))
                .foreign_key(&mut fk(("notification_optouts", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("notification_optouts", "ux_notification_optouts", &["user_id", "kind"], true)).await?;

        m.create_table(
            Table::create()
                .table("calendar_feeds")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len_uniq("token_hash", 64))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("calendar_feeds", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("calendar_feeds", "ix_calendar_feeds_user", &["user_id"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "calendar_feeds",
            "notification_optouts",
            "milestone_reminders",
            "baseline_items",
            "baselines",
            "milestone_deps",
            "milestones",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
