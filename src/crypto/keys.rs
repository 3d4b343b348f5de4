//! Where the encryption keys come from — the environment (`ERP_ENCRYPTION_KEYS`, or a file named by
//! `ERP_ENCRYPTION_KEYS_FILE`), else the key file `ERP_DATA_DIR/encryption.key`, created on first
//! start (mode 0600) — never the database. The rotation that re-encrypts what is stored lives in
//! `maintenance`, which knows the tables and files.

use super::KeyRing;
use anyhow::Context;
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
