//! The background loop that drains the outbox.

use super::{outbox, sender::Sender};
use crate::state::AppState;
use std::sync::Arc;

/// Sends what is due now; returns how many were sent. Used by the loop and by tests.
pub async fn drain_once(state: &AppState, sender: &Sender, worker_id: &str) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let batch = outbox::claim(&state.db, worker_id, now, outbox::BATCH).await?;
    let mut sent = 0;
    for m in batch {
        match sender.send(&state.settings.mail_from, &m).await {
            Ok(()) => {
                outbox::mark_sent(&state.db, m.id, worker_id, state.clock.now()).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(outbox_id = m.id, error = %e, "email delivery failed, will retry");
                outbox::mark_failed(&state.db, &m, worker_id, &e.to_string(), state.clock.now()).await?;
            }
        }
    }
    Ok(sent)
}

/// Runs until the process ends.
pub fn spawn(state: Arc<AppState>) -> anyhow::Result<tokio::task::JoinHandle<()>> {
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
            match drain_once(&state, &sender, &worker_id).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "emails sent"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox worker error"),
            }
            tokio::time::sleep(state.settings.outbox_poll).await;
        }
    }))
}
