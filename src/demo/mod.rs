//! The demo rollout (`serve --demo`: a realistic project with a user of every role) and the
//! synthetic data for benchmarks (`seed --scale`). High on purpose: they build their data through
//! the features' own store functions, so the demo is what a user would have made.

pub mod cutover;
pub mod feedback;
pub mod migration;
pub mod plan;
pub mod rollout;
pub mod scale;
pub mod scale_feedback;
pub mod scale_plan;
pub mod scale_selection;
pub mod scale_training;
pub mod selection;
pub mod support;
pub mod testing;
pub mod training;
