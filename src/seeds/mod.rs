//! Seed data from `seeds/*.toml`, compiled into the binary: catalogs (phases, checklists, common
//! errors, ERP products, KPI templates), the demo rollout, and synthetic data for benchmarks.
//! Seeding upserts on natural keys, so running it twice changes nothing, and it never touches a
//! project's own copy of a checklist.

pub mod catalog;
pub mod demo;
pub mod scale;

pub const PHASES: &str = include_str!("../../seeds/phases.toml");
pub const COMMON_ERRORS: &str = include_str!("../../seeds/common_errors.toml");
pub const PRODUCTS: &str = include_str!("../../seeds/products.toml");
pub const KPIS: &str = include_str!("../../seeds/kpis.toml");
pub const DEMO: &str = include_str!("../../seeds/demo.toml");

/// The password of every demo account (shown on the login page in demo mode only).
pub fn demo_password() -> String {
    demo::parse().map(|d| d.password).unwrap_or_default()
}
