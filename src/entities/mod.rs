//! sea-orm models only: one file per table, no business logic.

pub mod ahp_judgement;
pub mod candidate;
pub mod checklist_item;
pub mod checklist_template;
pub mod common_error;
pub mod criterion;
pub mod erp_product;
pub mod evaluator;
pub mod fit;
pub mod kpi;
pub mod kpi_template;
pub mod membership;
pub mod outbox;
pub mod phase_template;
pub mod project;
pub mod project_phase;
pub mod requirement;
pub mod score;
pub mod selection;
pub mod session;
pub mod setup_token;
pub mod user;
