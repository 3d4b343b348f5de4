//! The training emails, in the recipient's language, through the outbox: invitation, wait-list
//! place, promotion, change, cancellation, withdrawal and reminder. Invitations, promotions,
//! changes and reminders carry the session as an iCalendar `REQUEST`; cancellations as `CANCEL`.

use crate::config::Settings;
use crate::email::outbox::{self, Attachment, Message};
use crate::entities::{project, training_session, user};
use crate::web::Lang;
use chrono::{DateTime, Utc};
use maud::html;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Invitation,
    Waitlisted,
    Promoted,
    Changed,
    Cancelled,
    Withdrawn,
    Reminder,
}

/// What every email about one session needs, loaded once for a batch of recipients.
pub struct Invite {
    pub session: training_session::Model,
    project: String,
    organizer: (String, String),
    host: String,
    url: String,
}

/// The bare address of "Name <addr>" (or the whole string).
fn address(from: &str) -> String {
    match (from.find('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => from[a + 1..b].trim().to_string(),
        _ => from.trim().to_string(),
    }
}

impl Invite {
    pub async fn load(
        db: &impl ConnectionTrait,
        settings: &Settings,
        s: &training_session::Model,
    ) -> Result<Invite, DbErr> {
        let project = project::Entity::find_by_id(s.project_id).one(db).await?.map(|p| p.name).unwrap_or_default();
        let trainer = match s.trainer_id {
            Some(id) => user::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        let organizer = match trainer {
            Some(t) => (t.name, t.email),
            None => ("ERP Rollout".to_string(), address(&settings.mail_from)),
        };
        let url =
            format!("{}{}", settings.base_url.trim_end_matches('/'), crate::urls::training_session(s.project_id, s.id));
        Ok(Invite { session: s.clone(), project, organizer, host: settings.host(), url })
    }

    pub async fn send(
        &self,
        db: &impl ConnectionTrait,
        to: &user::Model,
        notice: Notice,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        if to.disabled_at.is_some() {
            return Ok(());
        }
        let l = to.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
        let s = &self.session;
        let title = &s.title;
        let (subject, line) = match notice {
            Notice::Invitation => (
                l.f("Booked: {0}", "Inscrito: {0}", &[title]),
                l.t("You have a seat in this training session. The invitation is attached for your calendar.",
                    "Tiene plaza en esta sesión de formación. La invitación va adjunta para su calendario."),
            ),
            Notice::Waitlisted => (
                l.f("Wait-list: {0}", "Lista de espera: {0}", &[title]),
                l.t("The session is full, so you are on the wait-list. If a seat frees up you get it automatically and we email you.",
                    "La sesión está completa y está en la lista de espera. Si se libera una plaza, será suya automáticamente y le avisaremos."),
            ),
            Notice::Promoted => (
                l.f("A seat is yours: {0}", "Tiene plaza: {0}", &[title]),
                l.t("A seat freed up and it is now yours. The invitation is attached for your calendar.",
                    "Se ha liberado una plaza y ahora es suya. La invitación va adjunta para su calendario."),
            ),
            Notice::Changed => (
                l.f("Changed: {0}", "Cambio: {0}", &[title]),
                l.t("The trainer changed this session. The updated invitation is attached.",
                    "El formador ha cambiado esta sesión. La invitación actualizada va adjunta."),
            ),
            Notice::Cancelled => (
                l.f("Cancelled: {0}", "Cancelada: {0}", &[title]),
                l.t("This training session has been cancelled. Look for another session of the same module on your training page.",
                    "Esta sesión de formación se ha cancelado. Busque otra sesión del mismo módulo en su página de formación."),
            ),
            Notice::Withdrawn => (
                l.f("You left: {0}", "Se ha dado de baja: {0}", &[title]),
                l.t("Your seat in this session is cancelled, as you asked.", "Su plaza en esta sesión queda cancelada, como pidió."),
            ),
            Notice::Reminder => (
                l.f("Reminder: {0}", "Recordatorio: {0}", &[title]),
                l.t("Your training session is coming up.", "Su sesión de formación se acerca."),
            ),
        };
        let when = super::when(l, s);
        let place = s.place.as_deref().or(s.meeting_url.as_deref()).unwrap_or("");
        let open = l.t("Open the session", "Abrir la sesión");
        let text = format!("{line}\n\n{title}\n{when}\n{place}\n\n{open}: {}\n", self.url);
        let html = html! {
            p { (line) }
            p { strong { (title) } br; (when) br; (place) }
            p { a href=(self.url) { (open) } }
        }
        .into_string();
        let cancel = matches!(notice, Notice::Cancelled | Notice::Withdrawn);
        let attachment = (notice != Notice::Waitlisted).then(|| {
            let body = super::ical::invitation(
                l,
                s,
                &self.host,
                &self.project,
                (&self.organizer.0, &self.organizer.1),
                (&to.name, &to.email),
                cancel,
            );
            let method = if cancel { "CANCEL" } else { "REQUEST" };
            Attachment {
                name: if cancel { "cancel.ics".into() } else { "invite.ics".into() },
                content_type: format!("text/calendar; charset=utf-8; method={method}"),
                body,
            }
        });
        outbox::enqueue(db, Message { to: to.email.clone(), subject, text, html, attachment }, now).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bare_address_is_taken_from_a_display_name() {
        assert_eq!(super::address("ERP Rollout <no-reply@x.example>"), "no-reply@x.example");
        assert_eq!(super::address("a@x.example"), "a@x.example");
    }
}
