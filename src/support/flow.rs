//! The ticket's status flow, pure: new → acknowledged → in progress → resolved → closed, steps
//! may be skipped forward (closing only after resolving); a resolved ticket can go back to in progress (reopened), a closed one
//! is final. The reporter may reopen a resolved ticket within `REOPEN_DAYS`.

pub const STATUSES: [&str; 5] = ["new", "acknowledged", "in_progress", "resolved", "closed"];

/// Statuses still waiting for the team (the SLA clock runs).
pub const OPEN: [&str; 3] = ["new", "acknowledged", "in_progress"];

pub const REOPEN_DAYS: i64 = 7;

fn rank(s: &str) -> Option<usize> {
    STATUSES.iter().position(|x| *x == s)
}

pub fn allowed(from: &str, to: &str) -> bool {
    match (rank(from), rank(to)) {
        (_, None) | (None, _) => false,
        // Closed is final, even "closed → closed" (no triage on a closed ticket).
        _ if from == "closed" => false,
        (Some(a), Some(b)) if a == b => true,
        _ if from == "resolved" => to == "closed" || to == "in_progress",
        // Closing comes after a resolution, so every closed ticket has a time to resolve.
        _ if to == "closed" => false,
        (Some(a), Some(b)) => b > a,
    }
}

pub fn is_open(s: &str) -> bool {
    OPEN.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_move_forward_and_may_skip_steps() {
        assert!(allowed("new", "acknowledged"));
        assert!(allowed("new", "resolved"));
        assert!(allowed("acknowledged", "in_progress"));
        assert!(!allowed("in_progress", "new"));
        assert!(!allowed("in_progress", "closed"), "resolve first");
    }

    #[test]
    fn a_resolved_ticket_is_closed_or_reopened_and_a_closed_one_stays_closed() {
        assert!(allowed("resolved", "closed"));
        assert!(allowed("resolved", "in_progress"));
        assert!(!allowed("resolved", "new"));
        assert!(!allowed("closed", "in_progress"));
        assert!(!allowed("closed", "closed"), "no triage on a closed ticket, not even saving it as it is");
        assert!(!allowed("new", "nonsense"));
    }
}
