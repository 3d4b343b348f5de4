//! Operator commands that touch every feature's data: the key rotation that re-encrypts every
//! encrypted field and stored upload with the current key (`erp-rollout keys rotate`), and the
//! SQLite backup and restore (`erp-rollout backup` / `restore`).

pub mod backup;
pub mod restore;

use crate::crypto::KeyRing;
use crate::crypto::keys::{AAD_FEEDBACK, AAD_REPORT, AAD_TOTP};
use crate::entities::{feedback, trial_load, user};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::path::Path;

/// What a rotation changed.
#[derive(Debug, Default)]
pub struct Rotated {
    pub fields: u64,
    pub files: u64,
}

/// Re-encrypts every encrypted (or not yet encrypted) sensitive value and stored upload with the
/// current key. Safe to run twice; values already under the current key are left alone.
pub async fn rotate(db: &impl ConnectionTrait, ring: &KeyRing, upload_dir: &Path) -> anyhow::Result<Rotated> {
    let mut r = Rotated::default();
    let secrets: Vec<(i32, Option<String>)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::TotpSecret)
        .filter(user::Column::TotpSecret.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for (id, v) in secrets {
        if let Some(new) = v.as_deref().map(|v| ring.reencrypt_str(v, AAD_TOTP)).transpose()?.flatten() {
            user::Entity::update_many()
                .col_expr(user::Column::TotpSecret, Expr::value(new))
                .filter(user::Column::Id.eq(id))
                .exec(db)
                .await?;
            r.fields += 1;
        }
    }
    let bodies: Vec<(i32, String)> = feedback::Entity::find()
        .select_only()
        .column(feedback::Column::Id)
        .column(feedback::Column::Body)
        .into_tuple()
        .all(db)
        .await?;
    for (id, v) in bodies {
        if let Some(new) = ring.reencrypt_str(&v, AAD_FEEDBACK)? {
            feedback::Entity::update_many()
                .col_expr(feedback::Column::Body, Expr::value(new))
                .filter(feedback::Column::Id.eq(id))
                .exec(db)
                .await?;
            r.fields += 1;
        }
    }
    let reports: Vec<(i32, Option<String>, String)> = trial_load::Entity::find()
        .select_only()
        .column(trial_load::Column::Id)
        .column(trial_load::Column::Report)
        .column(trial_load::Column::StoredName)
        .into_tuple()
        .all(db)
        .await?;
    for (id, report, stored) in reports {
        if let Some(new) = report.as_deref().map(|v| ring.reencrypt_str(v, AAD_REPORT)).transpose()?.flatten() {
            trial_load::Entity::update_many()
                .col_expr(trial_load::Column::Report, Expr::value(new))
                .filter(trial_load::Column::Id.eq(id))
                .exec(db)
                .await?;
            r.fields += 1;
        }
        let source = upload_dir.join(&stored);
        let mut paths = vec![source.clone()];
        paths.extend(
            crate::data_quality::outputs::OUTPUTS.iter().map(|w| crate::data_quality::outputs::output_path(&source, w)),
        );
        for p in paths.into_iter().filter(|p| p.exists()) {
            if ring.reencrypt_file(&p)? {
                r.files += 1;
            }
        }
    }
    // Test evidence files (issue 18).
    if let Ok(entries) = std::fs::read_dir(upload_dir.join(crate::testing::evidence::SUBDIR)) {
        for p in entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()) {
            if ring.reencrypt_file(&p)? {
                r.files += 1;
            }
        }
    }
    Ok(r)
}
