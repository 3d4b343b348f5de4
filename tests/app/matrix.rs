//! The authorization matrix: every route × every kind of caller, with the expected outcome.
//! A meta-test reads the route table from the source and fails when a route is missing here.

use crate::helpers::{TestApp, TestApp2, location, spawn_app};
use std::collections::BTreeSet;

/// What a caller gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum O {
    /// Past the access checks: the handler answered (2xx/3xx, or a validation 400/401/409/422).
    A,
    /// Sent to the sign-in page.
    L,
    /// 403.
    F,
    /// 404: the thing does not exist for this caller.
    N,
}
use O::*;

/// Callers, in column order: anonymous, employee of P, trainer of P, PM of P, PM of another project, admin.
const CALLERS: [&str; 6] = ["anonymous", "employee", "trainer", "pm_here", "pm_other", "admin"];

/// (method, route as registered, path to request, expected outcome per caller).
/// `{p}` is project P, `{q_item}` an item of another project, `{item}`, `{mid}` and `{uid}` fresh
/// targets made for each request (so destructive routes have something of their own to destroy).
const MATRIX: &[(&str, &str, &str, [O; 6])] = &[
    ("GET", "/", "/", [L, A, A, A, A, A]),
    ("GET", "/healthz", "/healthz", [A, A, A, A, A, A]),
    ("GET", "CSS", "CSS", [A, A, A, A, A, A]),
    ("GET", "/login", "/login", [A, A, A, A, A, A]),
    ("POST", "/login", "/login", [A, A, A, A, A, A]),
    ("POST", "/logout", "/logout", [L, L, L, L, L, L]),
    ("GET", "/setup", "/setup?token=0", [N, N, N, N, N, N]),
    ("POST", "/setup", "/setup", [N, N, N, N, N, N]),
    ("GET", "/account", "/account", [L, A, A, A, A, A]),
    ("POST", "/account", "/account", [L, A, A, A, A, A]),
    ("GET", "/admin/users", "/admin/users", [L, F, F, F, F, A]),
    ("POST", "/admin/users", "/admin/users", [L, F, F, F, F, A]),
    ("GET", "/admin/users.csv", "/admin/users.csv", [L, F, F, F, F, A]),
    ("GET", "/admin/users/new", "/admin/users/new", [L, F, F, F, F, A]),
    ("GET", "/admin/users/{id}", "/admin/users/{uid}", [L, F, F, F, F, A]),
    ("POST", "/admin/users/{id}/disable", "/admin/users/{uid}/disable", [L, F, F, F, F, A]),
    ("POST", "/admin/users/{id}/enable", "/admin/users/{uid}/enable", [L, F, F, F, F, A]),
    ("POST", "/admin/users/{id}/memberships", "/admin/users/{uid}/memberships", [L, F, F, F, F, A]),
    ("GET", "/projects", "/projects", [L, A, A, A, A, A]),
    ("POST", "/projects", "/projects", [L, F, F, A, A, A]),
    ("GET", "/projects.csv", "/projects.csv", [L, A, A, A, A, A]),
    ("GET", "/projects/new", "/projects/new", [L, F, F, A, A, A]),
    ("GET", "/projects/{id}", "/projects/{p}", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}", "/projects/{p}", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/edit", "/projects/{p}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/members", "/projects/{p}/members", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/members", "/projects/{p}/members", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/members.csv", "/projects/{p}/members.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/members/{mid}/remove", "/projects/{p}/members/{mid}/remove", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/members/{mid}/remove", "/projects/{p}/members/{mid}/remove", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/phases/{key}", "/projects/{p}/phases/implementation", [L, A, A, A, N, A]),
    (
        "GET",
        "/projects/{id}/phases/{key}/checklist.csv",
        "/projects/{p}/phases/implementation/checklist.csv",
        [L, A, A, A, N, A],
    ),
    ("POST", "/projects/{id}/phases/{key}/start", "/projects/{p}/phases/implementation/start", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/phases/{key}/close", "/projects/{p}/phases/implementation/close", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/phases/{key}/reopen", "/projects/{p}/phases/implementation/reopen", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/phases/{key}/items", "/projects/{p}/phases/implementation/items", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/items/{item}", "/projects/{p}/items/{item}", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/items/{item}/done", "/projects/{p}/items/{item}/done", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/items/{item}/edit", "/projects/{p}/items/{item}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/items/{item}/delete", "/projects/{p}/items/{item}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/items/{item}/delete", "/projects/{p}/items/{item}/delete", [L, F, F, A, N, A]),
    // Id confusion: an item of another project, reached through P, does not exist.
    ("GET", "/projects/{id}/items/{item}/edit", "/projects/{p}/items/{q_item}/edit", [L, N, N, N, N, N]),
    ("POST", "/projects/{id}/items/{item}/done", "/projects/{p}/items/{q_item}/done", [L, N, N, N, N, N]),
    // A phase key that is not a phase.
    ("GET", "/projects/{id}/phases/{key}", "/projects/{p}/phases/payroll", [L, N, N, N, N, N]),
    // Needs assessment.
    ("GET", "/projects/{id}/requirements", "/projects/{p}/requirements", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/requirements", "/projects/{p}/requirements", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/requirements.csv", "/projects/{p}/requirements.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/requirements/new", "/projects/{p}/requirements/new", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/requirements/import", "/projects/{p}/requirements/import", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/requirements/import", "/projects/{p}/requirements/import", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/requirements/{rid}", "/projects/{p}/requirements/{rid}", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/requirements/{rid}/edit", "/projects/{p}/requirements/{rid}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/requirements/{rid}/delete", "/projects/{p}/requirements/{rid}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/requirements/{rid}/delete", "/projects/{p}/requirements/{rid}/delete", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/requirements/{rid}/edit", "/projects/{p}/requirements/{q_req}/edit", [L, N, N, N, N, N]),
    ("GET", "/projects/{id}/kpis", "/projects/{p}/kpis", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/kpis", "/projects/{p}/kpis", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/kpis.csv", "/projects/{p}/kpis.csv", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/kpis/{kid}", "/projects/{p}/kpis/{kid}", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/kpis/{kid}/edit", "/projects/{p}/kpis/{kid}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/kpis/{kid}/delete", "/projects/{p}/kpis/{kid}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/kpis/{kid}/delete", "/projects/{p}/kpis/{kid}/delete", [L, F, F, A, N, A]),
    // Selection. The employee of P is an evaluator; nobody else is.
    ("GET", "/projects/{id}/selection", "/projects/{p}/selection", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/selection/candidates", "/projects/{p}/selection/candidates", [L, F, F, A, N, A]),
    (
        "GET",
        "/projects/{id}/selection/candidates/{cid}/remove",
        "/projects/{p}/selection/candidates/{cid}/remove",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/selection/candidates/{cid}/remove",
        "/projects/{p}/selection/candidates/{cid}/remove",
        [L, F, F, A, N, A],
    ),
    (
        "GET",
        "/projects/{id}/selection/candidates/{cid}/remove",
        "/projects/{p}/selection/candidates/{q_cid}/remove",
        [L, F, F, N, N, N],
    ),
    ("POST", "/projects/{id}/selection/criteria", "/projects/{p}/selection/criteria", [L, F, F, A, N, A]),
    (
        "GET",
        "/projects/{id}/selection/criteria/{crid}/remove",
        "/projects/{p}/selection/criteria/{crid}/remove",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/selection/criteria/{crid}/remove",
        "/projects/{p}/selection/criteria/{crid}/remove",
        [L, F, F, A, N, A],
    ),
    ("POST", "/projects/{id}/selection/weights", "/projects/{p}/selection/weights", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/selection/evaluators", "/projects/{p}/selection/evaluators", [L, F, F, A, N, A]),
    (
        "GET",
        "/projects/{id}/selection/evaluators/{uid}/remove",
        "/projects/{p}/selection/evaluators/{ev}/remove",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/selection/evaluators/{uid}/remove",
        "/projects/{p}/selection/evaluators/{ev}/remove",
        [L, F, F, A, N, A],
    ),
    ("POST", "/projects/{id}/selection/reveal", "/projects/{p}/selection/reveal", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/selection/decision", "/projects/{p}/selection/decision", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/selection/ahp", "/projects/{p}/selection/ahp", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/selection/ahp", "/projects/{p}/selection/ahp", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/selection/scores", "/projects/{p}/selection/scores", [L, A, F, F, N, F]),
    ("POST", "/projects/{id}/selection/scores", "/projects/{p}/selection/scores", [L, A, F, F, N, F]),
    ("GET", "/projects/{id}/selection/scores.csv", "/projects/{p}/selection/scores.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/selection/fit", "/projects/{p}/selection/fit", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/selection/fit", "/projects/{p}/selection/fit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/selection/results", "/projects/{p}/selection/results", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/selection/report", "/projects/{p}/selection/report", [L, A, A, A, N, A]),
    // Implementation plan.
    ("GET", "/projects/{id}/milestones", "/projects/{p}/milestones", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/milestones", "/projects/{p}/milestones", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/milestones.csv", "/projects/{p}/milestones.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/milestones.ics", "/projects/{p}/milestones.ics", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/milestones/new", "/projects/{p}/milestones/new", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/milestones/import", "/projects/{p}/milestones/import", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/milestones/import", "/projects/{p}/milestones/import", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/milestones/{mid}", "/projects/{p}/milestones/{ms}", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/milestones/{mid}/edit", "/projects/{p}/milestones/{ms}/edit", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/milestones/{mid}/edit", "/projects/{p}/milestones/{q_ms}/edit", [L, N, N, N, N, N]),
    ("GET", "/projects/{id}/milestones/{mid}/delete", "/projects/{p}/milestones/{ms}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/milestones/{mid}/delete", "/projects/{p}/milestones/{ms}/delete", [L, F, F, A, N, A]),
    (
        "POST",
        "/projects/{id}/milestones/{mid}/dependencies",
        "/projects/{p}/milestones/{ms}/dependencies",
        [L, F, F, A, N, A],
    ),
    ("POST", "/projects/{id}/dependencies/{did}/delete", "/projects/{p}/dependencies/{dep}/delete", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/schedule", "/projects/{p}/schedule", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/gantt", "/projects/{p}/gantt", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/gantt.svg", "/projects/{p}/gantt.svg", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/raci", "/projects/{p}/raci", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/raci", "/projects/{p}/raci", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/baselines", "/projects/{p}/baselines", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/baselines", "/projects/{p}/baselines", [L, F, F, A, N, A]),
    ("GET", "/calendar/{token}", "/calendar/0000.ics", [N, N, N, N, N, N]),
    ("POST", "/account/calendar", "/account/calendar", [L, A, A, A, A, A]),
    ("POST", "/account/calendar/revoke", "/account/calendar/revoke", [L, A, A, A, A, A]),
    ("POST", "/account/reminders", "/account/reminders", [L, A, A, A, A, A]),
    // Organizational structure and customization register.
    ("GET", "/projects/{id}/org", "/projects/{p}/org", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/org", "/projects/{p}/org", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/org.csv", "/projects/{p}/org.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/org/{uid}/delete", "/projects/{p}/org/{org}/delete", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/org/{uid}/delete", "/projects/{p}/org/{org}/delete", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/customizations", "/projects/{p}/customizations", [L, A, A, A, N, A]),
    ("POST", "/projects/{id}/customizations", "/projects/{p}/customizations", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/customizations.csv", "/projects/{p}/customizations.csv", [L, A, A, A, N, A]),
    ("GET", "/projects/{id}/customizations/new", "/projects/{p}/customizations/new", [L, F, F, A, N, A]),
    ("POST", "/projects/{id}/customizations/{cid}", "/projects/{p}/customizations/{cust}", [L, F, F, A, N, A]),
    ("GET", "/projects/{id}/customizations/{cid}/edit", "/projects/{p}/customizations/{cust}/edit", [L, F, F, A, N, A]),
    (
        "GET",
        "/projects/{id}/customizations/{cid}/edit",
        "/projects/{p}/customizations/{q_cust}/edit",
        [L, N, N, N, N, N],
    ),
    (
        "POST",
        "/projects/{id}/customizations/{cid}/decision",
        "/projects/{p}/customizations/{cust}/decision",
        [L, F, F, A, N, A],
    ),
    (
        "GET",
        "/projects/{id}/customizations/{cid}/delete",
        "/projects/{p}/customizations/{cust}/delete",
        [L, F, F, A, N, A],
    ),
    (
        "POST",
        "/projects/{id}/customizations/{cid}/delete",
        "/projects/{p}/customizations/{cust}/delete",
        [L, F, F, A, N, A],
    ),
    // (end of organization and customization rows)
];

struct Fixture {
    p: i32,
    q_item: i32,
    q_req: i32,
    q_cid: i32,
    q_ms: i32,
    q_cust: i32,
    users: Vec<Option<String>>,
}

async fn fixture(app: &TestApp) -> Fixture {
    let employee = app.create_user("employee").await;
    let trainer = app.create_user("trainer").await;
    let pm_here = app.create_user("pm").await;
    let pm_other = app.create_user("pm").await;
    let admin = app.create_user("admin").await;
    let b = app.another_browser();
    b.login(&pm_here.email).await;
    let p = b.create_project("P").await;
    let b = app.another_browser();
    b.login(&pm_other.email).await;
    let q = b.create_project("Q").await;
    app.add_member(p, employee.id, "employee").await;
    app.add_member(p, trainer.id, "trainer").await;
    let q_item = app.first_item(q, "implementation").await.id;
    let q_req = app.requirement(q, "Q's requirement").await;
    let q_cid = app.candidate(q, "Q's product").await;
    let q_ms = app.milestone(q, "Q's milestone", "2027-01-01", "2027-01-31", None).await;
    let q_cust = app.customization(q).await;
    app.make_evaluator(p, employee.id).await;
    let users = vec![
        None,
        Some(employee.email),
        Some(trainer.email),
        Some(pm_here.email),
        Some(pm_other.email),
        Some(admin.email),
    ];
    Fixture { p, q_item, q_req, q_cid, q_ms, q_cust, users }
}

/// Fresh targets for one request, so destructive routes never run out of things to act on.
async fn concrete_path(app: &TestApp, f: &Fixture, template: &str) -> String {
    let mut path = template
        .replace("{p}", &f.p.to_string())
        .replace("{q_item}", &f.q_item.to_string())
        .replace("{q_req}", &f.q_req.to_string())
        .replace("{q_cid}", &f.q_cid.to_string())
        .replace("{q_ms}", &f.q_ms.to_string())
        .replace("{q_cust}", &f.q_cust.to_string());
    if path.contains("{org}") {
        path = path.replace("{org}", &app.org_unit(f.p, &format!("Dept {}", uuid::Uuid::new_v4())).await.to_string());
    }
    if path.contains("{cust}") {
        path = path.replace("{cust}", &app.customization(f.p).await.to_string());
    }
    if path.contains("{ms}") {
        path = path.replace("{ms}", &app.milestone(f.p, "target", "2027-01-01", "2027-01-31", None).await.to_string());
    }
    if path.contains("{dep}") {
        let a = app.milestone(f.p, "a", "2027-01-01", "2027-01-31", None).await;
        let b = app.milestone(f.p, "b", "2027-02-01", "2027-02-28", None).await;
        path = path.replace("{dep}", &app.dependency(f.p, a, b).await.to_string());
    }
    if path.contains("{rid}") {
        path = path.replace("{rid}", &app.requirement(f.p, "target").await.to_string());
    }
    if path.contains("{kid}") {
        path = path.replace("{kid}", &app.kpi(f.p).await.to_string());
    }
    if path.contains("{cid}") {
        path =
            path.replace("{cid}", &app.candidate(f.p, &format!("target {}", uuid::Uuid::new_v4())).await.to_string());
    }
    if path.contains("{crid}") {
        path = path.replace("{crid}", &app.criterion(f.p).await.to_string());
    }
    if path.contains("{ev}") {
        let u = app.create_user("employee").await;
        app.add_member(f.p, u.id, "employee").await;
        app.make_evaluator(f.p, u.id).await;
        path = path.replace("{ev}", &u.id.to_string());
    }
    if path == "CSS" {
        path = erp_rollout::web::assets::CSS_PATH.to_string();
    }
    if path.contains("{item}") {
        let phase = erp_rollout::phases::store::phase(&app.db, f.p, "implementation").await.unwrap().unwrap();
        let item =
            erp_rollout::phases::store::add_item(&app.db, &phase, "target", false, chrono::Utc::now()).await.unwrap();
        path = path.replace("{item}", &item.id.to_string());
    }
    if path.contains("{mid}") {
        let u = app.create_user("employee").await;
        app.add_member(f.p, u.id, "employee").await;
        let m = erp_rollout::projects::store::members(&app.db, f.p)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.user_id == u.id)
            .unwrap();
        path = path.replace("{mid}", &m.id.to_string());
    }
    if path.contains("{uid}") {
        path = path.replace("{uid}", &app.create_user("employee").await.id.to_string());
    }
    path
}

fn outcome(status: u16, location: &str) -> O {
    match status {
        303 if location == "/login" => L,
        403 => F,
        404 => N,
        s if s < 500 => A,
        s => panic!("server error {s}"),
    }
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_matrix_says() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let mut wrong = Vec::new();
    for (method, _route, template, expected) in MATRIX {
        for (i, caller) in CALLERS.iter().enumerate() {
            let b: TestApp2<'_> = app.another_browser();
            if let Some(email) = &f.users[i] {
                b.login(email).await;
            }
            let path = concrete_path(&app, &f, template).await;
            let r = if *method == "GET" {
                b.get(&path).await
            } else {
                b.post(&path, &[("done", "1"), ("title", "x"), ("version", "0")]).await
            };
            let got = outcome(r.status().as_u16(), &location(&r));
            if got != expected[i] {
                wrong.push(format!(
                    "{method} {path} as {caller}: expected {:?}, got {got:?} ({})",
                    expected[i],
                    r.status()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{} mismatches:\n{}", wrong.len(), wrong.join("\n"));
}

/// Every `.route(...)` in the source is listed in the matrix, so a new route cannot skip it.
#[test]
fn the_matrix_lists_every_route_in_the_source() {
    let mut in_source = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split(".route(").skip(1) {
                    let (target, rest) = part.split_once(',').unwrap_or(("", ""));
                    let route = if target.trim() == "assets::CSS_PATH" {
                        "CSS".to_string()
                    } else {
                        target.trim().trim_matches('"').to_string()
                    };
                    let method = if rest.trim_start().starts_with("web::post()") {
                        "POST"
                    } else if rest.trim_start().starts_with("web::get()") {
                        "GET"
                    } else {
                        "OTHER"
                    };
                    in_source.insert(format!("{method} {route}"));
                }
            }
        }
    }
    let listed: BTreeSet<String> = MATRIX.iter().map(|(m, route, _, _)| format!("{m} {route}")).collect();
    let missing: Vec<_> = in_source.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&in_source).collect();
    assert!(in_source.len() >= 40, "found only {} routes: is the source layout different?", in_source.len());
    assert!(missing.is_empty(), "routes missing from the authorization matrix: {missing:?}");
    assert!(stale.is_empty(), "matrix rows for routes that no longer exist: {stale:?}");
}
