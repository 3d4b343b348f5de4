//! The authorization matrix, continued: the support desk (issue 18). `{tk}` is a fresh ticket the
//! employee filed, `{tk_pm}` one the PM of P filed (so the employee and the trainer may not see
//! it), `{q_tk}` a ticket of project Q; `{art}` a published article of P, `{draft}` an unpublished
//! one, `{q_art}` an article of Q;
//! `{tk_file}` is `<ticket>/attachments/<file>` of a fresh ticket of the employee with one file. Key users are not a column: tests/app/support.rs covers them.

use super::table::{O, O::*};

/// Same shape as `MATRIX`.
pub const SUPPORT: &[(&str, &str, &str, [O; 6])] = &[
    ("GET", "/projects/{id}/support", "/projects/{p}/support", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/support", "/projects/{p}/support", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/support.csv", "/projects/{p}/support.csv", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/support/new", "/projects/{p}/support/new", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/support/overview", "/projects/{p}/support/overview", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/support/sla", "/projects/{p}/support/sla", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/support/articles", "/projects/{p}/support/articles", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/support/articles", "/projects/{p}/support/articles", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/support/articles/{aid}", "/projects/{p}/support/articles/{art}", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/support/articles/{aid}", "/projects/{p}/support/articles/{draft}", [L, N, N, A, N, A]),
    ("GET", "/projects/{id}/support/articles/{aid}", "/projects/{p}/support/articles/{q_art}", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/support/articles/{aid}", "/projects/{p}/support/articles/{art}", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/support/articles/{aid}", "/projects/{p}/support/articles/{q_art}", [L, N, N, N, N, N]),
    ("GET", "/projects/{id}/support/{tid}", "/projects/{p}/support/{tk}", [L, A, N, A, N, A]),
    ("GET", "/projects/{id}/support/{tid}", "/projects/{p}/support/{tk_pm}", [L, N, N, A, N, A]),
    ("GET", "/projects/{id}/support/{tid}", "/projects/{p}/support/{q_tk}", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/support/{tid}/reply", "/projects/{p}/support/{tk}/reply", [L, A, N, F, N, F]),
    ("POST", "/projects/{id}/support/{tid}/reply", "/projects/{p}/support/{tk_pm}/reply", [L, N, N, A, N, F]),
    ("POST", "/projects/{id}/support/{tid}/reply", "/projects/{p}/support/{q_tk}/reply", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/support/{tid}/attachments", "/projects/{p}/support/{tk}/attachments", [L, A, N, A, N, A]),
    (
        "POST",
        "/projects/{id}/support/{tid}/attachments",
        "/projects/{p}/support/{q_tk}/attachments",
        [L, N, N, N, N, N],
    ),
    ("GET", "/projects/{id}/support/{tid}/attachments/{fid}", "/projects/{p}/support/{tk_file}", [L, A, N, A, N, A]),
    (
        "GET",
        "/projects/{id}/support/{tid}/attachments/{fid}",
        "/projects/{p}/support/{q_tk}/attachments/1",
        [L, N, N, N, N, N],
    ),
    ("POST", "/projects/{id}/support/{tid}/triage", "/projects/{p}/support/{tk}/triage", [L, F, N, A, N, A]),
    ("POST", "/projects/{id}/support/{tid}/triage", "/projects/{p}/support/{q_tk}/triage", [L, N, N, N, N, N]),
];
