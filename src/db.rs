//! Connecting, migrating and opening write transactions on SQLite or PostgreSQL.

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// Opens a pool. On SQLite: WAL, foreign keys, a busy timeout and several connections,
/// and the database file's folder is created first.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opt = ConnectOptions::new(url.to_string());
    opt.sqlx_logging(false).acquire_timeout(Duration::from_secs(15)).connect_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(dir)?;
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
    Ok(Database::connect(opt).await?)
}

fn sqlite_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()).map(|p| p.to_path_buf())
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_folder_is_taken_from_the_url() {
        assert_eq!(sqlite_dir("sqlite://data/x.db?mode=rwc"), Some("data".into()));
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_dir("sqlite://x.db"), None);
    }
}
