//! `erp-rollout restore DIR` on SQLite: puts a backup's database and uploads back. It replaces
//! existing data only with `--force` (the old database and uploads are kept beside, renamed), and
//! never while an app has the database open.
//!
//! "Open" is decided by SQLite itself: the app keeps its database in WAL mode, and every open
//! connection holds a shared lock on the `-shm` file, so switching the journal back to DELETE (which
//! needs every other connection gone) fails with SQLITE_BUSY while any app, even an idle one, has
//! it open. A database not in WAL mode is then locked with `BEGIN EXCLUSIVE` for the same answer.
//! A lock file would lie after a crash; this lock goes away with the process that held it.

use super::backup::{DB_FILE, UPLOADS, check, copy_tree, sqlite_file};
use crate::config::Settings;
use anyhow::{Context, bail};
use sqlx::{ConnectOptions, Connection};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const POSTGRES_RESTORE: &str = "DATABASE_URL points at PostgreSQL: restore a pg_dump file with \
    `pg_restore --clean --if-exists --no-owner -d \"$DATABASE_URL\" erp-rollout.dump`, or recover to a \
    point in time from a base backup and archived WAL (docs/operations.md, \"Backups and restore\"). \
    Put ERP_DATA_DIR/uploads back from the same backup, and the encryption key from where you keep it.";

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub db: PathBuf,
    pub files: u64,
    pub migrations: usize,
    /// The replaced database and uploads, renamed.
    pub kept: Vec<PathBuf>,
    /// Set when no key is where the app will look.
    pub key_warning: Option<String>,
}

impl fmt::Display for Restored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "restored {} ({} migrations) and {} stored files", self.db.display(), self.migrations, self.files)?;
        for k in &self.kept {
            write!(f, "\nthe data it replaced is kept as {} (delete it once the app runs well)", k.display())?;
        }
        match &self.key_warning {
            Some(w) => write!(f, "\nWARNING: {w}"),
            None => write!(f, "\nstart the app with the encryption key this backup was made with"),
        }
    }
}

pub async fn restore(settings: &Settings, from: &Path, force: bool) -> anyhow::Result<Restored> {
    if !settings.is_sqlite() {
        bail!(POSTGRES_RESTORE);
    }
    let source = from.join(DB_FILE);
    if !source.is_file() {
        bail!("{} holds no {DB_FILE}: give the folder that `erp-rollout backup` made", from.display());
    }
    let migrations = check(&source).await.context("the backup cannot be restored")?;
    let target = sqlite_file(&settings.database_url)?;
    let uploads = crate::data_quality::jobs::upload_dir(settings);
    let has_uploads = std::fs::read_dir(&uploads).is_ok_and(|mut d| d.next().is_some());
    if (target.exists() || has_uploads) && !force {
        bail!(
            "{} already holds data: restoring replaces it. Stop the app and run again with --force (what is there now is kept beside it, renamed)",
            if target.exists() { target.display() } else { uploads.display() }
        );
    }
    if target.exists() {
        ensure_not_in_use(&target).await?;
    }

    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    // Copied in full under another name first, so that a failure leaves the old database in place.
    let incoming = with_suffix(&target, ".restoring");
    std::fs::copy(&source, &incoming).with_context(|| format!("copying {}", source.display()))?;
    std::fs::File::open(&incoming)?.sync_all()?;
    let incoming_uploads = with_suffix(&uploads, ".restoring");
    if incoming_uploads.exists() {
        std::fs::remove_dir_all(&incoming_uploads)?; // left by a restore that failed half-way
    }
    let files = copy_tree(&from.join(UPLOADS), &incoming_uploads)?;

    let mut kept = Vec::new();
    if target.exists() {
        kept.push(set_aside(&target, &stamp)?);
    }
    // A -wal or -shm left beside the file belongs to the old database (its WAL was folded into it by
    // the check above); SQLite would replay a stale WAL into the restored file, so they go.
    for suffix in ["-wal", "-shm", "-journal"] {
        let stale = with_suffix(&target, suffix);
        if stale.exists() {
            std::fs::remove_file(&stale).with_context(|| format!("removing {}", stale.display()))?;
        }
    }
    std::fs::rename(&incoming, &target)?;
    if has_uploads {
        kept.push(set_aside(&uploads, &stamp)?);
    } else if uploads.exists() {
        std::fs::remove_dir(&uploads).with_context(|| format!("removing the empty {}", uploads.display()))?;
    }
    std::fs::rename(&incoming_uploads, &uploads)?;
    if let Ok(d) = std::fs::File::open(dir) {
        d.sync_all().ok(); // best effort: make the renames durable
    }
    Ok(Restored { db: target, files, migrations, kept, key_warning: key_warning(&settings.data_dir) })
}

