//! The demo project's implementation plan (see `seeds/demo_plan.toml`): milestones with owners
//! and dependencies, a saved baseline, one milestone slipping since, a RACI matrix, the
//! organization tree and a few customization requests.

use crate::entities::{raci, user};
use crate::plan::{form::MilestoneInput, store};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct File {
    milestone: Vec<Milestone>,
}

#[derive(Deserialize)]
struct Milestone {
    title: String,
    phase: String,
    workstream: String,
    owner: String,
    start_week: u64,
    weeks: u64,
    after: Vec<String>,
}

pub const TOML: &str = include_str!("../../seeds/demo_plan.toml");

pub async fn seed(
    db: &impl ConnectionTrait,
    project_id: i32,
    start: NaiveDate,
    pm: i32,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let f: File = toml::from_str(TOML)?;
    let today = now.date_naive();
    let users: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.like("%@demo.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email.split('@').next().unwrap_or("").to_string(), u.id))
        .collect();
    let mut ids: HashMap<String, i32> = HashMap::new();
    // A milestone with predecessors starts the day after the last of them ends, so the demo plan
    // is tight and its critical path runs from the first interview to the KPI review.
    // Day a successor may start: the day after a task ends, the same day as a checkpoint.
    let mut free: HashMap<String, NaiveDate> = HashMap::new();
    for m in &f.milestone {
        let planned = start.checked_add_days(Days::new(m.start_week * 7)).unwrap_or(start);
        let s = m.after.iter().filter_map(|a| free.get(a)).max().copied().unwrap_or(planned);
        let due = if m.weeks == 0 { s } else { s.checked_add_days(Days::new(m.weeks * 7 - 1)).unwrap_or(s) };
        free.insert(m.title.clone(), if m.weeks == 0 { due } else { due.succ_opt().unwrap_or(due) });
        let (status, percent) = if due < today {
            ("done", 100)
        } else if s <= today {
            ("in_progress", 50)
        } else {
            ("planned", 0)
        };
        let input = MilestoneInput {
            title: m.title.clone(),
            phase_key: m.phase.clone(),
            workstream: Some(m.workstream.clone()),
            owner_id: users.get(&m.owner).copied(),
            start_date: s,
            due_date: due,
            checkpoint: m.weeks == 0,
            status: status.into(),
            percent,
            deliverables: None,
        };
        ids.insert(m.title.clone(), store::create(db, project_id, &input, now).await?.id);
    }
    for m in &f.milestone {
        for a in &m.after {
            if let (Some(&from), Some(&to)) = (ids.get(a), ids.get(&m.title)) {
                store::add_dep(db, project_id, from, to, 0).await?;
            }
        }
    }
    store::save_baseline(db, project_id, "Plan aprobado", pm, now).await?;
    // Since the baseline, the CRM connector has slipped two weeks.
    if let Some(&id) = ids.get("Conector con el CRM comercial")
        && let Some(m) = store::get(db, project_id, id).await?
    {
        let mut input = MilestoneInput {
            title: m.title.clone(),
            phase_key: m.phase_key.clone(),
            workstream: m.workstream.clone(),
            owner_id: m.owner_id,
            start_date: m.start_date,
            due_date: m.due_date.checked_add_days(Days::new(14)).unwrap_or(m.due_date),
            checkpoint: m.checkpoint,
            status: m.status.clone(),
            percent: m.percent,
            deliverables: m.deliverables.clone(),
        };
        input.percent = input.percent.min(60);
        store::update(db, project_id, id, m.version, &input, now).await?;
    }
    let cells = [
        ("ws:Dirección", "pm", "A"),
        ("ws:Finanzas", "elena.vidal", "A"),
        ("ws:Finanzas", "pm", "C"),
        ("ws:Almacén", "pablo.escriva", "A"),
        ("ws:Almacén", "sergio.benavent", "R"),
        ("ws:Ventas", "employee", "A"),
        ("ws:Migración de datos", "nuria.cabrera", "A"),
        ("ws:Migración de datos", "andres.moll", "R"),
        ("ws:Formación", "trainer", "A"),
        ("ws:Formación", "pm", "I"),
        ("phase:implementation", "pm", "A"),
        ("phase:training", "trainer", "A"),
        ("phase:needs_assessment", "pm", "A"),
        ("phase:selection", "pm", "A"),
        ("phase:evaluation", "pm", "A"),
        ("ws:Logística", "rosa.llopis", "A"),
        ("ws:Seguridad", "pm", "A"),
    ];
    for (area, who, letter) in cells {
        if let Some(&uid) = users.get(who) {
            raci::Entity::insert(raci::ActiveModel {
                project_id: Set(project_id),
                area: Set(area.into()),
                user_id: Set(uid),
                letter: Set(letter.into()),
                ..Default::default()
            })
            .exec_without_returning(db)
            .await?;
        }
    }
    org_and_customizations(db, project_id, pm, now).await
}

/// A small organization tree and three customization requests, one of each outcome.
async fn org_and_customizations(
    db: &impl ConnectionTrait,
    project_id: i32,
    pm: i32,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use crate::entities::{customization, org_unit};
    use sea_orm::ActiveModelTrait;
    let unit = |parent: Option<i32>, kind: &str, name: &str| org_unit::ActiveModel {
        project_id: Set(project_id),
        parent_id: Set(parent),
        kind: Set(kind.into()),
        name: Set(name.into()),
        created_at: Set(now),
        ..Default::default()
    };
    let entity = unit(None, "legal_entity", "Distribuciones Hortofrutícolas del Turia S.L.").insert(db).await?.id;
    for (site, depts) in [
        ("Almacén central de Paterna", vec!["Recepción", "Expediciones", "Administración y finanzas", "Comercial"]),
        ("Plataforma de Mercavalencia", vec!["Venta a hostelería", "Logística de reparto"]),
    ] {
        let s = unit(Some(entity), "site", site).insert(db).await?.id;
        for d in depts {
            unit(Some(s), "department", d).insert(db).await?;
        }
    }
    let requests = [
        ("Etiqueta de lote con fecha de caducidad y código GS1", "configuration", "high", 2.0, "low", "approved"),
        ("Informe de mermas por cámara frigorífica", "extension", "medium", 6.0, "medium", "requested"),
        ("Pantalla propia de pedidos para hostelería", "custom_development", "low", 25.0, "high", "rejected"),
    ];
    for (title, kind, value, effort, risk, status) in requests {
        let decided = status != "requested";
        customization::ActiveModel {
            project_id: Set(project_id),
            title: Set(title.into()),
            kind: Set(kind.into()),
            business_value: Set(value.into()),
            effort_days: Set(effort),
            upgrade_risk: Set(risk.into()),
            status: Set(status.into()),
            decision_note: Set(
                (status == "rejected").then(|| "El portal estándar del ERP cubre la necesidad".to_string())
            ),
            decided_by: Set(decided.then_some(pm)),
            decided_at: Set(decided.then_some(now)),
            created_by: Set(Some(pm)),
            version: Set(1),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
