//! Data migration quality (phase 3, guide FAQ 3). So far the streaming profiler: a CSV export read
//! once, checked field by field against the object's rules, with exact and likely duplicates, in
//! bounded memory. Migration objects, uploads, background jobs and sign-off come with issue 5.

pub mod profile;
