//! The authorization matrix, continued: the data-migration routes (issue 5).

use super::table::{O, O::*};

/// Same shape as `MATRIX`.
pub const MORE: &[(&str, &str, &str, [O; 6])] = &[
    ("GET", "/projects/{id}/migration", "/projects/{p}/migration", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/migration", "/projects/{p}/migration", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/migration.csv", "/projects/{p}/migration.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/migration/new", "/projects/{p}/migration/new", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/migration/{oid}", "/projects/{p}/migration/{mo}", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/migration/{oid}", "/projects/{p}/migration/{q_mo}", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/migration/{oid}", "/projects/{p}/migration/{mo}", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/migration/{oid}", "/projects/{p}/migration/{q_mo}", [L, F, F, N, N, N]),
    ("GET", "/projects/{id}/migration/{oid}/edit", "/projects/{p}/migration/{mo}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/migration/{oid}/delete", "/projects/{p}/migration/{mo}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/migration/{oid}/delete", "/projects/{p}/migration/{mo}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/migration/{oid}/delete", "/projects/{p}/migration/{q_mo}/delete", [L, F, F, N, N, N]),
    ("POST", "/projects/{id}/migration/{oid}/loads", "/projects/{p}/migration/{mo}/loads", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/migration/{oid}/loads", "/projects/{p}/migration/{q_mo}/loads", [L, N, N, N, N, N]),
    ("GET", "/projects/{id}/migration/{oid}/loads.csv", "/projects/{p}/migration/{mo}/loads.csv", [L, A, A, A, N, A]),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}",
        "/projects/{p}/migration/{mo}/loads/{tl}",
        [L, F, F, A, N, A],
    ),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}",
        "/projects/{p}/migration/{mo}/loads/{q_tl}",
        [L, N, N, N, N, N],
    ),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}/files/{which}",
        "/projects/{p}/migration/{mo}/loads/{tl}/files/clean",
        [L, F, F, A, N, A],
    ),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}/files/{which}",
        "/projects/{p}/migration/{mo}/loads/{tl}/files/..%2F..%2Fetc%2Fpasswd",
        [L, N, N, N, N, N],
    ),
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/signoff",
        "/projects/{p}/migration/{mo}/loads/{tl}/signoff",
        [L, F, F, F, N, F],
    ),
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/signoff",
        "/projects/{p}/migration/{mo}/loads/{q_tl}/signoff",
        [L, N, N, N, N, N],
    ),
    // An id of another kind: a training session's id where a trial load's belongs.
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}",
        "/projects/{p}/migration/{mo}/loads/{ts}",
        [L, N, N, N, N, N],
    ),
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/signoff",
        "/projects/{p}/migration/{mo}/loads/{ts}/signoff",
        [L, N, N, N, N, N],
    ),
    // Likely-duplicate decisions, their CSV, checking a load again (issue 24).
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/duplicates",
        "/projects/{p}/migration/{mo}/loads/{tl}/duplicates",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/duplicates",
        "/projects/{p}/migration/{mo}/loads/{q_tl}/duplicates",
        [L, N, N, N, N, N],
    ),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}/duplicates.csv",
        "/projects/{p}/migration/{mo}/loads/{tl}/duplicates.csv",
        [L, F, F, A, N, A],
    ),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}/duplicates.csv",
        "/projects/{p}/migration/{mo}/loads/{q_tl}/duplicates.csv",
        [L, N, N, N, N, N],
    ),
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/recheck",
        "/projects/{p}/migration/{mo}/loads/{tl}/recheck",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/migration/{oid}/loads/{lid}/recheck",
        "/projects/{p}/migration/{mo}/loads/{q_tl}/recheck",
        [L, N, N, N, N, N],
    ),
    (
        "GET",
        "/projects/{id}/migration/{oid}/loads/{lid}/duplicates.csv",
        "/projects/{p}/migration/{mo}/loads/{ts}/duplicates.csv",
        [L, N, N, N, N, N],
    ),
    // (end of migration rows)
];
