//! Feedback and adoption (phase 5): feedback items (named or anonymous) with triage and replies,
//! the adjustments log, survey waves (SUS and eNPS) answered once per person, and KPI measurements
//! over time against the needs-assessment baselines.
//!
//! Anonymity is structural: an anonymous feedback row has no author and its time is kept to the
//! day; survey answers carry no person, only role and department, and the table that records who
//! answered a wave (to allow one answer each) has neither an id sequence nor a time.

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
                .table("adjustments")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 200))
                .col(text_null("description"))
                .col(date("made_on"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("adjustments", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("adjustments", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("adjustments", "ix_adjustments_project", &["project_id", "made_on"], false)).await?;

        m.create_table(
            Table::create()
                .table("feedback")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer_null("author_id"))
                .col(string_len_null("receipt_hash", 64))
                .col(string_len("category", 16))
                .col(string_len("module", 24))
                .col(integer("rating"))
                .col(text("body"))
                .col(string_len("status", 16))
                .col(text_null("reply"))
                .col(integer_null("replied_by"))
                .col(timestamp_with_time_zone_null("replied_at"))
                .col(integer_null("adjustment_id"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("feedback", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("feedback", "author_id"), "users", SetNull))
                .foreign_key(&mut fk(("feedback", "replied_by"), "users", SetNull))
                .foreign_key(&mut fk(("feedback", "adjustment_id"), "adjustments", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("feedback", "ix_feedback_project", &["project_id", "status", "created_at"], false))
            .await?;
        m.create_index(index("feedback", "ix_feedback_author", &["author_id", "project_id"], false)).await?;
        m.create_index(index("feedback", "ix_feedback_created", &["project_id", "created_at"], false)).await?;
        m.create_index(index("feedback", "ux_feedback_receipt", &["receipt_hash"], true)).await?;

        m.create_table(
            Table::create()
                .table("survey_waves")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 200))
                .col(date("opened_on"))
                .col(date_null("closed_on"))
                .col(string_len("status", 12))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("survey_waves", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("survey_waves", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("survey_waves", "ix_survey_waves_project", &["project_id", "opened_on"], false)).await?;

        // Who answered which wave: the primary key is the pair, so there is no id sequence to
        // line up with the answers, and no time.
        m.create_table(
            Table::create()
                .table("survey_participation")
                .col(integer("wave_id"))
                .col(integer("user_id"))
                .primary_key(Index::create().col(Alias::new("wave_id")).col(Alias::new("user_id")))
                .foreign_key(&mut fk(("survey_participation", "wave_id"), "survey_waves", Cascade))
                .foreign_key(&mut fk(("survey_participation", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;

        let mut answers = Table::create();
        answers
            .table("survey_answers")
            .col(pk_auto("id"))
            .col(integer("wave_id"))
            .col(string_len("role", 16))
            .col(integer_null("department_id"));
        for i in 1..=10 {
            answers.col(small_integer(Alias::new(format!("q{i}"))));
        }
        answers
            .col(double("sus"))
            .col(small_integer_null("enps"))
            .foreign_key(&mut fk(("survey_answers", "wave_id"), "survey_waves", Cascade))
            .foreign_key(&mut fk(("survey_answers", "department_id"), "org_units", SetNull));
        m.create_table(answers.to_owned()).await?;
        m.create_index(index("survey_answers", "ix_survey_answers_wave", &["wave_id", "role"], false)).await?;

        m.create_table(
            Table::create()
                .table("kpi_measurements")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("kpi_id"))
                .col(date("measured_on"))
                .col(double("value"))
                .col(text_null("note"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("kpi_measurements", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("kpi_measurements", "kpi_id"), "kpis", Cascade))
                .foreign_key(&mut fk(("kpi_measurements", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("kpi_measurements", "ix_kpi_measurements_kpi", &["kpi_id", "measured_on"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in
            ["kpi_measurements", "survey_answers", "survey_participation", "survey_waves", "feedback", "adjustments"]
        {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
