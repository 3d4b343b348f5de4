//! The demo project's data migration: customers from the CRM (the sample customer fields, owned by
//! the demo employee as business owner) with two exports — a first one full of the classic
//! errors, a corrected one two weeks later — queued for the profiler so the worker checks them
//! on start; items from the old ERP and vendors from accounting without loads yet.

use crate::data_quality::profile::sample::{GeneratedCsv, Plan, customer_spec};
use crate::data_quality::quality::Snapshot;
use crate::data_quality::rules;
use crate::entities::{migration_object, trial_load, user};
use crate::web::Lang;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::path::Path;

const ROWS: u64 = 2_000;
const FIRST: Plan =
    Plan { bad_emails: 8, bad_dates: 8, missing_tax_ids: 8, exact_dups: 8, likely_pairs: 8, repeated_codes: 8 };
const SECOND: Plan =
    Plan { bad_emails: 2, bad_dates: 1, missing_tax_ids: 0, exact_dups: 1, likely_pairs: 3, repeated_codes: 0 };

async fn user_id(db: &impl ConnectionTrait, email: &str) -> anyhow::Result<Option<i32>> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.map(|u| u.id))
}

/// The objects (inside the demo transaction).
pub async fn seed(db: &impl ConnectionTrait, project_id: i32, pm: i32, now: DateTime<Utc>) -> anyhow::Result<()> {
    let owner = user_id(db, "employee@demo.example").await?;
    let customers = rules::from_spec(&customer_spec());
    let objects = [
        ("Clientes (CRM)", "customers", "CRM", owner, Some(2_000), customers),
        ("Artículos", "items", "ERP antiguo", Some(pm), Some(5_400), rules::template("items", Lang::Es)),
        ("Proveedores", "vendors", "Contabilidad", Some(pm), Some(310), rules::template("vendors", Lang::Es)),
    ];
    for (name, kind, source, owner_id, expected, fields) in objects {
        migration_object::ActiveModel {
            project_id: Set(project_id),
            name: Set(name.into()),
            kind: Set(kind.into()),
            source_system: Set(source.into()),
            owner_id: Set(owner_id),
            expected_count: Set(expected),
            rules: Set(rules::to_json(&fields)),
            similarity_threshold: Set(0.5),
            // Strict enough that the first customer export fails and the corrected one passes.
            max_invalid_pct: Set(1.0),
            max_duplicate_pct: Set(0.5),
            version: Set(1),
            created_at: Set(now - Duration::days(20)),
            updated_at: Set(now - Duration::days(20)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The two customer exports, written under `upload_dir` and queued (after the demo is committed).
pub async fn uploads(
    db: &impl ConnectionTrait,
    upload_dir: &Path,
    now: DateTime<Utc>,
    keys: &crate::crypto::KeyRing,
) -> anyhow::Result<()> {
    let Some(o) =
        migration_object::Entity::find().filter(migration_object::Column::Name.eq("Clientes (CRM)")).one(db).await?
    else {
        return Ok(());
    };
    std::fs::create_dir_all(upload_dir)?;
    let snapshot = Snapshot { fields: rules::from_json(&o.rules), similarity_threshold: o.similarity_threshold };
    for (file_name, plan, days_ago) in
        [("clientes-crm-export.csv", FIRST, 14), ("clientes-crm-export-corregido.csv", SECOND, 2)]
    {
        let stored = format!("{}.csv", uuid::Uuid::new_v4().simple());
        let path = upload_dir.join(&stored);
        // Encrypted at rest like every upload.
        let mut file = keys.encrypt_writer(std::fs::File::create(&path)?)?;
        let size = std::io::copy(&mut GeneratedCsv::new(ROWS, plan), &mut file)?;
        file.finish()?.sync_all()?;
        trial_load::ActiveModel {
            object_id: Set(o.id),
            project_id: Set(o.project_id),
            uploaded_by: Set(user_id(db, "pm@demo.example").await?),
            file_name: Set(file_name.into()),
            file_size: Set(i64::try_from(size)?),
            stored_name: Set(stored),
            lang: Set("es".into()),
            rules: Set(serde_json::to_string(&snapshot)?),
            status: Set("queued".into()),
            attempts: Set(0),
            progress_bytes: Set(0),
            rows_read: Set(0),
            rows_valid: Set(0),
            error_total: Set(0),
            exact_duplicates: Set(0),
            likely_duplicates: Set(0),
            created_at: Set(now - Duration::days(days_ago)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
