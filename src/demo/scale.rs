//! Synthetic data for benchmarks: `seed --scale N` adds N projects (each with its five phases and
//! about fifty checklist items), 40 × N employees with memberships, and 50 requirements per
//! project (plus one large selection, see `scale_selection`).

use crate::entities::{checklist_item, membership, user};
use crate::projects::{form::ProjectInput, store as project_store};
use chrono::{DateTime, Days, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub async fn seed(db: &impl ConnectionTrait, n: u32, password_hash: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let creator = user::Entity::find().filter(user::Column::Role.eq("pm")).one(db).await?;
    let creator = match creator {
        Some(u) => u.id,
        None => anyhow::bail!("run `seed --demo` first: the synthetic projects need a PM"),
    };
    let sizes = ["small", "medium", "large"];
    let sectors = crate::projects::form::SECTORS;
    let today = now.date_naive();
    for i in 0..n {
        let input = ProjectInput {
            name: format!("Synthetic rollout {i:05}"),
            company: format!("Company {i:05} S.L."),
            size: sizes[i as usize % 3].into(),
            sector: sectors[i as usize % sectors.len()].into(),
            start_date: today - Days::new(u64::from(i % 200)),
            go_live_date: today + Days::new(180 + u64::from(i % 200)),
        };
        let p = project_store::create(db, &input, creator, now).await?;
        // Tick roughly a third of the items so progress bars differ.
        checklist_item::Entity::update_many()
            .col_expr(checklist_item::Column::Done, Expr::value(true))
            .filter(checklist_item::Column::ProjectId.eq(p.id))
            .filter(Expr::col(checklist_item::Column::Id).add(i as i32).modulo(3).eq(0))
            .exec(db)
            .await?;
        let people: Vec<user::ActiveModel> = (0..40)
            .map(|k| user::ActiveModel {
                email: Set(format!("emp{i:05}-{k:02}@synthetic.example")),
                name: Set(format!("Employee {i:05}-{k:02}")),
                search_text: Set(Some(crate::text::person_search(
                    &format!("Employee {i:05}-{k:02}"),
                    &format!("emp{i:05}-{k:02}@synthetic.example"),
                ))),
                password_hash: Set(password_hash.to_string()),
                role: Set("employee".into()),
                locale: Set(Some(if k % 2 == 0 { "es" } else { "en" }.into())),
                disabled_at: Set(None),
                must_change_password: Set(false),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        user::Entity::insert_many(people).exec_without_returning(db).await?;
        let ids: Vec<i32> = user::Entity::find()
            .filter(user::Column::Email.like(format!("emp{i:05}-%@synthetic.example")))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        let members: Vec<membership::ActiveModel> = ids
            .iter()
            .map(|uid| membership::ActiveModel {
                project_id: Set(p.id),
                user_id: Set(*uid),
                role: Set("employee".into()),
                key_user: Set(false),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        membership::Entity::insert_many(members).exec_without_returning(db).await?;
        super::scale_selection::requirements(db, p.id, 50, now).await?;
        if i == 0 {
            super::scale_selection::large_selection(db, p.id, &ids, now).await?;
            super::scale_plan::seed(db, p.id, now).await?;
            super::scale_training::seed(db, p.id, &ids, now).await?;
            super::scale_feedback::seed(db, p.id, &ids, now).await?;
        }
    }
    Ok(())
}
