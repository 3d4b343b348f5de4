//! The sign-in and setup forms, and the name/e-mail/password checks the admin's user form shares.

use super::password;
use crate::web::{FormErrors, Lang};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Deserialize)]
pub struct SetupQuery {
    #[serde(default)]
    pub token: String,
}

#[derive(Deserialize, Default)]
pub struct SetupForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

/// Name, email and (optionally) password checks shared by setup and the admin's user form.
pub fn validate_person(l: Lang, name: &str, email: &str, password: Option<&str>) -> FormErrors {
    let mut e = FormErrors::new();
    if name.trim().is_empty() {
        e.add("name", l.t("Enter a name.", "Introduzca un nombre."));
    } else if name.trim().chars().count() > 120 {
        e.add("name", l.t("Use 120 characters at most.", "Use 120 caracteres como máximo."));
    }
    if !crate::web::forms::is_email(email) {
        e.add(
            "email",
            l.t(
                "Enter a valid email address, like ana@example.com.",
                "Introduzca un correo válido, como ana@ejemplo.com.",
            ),
        );
    }
    if let Some(Err(refusal)) = password.map(|p| password::check_new(p, &[name, email])) {
        e.add("password", refusal.message(l == Lang::Es));
    }
    e
}

#[derive(Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    pub email: String,
}

#[derive(Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    pub token: String,
}

#[derive(Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm: String,
}

/// The EN / ES choice before signing in: the language and the page to go back to.
#[derive(Deserialize, Default)]
pub struct LangForm {
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub next: String,
}
