//! `erp-rollout backup DIR` on SQLite: a consistent copy of the database taken while the app serves
//! (`VACUUM INTO` runs in one read transaction, and in WAL mode readers never block the app's
//! writers), then the stored uploads, and a note saying the encryption key is deliberately not in
//! the folder. On PostgreSQL the database's own tools do this; the command says which.

use crate::config::Settings;
use anyhow::{Context, bail};
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, Statement};
use sqlx::{ConnectOptions, Connection};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The names inside a backup folder.
pub const DB_FILE: &str = "erp-rollout.db";
pub const UPLOADS: &str = "uploads";
pub const NOTE: &str = "README.txt";

pub const POSTGRES_BACKUP: &str = "DATABASE_URL points at PostgreSQL, which has its own backup tools: \
    `pg_dump -Fc -d \"$DATABASE_URL\" -f erp-rollout-$(date +%F).dump` for a nightly copy, and WAL \
    archiving with pg_basebackup for point-in-time recovery (docs/operations.md, \"Backups and \
    restore\"). Copy ERP_DATA_DIR/uploads with it, and keep the encryption key apart from both.";

/// What a backup holds.
#[derive(Debug)]
pub struct Summary {
    pub dir: PathBuf,
    pub db_bytes: u64,
    pub files: u64,
    pub migrations: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "backup written to {}: the database ({} KiB, {} migrations, integrity checked) and {} stored \
             files. The encryption key is NOT in it: back it up separately (see {NOTE} there).",
            self.dir.display(),
            self.db_bytes.div_ceil(1024),
            self.migrations,
            self.files
        )
    }
}

/// Copies the database, the uploads and the key note into `dest`, a folder that must not exist yet
/// (or be empty).
pub async fn backup(settings: &Settings, dest: &Path) -> anyhow::Result<Summary> {
    if !settings.is_sqlite() {
        bail!(POSTGRES_BACKUP);
    }
    let source = sqlite_file(&settings.database_url)?;
    if !source.is_file() {
        bail!("there is no database at {}: nothing to back up (check DATABASE_URL and ERP_DATA_DIR)", source.display());
    }
    make_empty_dir(dest)?;
    let copy = dest.join(DB_FILE);
    let target = copy.to_str().ok_or_else(|| anyhow::anyhow!("{} is not valid UTF-8", copy.display()))?;
    let conn = crate::db::connect(&settings.database_url).await?;
    let vacuum = Statement::from_sql_and_values(conn.get_database_backend(), "VACUUM INTO ?", [target.into()]);
    let done = conn.execute_raw(vacuum).await.with_context(|| format!("copying {}", source.display()));
    conn.close().await.ok();
    done?;
    let migrations = check(&copy).await.context("the copy did not pass its check")?;
    // After the database: a file written since the snapshot is only an extra file, while one the
    // snapshot names was complete before it (uploads and outputs are renamed into place).
    let files = copy_tree(&crate::data_quality::jobs::upload_dir(settings), &dest.join(UPLOADS))?;
    std::fs::write(dest.join(NOTE), note(&source, migrations, &settings.data_dir))?;
    Ok(Summary { dir: dest.to_path_buf(), db_bytes: std::fs::metadata(&copy)?.len(), files, migrations })
}

/// The database file a `sqlite:` URL names.
pub fn sqlite_file(url: &str) -> anyhow::Result<PathBuf> {
    let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url).context("reading DATABASE_URL")?;
    let path = opts.get_filename();
    if url.contains(":memory:") || url.contains("mode=memory") || path.as_os_str().is_empty() {
        bail!("DATABASE_URL names an in-memory database: there is no file to back up or restore");
    }
    Ok(path.to_path_buf())
}

