//! iCalendar (RFC 5545) exports of milestones: the events, and a download per project for signed-in
//! members. The private feed that joins milestones and training sessions is `account::calendar`.

use super::store;
use crate::entities::milestone;
use crate::error::AppResult;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::Lang;
use actix_web::{HttpResponse, web};
use icalendar::{Calendar, Component, Event, EventLike};

/// One all-day event per milestone, over its days (a checkpoint on its one day, said so in the
/// description); UID is stable and SEQUENCE follows the row's version, so calendar apps update
/// the event in place after an edit.
pub fn calendar(l: Lang, name: &str, host: &str, rows: &[(milestone::Model, String)]) -> Calendar {
    let mut cal = Calendar::new();
    cal.name(name);
    for (m, project) in rows {
        let mut e = Event::new();
        let length = super::length_label(l, super::projection::length(m.start_date, m.due_date, m.checkpoint));
        e.uid(&format!("milestone-{}@{host}", m.id))
            .summary(&format!("{} — {}", m.title, project))
            .starts(m.start_date)
            .ends(m.due_date + chrono::Days::new(1))
            .description(&l.f(
                "{0} · Status: {1} · {2} % complete",
                "{0} · Estado: {1} · {2} % completado",
                &[&length, &super::status_label(l, &m.status), &m.percent],
            ))
            .add_property("SEQUENCE", m.version.to_string());
        cal.push(e.done());
    }
    cal.done()
}

pub fn ics(filename: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .body(body)
}

pub async fn project_ics(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows: Vec<(milestone::Model, String)> =
        store::all(&state.db, acc.project.id).await?.into_iter().map(|m| (m, acc.project.name.clone())).collect();
    Ok(ics("milestones.ics", calendar(auth.ctx.lang, &acc.project.name, &state.settings.host(), &rows).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_all_day_escaped_and_folded() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let m = milestone::Model {
            id: 7,
            project_id: 1,
            title: "Data migration; trial load, part 1 — with a very long title that must be folded at 75 octets"
                .into(),
            phase_key: "implementation".into(),
            workstream: None,
            owner_id: None,
            start_date: d,
            due_date: d,
            checkpoint: false,
            status: "planned".into(),
            percent: 0,
            deliverables: None,
            version: 3,
            search_text: String::new(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let point = milestone::Model { id: 8, checkpoint: true, ..m.clone() };
        let s = calendar(Lang::En, "Plan", "example.com", &[(m, "P".into()), (point, "P".into())]).to_string();
        assert!(s.contains("UID:milestone-7@example.com"));
        assert!(s.contains("DTSTART;VALUE=DATE:20270301") && s.contains("DTEND;VALUE=DATE:20270302"));
        // Start = due is one day; the checkpoint sits on that day too, and says what it is.
        assert!(s.contains("DESCRIPTION:1 day · Status: Planned") && s.contains("DESCRIPTION:0 days (checkpoint) · "));
        assert_eq!(s.matches("DTEND;VALUE=DATE:20270302").count(), 2);
        assert!(s.contains("SEQUENCE:3"));
        assert!(s.contains("Data migration\\; trial load\\, part 1"));
        assert!(s.lines().all(|l| l.len() <= 75), "{s}");
    }
}
