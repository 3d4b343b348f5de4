//! ERP Rollout: plan and track the rollout of an ERP system.
//!
//! One folder per capability (auth, admin, projects, phases, needs, selection, plan, training, feedback, email, seeds), shared presentation in
//! `web/`, models in `entities/`, and `startup.rs` holding the whole URL map.

pub mod account;
pub mod admin;
pub mod auth;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod data_quality;
pub mod db;
pub mod demo;
pub mod email;
pub mod entities;
pub mod error;
pub mod feedback;
pub mod health;
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
pub mod text;
pub mod training;
pub mod urls;
pub mod warnings;
pub mod web;
pub mod workers;

pub use error::AppError;
