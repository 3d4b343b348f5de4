//! Profiling jobs. The queue is the `trial_loads` table: an upload is `queued`; a worker of any
//! instance claims it with a conditional update (`queued` → `running`, its name, attempts + 1),
//! profiles the file on a blocking thread and writes progress and a heartbeat every second. A job
//! whose heartbeat is older than [`STALE_SECS`] (its instance died or restarted) is queued again
//! — the file is still on disk, so the job starts over — up to [`MAX_ATTEMPTS`], then marked
//! failed. A result is written only by the worker that still holds the job.

use super::outputs::Outputs;
use super::profile::{ProfileError, profile_reader_to};
use super::quality::{Snapshot, Stored};
use super::rules::to_spec;
use crate::crypto::KeyRing;
use crate::crypto::keys::AAD_REPORT;
use crate::entities::trial_load;
use crate::state::AppState;
use crate::web::Lang;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Seconds without a heartbeat after which a running job is taken for dead.
pub const STALE_SECS: i64 = 60;
/// Runs of one job before it is marked failed.
pub const MAX_ATTEMPTS: i32 = 3;
const HEARTBEAT: Duration = Duration::from_secs(1);

/// Where uploads and their outputs live: under the data directory (shared storage when several
/// instances serve one database).
pub fn upload_dir(settings: &crate::config::Settings) -> PathBuf {
    settings.data_dir.join("uploads")
}

/// Puts stalled jobs back in the queue (or fails them after [`MAX_ATTEMPTS`]). Returns how many.
pub async fn recover(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    use trial_load::Column as C;
    let stale = now - chrono::Duration::seconds(STALE_SECS);
    let failed = trial_load::Entity::update_many()
        .col_expr(C::Status, Expr::value("failed"))
        .col_expr(C::Error, Expr::value("stalled"))
        .col_expr(C::FinishedAt, Expr::value(now))
        .col_expr(C::Worker, Expr::value(Option::<String>::None))
        .filter(C::Status.eq("running"))
        .filter(C::HeartbeatAt.lt(stale))
        .filter(C::Attempts.gte(MAX_ATTEMPTS))
        .exec(db)
        .await?
        .rows_affected;
    let requeued = trial_load::Entity::update_many()
        .col_expr(C::Status, Expr::value("queued"))
        .col_expr(C::Worker, Expr::value(Option::<String>::None))
        .col_expr(C::ProgressBytes, Expr::value(0i64))
        .filter(C::Status.eq("running"))
        .filter(C::HeartbeatAt.lt(stale))
        .exec(db)
        .await?
        .rows_affected;
    if failed + requeued > 0 {
        tracing::warn!(requeued, failed, "stalled profiling jobs found");
    }
    Ok(failed + requeued)
}

/// Claims the oldest queued job for `worker`.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<Option<trial_load::Model>, DbErr> {
    use trial_load::Column as C;
    for _ in 0..5 {
        let Some(next) = trial_load::Entity::find().filter(C::Status.eq("queued")).order_by_asc(C::Id).one(db).await?
        else {
            return Ok(None);
        };
        let won = trial_load::Entity::update_many()
            .col_expr(C::Status, Expr::value("running"))
            .col_expr(C::Worker, Expr::value(worker))
            .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
            .col_expr(C::StartedAt, Expr::value(now))
            .col_expr(C::HeartbeatAt, Expr::value(now))
            .col_expr(C::ProgressBytes, Expr::value(0i64))
            .filter(C::Id.eq(next.id))
            .filter(C::Status.eq("queued"))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if won {
            return trial_load::Entity::find_by_id(next.id).one(db).await;
        }
    }
    Ok(None)
}

/// Recovers stalled jobs, then claims and runs one. Returns whether a job ran. Used by the loop and
/// by the tests.
pub async fn run_once(state: &AppState, worker: &str) -> anyhow::Result<bool> {
    recover(&state.db, state.clock.now()).await?;
    run_next(state, worker).await
}

/// Claims and runs the oldest queued job, if any.
async fn run_next(state: &AppState, worker: &str) -> anyhow::Result<bool> {
    let Some(job) = claim(&state.db, worker, state.clock.now()).await? else { return Ok(false) };
    run(state, worker, job).await?;
    Ok(true)
}

/// Whether the job still belongs to `worker`; also writes its progress and heartbeat.
async fn beat(state: &AppState, id: i32, worker: &str, bytes: u64) -> Result<bool, DbErr> {
    use trial_load::Column as C;
    let n = trial_load::Entity::update_many()
        .col_expr(C::ProgressBytes, Expr::value(bytes as i64))
        .col_expr(C::HeartbeatAt, Expr::value(state.clock.now()))
        .filter(C::Id.eq(id))
        .filter(C::Worker.eq(worker))
        .filter(C::Status.eq("running"))
        .exec(&state.db)
        .await?
        .rows_affected;
    Ok(n == 1)
}

