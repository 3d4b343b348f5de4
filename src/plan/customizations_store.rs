//! The customization register's facts, read by its page and by the warnings rules: totals per
//! status and kind in one grouped query, with the requirement count.

use crate::entities::{customization, requirement};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

/// Totals per status, and per kind among the live (requested or approved) requests: a rejected
/// request changes nothing in the product.
#[derive(Default, Debug)]
pub struct Counts {
    pub requested: u64,
    pub approved: u64,
    pub rejected: u64,
    pub configuration: u64,
    pub extension: u64,
    pub custom_development: u64,
    pub requirements: u64,
}

impl Counts {
    /// Requested and approved customizations per requirement, in percent (None without requirements).
    pub fn share_of_requirements(&self) -> Option<f64> {
        (self.requirements > 0).then(|| (self.requested + self.approved) as f64 * 100.0 / self.requirements as f64)
    }
}

/// Totals per status and kind in one grouped query, and the requirement count.
pub async fn counts(db: &impl ConnectionTrait, project_id: i32) -> Result<Counts, DbErr> {
    let rows: Vec<(String, String, i64)> = customization::Entity::find()
        .select_only()
        .column(customization::Column::Status)
        .column(customization::Column::Kind)
        .column_as(Expr::col(customization::Column::Id).count(), "n")
        .filter(customization::Column::ProjectId.eq(project_id))
        .group_by(customization::Column::Status)
        .group_by(customization::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    let mut c = Counts::default();
    for (status, kind, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        match status.as_str() {
            "approved" => c.approved += n,
            "rejected" => c.rejected += n,
            _ => c.requested += n,
        }
        if status != "rejected" {
            match kind.as_str() {
                "configuration" => c.configuration += n,
                "extension" => c.extension += n,
                _ => c.custom_development += n,
            }
        }
    }
    c.requirements =
        requirement::Entity::find().filter(requirement::Column::ProjectId.eq(project_id)).count(db).await?;
    Ok(c)
}
