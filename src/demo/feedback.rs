//! The demo project's feedback and adoption data (see `seeds/demo_feedback.toml`): named and
//! anonymous feedback in every status (one unanswered for weeks), two adjustments, a closed pilot
//! survey wave and an open one, and KPI measurements since the baseline.

use crate::entities::{
    adjustment, feedback, kpi, kpi_measurement, membership, survey_participation, survey_wave, user,
};
use crate::feedback::survey;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct File {
    adjustment: Vec<Adjustment>,
    feedback: Vec<Item>,
    wave: Vec<Wave>,
    measurement: Vec<Measurement>,
}

#[derive(Deserialize)]
struct Adjustment {
    title: String,
    description: String,
    days_ago: i64,
}

#[derive(Deserialize)]
struct Item {
    author: String,
    category: String,
    module: String,
    rating: i32,
    body: String,
    status: String,
    reply: Option<String>,
    adjustment: Option<String>,
    days_ago: i64,
}

#[derive(Deserialize)]
struct Wave {
    title: String,
    days_ago: i64,
    closed: bool,
    answers: Vec<[u8; 11]>,
}

#[derive(Deserialize)]
struct Measurement {
    template: String,
    values: Vec<(i64, f64)>,
}

pub const TOML: &str = include_str!("../../seeds/demo_feedback.toml");

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, pm: i32, now: DateTime<Utc>) -> anyhow::Result<()> {
    let f: File = toml::from_str(TOML)?;
    let users: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.like("%@demo.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email.split('@').next().unwrap_or("").to_string(), u.id))
        .collect();
    let day = |days: i64| {
        let d = (now - Duration::days(days)).date_naive();
        (d, d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now))
    };
    let mut adjustments = HashMap::new();
    for a in &f.adjustment {
        let row = adjustment::ActiveModel {
            project_id: Set(project_id),
            title: Set(a.title.clone()),
            description: Set(Some(a.description.clone())),
            made_on: Set(day(a.days_ago).0),
            created_by: Set(Some(pm)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        adjustments.insert(a.title.clone(), row.id);
    }
    for (i, item) in f.feedback.iter().enumerate() {
        let author = users.get(&item.author).copied();
        // Named feedback keeps its time; anonymous feedback only its day.
        let created = if author.is_some() {
            now - Duration::days(item.days_ago) + Duration::minutes(i as i64)
        } else {
            day(item.days_ago).1
        };
        feedback::ActiveModel {
            project_id: Set(project_id),
            author_id: Set(author),
            receipt_hash: Set(author.is_none().then(|| crate::web::token_hash(&format!("demo-receipt-{i}")))),
            category: Set(item.category.clone()),
            module: Set(item.module.clone()),
            rating: Set(item.rating),
            body: Set(item.body.clone()),
            status: Set(item.status.clone()),
            replied_by: Set(item.reply.as_ref().map(|_| pm)),
            replied_at: Set(item.reply.as_ref().map(|_| now - Duration::days(1))),
            reply: Set(item.reply.clone()),
            adjustment_id: Set(item.adjustment.as_ref().and_then(|a| adjustments.get(a).copied())),
            version: Set(1),
            created_at: Set(created),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let members: Vec<membership::Model> = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project_id))
        .filter(membership::Column::Role.eq("employee"))
        .all(db)
        .await?;
    for w in &f.wave {
        let wave = survey_wave::ActiveModel {
            project_id: Set(project_id),
            title: Set(w.title.clone()),
            opened_on: Set(day(w.days_ago + 7).0),
            closed_on: Set(w.closed.then(|| day(w.days_ago).0)),
            status: Set(if w.closed { "closed" } else { "open" }.into()),
            created_by: Set(Some(pm)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (a, m) in w.answers.iter().zip(&members) {
            let items: [u8; 10] = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]];
            let Some(sus) = survey::sus_score(&items) else { continue };
            survey_participation::ActiveModel { wave_id: Set(wave.id), user_id: Set(m.user_id) }.insert(db).await?;
            crate::feedback::surveys::answer_row(wave.id, m.role.clone(), m.department_id, &items, sus, Some(a[10]))
                .insert(db)
                .await?;
        }
    }
    let kpis: Vec<kpi::Model> = kpi::Entity::find().filter(kpi::Column::ProjectId.eq(project_id)).all(db).await?;
    for m in &f.measurement {
        let Some(k) = kpis.iter().find(|k| k.template_key.as_deref() == Some(m.template.as_str())) else { continue };
        for (days, value) in &m.values {
            kpi_measurement::ActiveModel {
                project_id: Set(project_id),
                kpi_id: Set(k.id),
                measured_on: Set(day(*days).0),
                value: Set(*value),
                note: Set(Some("Piloto".into())),
                created_by: Set(Some(pm)),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
