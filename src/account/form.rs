//! The forms of the account pages.

use serde::Deserialize;

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub locale: String,
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm: String,
}

#[derive(Deserialize, Default)]
pub struct PreferenceForm {
    #[serde(default)]
    pub enabled: String,
    /// `milestone_reminders` (the default) or `weekly_digest`.
    #[serde(default)]
    pub kind: String,
}
