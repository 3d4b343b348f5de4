//! One function per email; subject and bodies in the recipient's language.

use super::outbox::{self, Message};
use crate::config::Settings;
use crate::entities::user;
use crate::web::Lang;
use chrono::{DateTime, Utc};
use maud::html;
use sea_orm::{ConnectionTrait, DbErr};

pub async fn send_welcome(
    db: &impl ConnectionTrait,
    s: &Settings,
    u: &user::Model,
    l: Lang,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let url = format!("{}/login", s.base_url.trim_end_matches('/'));
    let subject = l.t("Your ERP Rollout account", "Su cuenta de ERP Rollout").to_string();
    let greeting = l.f("Hello {0},", "Hola, {0}:", &[&u.name]);
    let body = l.t(
        "An account was created for you to follow the ERP rollout. Your administrator will give you your initial password.",
        "Se ha creado una cuenta para que siga la implantación del ERP. Su administrador le dará la contraseña inicial.",
    );
    let sign_in = l.t("Sign in", "Iniciar sesión");
    let text = format!("{greeting}\n\n{body}\n\n{sign_in}: {url}\n");
    let html = html! {
        p { (greeting) }
        p { (body) }
        p { a href=(url) { (sign_in) } }
    }
    .into_string();
    outbox::enqueue(db, Message { to: u.email.clone(), subject, text, html, attachment: None }, now).await
}
