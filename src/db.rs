//! Connecting, migrating and opening write transactions on SQLite or PostgreSQL.

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, SqlxPostgresConnector, Statement, TransactionOptions, TransactionTrait,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Opens a pool. On SQLite: WAL, foreign keys, a busy timeout and several connections,
/// and the database file's folder is created first.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opt = ConnectOptions::new(url.to_string());
    opt.sqlx_logging(false).acquire_timeout(Duration::from_secs(15)).connect_timeout(Duration::from_secs(10));
    let sqlite = url.starts_with("sqlite:");
    let mut file = None;
    if sqlite {
        file = sqlite_file(url);
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(&dir).with_context(|| {
                format!("cannot create the database folder {} (check DATABASE_URL or ERP_DATA_DIR)", dir.display())
            })?;
        }
        opt.max_connections(8).min_connections(1);
        opt.map_sqlx_sqlite_opts(|o| {
            use sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(15))
                .create_if_missing(true)
                // Read through the OS page cache instead of one syscall per page: list pages touch
                // rows scattered across the file (measured: PM project list 83 → 165–215 req/s).
                .pragma("mmap_size", "268435456")
        });
    } else {
        opt.max_connections(16).min_connections(1);
    }
    // The first open turns a new file to WAL, which two processes cannot do at once: SQLite answers
    // "database is locked" straight away rather than wait. So the file is opened under the lock
    // migrations take (see `migrate`); later connections find it in WAL already.
    let _guard = match &file {
        Some(file) => Some(lock_file(lock_path(file)).await?),
        None => None,
    };
    // The URL itself is not repeated: a PostgreSQL one may carry a password.
    Database::connect(opt).await.with_context(|| match sqlite {
        true => format!("cannot open the SQLite database {}", url.split('?').next().unwrap_or(url)),
        false => "cannot connect to PostgreSQL (check DATABASE_URL)".to_string(),
    })
}

/// The database file named by a SQLite URL; none for an in-memory database.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(PathBuf::from(path))
}

fn sqlite_dir(url: &str) -> Option<PathBuf> {
    sqlite_file(url)?.parent().filter(|p| !p.as_os_str().is_empty()).map(|p| p.to_path_buf())
}

/// The PostgreSQL advisory-lock key that serializes migrations (the bytes of "erp_migr").
const MIGRATION_LOCK: i64 = 0x6572_705f_6d69_6772;

/// Applies pending migrations, one process at a time.
///
/// Instances started together would otherwise run the same migrations at once, and all but one fail
/// (`duplicate key … pg_type_typname_nsp_index` on PostgreSQL, `table … already exists` on SQLite).
/// So each takes a lock first; the others wait for it, then find nothing left to do.
/// - PostgreSQL: a session-level advisory lock on a dedicated one-connection pool, which also runs
///   the migrations, so the session that holds the lock is the one doing the work, start to end.
/// - SQLite: an exclusive lock on the file `<database>.migrate.lock` beside the database (also
///   taken by `connect` for the first open). A transaction cannot be the guard, as
///   sea-orm-migration commits each migration on its own.
///
/// Both locks belong to the process: if it dies, the OS (or PostgreSQL, when the session ends)
/// releases them, so a crash never leaves the next start waiting.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    match db.get_database_backend() {
        DbBackend::Postgres => migrate_postgres(db).await,
        DbBackend::Sqlite => migrate_sqlite(db).await,
        _ => Ok(Migrator::up(db, None).await?),
    }
}

async fn migrate_postgres(db: &DatabaseConnection) -> anyhow::Result<()> {
    let options = db.get_postgres_connection_pool().connect_options();
    // One connection that is never recycled: the lock lives and dies with it.
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with((*options).clone())
        .await
        .context("connecting to PostgreSQL to migrate")?;
    let session = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
    let try_lock = format!("SELECT pg_try_advisory_lock({MIGRATION_LOCK}) AS locked");
    let locked = session
        .query_one_raw(Statement::from_string(DbBackend::Postgres, try_lock))
        .await?
        .and_then(|row| row.try_get::<bool>("", "locked").ok())
        .unwrap_or(false);
    if !locked {
        tracing::info!("another instance is migrating the database; waiting for it");
        session.execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).await?;
    }
    let result = Migrator::up(&session, None).await;
    // Closing the session would release the lock anyway; unlocking first says so plainly.
    session.execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).await.ok();
    session.close().await.ok();
    Ok(result?)
}

async fn migrate_sqlite(db: &DatabaseConnection) -> anyhow::Result<()> {
    // The main database's file, absolute; empty for an in-memory database, which no other process sees.
    let file: String = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT file FROM pragma_database_list WHERE name = 'main'",
        ))
        .await?
        .and_then(|row| row.try_get::<String>("", "file").ok())
        .unwrap_or_default();
    let _guard = match file.as_str() {
        "" => None,
        file => Some(lock_file(lock_path(Path::new(file))).await?),
    };
    Ok(Migrator::up(db, None).await?)
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".migrate.lock");
    PathBuf::from(name)
}

/// Opens (creating) `path` and takes an exclusive lock on it, waiting on a blocking thread while
/// another process holds it. The lock lasts as long as the returned file is open.
async fn lock_file(path: PathBuf) -> anyhow::Result<std::fs::File> {
    tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot create the migration lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                tracing::info!(lock = %path.display(), "another process is opening or migrating the database; waiting for it");
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
        }
        anyhow::Ok(file)
    })
    .await?
}

/// Begins a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`) so concurrent writers wait on the busy timeout instead of failing.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// The advisory-lock key that serializes the seeding at start (the bytes of "erp_seed").
const SEEDING_LOCK: i64 = 0x6572_705f_7365_6564;

/// Makes the write transaction `tx` wait for any other instance's seeding transaction: on
/// PostgreSQL a transaction-level advisory lock (released at commit or rollback), so two instances
/// started together with `--demo` do not both find no demo and both insert it; on SQLite the
/// transaction's `BEGIN IMMEDIATE` write lock already does this.
pub async fn serialize_seeding(tx: &DatabaseTransaction) -> Result<(), DbErr> {
    if tx.get_database_backend() == DbBackend::Postgres {
        tx.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({SEEDING_LOCK})")).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_folder_is_taken_from_the_url() {
        assert_eq!(sqlite_dir("sqlite://data/x.db?mode=rwc"), Some("data".into()));
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_dir("sqlite://x.db"), None);
        assert_eq!(sqlite_file("sqlite:///srv/erp/x.db?mode=rwc"), Some("/srv/erp/x.db".into()));
        assert_eq!(lock_path(Path::new("/srv/erp/x.db")), PathBuf::from("/srv/erp/x.db.migrate.lock"));
    }
}
