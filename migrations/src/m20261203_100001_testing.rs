//! Test management (issue 18): test cases with numbered steps and the requirements they prove,
//! SIT/UAT cycles with an exit rule, runs (one case in one cycle; a retest is a new run, the
//! newest flagged `is_latest`), step results with a version for concurrent testers, defects with
//! their status history. A step result may carry an evidence file (stored encrypted).

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
                .table("test_cases")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 200))
                .col(string_len("module", 24))
                .col(text_null("preconditions"))
                .col(string_len("priority", 8))
                .col(text("search_text"))
                .col(integer("version"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("test_cases", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("test_cases", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("test_cases", "ix_test_cases_module", &["project_id", "module", "title"], false)).await?;
        m.create_index(index("test_cases", "ix_test_cases_priority", &["project_id", "priority"], false)).await?;

        m.create_table(
            Table::create()
                .table("test_steps")
                .col(pk_auto("id"))
                .col(integer("case_id"))
                .col(integer("position"))
                .col(text("action"))
                .col(text("expected"))
                .foreign_key(&mut fk(("test_steps", "case_id"), "test_cases", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("test_steps", "ux_test_steps_position", &["case_id", "position"], true)).await?;

        m.create_table(
            Table::create()
                .table("test_case_requirements")
                .col(integer("case_id"))
                .col(integer("requirement_id"))
                .primary_key(Index::create().col(Alias::new("case_id")).col(Alias::new("requirement_id")))
                .foreign_key(&mut fk(("test_case_requirements", "case_id"), "test_cases", Cascade))
                .foreign_key(&mut fk(("test_case_requirements", "requirement_id"), "requirements", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("test_case_requirements", "ix_tcr_requirement", &["requirement_id", "case_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("test_cycles")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("name", 200))
                .col(string_len("kind", 4))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(boolean("exit_all_must"))
                .col(string_len("exit_severity", 8))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("test_cycles", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("test_cycles", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("test_cycles", "ix_test_cycles_project", &["project_id", "kind", "starts_on"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("test_runs")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("cycle_id"))
                .col(integer("case_id"))
                .col(integer_null("tester_id"))
                .col(integer("attempt"))
                .col(boolean("is_latest"))
                .col(string_len("result", 16))
                .col(date_null("finished_on"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("test_runs", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("test_runs", "cycle_id"), "test_cycles", Cascade))
                .foreign_key(&mut fk(("test_runs", "case_id"), "test_cases", Cascade))
                .foreign_key(&mut fk(("test_runs", "tester_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("test_runs", "ux_test_runs_attempt", &["cycle_id", "case_id", "attempt"], true)).await?;
        m.create_index(index("test_runs", "ix_test_runs_latest", &["case_id", "is_latest", "result"], false)).await?;
        m.create_index(index("test_runs", "ix_test_runs_tester", &["project_id", "tester_id"], false)).await?;
        m.create_index(index("test_runs", "ix_test_runs_day", &["cycle_id", "finished_on"], false)).await?;

        m.create_table(
            Table::create()
                .table("test_step_results")
                .col(pk_auto("id"))
                .col(integer("run_id"))
                .col(integer("step_id"))
                .col(string_len("status", 16))
                .col(text_null("actual"))
                .col(integer_null("recorded_by"))
                .col(timestamp_with_time_zone("recorded_at"))
                .col(integer("version"))
                // The evidence file's own name, and the name it is stored under (encrypted) in the
                // data folder's uploads/evidence.
                .col(string_len_null("evidence_name", 200))
                .col(string_len_null("evidence_file", 64))
                .foreign_key(&mut fk(("test_step_results", "run_id"), "test_runs", Cascade))
                .foreign_key(&mut fk(("test_step_results", "step_id"), "test_steps", Cascade))
                .foreign_key(&mut fk(("test_step_results", "recorded_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("test_step_results", "ux_step_results_step", &["run_id", "step_id"], true)).await?;

        m.create_table(
            Table::create()
                .table("defects")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 200))
                .col(text_null("description"))
                .col(string_len("severity", 8))
                .col(string_len("module", 24))
                .col(string_len("status", 12))
                .col(integer_null("assignee_id"))
                .col(integer("case_id"))
                .col(integer_null("step_id"))
                .col(integer_null("requirement_id"))
                .col(integer_null("run_id"))
                .col(integer("version"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("defects", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("defects", "case_id"), "test_cases", Cascade))
                .foreign_key(&mut fk(("defects", "step_id"), "test_steps", SetNull))
                .foreign_key(&mut fk(("defects", "requirement_id"), "requirements", SetNull))
                .foreign_key(&mut fk(("defects", "run_id"), "test_runs", SetNull))
                .foreign_key(&mut fk(("defects", "assignee_id"), "users", SetNull))
                .foreign_key(&mut fk(("defects", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("defects", "ix_defects_list", &["project_id", "status", "severity"], false)).await?;
        m.create_index(index("defects", "ix_defects_requirement", &["requirement_id", "status"], false)).await?;
        m.create_index(index("defects", "ix_defects_run", &["run_id", "status"], false)).await?;
        m.create_index(index("defects", "ix_defects_people", &["project_id", "assignee_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("defect_events")
                .col(pk_auto("id"))
                .col(integer("defect_id"))
                .col(string_len_null("from_status", 12))
                .col(string_len("to_status", 12))
                .col(integer_null("by_user"))
                .col(timestamp_with_time_zone("at"))
                .foreign_key(&mut fk(("defect_events", "defect_id"), "defects", Cascade))
                .foreign_key(&mut fk(("defect_events", "by_user"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("defect_events", "ix_defect_events", &["defect_id", "at"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "defect_events",
            "defects",
            "test_step_results",
            "test_runs",
            "test_cycles",
            "test_case_requirements",
            "test_steps",
            "test_cases",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
