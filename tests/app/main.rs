//! The one integration-test binary: the real server on a random port, a real database
//! (a temporary SQLite file, or a fresh PostgreSQL database when TEST_DATABASE_URL is set).

mod access;
mod architecture;
mod auth;
mod backup;
mod bounds;
mod cli;
mod confirmations;
mod drills;
mod drills_start;
mod duplicates;
mod email;
mod feedback;
mod fixtures;
mod gantt;
mod health;
mod helpers;
mod i18n;
mod lockout;
mod matrix;
mod migration;
mod needs;
mod org;
mod phases;
mod plan;
mod plan_length;
mod projects;
mod readiness;
mod robustness;
mod security;
mod security_data;
mod seeds;
mod selection;
mod training;
mod warnings;
mod warnings_rules;
