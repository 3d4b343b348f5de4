//! Schema history. A landed migration is never edited: add a new one instead.
//! Written with SeaQuery so the same files run on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_foundation;
mod m20261128_000002_list_indexes;
mod m20261128_000003_search_text;
mod m20261128_000004_needs_selection;
mod m20261128_000005_plan;
mod m20261128_000006_team_org_customizations;
mod m20261128_000007_training;
mod m20261128_000008_feedback;
mod m20261128_000009_warnings;
mod m20261128_000010_data_migration;
mod m20261128_000011_security;
mod m20261202_000001_milestone_checkpoint;
mod m20261202_000002_duplicate_decisions;
mod m20261202_000003_numeric_bounds;
mod m20261202_200001_password_resets;
mod m20261202_200002_must_change_password;
mod m20261202_300001_readiness_unassessed;
mod m20261203_000001_key_users;
mod m20261203_100001_testing;
mod m20261203_200001_cutover;
mod m20261203_300001_support;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_list_indexes::Migration),
            Box::new(m20261128_000003_search_text::Migration),
            Box::new(m20261128_000004_needs_selection::Migration),
            Box::new(m20261128_000005_plan::Migration),
            Box::new(m20261128_000006_team_org_customizations::Migration),
            Box::new(m20261128_000007_training::Migration),
            Box::new(m20261128_000008_feedback::Migration),
            Box::new(m20261128_000009_warnings::Migration),
            Box::new(m20261128_000010_data_migration::Migration),
            Box::new(m20261128_000011_security::Migration),
            Box::new(m20261202_000001_milestone_checkpoint::Migration),
            Box::new(m20261202_000002_duplicate_decisions::Migration),
            Box::new(m20261202_000003_numeric_bounds::Migration),
            Box::new(m20261202_200001_password_resets::Migration),
            Box::new(m20261202_200002_must_change_password::Migration),
            Box::new(m20261202_300001_readiness_unassessed::Migration),
            Box::new(m20261203_000001_key_users::Migration),
            Box::new(m20261203_100001_testing::Migration),
            Box::new(m20261203_200001_cutover::Migration),
            Box::new(m20261203_300001_support::Migration),
        ]
    }
}