async fn run(state: &AppState, worker: &str, job: trial_load::Model) -> anyhow::Result<()> {
    let source = upload_dir(&state.settings).join(&job.stored_name);
    let lang = if job.lang == "es" { Lang::Es } else { Lang::En };
    let progress = Arc::new(AtomicU64::new(0));
    let cancel = Arc::new(AtomicBool::new(false));
    let snapshot: Option<Snapshot> = serde_json::from_str(&job.rules).ok();
    // The decisions taken so far on this object's likely duplicates (not a snapshot: a load checked
    // again follows the newest ones).
    let decisions: Vec<(u64, u64, bool)> = super::duplicates::decisions_of(&state.db, job.object_id)
        .await?
        .into_iter()
        .map(|((a, b), s)| (a, b, s))
        .collect();
    let task = {
        let (source, progress, cancel, keys) = (source.clone(), progress.clone(), cancel.clone(), state.keys.clone());
        tokio::task::spawn_blocking(move || {
            profile_file(&source, snapshot, &decisions, lang, &keys, &progress, &cancel)
        })
    };
    tokio::pin!(task);
    let mut ticker = tokio::time::interval(HEARTBEAT);
    let outcome = loop {
        tokio::select! {
            r = &mut task => break r,
            _ = ticker.tick() => {
                if !beat(state, job.id, worker, progress.load(Ordering::Relaxed)).await? {
                    // Taken for dead and handed to someone else: stop and leave the result to them.
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        }
    };
    if cancel.load(Ordering::Relaxed) {
        tracing::warn!(load = job.id, "profiling job lost its claim; result discarded");
        return Ok(());
    }
    use trial_load::Column as C;
    let now = state.clock.now();
    let base = trial_load::Entity::update_many()
        .col_expr(C::FinishedAt, Expr::value(now))
        .col_expr(C::HeartbeatAt, Expr::value(now))
        .col_expr(C::Worker, Expr::value(Option::<String>::None))
        .filter(C::Id.eq(job.id))
        .filter(C::Worker.eq(worker))
        .filter(C::Status.eq("running"));
    let done = match outcome {
        Ok(Ok(stored)) => {
            let r = &stored.report;
            let errors: u64 = r.field_errors.iter().map(|f| f.total).sum::<u64>() + r.malformed.count;
            let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
            base.col_expr(C::Status, Expr::value("done"))
                .col_expr(C::ProgressBytes, Expr::value(job.file_size))
                .col_expr(C::RowsRead, Expr::value(n(r.rows_read)))
                .col_expr(C::RowsValid, Expr::value(n(r.rows_valid)))
                .col_expr(C::ErrorTotal, Expr::value(n(errors)))
                .col_expr(C::ExactDuplicates, Expr::value(n(r.exact_duplicates)))
                .col_expr(C::LikelyDuplicates, Expr::value(n(r.likely_duplicates_total)))
                // Example values are the customer's data: the report is encrypted like the file.
                .col_expr(C::Report, Expr::value(state.keys.encrypt_str(&serde_json::to_string(&stored)?, AAD_REPORT)?))
                .exec(&state.db)
                .await?
        }
        Ok(Err(code)) => {
            tracing::warn!(load = job.id, error = %code, "profiling job failed");
            base.col_expr(C::Status, Expr::value("failed"))
                .col_expr(C::Error, Expr::value(code))
                .exec(&state.db)
                .await?
        }
        Err(join) => {
            tracing::error!(load = job.id, error = %join, "profiling job panicked");
            base.col_expr(C::Status, Expr::value("failed"))
                .col_expr(C::Error, Expr::value("internal"))
                .exec(&state.db)
                .await?
        }
    };
    if done.rows_affected == 0 {
        tracing::warn!(load = job.id, "profiling job finished after losing its claim; result discarded");
    }
    Ok(())
}

/// Profiles the stored upload, writing the outputs. Errors are stored codes (see `failure_text`).
pub fn profile_file(
    source: &Path,
    snapshot: Option<Snapshot>,
    decisions: &[(u64, u64, bool)],
    lang: Lang,
    keys: &KeyRing,
    progress: &AtomicU64,
    cancel: &AtomicBool,
) -> Result<Stored, String> {
    let snapshot = snapshot.ok_or_else(|| "internal".to_string())?;
    let file = std::fs::File::open(source).map_err(|_| "missing_file".to_string())?;
    let plain = keys.decrypt_reader(io::BufReader::with_capacity(256 * 1024, file)).map_err(|e| format!("read:{e}"))?;
    let reader = Cancellable { inner: plain, cancel };
    let same: Vec<(u64, u64)> = decisions.iter().filter(|d| d.2).map(|d| (d.0, d.1)).collect();
    let mut outputs = Outputs::create(source, lang, keys, &same).map_err(|e| format!("write:{e}"))?;
    let mut spec = to_spec(&snapshot.fields, snapshot.similarity_threshold);
    spec.duplicate_decisions = decisions.to_vec();
    let result = profile_reader_to(spec, reader, |n| progress.store(n, Ordering::Relaxed), &mut outputs);
    match result {
        Ok(report) => {
            let outputs = outputs.finish().map_err(|e| format!("write:{e}"))?;
            Ok(Stored { report, outputs })
        }
        Err(e) => {
            drop(outputs);
            Outputs::discard(source);
            Err(match e {
                ProfileError::Empty => "empty".into(),
                ProfileError::NotCsv => "not_csv".into(),
                ProfileError::Header(h) => format!("header:{h}"),
                ProfileError::Io(e) => format!("read:{e}"),
            })
        }
    }
}

/// A reader that fails once `cancel` is set, so a job that lost its claim stops early.
struct Cancellable<'a, R> {
    inner: R,
    cancel: &'a AtomicBool,
}

impl<R: Read> Read for Cancellable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::other("job cancelled"));
        }
        self.inner.read(buf)
    }
}

/// The job loop of this instance: one job at a time, looking for work every second.
pub fn spawn(state: Arc<AppState>) -> tokio::task::JoinHandle<()> {
    let worker = format!("{}-{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8]);
    tokio::spawn(async move {
        let mut rounds: u64 = 0;
        loop {
            // Idle, the loop costs one read a second; the stalled-job sweep (two updates) runs
            // every half minute, well inside the 60 s a heartbeat may be late.
            let result = if rounds.is_multiple_of(30) {
                run_once(&state, &worker).await
            } else {
                run_next(&state, &worker).await
            };
            rounds += 1;
            match result {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::error!(error = %e, "profiling worker error"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}
