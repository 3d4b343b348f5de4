//! The background loops of one instance: the outbox (with the periodic jobs that ride on it —
//! expired sessions, milestone and training reminders, readiness snapshots, the weekly digest) and
//! the profiling jobs of trial loads. Every instance runs them; the database rows they claim make
//! each piece of work happen once across instances. On top: it calls into every feature.

use crate::email::{self, sender::Sender};
use crate::state::AppState;
use std::sync::Arc;

/// Starts this instance's loops.
pub fn spawn(state: Arc<AppState>) -> anyhow::Result<()> {
    spawn_outbox(state.clone())?;
    crate::data_quality::jobs::spawn(state);
    Ok(())
}

/// The outbox loop with the periodic jobs that ride on it; runs until the process ends.
fn spawn_outbox(state: Arc<AppState>) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let sender = Sender::from_settings(&state.settings)?;
    let worker_id = format!("{}-{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8]);
    Ok(tokio::spawn(async move {
        let mut rounds: u64 = 0;
        loop {
            rounds += 1;
            // Now and then, forget expired sessions and setup links.
            if rounds % 300 == 1
                && let Err(e) = crate::auth::store::delete_expired(&state.db, state.clock.now()).await
            {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            // Now and then, queue milestone reminders (every instance may; the bookkeeping row
            // makes each reminder go out once).
            if rounds % 150 == 2
                && let Err(e) = crate::plan::reminders::run(&state).await
            {
                tracing::warn!(error = %e, "could not queue milestone reminders");
            }
            // Training reminders are hours ahead, so they are looked at more often.
            if rounds % 30 == 3
                && let Err(e) = crate::training::reminders::run(&state).await
            {
                tracing::warn!(error = %e, "could not queue training reminders");
            }
            // Readiness history: today's snapshot of projects nobody opened, a few at a time.
            if rounds % 300 == 7
                && let Err(e) = crate::warnings::readiness::snapshot_due(&state, 50).await
            {
                tracing::warn!(error = %e, "could not take readiness snapshots");
            }
            // The weekly digest: each PM once per ISO week (the log row makes it once across instances).
            if rounds % 600 == 5
                && let Err(e) = crate::warnings::digest::run(&state).await
            {
                tracing::warn!(error = %e, "could not queue weekly digests");
            }
            match email::worker::drain_once(&state, &sender, &worker_id).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "emails sent"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox worker error"),
            }
            tokio::time::sleep(state.settings.outbox_poll).await;
        }
    }))
}
