//! The demo project's needs assessment and selection (see `seeds/demo_selection.toml`).

use crate::entities::{candidate, criterion, erp_product, evaluator, kpi, kpi_template, user};
use crate::needs::form::RequirementInput;
use crate::selection::store as sel_store;
use chrono::{DateTime, Months, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    products: Vec<String>,
    evaluators: Vec<String>,
    quality: Vec<Vec<i32>>,
    criterion: Vec<ExtraCriterion>,
    requirement: Vec<Requirement>,
    kpi: Vec<Kpi>,
}

#[derive(Deserialize)]
struct ExtraCriterion {
    name_en: String,
    name_es: String,
    weight: f64,
}

#[derive(Deserialize)]
struct Requirement {
    area: String,
    priority: String,
    title: String,
    process: String,
}

#[derive(Deserialize)]
struct Kpi {
    template: String,
    baseline: f64,
    target: f64,
    months_ago: u32,
}

pub const TOML: &str = include_str!("../../seeds/demo_selection.toml");

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, owner: i32, now: DateTime<Utc>) -> anyhow::Result<()> {
    let f: File = toml::from_str(TOML)?;
    let mut requirement_ids = Vec::new();
    for r in &f.requirement {
        let input = RequirementInput {
            area: r.area.clone(),
            title: r.title.clone(),
            description: None,
            priority: r.priority.clone(),
            process: Some(r.process.clone()),
            owner_id: Some(owner),
        };
        requirement_ids.push((crate::needs::store::create(db, project_id, &input, now).await?.id, r.priority.clone()));
    }
    let today = now.date_naive();
    for k in &f.kpi {
        let Some(t) = kpi_template::Entity::find().filter(kpi_template::Column::Key.eq(&k.template)).one(db).await?
        else {
            continue;
        };
        kpi::ActiveModel {
            project_id: Set(project_id),
            template_key: Set(Some(t.key)),
            name: Set(t.name_es),
            unit: Set(t.unit),
            direction: Set(t.direction),
            baseline_value: Set(k.baseline),
            baseline_date: Set(today.checked_sub_months(Months::new(k.months_ago)).unwrap_or(today)),
            target_value: Set(Some(k.target)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, c) in f.criterion.iter().enumerate() {
        criterion::ActiveModel {
            project_id: Set(project_id),
            key: Set(None),
            name_en: Set(c.name_en.clone()),
            name_es: Set(c.name_es.clone()),
            weight: Set(c.weight),
            position: Set(100 + i as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let criteria = sel_store::criteria(db, project_id).await?;
    let mut candidates = Vec::new();
    for key in &f.products {
        let Some(p) = erp_product::Entity::find().filter(erp_product::Column::Key.eq(key)).one(db).await? else {
            continue;
        };
        let c = candidate::ActiveModel {
            project_id: Set(project_id),
            product_id: Set(Some(p.id)),
            name: Set(p.name),
            vendor: Set(p.vendor),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        candidates.push(c.id);
    }
    let mut evaluators = Vec::new();
    for email in &f.evaluators {
        if let Some(u) = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await? {
            evaluator::ActiveModel { project_id: Set(project_id), user_id: Set(u.id), ..Default::default() }
                .insert(db)
                .await?;
            evaluators.push(u.id);
        }
    }
    for (ci, cand) in candidates.iter().enumerate() {
        for (ki, crit) in criteria.iter().enumerate() {
            let q = f.quality.get(ci).and_then(|row| row.get(ki)).copied().unwrap_or(3);
            for (ei, ev) in evaluators.iter().enumerate() {
                // The last evaluator has not finished: a demo shows progress bars below 100 %.
                if ei == 3 && ci >= 4 {
                    continue;
                }
                // A deterministic ±1 so evaluators differ, and one strong disagreement to discuss.
                let noise = [0, 1, -1, 0, 0, 1, -1][(ci * 3 + ki * 5 + ei * 7) % 7];
                let score = if ci == 0 && ki == 1 && ei == 2 { 1 } else { (q + noise).clamp(1, 5) };
                let comment = (ci == 0 && ki == 1 && ei == 2)
                    .then(|| "Con 60 usuarios y tres almacenes me preocupa el rendimiento".to_string());
                sel_store::put_score(db, project_id, (*cand, crit.id), *ev, Some((score, comment)), now).await?;
            }
        }
    }
    for (ci, cand) in candidates.iter().enumerate() {
        for (ri, (req, priority)) in requirement_ids.iter().enumerate() {
            if priority == "wont" {
                continue;
            }
            let level =
                ["standard", "configuration", "standard", "customization", "configuration", "gap"][(ci + ri * 2) % 6];
            let level = if ci == 5 && ri % 2 == 0 { "gap" } else { level };
            sel_store::put_fit(db, project_id, *req, *cand, Some(level)).await?;
        }
    }
    Ok(())
}
