//! The demo rollout: a medium-sized distributor halfway through, a small second project, and a
//! user of every role. Created once; running it again finds the demo admin and does nothing.

use crate::auth::store as auth_store;
use crate::entities::{checklist_item, project_phase};
use crate::projects::{form::ProjectInput, store as project_store};
use chrono::{DateTime, Months, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Demo {
    pub password: String,
    pub project: DemoProject,
    pub second_project: DemoProject,
    pub user: Vec<DemoUser>,
}

#[derive(Deserialize)]
pub struct DemoProject {
    pub name_en: String,
    pub name_es: String,
    pub company: String,
    pub size: String,
    pub sector: String,
    pub start_months_ago: u32,
    pub go_live_months_ahead: u32,
    #[serde(default)]
    pub phases_closed: Vec<String>,
    #[serde(default)]
    pub phases_in_progress: Vec<String>,
    #[serde(default)]
    pub done_items: Vec<String>,
}

#[derive(Deserialize)]
pub struct DemoUser {
    pub email: String,
    pub name: String,
    pub role: String,
    pub locale: String,
    pub project_role: String,
    pub second_project_role: String,
}

pub fn parse() -> anyhow::Result<Demo> {
    Ok(toml::from_str(crate::seeds::DEMO)?)
}

/// Creates the demo data unless it exists. `password_hash` is the hash of the demo password
/// (hashed by the caller, outside the transaction).
pub async fn seed(db: &impl ConnectionTrait, password_hash: &str, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let demo = parse()?;
    let Some(first) = demo.user.first() else { return Ok(false) };
    if auth_store::find_by_email(db, &first.email).await?.is_some() {
        return Ok(false);
    }
    // Demo accounts have a published password: never add them next to real accounts.
    if auth_store::count_users(db).await? > 0 {
        anyhow::bail!("--demo needs an empty database: this one already has accounts");
    }
    let mut users = Vec::new();
    for u in &demo.user {
        let new = auth_store::NewUser {
            email: &u.email,
            name: &u.name,
            password_hash: password_hash.to_string(),
            role: &u.role,
            locale: Some(&u.locale),
        };
        users.push((auth_store::insert_user(db, new, now).await?, u));
    }
    let creator = users.iter().find(|(_, d)| d.project_role == "pm").map(|(m, _)| m.id).unwrap_or(users[0].0.id);
    for (which, dp) in [(0, &demo.project), (1, &demo.second_project)] {
        let today = now.date_naive();
        let input = ProjectInput {
            // The demo company is Spanish, so its projects carry Spanish names.
            name: dp.name_es.clone(),
            company: dp.company.clone(),
            size: dp.size.clone(),
            sector: dp.sector.clone(),
            start_date: today.checked_sub_months(Months::new(dp.start_months_ago)).unwrap_or(today),
            go_live_date: today.checked_add_months(Months::new(dp.go_live_months_ahead)).unwrap_or(today),
        };
        let pm = users
            .iter()
            .find(|(_, d)| (if which == 0 { &d.project_role } else { &d.second_project_role }) == "pm")
            .map(|(m, _)| m.id)
            .unwrap_or(creator);
        let p = project_store::create(db, &input, pm, now).await?;
        for (m, d) in &users {
            let role = if which == 0 { &d.project_role } else { &d.second_project_role };
            if !role.is_empty() && m.id != pm {
                project_store::upsert_member(db, p.id, m.id, role, now).await?;
            }
        }
        if which == 0 {
            super::selection::seed(db, p.id, pm, now).await?;
            super::plan::seed(db, p.id, input.start_date, pm, now).await?;
            let trainer = users.iter().find(|(_, d)| d.project_role == "trainer").map(|(m, _)| m.id).unwrap_or(pm);
            super::training::seed(db, p.id, trainer, now).await?;
            super::feedback::seed(db, p.id, pm, now).await?;
            super::migration::seed(db, p.id, pm, now).await?;
            super::testing::seed(db, p.id, pm, now).await?;
            super::cutover::seed(db, p.id, input.go_live_date, pm, now).await?;
            // Go-live is months ahead: the pilot group's early hypercare.
            super::support::seed(db, p.id, pm, now).await?;
        }
        if !dp.done_items.is_empty() {
            checklist_item::Entity::update_many()
                .col_expr(checklist_item::Column::Done, Expr::value(true))
                .col_expr(checklist_item::Column::DoneBy, Expr::value(Some(pm)))
                .col_expr(checklist_item::Column::DoneAt, Expr::value(Some(now)))
                .filter(checklist_item::Column::ProjectId.eq(p.id))
                .filter(checklist_item::Column::TemplateKey.is_in(dp.done_items.clone()))
                .exec(db)
                .await?;
        }
        for (keys, status) in [(&dp.phases_in_progress, "in_progress"), (&dp.phases_closed, "closed")] {
            if keys.is_empty() {
                continue;
            }
            let mut q = project_phase::Entity::update_many()
                .col_expr(project_phase::Column::Status, Expr::value(status))
                .col_expr(project_phase::Column::StartedAt, Expr::value(Some(now)));
            if status == "closed" {
                q = q
                    .col_expr(project_phase::Column::ClosedAt, Expr::value(Some(now)))
                    .col_expr(project_phase::Column::ClosedBy, Expr::value(Some(pm)));
            }
            q.filter(project_phase::Column::ProjectId.eq(p.id))
                .filter(project_phase::Column::PhaseKey.is_in(keys.clone()))
                .exec(db)
                .await?;
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_has_a_user_of_every_role() {
        let d = super::parse().unwrap();
        for role in crate::auth::store::ROLES {
            assert!(d.user.iter().any(|u| u.role == role), "no {role}");
        }
        assert!(d.password.len() >= 12);
    }
}
