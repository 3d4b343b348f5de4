//! The authorization matrix, continued: test management (issue 18). Runs made for the matrix have
//! no tester, so only PMs and admins pass (key users have their own tests in testing.rs).

use super::table::{O, O::*};

const MANAGE: [O; 6] = [L, F, F, A, N, A];
const MEMBERS: [O; 6] = [L, A, A, A, N, A];
const ELSEWHERE: [O; 6] = [L, N, N, N, N, N];

/// Same shape as `MATRIX`.
pub const TESTING: &[(&str, &str, &str, [O; 6])] = &[
    ("GET", "/projects/{id}/testing", "/projects/{p}/testing", MEMBERS),
    ("GET", "/projects/{id}/testing/cases", "/projects/{p}/testing/cases", MANAGE),
    ("POST", "/projects/{id}/testing/cases", "/projects/{p}/testing/cases", MANAGE),
    ("GET", "/projects/{id}/testing/cases.csv", "/projects/{p}/testing/cases.csv", MANAGE),
    ("GET", "/projects/{id}/testing/cases/new", "/projects/{p}/testing/cases/new", MANAGE),
    ("POST", "/projects/{id}/testing/cases/draft", "/projects/{p}/testing/cases/draft", MANAGE),
    ("GET", "/projects/{id}/testing/cases/import", "/projects/{p}/testing/cases/import", MANAGE),
    ("POST", "/projects/{id}/testing/cases/import", "/projects/{p}/testing/cases/import", MANAGE),
    ("GET", "/projects/{id}/testing/cases/{tc}", "/projects/{p}/testing/cases/{tc}", MANAGE),
    ("GET", "/projects/{id}/testing/cases/{tc}", "/projects/{p}/testing/cases/{q_tc}", ELSEWHERE),
    ("POST", "/projects/{id}/testing/cases/{tc}", "/projects/{p}/testing/cases/{tc}", MANAGE),
    ("POST", "/projects/{id}/testing/cases/{tc}", "/projects/{p}/testing/cases/{q_tc}", ELSEWHERE),
    ("GET", "/projects/{id}/testing/cases/{tc}/edit", "/projects/{p}/testing/cases/{tc}/edit", MANAGE),
    ("GET", "/projects/{id}/testing/cycles", "/projects/{p}/testing/cycles", MANAGE),
    ("POST", "/projects/{id}/testing/cycles", "/projects/{p}/testing/cycles", MANAGE),
    ("GET", "/projects/{id}/testing/cycles/{cy}", "/projects/{p}/testing/cycles/{cy}", MANAGE),
    ("GET", "/projects/{id}/testing/cycles/{cy}", "/projects/{p}/testing/cycles/{q_cy}", ELSEWHERE),
    ("POST", "/projects/{id}/testing/cycles/{cy}/runs", "/projects/{p}/testing/cycles/{cy}/runs", MANAGE),
    ("POST", "/projects/{id}/testing/cycles/{cy}/runs", "/projects/{p}/testing/cycles/{q_cy}/runs", ELSEWHERE),
    ("GET", "/projects/{id}/testing/cycles/{cy}/runs.csv", "/projects/{p}/testing/cycles/{cy}/runs.csv", MANAGE),
    ("GET", "/projects/{id}/testing/runs/{run}", "/projects/{p}/testing/runs/{run}", MANAGE),
    ("GET", "/projects/{id}/testing/runs/{run}", "/projects/{p}/testing/runs/{q_run}", ELSEWHERE),
    ("POST", "/projects/{id}/testing/runs/{run}/steps/{step}", "/projects/{p}/testing/runs/{runstep}", MANAGE),
    ("POST", "/projects/{id}/testing/runs/{run}/steps/{step}", "/projects/{p}/testing/runs/{q_runstep}", ELSEWHERE),
    // Evidence of a step: the matrix's run has nothing recorded on the step yet, so past the access
    // checks both are 404 (no result to attach to or to read from).
    (
        "POST",
        "/projects/{id}/testing/runs/{run}/steps/{step}/evidence",
        "/projects/{p}/testing/runs/{runstep}/evidence",
        [L, F, F, N, N, N],
    ),
    (
        "GET",
        "/projects/{id}/testing/runs/{run}/steps/{step}/evidence",
        "/projects/{p}/testing/runs/{runstep}/evidence",
        [L, F, F, N, N, N],
    ),
    (
        "GET",
        "/projects/{id}/testing/runs/{run}/steps/{step}/evidence",
        "/projects/{p}/testing/runs/{q_runstep}/evidence",
        ELSEWHERE,
    ),
    ("POST", "/projects/{id}/testing/runs/{run}/retest", "/projects/{p}/testing/runs/{run}/retest", MANAGE),
    ("POST", "/projects/{id}/testing/runs/{run}/retest", "/projects/{p}/testing/runs/{q_run}/retest", ELSEWHERE),
    ("GET", "/projects/{id}/testing/defects", "/projects/{p}/testing/defects", MEMBERS),
    ("POST", "/projects/{id}/testing/defects", "/projects/{p}/testing/defects", MANAGE),
    ("GET", "/projects/{id}/testing/defects.csv", "/projects/{p}/testing/defects.csv", MEMBERS),
    ("GET", "/projects/{id}/testing/defects/new", "/projects/{p}/testing/defects/new", MANAGE),
    ("GET", "/projects/{id}/testing/defects/{df}", "/projects/{p}/testing/defects/{df}", MANAGE),
    ("GET", "/projects/{id}/testing/defects/{df}", "/projects/{p}/testing/defects/{q_df}", ELSEWHERE),
    ("POST", "/projects/{id}/testing/defects/{df}/status", "/projects/{p}/testing/defects/{df}/status", MANAGE),
    ("POST", "/projects/{id}/testing/defects/{df}/status", "/projects/{p}/testing/defects/{q_df}/status", ELSEWHERE),
    ("GET", "/projects/{id}/testing/trace", "/projects/{p}/testing/trace", MANAGE),
    ("GET", "/projects/{id}/testing/trace.csv", "/projects/{p}/testing/trace.csv", MANAGE),
];
