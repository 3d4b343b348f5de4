//! The forms and list parameters of the admin pages, as the browser sends them;
//! parsing into domain values happens beside each handler.

use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Deserialize, Default)]
pub struct MembershipForm {
    #[serde(default)]
    pub project_id: String,
    /// The project search the picker was showing, kept when the form comes back with errors.
    #[serde(default)]
    pub project_q: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub page: Option<u64>,
}

/// The user page's query: the search that narrows the project picker.
#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    pub project_q: String,
}
