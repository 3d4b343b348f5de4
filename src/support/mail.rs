//! The e-mail back to the reporter when the support team answers or resolves their ticket, in the
//! reporter's language, through the outbox (queued in the triage's transaction).

use crate::config::Settings;
use crate::email::outbox::{self, Message};
use crate::entities::{support_ticket, user};
use crate::web::Lang;
use chrono::{DateTime, Utc};
use maud::html;
use sea_orm::{ConnectionTrait, DbErr};

/// `answer` is the team's new message, if any; `resolved` says the ticket was just resolved.
pub async fn send_ticket_update(
    db: &impl ConnectionTrait,
    s: &Settings,
    reporter: &user::Model,
    t: &support_ticket::Model,
    answer: Option<&str>,
    resolved: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let l = reporter.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let url = format!("{}{}", s.base_url.trim_end_matches('/'), crate::urls::support_ticket(t.project_id, t.id));
    let subject = if resolved {
        l.f("Your ticket #{0} is resolved: {1}", "Su incidencia n.º {0} está resuelta: {1}", &[&t.id, &t.title])
    } else {
        l.f("An answer to your ticket #{0}: {1}", "Respuesta a su incidencia n.º {0}: {1}", &[&t.id, &t.title])
    };
    let greeting = l.f("Hello {0},", "Hola, {0}:", &[&reporter.name]);
    let lead = if resolved {
        l.t(
            "The support team has resolved the problem you reported. If it is not solved for you, say so on the ticket's page within 7 days and it is reopened.",
            "El equipo de soporte ha resuelto el problema que nos comunicó. Si para usted no está solucionado, dígalo en la página de la incidencia en los próximos 7 días y se reabrirá.",
        )
    } else {
        l.t("The support team has answered your ticket.", "El equipo de soporte ha respondido a su incidencia.")
    };
    let action = l.t("Open the ticket", "Abrir la incidencia");
    let quoted = answer.unwrap_or("");
    let text = format!("{greeting}\n\n{lead}\n\n{quoted}\n\n{action}: {url}\n");
    let html = html! {
        p { (greeting) }
        p { (lead) }
        @if !quoted.is_empty() { blockquote { @for line in quoted.lines() { (line) br; } } }
        p { a href=(url) { (action) } }
    }
    .into_string();
    outbox::enqueue(db, Message { to: reporter.email.clone(), subject, text, html, attachment: None }, now).await
}
