//! Seed data from `seeds/*.toml`, compiled into the binary, and the catalogs (phases, checklists,
//! common errors, ERP products, KPI templates) written from them. The demo rollout and the synthetic
//! data for benchmarks, which use the features, are in `demo/`.
//! Seeding upserts on natural keys, so running it twice changes nothing, and it never touches a
//! project's own copy of a checklist.

pub mod catalog;

pub const PHASES: &str = include_str!("../../seeds/phases.toml");
pub const COMMON_ERRORS: &str = include_str!("../../seeds/common_errors.toml");
pub const PRODUCTS: &str = include_str!("../../seeds/products.toml");
pub const KPIS: &str = include_str!("../../seeds/kpis.toml");
pub const CRITERIA: &str = include_str!("../../seeds/criteria.toml");
pub const DEMO: &str = include_str!("../../seeds/demo.toml");

/// The password of every demo account (shown on the login page in demo mode only).
pub fn demo_password() -> String {
    static PASSWORD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    #[derive(serde::Deserialize)]
    struct OnlyPassword {
        password: String,
    }
    PASSWORD.get_or_init(|| toml::from_str::<OnlyPassword>(DEMO).map(|d| d.password).unwrap_or_default()).clone()
}

/// Fills the folded search column for rows written before it existed (migration 3).
pub async fn backfill_search_text(db: &impl sea_orm::ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    use crate::entities::{project, user};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    loop {
        let users: Vec<(i32, String, String)> = user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::Name, user::Column::Email])
            .filter(user::Column::SearchText.is_null())
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        let projects: Vec<(i32, String, String)> = project::Entity::find()
            .select_only()
            .columns([project::Column::Id, project::Column::Name, project::Column::Company])
            .filter(project::Column::SearchText.is_null())
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        if users.is_empty() && projects.is_empty() {
            return Ok(());
        }
        for (id, name, email) in users {
            user::Entity::update_many()
                .col_expr(user::Column::SearchText, Expr::value(crate::text::person_search(&name, &email)))
                .filter(user::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        for (id, name, company) in projects {
            project::Entity::update_many()
                .col_expr(project::Column::SearchText, Expr::value(crate::text::project_search(&name, &company)))
                .filter(project::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
    }
}
