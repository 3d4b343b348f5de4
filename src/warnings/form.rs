//! The forms and list parameters of the warnings pages, as the browser sends them;
//! parsing into domain values happens beside each handler.

use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    pub page: Option<u64>,
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub days: String,
}
