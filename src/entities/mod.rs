//! sea-orm models only: one file per table, no business logic.

pub mod checklist_item;
pub mod checklist_template;
pub mod common_error;
pub mod erp_product;
pub mod kpi_template;
pub mod membership;
pub mod outbox;
pub mod phase_template;
pub mod project;
pub mod project_phase;
pub mod session;
pub mod setup_token;
pub mod user;
