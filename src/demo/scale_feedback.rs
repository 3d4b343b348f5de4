//! Feedback at scale for benchmarks, in the first synthetic project: 100,000 feedback items over
//! the last year (a fifth of them anonymous, a mix of statuses) and three survey waves answered by
//! the project's 40 employees.

use crate::entities::{feedback, survey_answer, survey_participation, survey_wave};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, people: &[i32], now: DateTime<Utc>) -> Result<(), DbErr> {
    let categories = crate::feedback::CATEGORIES;
    let statuses = crate::feedback::STATUSES;
    let modules = crate::training::MODULES;
    let rows: Vec<feedback::ActiveModel> = (0..100_000usize)
        .map(|i| {
            let anonymous = i % 5 == 0 || people.is_empty();
            let created = now - Duration::minutes((i as i64 * 5) % (365 * 24 * 60));
            feedback::ActiveModel {
                project_id: Set(project_id),
                author_id: Set((!anonymous).then(|| people[i % people.len().max(1)])),
                category: Set(categories[i % categories.len()].into()),
                module: Set(modules[i % modules.len()].into()),
                rating: Set((i % 5) as i32 + 1),
                body: Set(format!("Synthetic feedback {i}: the screen could be simpler.")),
                status: Set(statuses[(i / 7) % statuses.len()].into()),
                version: Set(1),
                created_at: Set(created),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(1000) {
        feedback::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    for w in 0..3i64 {
        let wave = survey_wave::Entity::insert(survey_wave::ActiveModel {
            project_id: Set(project_id),
            title: Set(format!("Wave {}", w + 1)),
            opened_on: Set((now - Duration::days(90 - w * 30)).date_naive()),
            status: Set("closed".into()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await?
        .last_insert_id;
        for (k, u) in people.iter().enumerate() {
            survey_participation::Entity::insert(survey_participation::ActiveModel {
                wave_id: Set(wave),
                user_id: Set(*u),
            })
            .exec_without_returning(db)
            .await?;
            let items: [u8; 10] = std::array::from_fn(|i| ((k + i + w as usize) % 5 + 1) as u8);
            let sus = crate::feedback::survey::sus_score(&items).unwrap_or(0.0);
            let row =
                crate::feedback::surveys::answer_row(wave, "employee".into(), None, &items, sus, Some((k % 11) as u8));
            survey_answer::Entity::insert(row).exec_without_returning(db).await?;
        }
    }
    Ok(())
}
