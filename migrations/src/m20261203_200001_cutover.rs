//! The cutover runbook (issue 18): one runbook per project (its time zone and optional window),
//! its tasks with predecessors, the point of no return and rollback steps; runs (rehearsal or
//! live) with each task's actual start and finish; and the go/no-go decisions with the readiness
//! they saw.

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
                .table("cutover_runbooks")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("tz", 64))
                .col(timestamp_with_time_zone_null("window_starts_at"))
                .col(timestamp_with_time_zone_null("window_ends_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("cutover_runbooks", "project_id"), "projects", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("cutover_runbooks", "ux_cutover_runbooks_project", &["project_id"], true)).await?;
        m.create_table(
            Table::create()
                .table("cutover_tasks")
                .col(pk_auto("id"))
                .col(integer("runbook_id"))
                .col(integer("project_id"))
                .col(string_len("title", 300))
                .col(timestamp_with_time_zone("planned_start"))
                .col(integer("duration_minutes"))
                .col(integer_null("owner_id"))
                .col(boolean("point_of_no_return"))
                .col(text_null("rollback_steps"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("cutover_tasks", "runbook_id"), "cutover_runbooks", Cascade))
                .foreign_key(&mut fk(("cutover_tasks", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("cutover_tasks", "owner_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "cutover_tasks",
            "ix_cutover_tasks_runbook_start",
            &["runbook_id", "planned_start"],
            false,
        ))
        .await?;
        m.create_index(index("cutover_tasks", "ix_cutover_tasks_project", &["project_id"], false)).await?;
        m.create_index(index("cutover_tasks", "ix_cutover_tasks_owner", &["owner_id"], false)).await?;
        m.create_table(
            Table::create()
                .table("cutover_task_deps")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("predecessor_id"))
                .col(integer("successor_id"))
                .foreign_key(&mut fk(("cutover_task_deps", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("cutover_task_deps", "predecessor_id"), "cutover_tasks", Cascade))
                .foreign_key(&mut fk(("cutover_task_deps", "successor_id"), "cutover_tasks", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "cutover_task_deps",
            "ux_cutover_task_deps_pair",
            &["predecessor_id", "successor_id"],
            true,
        ))
        .await?;
        m.create_index(index("cutover_task_deps", "ix_cutover_task_deps_successor", &["successor_id"], false)).await?;
        m.create_index(index("cutover_task_deps", "ix_cutover_task_deps_project", &["project_id"], false)).await?;
        m.create_table(
            Table::create()
                .table("cutover_runs")
                .col(pk_auto("id"))
                .col(integer("runbook_id"))
                .col(integer("project_id"))
                .col(string_len("kind", 16))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .col(integer_null("started_by"))
                .foreign_key(&mut fk(("cutover_runs", "runbook_id"), "cutover_runbooks", Cascade))
                .foreign_key(&mut fk(("cutover_runs", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("cutover_runs", "started_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("cutover_runs", "ix_cutover_runs_runbook", &["runbook_id", "kind", "started_at"], false))
            .await?;
        m.create_index(index("cutover_runs", "ix_cutover_runs_project", &["project_id"], false)).await?;
        m.create_table(
            Table::create()
                .table("cutover_run_times")
                .col(pk_auto("id"))
                .col(integer("run_id"))
                .col(integer("task_id"))
                .col(integer("project_id"))
                .col(timestamp_with_time_zone_null("started_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .col(integer_null("started_by"))
                .col(integer_null("finished_by"))
                .foreign_key(&mut fk(("cutover_run_times", "run_id"), "cutover_runs", Cascade))
                .foreign_key(&mut fk(("cutover_run_times", "task_id"), "cutover_tasks", Cascade))
                .foreign_key(&mut fk(("cutover_run_times", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("cutover_run_times", "started_by"), "users", SetNull))
                .foreign_key(&mut fk(("cutover_run_times", "finished_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("cutover_run_times", "ux_cutover_run_times_task", &["run_id", "task_id"], true)).await?;
        m.create_index(index("cutover_run_times", "ix_cutover_run_times_task", &["task_id"], false)).await?;
        m.create_index(index("cutover_run_times", "ix_cutover_run_times_project", &["project_id"], false)).await?;
        m.create_table(
            Table::create()
                .table("go_no_go_decisions")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("runbook_id"))
                .col(string_len("verdict", 24))
                .col(text_null("note"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone("decided_at"))
                .col(string_len("readiness_key", 24))
                .col(double_null("readiness_score"))
                .foreign_key(&mut fk(("go_no_go_decisions", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("go_no_go_decisions", "runbook_id"), "cutover_runbooks", Cascade))
                .foreign_key(&mut fk(("go_no_go_decisions", "decided_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("go_no_go_decisions", "ix_go_no_go_project", &["project_id", "decided_at"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "go_no_go_decisions",
            "cutover_run_times",
            "cutover_runs",
            "cutover_task_deps",
            "cutover_tasks",
            "cutover_runbooks",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
