//! Where the encryption keys come from — the environment (`ERP_ENCRYPTION_KEYS`, or a file named by
//! `ERP_ENCRYPTION_KEYS_FILE`), else the key file `ERP_DATA_DIR/encryption.key`, created on first
//! start (mode 0600) — never the database; and the rotation that re-encrypts every encrypted field
//! and stored upload with the current key.

use super::crypto::KeyRing;
use crate::entities::{feedback, trial_load, user};
use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::path::{Path, PathBuf};

pub const ENV: &str = "ERP_ENCRYPTION_KEYS";

/// Where each encrypted column is, with its associated data (a value moved to another column does
/// not decrypt).
pub const AAD_TOTP: &[u8] = b"users.totp_secret";
pub const AAD_FEEDBACK: &[u8] = b"feedback.body";
pub const AAD_REPORT: &[u8] = b"trial_loads.report";

pub fn default_file(data_dir: &Path) -> PathBuf {
    data_dir.join("encryption.key")
}

/// The key ring: from the environment, else the default key file (made on first use).
pub fn load(data_dir: &Path) -> anyhow::Result<KeyRing> {
    if let Some(ring) = KeyRing::from_env(ENV).map_err(|e| anyhow::anyhow!("{e}"))? {
        return Ok(ring);
    }
    let path = default_file(data_dir);
    if !path.exists() {
        std::fs::create_dir_all(data_dir)?;
        let entry = KeyRing::generate_entry(1).map_err(|e| anyhow::anyhow!("{e}"))?;
        write_key_file(&path, &format!("{entry}\n"))?;
        tracing::info!(path = %path.display(), "created the encryption key file; back it up apart from the database");
    }
    KeyRing::from_file(&path).map_err(|e| anyhow::anyhow!("{e}"))
}

fn write_key_file(path: &Path, content: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("key.tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    f.write_all(content.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Puts a new key first in the default key file (the old ones stay, to decrypt), returning its id.
/// Only for the default file: keys given in the environment are rotated by the operator.
pub fn add_key_to_file(data_dir: &Path) -> anyhow::Result<u8> {
    if std::env::var_os(ENV).is_some() || std::env::var_os(format!("{ENV}_FILE")).is_some() {
        anyhow::bail!(
            "the keys come from {ENV}: put a new entry first there yourself (`erp-rollout keys new` prints one), then run `erp-rollout keys rotate`"
        );
    }
    let path = default_file(data_dir);
    let old = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    // The file must hold a valid ring before we add to it.
    KeyRing::parse(&old).map_err(|e| anyhow::anyhow!("{e}"))?;
    let used: Vec<u8> = old
        .lines()
        .filter_map(|l| l.trim().split_once(':'))
        .filter_map(|(id, _)| id.trim().parse::<u8>().ok())
        .collect();
    let id = (1..=255u8).find(|i| !used.contains(i)).ok_or_else(|| anyhow::anyhow!("all 255 key ids are used"))?;
    let entry = KeyRing::generate_entry(id).map_err(|e| anyhow::anyhow!("{e}"))?;
    write_key_file(&path, &format!("{entry}\n{old}"))?;
    Ok(id)
}

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
    Ok(r)
}
