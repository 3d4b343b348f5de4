//! The implementation team's RACI matrix, the organizational structure (legal entities, sites,
//! departments) and the customization register.

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
                .table("raci")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("area", 80))
                .col(integer("user_id"))
                .col(string_len("letter", 1))
                .foreign_key(&mut fk(("raci", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("raci", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("raci", "ux_raci_cell", &["project_id", "area", "user_id"], true)).await?;

        m.create_table(
            Table::create()
                .table("org_units")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(integer_null("parent_id"))
                .col(string_len("kind", 16))
                .col(string_len("name", 160))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("org_units", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("org_units", "parent_id"), "org_units", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("org_units", "ix_org_units_project", &["project_id", "parent_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("customizations")
                .col(pk_auto("id"))
                .col(integer("project_id"))
                .col(string_len("title", 300))
                .col(integer_null("requirement_id"))
                .col(string_len("kind", 24))
                .col(string_len("business_value", 8))
                .col(double("effort_days"))
                .col(string_len("upgrade_risk", 8))
                .col(string_len("status", 12))
                .col(text_null("decision_note"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(integer_null("created_by"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("customizations", "project_id"), "projects", Cascade))
                .foreign_key(&mut fk(("customizations", "requirement_id"), "requirements", SetNull))
                .foreign_key(&mut fk(("customizations", "decided_by"), "users", SetNull))
                .foreign_key(&mut fk(("customizations", "created_by"), "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("customizations", "ix_customizations_project", &["project_id", "status", "id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["customizations", "org_units", "raci"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
