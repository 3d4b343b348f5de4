//! The demo project's training (see `seeds/demo_training.toml`): departments for the employees,
//! a past session with attendance taken, upcoming sessions for different departments (one full,
//! with a wait-list), a security-awareness session, a cancelled one, and the learning library.

use crate::entities::{org_unit, training_booking, training_resource, user};
use crate::training::{form, store};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct File {
    departments: HashMap<String, String>,
    session: Vec<Session>,
    resource: Vec<Resource>,
}

#[derive(Deserialize)]
struct Session {
    title: String,
    module: String,
    mode: String,
    day: i64,
    start: String,
    end: String,
    place: Option<String>,
    meeting_url: Option<String>,
    capacity: i32,
    departments: Vec<String>,
    prerequisites: Option<String>,
    materials: Option<String>,
    #[serde(default)]
    cancelled: bool,
    bookings: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Resource {
    module: String,
    title: String,
    url: String,
    description: Option<String>,
}

pub const TOML: &str = include_str!("../../seeds/demo_training.toml");

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, trainer: i32, now: DateTime<Utc>) -> anyhow::Result<()> {
    let f: File = toml::from_str(TOML)?;
    let users: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.like("%@demo.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email.split('@').next().unwrap_or("").to_string(), u.id))
        .collect();
    let depts: HashMap<String, i32> = org_unit::Entity::find()
        .filter(org_unit::Column::ProjectId.eq(project_id))
        .filter(org_unit::Column::Kind.eq("department"))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.name, d.id))
        .collect();
    for (who, dept) in &f.departments {
        if let (Some(u), Some(d)) = (users.get(who), depts.get(dept)) {
            crate::projects::store::set_department(db, project_id, *u, Some(*d)).await?;
        }
    }
    let tz = chrono_tz::Europe::Madrid;
    let at = |day: i64, hm: &str| -> anyhow::Result<DateTime<Utc>> {
        let date = (now + Duration::days(day)).with_timezone(&tz).date_naive();
        let t = NaiveTime::parse_from_str(hm, "%H:%M")?;
        match form::to_utc(tz, date.and_time(t)) {
            form::LocalTime::Ok(d) => Ok(d),
            form::LocalTime::Skipped => Ok(date.and_time(t).and_utc()),
        }
    };
    for s in &f.session {
        let input = form::SessionInput {
            title: s.title.clone(),
            module: s.module.clone(),
            kind: if s.module == "security" { "security".into() } else { "regular".into() },
            mode: s.mode.clone(),
            audience_roles: String::new(),
            departments: s.departments.iter().filter_map(|d| depts.get(d).copied()).collect(),
            starts_at: at(s.day, &s.start)?,
            ends_at: at(s.day, &s.end)?,
            tz: tz.name().into(),
            place: s.place.clone(),
            meeting_url: s.meeting_url.clone(),
            capacity: s.capacity,
            cancel_cutoff_hours: 24,
            materials: s.materials.clone(),
            prerequisites: s.prerequisites.clone(),
            trainer_id: Some(trainer),
        };
        let created = store::create(db, project_id, &input, now - Duration::days(20)).await?;
        if s.cancelled {
            store::cancel(db, &created, now).await?;
        }
        for (i, (who, state)) in s.bookings.iter().enumerate() {
            let Some(u) = users.get(who) else { continue };
            let (status, attendance) = match state.as_str() {
                "booked" | "waitlisted" => (state.clone(), None),
                other => ("booked".to_string(), Some(other.to_string())),
            };
            training_booking::ActiveModel {
                session_id: Set(created.id),
                user_id: Set(*u),
                status: Set(status),
                attendance: Set(attendance),
                signed_up_at: Set(now - Duration::days(15) + Duration::minutes(i as i64)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    for r in f.resource {
        training_resource::ActiveModel {
            project_id: Set(project_id),
            module: Set(r.module),
            title: Set(r.title),
            url: Set(r.url),
            description: Set(r.description),
            created_by: Set(Some(trainer)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
