//! A large plan for benchmarks: 2,000 milestones in 20 workstreams with about 2,600
//! finish-to-start dependencies, in the first synthetic project.

use crate::entities::{milestone, milestone_dep};
use chrono::{DateTime, Days, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    let start = now.date_naive();
    let rows: Vec<milestone::ActiveModel> = (0..2000u64)
        .map(|i| {
            let s = start.checked_add_days(Days::new((i / 20) * 3)).unwrap_or(start);
            let due = s.checked_add_days(Days::new(i % 7 + 2)).unwrap_or(s);
            let title = format!("Milestone {i:04}");
            milestone::ActiveModel {
                project_id: Set(project_id),
                title: Set(title.clone()),
                phase_key: Set(crate::phases::KEYS[(i as usize / 400) % 5].into()),
                workstream: Set(Some(format!("Workstream {:02}", i % 20))),
                owner_id: Set(None),
                start_date: Set(s),
                due_date: Set(due),
                checkpoint: Set(false),
                status: Set("planned".into()),
                percent: Set((i % 5) as i32 * 20),
                deliverables: Set(None),
                version: Set(1),
                search_text: Set(crate::text::fold(&title)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(500) {
        milestone::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    let ids: Vec<i32> = milestone::Entity::find()
        .filter(milestone::Column::ProjectId.eq(project_id))
        .order_by_asc(milestone::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|m| m.id)
        .collect();
    let mut deps = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        // Each workstream is a chain; every seventh milestone also waits for another workstream.
        for back in [20, if i % 7 == 0 { 33 } else { 0 }] {
            if back > 0 && i >= back {
                deps.push(milestone_dep::ActiveModel {
                    project_id: Set(project_id),
                    predecessor_id: Set(ids[i - back]),
                    successor_id: Set(id),
                    lag_days: Set(0),
                    ..Default::default()
                });
            }
        }
    }
    for chunk in deps.chunks(500) {
        milestone_dep::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}
