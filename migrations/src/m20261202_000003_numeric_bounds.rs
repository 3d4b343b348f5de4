//! Every stored number within its domain (issue 16): forms now refuse a criterion weight above
//! 1,000,000 and a KPI value beyond ±1e12, and this brings rows stored before — an infinity or a
//! `1e308` typed into a form, or PostgreSQL's NaN, which sorts above every number — to the nearest
//! edge, so no page computes NaN or infinity from them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const MAX_WEIGHT: f64 = 1_000_000.0;
const KPI_LIMIT: f64 = 1e12;

fn clamp(table: &str, column: &str, low: f64, high: f64) -> [UpdateStatement; 2] {
    [
        Query::update()
            .table(table.to_string())
            .value(column.to_string(), high)
            .and_where(Expr::col(column.to_string()).gt(high))
            .to_owned(),
        Query::update()
            .table(table.to_string())
            .value(column.to_string(), low)
            .and_where(Expr::col(column.to_string()).lt(low))
            .to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let all = [
            clamp("criteria", "weight", 0.0, MAX_WEIGHT),
            clamp("kpis", "baseline_value", -KPI_LIMIT, KPI_LIMIT),
            clamp("kpis", "target_value", -KPI_LIMIT, KPI_LIMIT),
            clamp("kpi_measurements", "value", -KPI_LIMIT, KPI_LIMIT),
        ];
        for stmt in all.into_iter().flatten() {
            m.exec_stmt(stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo: the values out of range are not kept.
        Ok(())
    }
}
