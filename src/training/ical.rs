//! Training sessions as iCalendar (RFC 5545) events: invitations sent by email (iTIP METHOD
//! REQUEST or CANCEL, RFC 5546) and the entries of the personal calendar feed. The UID is stable
//! across updates and SEQUENCE is the session's version, so calendar apps update or remove the
//! event they already have. Times are written in UTC.

use crate::entities::{project, training_booking, training_session};
use crate::web::Lang;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub fn uid(s: &training_session::Model, host: &str) -> String {
    format!("training-{}@{host}", s.id)
}

/// A person in an invitation: (name, email).
pub type Person<'a> = (&'a str, &'a str);

/// The event for one session; `cancelled` also when the person's own booking was cancelled.
pub fn event(l: Lang, s: &training_session::Model, host: &str, project: &str, cancelled: bool) -> Event {
    let mut e = Event::new();
    let mut description = vec![
        format!("{}: {}", l.t("Project", "Proyecto"), project),
        format!("{}: {}", l.t("Module", "Módulo"), super::module_label(l, &s.module)),
        format!("{}: {}", l.t("Mode", "Modalidad"), super::mode_label(l, &s.mode)),
    ];
    if let Some(u) = &s.meeting_url {
        description.push(format!("{}: {u}", l.t("Meeting link", "Enlace de la reunión")));
    }
    if let Some(p) = &s.prerequisites {
        description.push(format!("{}: {p}", l.t("Before you come", "Antes de venir")));
    }
    if let Some(m) = &s.materials {
        description.push(format!("{}: {m}", l.t("Materials", "Materiales")));
    }
    e.uid(&uid(s, host))
        .summary(&s.title)
        .starts(s.starts_at)
        .ends(s.ends_at)
        .description(&description.join("\n"))
        .add_property("SEQUENCE", s.version.to_string())
        .status(if cancelled || s.status == "cancelled" { EventStatus::Cancelled } else { EventStatus::Confirmed });
    if let Some(place) = s.place.as_deref().or(s.meeting_url.as_deref()) {
        e.location(place);
    }
    if let Some(u) = &s.meeting_url {
        e.url(u);
    }
    e.done()
}

/// The entries of a person's calendar feed: the sessions they hold a seat in and those they
/// train (the latest 500), cancelled ones marked so calendar apps remove them.
pub async fn feed_events(db: &impl ConnectionTrait, user_id: i32, l: Lang, host: &str) -> Result<Vec<Event>, DbErr> {
    let booked = Query::select()
        .column(training_booking::Column::SessionId)
        .from(training_booking::Entity)
        .and_where(Expr::col(training_booking::Column::UserId).eq(user_id))
        .and_where(Expr::col(training_booking::Column::Status).eq("booked"))
        .to_owned();
    let sessions = training_session::Entity::find()
        .filter(
            Condition::any()
                .add(training_session::Column::TrainerId.eq(user_id))
                .add(training_session::Column::Id.in_subquery(booked)),
        )
        .order_by_desc(training_session::Column::StartsAt)
        .limit(500)
        .all(db)
        .await?;
    let mut names: HashMap<i32, String> = HashMap::new();
    for s in &sessions {
        if let std::collections::hash_map::Entry::Vacant(v) = names.entry(s.project_id) {
            v.insert(project::Entity::find_by_id(s.project_id).one(db).await?.map(|p| p.name).unwrap_or_default());
        }
    }
    Ok(sessions
        .iter()
        .map(|s| event(l, s, host, names.get(&s.project_id).map(String::as_str).unwrap_or(""), false))
        .collect())
}

/// An invitation (`REQUEST`) or a cancellation (`CANCEL`) for one attendee.
pub fn invitation(
    l: Lang,
    s: &training_session::Model,
    host: &str,
    project: &str,
    organizer: Person<'_>,
    attendee: Person<'_>,
    cancel: bool,
) -> String {
    let mut e = event(l, s, host, project, cancel);
    let mut org = Property::new("ORGANIZER", format!("mailto:{}", organizer.1));
    org.add_parameter("CN", organizer.0);
    let mut att = Property::new("ATTENDEE", format!("mailto:{}", attendee.1));
    att.add_parameter("CN", attendee.0)
        .add_parameter("ROLE", "REQ-PARTICIPANT")
        .add_parameter("PARTSTAT", if cancel { "DECLINED" } else { "ACCEPTED" });
    e.append_property(org).append_property(att);
    let mut cal = Calendar::new();
    cal.append_property(("METHOD", if cancel { "CANCEL" } else { "REQUEST" }));
    cal.push(e);
    cal.done().to_string()
}

/// A session for unit tests.
#[cfg(test)]
pub mod tests_support {
    use crate::entities::training_session;
    use chrono::TimeZone;

    pub fn session() -> training_session::Model {
        training_session::Model {
            id: 42,
            project_id: 1,
            title: "Facturación; cobros, y abonos — sesión práctica con un título largo que se pliega".into(),
            module: "finance".into(),
            kind: "regular".into(),
            mode: "online".into(),
            audience_roles: String::new(),
            starts_at: chrono::Utc.with_ymd_and_hms(2027, 3, 3, 8, 0, 0).unwrap(),
            ends_at: chrono::Utc.with_ymd_and_hms(2027, 3, 3, 11, 30, 0).unwrap(),
            tz: "Europe/Madrid".into(),
            place: None,
            meeting_url: Some("https://meet.example.com/abc?x=1,2".into()),
            capacity: 10,
            cancel_cutoff_hours: 24,
            materials: Some("Manual, capítulo 3\nEjercicios".into()),
            prerequisites: None,
            trainer_id: None,
            status: "scheduled".into(),
            version: 4,
            search_text: String::new(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::session;
    use super::*;

    #[test]
    fn an_invitation_is_folded_escaped_in_utc_and_parses_back() {
        let s = invitation(
            Lang::Es,
            &session(),
            "erp.example",
            "Implantación",
            ("Ana Ruiz", "ana@x.example"),
            ("Luis", "luis@x.example"),
            false,
        );
        assert!(s.contains("METHOD:REQUEST\r\n"));
        assert!(s.contains("DTSTART:20270303T080000Z") && s.contains("DTEND:20270303T113000Z"));
        assert!(s.lines().all(|l| l.len() <= 75), "{s}");
        let parsed: Calendar = s.parse().unwrap();
        let e = parsed.events().next().unwrap();
        assert_eq!(
            e.get_summary(),
            Some("Facturación; cobros, y abonos — sesión práctica con un título largo que se pliega")
        );
        assert_eq!(e.get_uid(), Some("training-42@erp.example"));
        assert_eq!(e.property_value("SEQUENCE"), Some("4"));
        assert_eq!(e.get_description().map(|d| d.contains("Manual, capítulo 3\nEjercicios")), Some(true));
        assert_eq!(e.property_value("ORGANIZER"), Some("mailto:ana@x.example"));
    }

    #[test]
    fn a_cancellation_says_cancel_and_cancelled() {
        let s = invitation(Lang::En, &session(), "h", "P", ("T", "t@x.example"), ("A", "a@x.example"), true);
        assert!(s.contains("METHOD:CANCEL\r\n") && s.contains("STATUS:CANCELLED"));
    }
}
