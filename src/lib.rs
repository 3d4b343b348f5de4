//! ERP Rollout: plan and track the rollout of an ERP system.
//!
//! Floors, bottom up (a module uses only the floors below it; `tests/app/architecture.rs` checks):
//! foundation (state, urls, entities, crypto, seeds…), presentation (`web/`), identity (email,
//! security, auth), project core (projects, phases), one folder per feature (needs, admin,
//! selection, plan, data_quality, training, feedback, support), aggregate pages (warnings, home,
//! overview, account, maintenance, demo), and on top `workers.rs` and `startup.rs` with the whole URL map.
//! docs/architecture.md draws them.

pub mod account;
pub mod admin;
pub mod auth;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod cutover;
pub mod data_quality;
pub mod db;
pub mod demo;
pub mod email;
pub mod entities;
pub mod error;
pub mod feedback;
pub mod health;
pub mod home;
pub mod maintenance;
pub mod needs;
pub mod overview;
pub mod phases;
pub mod plan;
pub mod projects;
pub mod security;
pub mod seeds;
pub mod selection;
pub mod startup;
pub mod state;
pub mod support;
pub mod testing;
pub mod text;
pub mod training;
pub mod urls;
pub mod warnings;
pub mod web;
pub mod workers;

pub use error::AppError;
