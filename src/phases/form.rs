//! The forms and list parameters of the phases pages, as the browser sends them;
//! parsing into domain values happens beside each handler.

use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct CloseForm {
    #[serde(default)]
    pub override_gate: Option<String>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, Default)]
pub struct DoneForm {
    #[serde(default)]
    pub done: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ItemForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub mandatory: Option<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub evidence_url: String,
    #[serde(default)]
    pub version: String,
}
