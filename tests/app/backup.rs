//! `erp-rollout backup` and `restore` through the real binary. SQLite only by nature: on the
//! PostgreSQL run both commands must point to pg_dump / pg_restore instead, and that is what the
//! tests check there.

use crate::helpers::{PASSWORD, TestApp, project_fields, spawn_app, spawn_app_with};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty())
}

/// Runs the CLI against `data_dir` (and `database_url`, else the default SQLite file there), with no
/// database or key settings inherited from the test's own environment.
async fn cli(data_dir: &Path, database_url: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_erp-rollout"));
    c.args(args).env("ERP_DATA_DIR", data_dir).env("RUST_LOG", "error");
    for k in ["DATABASE_URL", "ERP_ENCRYPTION_KEYS", "ERP_ENCRYPTION_KEYS_FILE"] {
        c.env_remove(k);
    }
    if let Some(url) = database_url {
        c.env("DATABASE_URL", url);
    }
    tokio::task::spawn_blocking(move || c.output().expect("run erp-rollout")).await.expect("join")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    rows.iter().map(|r| r.try_get_by_index::<String>(0).expect("text column")).collect()
}

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    row.expect("row").try_get_by_index::<i64>(0).expect("number")
}

/// Creates projects through the server until told to stop (at most `limit`), recording each name
/// once the server has acknowledged it; any other answer is recorded as a failure.
fn writer(
    app: Arc<TestApp>,
    prefix: &'static str,
    limit: usize,
    acked: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<Vec<u16>> {
    tokio::spawn(async move {
        let mut failures = Vec::new();
        for i in 0..limit {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let name = format!("{prefix} rollout {i}");
            let status = app.post("/projects", &project_fields(&name)).await.status().as_u16();
            if status == 303 {
                acked.lock().expect("lock").push(name);
            } else {
                failures.push(status);
            }
        }
        failures
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_holds_every_acknowledged_write_and_restores_into_a_working_app() {
    let app = Arc::new(spawn_app().await);
    let data = app.settings.data_dir.clone();
    let url = app.settings.database_url.clone();
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("backup");
    if on_postgres() {
        let b = cli(&data, Some(&url), &["backup", dest.to_str().expect("path")]).await;
        assert!(!b.status.success() && text(&b).contains("pg_dump"), "{}", text(&b));
        assert!(!dest.exists(), "nothing is written on PostgreSQL");
        return;
    }
    let pm = app.login_as("pm").await;
    let uploads = data.join("uploads");
    std::fs::create_dir_all(&uploads).expect("uploads");
    std::fs::write(uploads.join("1-export.csv"), b"stored bytes, as encrypted on disk").expect("upload");
    std::fs::write(uploads.join("tmp-half-written"), b"partial").expect("partial upload");
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> =
        ["North", "South"].into_iter().map(|p| writer(app.clone(), p, 400, acked.clone(), stop.clone())).collect();
    for _ in 0..600 {
        if acked.lock().expect("lock").len() >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let before: Vec<String> = acked.lock().expect("lock").clone();
    let b = cli(&data, Some(&url), &["backup", dest.to_str().expect("path")]).await;
    let during = acked.lock().expect("lock").len() - before.len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        assert_eq!(w.await.expect("writer"), Vec::<u16>::new(), "every write is served while the backup runs");
    }

    let after = acked.lock().expect("lock").len() - before.len() - during;
    assert!(b.status.success(), "{}", text(&b));
    assert!(before.len() >= 20 && after > 0, "the writers ran before, during and after the backup");
    eprintln!("{} writes acknowledged before the backup, {during} while it ran, {after} after", before.len());
    let note = std::fs::read_to_string(dest.join("README.txt")).expect("note");
    assert!(
        note.contains("ENCRYPTION KEY IS NOT IN THIS BACKUP") && note.contains("ERP_ENCRYPTION_KEYS_FILE"),
        "{note}"
    );
    let key = std::fs::read_to_string(data.join("encryption.key")).expect("key file");
    assert!(!dest.join("encryption.key").exists() && !note.contains(key.trim()), "the key stays out");
    assert_eq!(
        std::fs::read(dest.join("uploads/1-export.csv")).expect("copied upload"),
        b"stored bytes, as encrypted on disk"
    );
    assert!(!dest.join("uploads/tmp-half-written").exists(), "a file still being written is left out");

    let fresh = tempfile::tempdir().expect("temp dir");
    let r = cli(fresh.path(), None, &["restore", dest.to_str().expect("path")]).await;
    assert!(r.status.success(), "{}", text(&r));
    assert!(text(&r).contains("no encryption key"), "a restore onto a machine without the key warns: {}", text(&r));
    let restored_url = erp_rollout::config::default_sqlite_url(fresh.path());
    let restored = sea_orm::Database::connect(&restored_url).await.expect("open the restored database");
    let names = strings(&restored, "SELECT name FROM projects").await;
    let missing: Vec<_> = before.iter().filter(|n| !names.contains(n)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup but not in it: {missing:?}");
    let torn =
        "SELECT COUNT(*) FROM projects p WHERE (SELECT COUNT(*) FROM project_phases f WHERE f.project_id = p.id) <> 5";
    assert_eq!(number(&restored, torn).await, 0, "every project came with its five phases: a consistent copy");
    let migrations = "SELECT COUNT(*) FROM seaql_migrations";
    assert_eq!(number(&restored, migrations).await, number(&app.db, migrations).await, "fully migrated");
    let id = number(&restored, &format!("SELECT id FROM projects WHERE name = '{}'", before[0])).await;
    restored.close().await.expect("close");
    assert_eq!(
        std::fs::read(fresh.path().join("uploads/1-export.csv")).expect("restored upload"),
        b"stored bytes, as encrypted on disk"
    );

    // The key comes back from where the operator kept it, and the app starts on the restored data.
    std::fs::copy(data.join("encryption.key"), fresh.path().join("encryption.key")).expect("key back");
    let again = spawn_app_with(|s| {
        s.database_url = restored_url.clone();
        s.data_dir = fresh.path().to_path_buf();
    })
    .await;
    assert_eq!(again.login(&pm.email, PASSWORD).await.status().as_u16(), 303);
    assert_eq!(again.get(&format!("/projects/{id}")).await.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_to_replace_a_database_without_force_or_while_an_app_has_it_open() {
    let app = spawn_app().await;
    let data = app.settings.data_dir.clone();
    let url = app.settings.database_url.clone();
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("backup");
    let dest = dest.to_str().expect("path");
    if on_postgres() {
        let r = cli(&data, Some(&url), &["restore", dest]).await;
        assert!(!r.status.success() && text(&r).contains("pg_restore"), "{}", text(&r));
        return;
    }
    assert!(cli(&data, Some(&url), &["backup", dest]).await.status.success());
    let twice = cli(&data, Some(&url), &["backup", dest]).await;
    assert!(!twice.status.success() && text(&twice).contains("not empty"), "{}", text(&twice));

    let fresh = tempfile::tempdir().expect("temp dir");
    assert!(cli(fresh.path(), None, &["restore", dest]).await.status.success());
    let refused = cli(fresh.path(), None, &["restore", dest]).await;
    assert!(!refused.status.success(), "an existing database is not replaced silently");
    assert!(text(&refused).contains("--force"), "{}", text(&refused));
    let forced = cli(fresh.path(), None, &["restore", dest, "--force"]).await;
    assert!(forced.status.success(), "{}", text(&forced));
    let kept = std::fs::read_dir(fresh.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().starts_with("erp-rollout.db.before-restore-"));
    assert!(kept, "the replaced database is kept beside: {}", text(&forced));

    let live = cli(&data, Some(&url), &["restore", dest, "--force"]).await;
    assert!(!live.status.success(), "the running app's database is not replaced");
    assert!(text(&live).contains("in use"), "{}", text(&live));
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200, "the app still runs on its own database");
    assert!(
        !std::fs::read_dir(&data)
            .expect("list")
            .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().contains("before-restore")))
    );
}
