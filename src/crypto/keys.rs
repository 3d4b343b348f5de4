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
        if create_key_file(&path, &format!("{entry}\n"))? {
            tracing::info!(path = %path.display(), "created the encryption key file; back it up apart from the database");
        }
    }
    KeyRing::from_file(&path).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Publishes a first key file only if none exists, whole or not at all: written to a file of this
/// process's own, synced, then hard-linked to `path`, which fails when `path` exists. Instances
/// started together on one data folder thus all read the one key that won, instead of each keeping
/// the key it wrote while the last rename replaced the others' (their data would be unreadable).
/// `false` when another process got there first.
fn create_key_file(path: &Path, content: &str) -> anyhow::Result<bool> {
    use std::io::Write;
    let tmp = path.with_extension(format!("key.new-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let written = (|| -> anyhow::Result<bool> {
        let mut f = opts.open(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
        f.write_all(content.as_bytes())?;
        f.sync_all()?;
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(anyhow::Error::new(e).context(format!("creating {}", path.display()))),
        }
    })();
    std::fs::remove_file(&tmp).ok();
    written
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

#[cfg(test)]
mod tests {
    #[test]
    fn of_processes_creating_the_first_key_at_once_exactly_one_wins_and_all_read_its_key() {
        let dir = tempfile_dir();
        let path = super::default_file(&dir);
        let wins: Vec<(bool, String)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let path = path.clone();
                    s.spawn(move || {
                        let content = format!("1:key-of-process-{i}\n");
                        (super::create_key_file(&path, &content).expect("create"), content)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let winners: Vec<&String> = wins.iter().filter(|(won, _)| *won).map(|(_, c)| c).collect();
        assert_eq!(winners.len(), 1, "{wins:?}");
        assert_eq!(&std::fs::read_to_string(&path).expect("key file"), winners[0]);
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).ok();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("erp-keys-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }
}
