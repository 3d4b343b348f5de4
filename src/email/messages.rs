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

/// The "forgot your password?" link; nothing else in it identifies the account.
pub async fn send_password_reset(
    db: &impl ConnectionTrait,
    u: &user::Model,
    l: Lang,
    url: &str,
    minutes: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let subject = l.t("Choose a new ERP Rollout password", "Elija una contraseña nueva de ERP Rollout").to_string();
    let greeting = l.f("Hello {0},", "Hola, {0}:", &[&u.name]);
    let body = l.f(
        "Someone (we hope you) asked to reset the password of your account. The link works once, for {0} minutes; choosing a new password signs you out everywhere.",
        "Alguien (esperamos que usted) pidió restablecer la contraseña de su cuenta. El enlace funciona una vez, durante {0} minutos; al elegir una contraseña nueva se cierran todas sus sesiones.",
        &[&minutes],
    );
    let ignore = l.t(
        "If you did not ask for it, ignore this message: your password stays as it is.",
        "Si no lo pidió, ignore este mensaje: su contraseña sigue igual.",
    );
    let action = l.t("Choose a new password", "Elegir una contraseña nueva");
    let text = format!("{greeting}\n\n{body}\n\n{action}: {url}\n\n{ignore}\n");
    let html = html! {
        p { (greeting) }
        p { (body) }
        p { a href=(url) { (action) } }
        p { (ignore) }
    }
    .into_string();
    outbox::enqueue(db, Message { to: u.email.clone(), subject, text, html, attachment: None }, now).await
}
