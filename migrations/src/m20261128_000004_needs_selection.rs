//! Needs assessment (requirements, KPI baselines) and ERP selection (candidates, criteria, AHP
//! judgements, evaluators, scores, requirement fit, the decision).

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
                .table("requirements")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("area", 24))
                .col(string_len("title", 300))
                .col(text_null("description"))
                .col(string_len("priority", 8))
                .col(string_len_null("process", 300))
                .col(integer_null("owner_id"))
                .col(integer("version"))
                .col(text("search_text"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("requirements", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("requirements", "owner_id"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("requirements", "ix_requirements_project_id", &["project_id", "id"], false)).await?;
        m.create_index(index("requirements", "ix_requirements_project_title", &["project_id", "title", "id"], false))
            .await?;
        m.create_index(index(
            "requirements",
            "ix_requirements_project_priority",
            &["project_id", "priority", "id"],
            false,
        ))
        .await?;
        m.create_index(index("requirements", "ix_requirements_project_area", &["project_id", "area", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("kpis")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len_null("template_key", 64))
                .col(string_len("name", 200))
                .col(string_len("unit", 40))
                .col(string_len("direction", 24))
                .col(double("baseline_value"))
                .col(date("baseline_date"))
                .col(double_null("target_value"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("kpis", "project_id"), "projects", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("kpis", "ix_kpis_project", &["project_id", "id"], false)).await?;

        m.create_table(
            Table::create()
                .table("candidates")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer_null("product_id"))
                .col(string_len("name", 200))
                .col(string_len("vendor", 200))
                .col(text_null("notes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("candidates", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("candidates", "product_id"), "erp_products", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("candidates", "ux_candidates_project_name", &["project_id", "name"], true)).await?;

        m.create_table(
            Table::create()
                .table("criteria")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len_null("key", 40))
                .col(string_len("name_en", 200))
                .col(string_len("name_es", 200))
                .col(double("weight"))
                .col(integer("position"))
                .foreign_key(&mut fk(("criteria", "project_id"), "projects", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("criteria", "ix_criteria_project", &["project_id", "position"], false)).await?;

        m.create_table(
            Table::create()
                .table("ahp_judgements")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("criterion_a"))
                .col(integer("criterion_b"))
                .col(double("value"))
                .foreign_key(&mut fk(("ahp_judgements", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("ahp_judgements", "criterion_a"), "criteria", Cascade))
                .foreign_key(&mut fk(("ahp_judgements", "criterion_b"), "criteria", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ahp_judgements", "ux_ahp_pair", &["criterion_a", "criterion_b"], true)).await?;
        m.create_index(index("ahp_judgements", "ix_ahp_project", &["project_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("evaluators")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("user_id"))
                .foreign_key(&mut fk(("evaluators", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("evaluators", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("evaluators", "ux_evaluators_project_user", &["project_id", "user_id"], true)).await?;

        m.create_table(
            Table::create()
                .table("scores")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("candidate_id"))
                .col(integer("criterion_id"))
                .col(integer("evaluator_id"))
                .col(integer("score"))
                .col(text_null("comment"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("scores", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("scores", "candidate_id"), "candidates", Cascade))
                .foreign_key(&mut fk(("scores", "criterion_id"), "criteria", Cascade))
                .foreign_key(&mut fk(("scores", "evaluator_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("scores", "ux_scores_cell", &["candidate_id", "criterion_id", "evaluator_id"], true))
            .await?;
        m.create_index(index("scores", "ix_scores_project", &["project_id", "evaluator_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("fits")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer("requirement_id"))
                .col(integer("candidate_id"))
                .col(string_len("level", 16))
                .foreign_key(&mut fk(("fits", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("fits", "requirement_id"), "requirements", Cascade))
                .foreign_key(&mut fk(("fits", "candidate_id"), "candidates", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("fits", "ux_fits_cell", &["requirement_id", "candidate_id"], true)).await?;
        m.create_index(index("fits", "ix_fits_project", &["project_id", "candidate_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("selections")
                .col(integer("project_id").primary_key())
                .col(timestamp_with_time_zone_null("revealed_at"))
                .col(integer_null("revealed_by"))
                .col(integer_null("chosen_candidate_id"))
                .col(text_null("rationale"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .foreign_key(&mut fk(("selections", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("selections", "revealed_by"), "users", SetNull))
                .foreign_key(&mut fk(("selections", "chosen_candidate_id"), "candidates", SetNull))
                .foreign_key(&mut fk(("selections", "decided_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "selections",
            "fits",
            "scores",
            "evaluators",
            "ahp_judgements",
            "criteria",
            "candidates",
            "kpis",
            "requirements",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