/// Refuses while any process has the database open (see the module comment).
async fn ensure_not_in_use(db: &Path) -> anyhow::Result<()> {
    let in_use = || {
        anyhow::anyhow!(
            "{} is in use: an erp-rollout (or another program) has it open. Stop every app instance first",
            db.display()
        )
    };
    let opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(false)
        .busy_timeout(Duration::from_millis(1500));
    let mut c = match opts.connect().await {
        Ok(c) => c,
        Err(e) if busy(&e) => return Err(in_use()),
        Err(e) => return Err(e).with_context(|| format!("opening {} to see whether it is in use", db.display())),
    };
    let result = async {
        let mode: Result<(String,), _> = sqlx::query_as("PRAGMA journal_mode = DELETE").fetch_one(&mut c).await;
        match mode {
            Ok((m,)) if m.eq_ignore_ascii_case("delete") => {}
            Ok(_) => return Err(in_use()),
            Err(e) if busy(&e) => return Err(in_use()),
            // Not a database at all (damaged): nothing can be serving it, and replacing it is the point.
            Err(e) if primary_code(&e) == Some(26) => return Ok(()),
            Err(e) => return Err(e).context("checking whether the database is in use"),
        }
        match sqlx::query("BEGIN EXCLUSIVE").execute(&mut c).await {
            Ok(_) => sqlx::query("ROLLBACK").execute(&mut c).await.map(|_| ()).map_err(Into::into),
            Err(e) if busy(&e) => Err(in_use()),
            Err(e) => Err(anyhow::Error::from(e).context("checking whether the database is in use")),
        }
    }
    .await;
    c.close().await.ok();
    result
}

/// SQLite's primary result code of an error, if it came from SQLite.
fn primary_code(e: &sqlx::Error) -> Option<i64> {
    let code = e.as_database_error()?.code()?;
    code.parse::<i64>().ok().map(|c| c & 0xff)
}

/// SQLITE_BUSY (5) or SQLITE_LOCKED (6).
fn busy(e: &sqlx::Error) -> bool {
    matches!(primary_code(e), Some(5 | 6))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Renames `path` to `path.before-restore-STAMP`.
fn set_aside(path: &Path, stamp: &str) -> anyhow::Result<PathBuf> {
    let aside = with_suffix(path, &format!(".before-restore-{stamp}"));
    if aside.exists() {
        bail!("{} exists already: wait a second and run again", aside.display());
    }
    std::fs::rename(path, &aside).with_context(|| format!("moving {} aside", path.display()))?;
    Ok(aside)
}

/// A warning when the app would start without any key, and so make a new one that cannot read
/// what was restored.
fn key_warning(data_dir: &Path) -> Option<String> {
    let env = crate::crypto::keys::ENV;
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    let file = crate::crypto::keys::default_file(data_dir);
    if set(env) || set(&format!("{env}_FILE")) || file.exists() {
        return None;
    }
    Some(format!(
        "no encryption key is set ({env}, {env}_FILE) and {} does not exist. Put the key this backup was \
         made with there before starting the app: started without it, the app makes a new key, and the \
         restored encrypted fields and uploads cannot be read",
        file.display()
    ))
}
