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
    // The cutover runbook (issue 18): members read, PMs and admins manage, a task's owner records it.
    ("GET", "/projects/{id}/cutover", "/projects/{p}/cutover", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/cutover", "/projects/{p}/cutover", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/cutover.csv", "/projects/{p}/cutover.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/cutover/new", "/projects/{p}/cutover/new", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/settings", "/projects/{p}/cutover/settings", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/{tid}", "/projects/{p}/cutover/{ctask}", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/{tid}", "/projects/{p}/cutover/{q_ctask}", [L, N, N, N, N, N]),
    ("GET", "/projects/{id}/cutover/{tid}/edit", "/projects/{p}/cutover/{ctask}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/cutover/{tid}/edit", "/projects/{p}/cutover/{q_ctask}/edit", [L, N, N, N, N, N]),
    ("GET", "/projects/{id}/cutover/{tid}/delete", "/projects/{p}/cutover/{ctask}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/{tid}/delete", "/projects/{p}/cutover/{ctask}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/{tid}/delete", "/projects/{p}/cutover/{q_ctask}/delete", [L, N, N, N, N, N]),
    // A task with no owner: only the PM and the admin record it.
    ("POST", "/projects/{id}/cutover/{tid}/start", "/projects/{p}/cutover/{ctask}/start", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/{tid}/start", "/projects/{p}/cutover/{q_ctask}/start", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/cutover/{tid}/finish", "/projects/{p}/cutover/{ctask}/finish", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover/{tid}/finish", "/projects/{p}/cutover/{q_ctask}/finish", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/cutover-runs", "/projects/{p}/cutover-runs", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/cutover-runs.csv", "/projects/{p}/cutover-runs.csv", [L, A, A, A, N, A]),
    (
        "POST",
        "/projects/{id}/cutover-runs/{rid}/finish",
        "/projects/{p}/cutover-runs/{crun}/finish",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/cutover-runs/{rid}/finish",
        "/projects/{p}/cutover-runs/{q_crun}/finish",
        [L, F, F, N, N, N],
    ),
    ("GET", "/projects/{id}/cutover-go-no-go", "/projects/{p}/cutover-go-no-go", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/cutover-go-no-go", "/projects/{p}/cutover-go-no-go", [L, F, F, A, N, A]),
    // (end of migration rows)
];
