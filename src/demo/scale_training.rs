//! A large training programme for benchmarks, in the first synthetic project: 2,500 sessions
//! (half of them past) with every one of the project's 40 employees booked on each: 100,000
//! bookings, attendance taken on the past ones.

use crate::entities::{training_booking, training_session};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, people: &[i32], now: DateTime<Utc>) -> Result<(), DbErr> {
    let modules = crate::training::MODULES;
    let rows: Vec<training_session::ActiveModel> = (0..2500i64)
        .map(|i| {
            let start = now + Duration::hours((i - 1250) * 12);
            let module = modules[i as usize % modules.len()];
            let title = format!("Session {i:04} — {module}");
            training_session::ActiveModel {
                project_id: Set(project_id),
                title: Set(title.clone()),
                module: Set(module.into()),
                kind: Set(if module == "security" { "security" } else { "regular" }.into()),
                mode: Set(crate::training::MODES[i as usize % 3].into()),
                audience_roles: Set(String::new()),
                starts_at: Set(start),
                ends_at: Set(start + Duration::hours(3)),
                tz: Set("Europe/Madrid".into()),
                place: Set(Some(format!("Room {}", i % 12))),
                meeting_url: Set(None),
                capacity: Set(40),
                cancel_cutoff_hours: Set(24),
                materials: Set(None),
                prerequisites: Set(None),
                trainer_id: Set(None),
                status: Set("scheduled".into()),
                version: Set(1),
                search_text: Set(crate::text::fold(&title)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(500) {
        training_session::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    let sessions = training_session::Entity::find()
        .filter(training_session::Column::ProjectId.eq(project_id))
        .order_by_asc(training_session::Column::Id)
        .all(db)
        .await?;
    let mut bookings = Vec::with_capacity(sessions.len() * people.len());
    for s in &sessions {
        for (k, u) in people.iter().enumerate() {
            let attendance = (s.ends_at < now).then(|| if k % 10 < 7 { "attended" } else { "no_show" }.to_string());
            bookings.push(training_booking::ActiveModel {
                session_id: Set(s.id),
                user_id: Set(*u),
                status: Set("booked".into()),
                attendance: Set(attendance),
                signed_up_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    for chunk in bookings.chunks(500) {
        training_booking::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}