/// Opens a database file read-only, runs SQLite's quick check and returns how many migrations it
/// has applied; refuses a file from a newer version of the app (it would not start on it).
pub async fn check(file: &Path) -> anyhow::Result<usize> {
    let mut c = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .create_if_missing(false)
        .connect()
        .await
        .with_context(|| format!("opening {}", file.display()))?;
    let verdict: (String,) = sqlx::query_as("PRAGMA quick_check").fetch_one(&mut c).await?;
    let applied: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM seaql_migrations").fetch_one(&mut c).await;
    c.close().await.ok();
    if verdict.0 != "ok" {
        bail!("{} is damaged: {}", file.display(), verdict.0);
    }
    let applied = applied.map_err(|_| anyhow::anyhow!("{} is not an ERP Rollout database", file.display()))?.0;
    let known = migration::Migrator::migrations().len();
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > known {
        bail!(
            "{} comes from a newer version of ERP Rollout ({applied} migrations, this one knows {known}): restore it with that version",
            file.display()
        );
    }
    Ok(applied)
}

/// Creates `dir` (readable by its owner only) or accepts it when it exists and is empty.
fn make_empty_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("{} is not a folder", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} exists and is not empty: give the backup a new folder", dir.display());
        }
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).with_context(|| format!("creating {}", dir.display()))
}

/// Whether a stored file is still being written (its finished version gets its own name).
fn in_progress(name: &str) -> bool {
    name.starts_with("tmp-") || name.ends_with(".part") || name.ends_with(".tmp")
}

/// Copies the regular files and folders under `from` (if it exists) into `to`, which is created;
/// returns how many files were copied.
pub fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<u64> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    if !from.exists() {
        return Ok(0);
    }
    let mut n = 0;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            n += copy_tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() && !in_progress(&name.to_string_lossy()) {
            match std::fs::copy(entry.path(), to.join(&name)) {
                Ok(_) => n += 1,
                // Deleted by the app since the listing: it is gone from the database too.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("copying {}", entry.path().display())),
            }
        }
    }
    Ok(n)
}

/// Where the keys came from when the backup was taken (never the keys themselves).
fn key_source(data_dir: &Path) -> String {
    let keys = crate::crypto::keys::ENV;
    if std::env::var_os(keys).is_some_and(|v| !v.is_empty()) {
        format!("the {keys} environment variable")
    } else if let Some(f) = std::env::var_os(format!("{keys}_FILE")).filter(|v| !v.is_empty()) {
        format!("the file {} ({keys}_FILE)", Path::new(&f).display())
    } else {
        format!("the key file {}", crate::crypto::keys::default_file(data_dir).display())
    }
}

fn note(source: &Path, migrations: usize, data_dir: &Path) -> String {
    let keys = crate::crypto::keys::ENV;
    format!(
        "ERP Rollout backup, taken {when} from {source} ({migrations} migrations applied).

  {DB_FILE}  the SQLite database, a consistent copy taken while the app was running
  {UPLOADS}/        the stored data-migration exports and their results, as stored: encrypted

THE ENCRYPTION KEY IS NOT IN THIS BACKUP, on purpose: a copy that holds the data and its
key protects nothing when it is lost or stolen. The app reads its keys from {keys},
else from the file named by {keys}_FILE, else from ERP_DATA_DIR/encryption.key
(data/encryption.key by default); when this backup was taken they came from {key_source}.

Back the key up separately (a password manager, a vault, a sealed envelope). Without it the
encrypted fields (feedback text, second-factor secrets, data-quality reports) and every file
under {UPLOADS}/ cannot be read, by anyone.

To restore: stop the app, run `erp-rollout restore <this folder>` (with --force to replace an
existing database; the old one is kept beside it, renamed), put the key back where the app
reads it, and start the app.
",
        when = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC"),
        source = source.display(),
        key_source = key_source(data_dir),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_file_is_read_from_the_url() {
        assert_eq!(sqlite_file("sqlite://data/erp-rollout.db?mode=rwc").unwrap(), PathBuf::from("data/erp-rollout.db"));
        assert!(sqlite_file("sqlite::memory:").is_err());
    }

    #[test]
    fn files_still_being_written_are_left_out() {
        assert!(in_progress("tmp-0a1b"));
        assert!(in_progress("7.csv.errors.csv.part"));
        assert!(in_progress("7.csv.tmp"));
        assert!(!in_progress("7.csv"));
    }
}
