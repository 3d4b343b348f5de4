//! Synthetic needs and selection data for benchmarks: 50 requirements in every synthetic project
//! (about 100k rows at the default scale) and, in the first one, a large selection: 20 products ×
//! 15 criteria × 10 evaluators, with 1,000 requirements assessed against every product.

use crate::entities::{candidate, criterion, evaluator, fit, requirement, score};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

const AREAS: [&str; 8] =
    ["finance", "hr", "logistics", "inventory", "manufacturing", "supply_chain", "sales_crm", "customer_service"];
const PRIORITIES: [&str; 4] = ["must", "should", "could", "wont"];

pub async fn requirements(
    db: &impl ConnectionTrait,
    project_id: i32,
    n: usize,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows: Vec<requirement::ActiveModel> = (0..n)
        .map(|k| {
            let title = format!("Requirement {k:04} of project {project_id}");
            requirement::ActiveModel {
                project_id: Set(project_id),
                area: Set(AREAS[k % AREAS.len()].into()),
                title: Set(title.clone()),
                description: Set(None),
                priority: Set(PRIORITIES[k % PRIORITIES.len()].into()),
                process: Set(Some("Order to cash".into())),
                owner_id: Set(None),
                version: Set(1),
                search_text: Set(crate::text::fold(&title)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(500) {
        requirement::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The large selection of the benchmark; `people` are member ids, the first ten become evaluators.
pub async fn large_selection(
    db: &impl ConnectionTrait,
    project_id: i32,
    people: &[i32],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    requirements(db, project_id, 950, now).await?;
    let cands: Vec<candidate::ActiveModel> = (0..20)
        .map(|i| candidate::ActiveModel {
            project_id: Set(project_id),
            name: Set(format!("Product {i:02}")),
            vendor: Set(format!("Vendor {i:02}")),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    candidate::Entity::insert_many(cands).exec_without_returning(db).await?;
    let crits: Vec<criterion::ActiveModel> = (0..9)
        .map(|i| criterion::ActiveModel {
            project_id: Set(project_id),
            name_en: Set(format!("Criterion {i}")),
            name_es: Set(format!("Criterio {i}")),
            weight: Set(5.0 + i as f64),
            position: Set(10 + i),
            ..Default::default()
        })
        .collect();
    criterion::Entity::insert_many(crits).exec_without_returning(db).await?;
    let evs: Vec<evaluator::ActiveModel> = people
        .iter()
        .take(10)
        .map(|u| evaluator::ActiveModel { project_id: Set(project_id), user_id: Set(*u), ..Default::default() })
        .collect();
    evaluator::Entity::insert_many(evs).exec_without_returning(db).await?;

    let cand_ids: Vec<i32> = candidate::Entity::find()
        .filter(candidate::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let crit_ids: Vec<i32> = crate::selection::store::criteria(db, project_id).await?.iter().map(|c| c.id).collect();
    let mut scores = Vec::new();
    for (ci, c) in cand_ids.iter().enumerate() {
        for (ki, k) in crit_ids.iter().enumerate() {
            for (ei, e) in people.iter().take(10).enumerate() {
                scores.push(score::ActiveModel {
                    project_id: Set(project_id),
                    candidate_id: Set(*c),
                    criterion_id: Set(*k),
                    evaluator_id: Set(*e),
                    score: Set(1 + ((ci * 7 + ki * 3 + ei) % 5) as i32),
                    comment: Set(None),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
        }
    }
    for chunk in scores.chunks(500) {
        score::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    let reqs: Vec<i32> = requirement::Entity::find()
        .filter(requirement::Column::ProjectId.eq(project_id))
        .order_by_asc(requirement::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    let levels = crate::selection::FIT_LEVELS;
    let mut fits = Vec::new();
    for (ri, r) in reqs.iter().enumerate() {
        for (ci, c) in cand_ids.iter().enumerate() {
            fits.push(fit::ActiveModel {
                project_id: Set(project_id),
                requirement_id: Set(*r),
                candidate_id: Set(*c),
                level: Set(levels[(ri + ci) % levels.len()].into()),
                ..Default::default()
            });
        }
    }
    for chunk in fits.chunks(500) {
        fit::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    crate::selection::store::ensure_selection(db, project_id).await?;
    crate::entities::selection::Entity::update_many()
        .col_expr(crate::entities::selection::Column::RevealedAt, sea_orm::sea_query::Expr::value(now))
        .filter(crate::entities::selection::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    Ok(())
}
