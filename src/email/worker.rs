//! One round of draining the outbox (the loop that calls it is `workers`).

use super::{outbox, sender::Sender};
use crate::state::AppState;

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
