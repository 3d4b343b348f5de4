//! The authorization matrix: every route × every kind of caller, with the expected outcome.
//! A meta-test reads the route table from the source and fails when a route is missing here.

use crate::helpers::{TestApp, TestApp2, location, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeSet;

#[path = "matrix_table.rs"]
mod table;
#[path = "matrix_table_more.rs"]
mod table_more;
#[path = "matrix_table_support.rs"]
mod table_support;
#[path = "matrix_table_testing.rs"]
mod table_testing;
use table::{CALLERS, MATRIX, O, O::*};

struct Fixture {
    p: i32,
    q: i32,
    q_item: i32,
    q_req: i32,
    q_cid: i32,
    q_ms: i32,
    q_cust: i32,
    q_ts: i32,
    q_fb: i32,
    q_wave: i32,
    q_meas: i32,
    q_mo: i32,
    q_tl: i32,
    q_sid: i32,
    q_ctask: i32,
    q_crun: i32,
    q_tk: i32,
    q_art: i32,
    trainer: i32,
    employee: i32,
    pm: i32,
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
    let q_ts = app.training_session(q, None, 10).await;
    let q_fb = app.feedback_item(q, None).await;
    let q_wave = app.survey_wave(q).await;
    let q_meas = app.kpi_measurement(q).await;
    let q_mo = app.migration_object(q, None).await;
    let q_tl = app.trial_load(q, q_mo).await;
    let q_ctask = app.cutover_task(q).await;
    let q_crun = app.cutover_run(q).await;
    let q_tk = app.support_ticket(q, pm_other.id).await;
    let q_art = app.support_article(q, true).await;
    // A session of someone who is none of the callers.
    let stranger = app.create_user("employee").await;
    let token = erp_rollout::auth::store::create_session(&app.db, stranger.id, chrono::Utc::now(), 12, None, None)
        .await
        .expect("session");
    let q_sid = erp_rollout::entities::session::Entity::find()
        .filter(erp_rollout::entities::session::Column::TokenHash.eq(erp_rollout::web::token_hash(&token)))
        .one(&app.db)
        .await
        .expect("query")
        .expect("session row")
        .id;
    app.make_evaluator(p, employee.id).await;
    let users = vec![
        None,
        Some(employee.email),
        Some(trainer.email),
        Some(pm_here.email),
        Some(pm_other.email),
        Some(admin.email),
    ];
    Fixture {
        p,
        q,
        q_item,
        q_req,
        q_cid,
        q_ms,
        q_cust,
        q_ts,
        q_fb,
        q_wave,
        q_meas,
        q_mo,
        q_tl,
        q_sid,
        q_ctask,
        q_crun,
        q_tk,
        q_art,
        trainer: trainer.id,
        employee: employee.id,
        pm: pm_here.id,
        users,
    }
}

/// Fresh targets for one request, so destructive routes never run out of things to act on.
async fn concrete_path(app: &TestApp, f: &Fixture, template: &str) -> String {
    let mut path = template
        .replace("{p}", &f.p.to_string())
        .replace("{q_item}", &f.q_item.to_string())
        .replace("{q_req}", &f.q_req.to_string())
        .replace("{q_cid}", &f.q_cid.to_string())
        .replace("{q_ms}", &f.q_ms.to_string())
        .replace("{q_cust}", &f.q_cust.to_string())
        .replace("{q_ts}", &f.q_ts.to_string())
        .replace("{q_fb}", &f.q_fb.to_string())
        .replace("{q_wave}", &f.q_wave.to_string())
        .replace("{q_meas}", &f.q_meas.to_string())
        .replace("{q_sid}", &f.q_sid.to_string())
        .replace("{q_mo}", &f.q_mo.to_string())
        .replace("{q_tl}", &f.q_tl.to_string())
        .replace("{q_ctask}", &f.q_ctask.to_string())
        .replace("{q_crun}", &f.q_crun.to_string())
        .replace("{q_tk}", &f.q_tk.to_string())
        .replace("{q_art}", &f.q_art.to_string());
    if path.contains("{ctask}") {
        path = path.replace("{ctask}", &app.cutover_task(f.p).await.to_string());
    }
    if path.contains("{crun}") {
        path = path.replace("{crun}", &app.cutover_run(f.p).await.to_string());
    }
    if path.contains("{tk_file}") {
        let t = app.support_ticket(f.p, f.employee).await;
        let a = app.support_attachment(t).await;
        path = path.replace("{tk_file}", &format!("{t}/attachments/{a}"));
    }
    if path.contains("{tk}") {
        path = path.replace("{tk}", &app.support_ticket(f.p, f.employee).await.to_string());
    }
    if path.contains("{tk_pm}") {
        path = path.replace("{tk_pm}", &app.support_ticket(f.p, f.pm).await.to_string());
    }
    if path.contains("{art}") {
        path = path.replace("{art}", &app.support_article(f.p, true).await.to_string());
    }
    if path.contains("{draft}") {
        path = path.replace("{draft}", &app.support_article(f.p, false).await.to_string());
    }
    if path.contains("{mo}") {
        let o = app.migration_object(f.p, None).await;
        path = path.replace("{mo}", &o.to_string());
        if path.contains("{tl}") {
            path = path.replace("{tl}", &app.trial_load(f.p, o).await.to_string());
        }
    }
    path = testing_targets(app, f, path).await;
    if path.contains("{fb}") {
        path = path.replace("{fb}", &app.feedback_item(f.p, None).await.to_string());
    }
    if path.contains("{wave}") {
        path = path.replace("{wave}", &app.survey_wave(f.p).await.to_string());
    }
    if path.contains("{meas}") {
        path = path.replace("{meas}", &app.kpi_measurement(f.p).await.to_string());
    }
    if path.contains("{ts}") {
        path = path.replace("{ts}", &app.training_session(f.p, Some(f.trainer), 10).await.to_string());
    }
    if path.contains("{tres}") {
        path = path.replace("{tres}", &app.training_resource(f.p).await.to_string());
    }
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

/// Test management targets (issue 18): fresh in P, or of project Q.
async fn testing_targets(app: &TestApp, f: &Fixture, mut path: String) -> String {
    for (key, project) in [("{q_", f.q), ("{", f.p)] {
        let tag = |name: &str| format!("{key}{name}}}");
        if path.contains(&tag("tc"))
            || path.contains(&tag("cy"))
            || path.contains(&tag("run"))
            || path.contains(&tag("runstep"))
            || path.contains(&tag("df"))
        {
            let (case, cycle, run) = app.test_fixture(project, None).await;
            let step = app.steps_of(case).await[0];
            let df = app.defect(project, case).await;
            path = path
                .replace(&tag("tc"), &case.to_string())
                .replace(&tag("cy"), &cycle.to_string())
                .replace(&tag("runstep"), &format!("{run}/steps/{step}"))
                .replace(&tag("run"), &run.to_string())
                .replace(&tag("df"), &df.to_string());
        }
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
    for (method, _route, template, expected) in
        MATRIX.iter().chain(table_more::MORE).chain(table_testing::TESTING).chain(table_support::SUPPORT)
    {
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

/// Issue 16, defect 3: a NUL (or another control character) in any field of any form, or in a
/// query string, is refused with the translated 422 page before a handler or the database sees it
/// (PostgreSQL answered 500 to it). Run for the PM of the project and the admin, who pass the
/// access checks of most routes.
#[tokio::test]
async fn a_control_character_in_any_form_or_query_gets_a_translated_422_not_a_server_error() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let mut wrong = Vec::new();
    let mut refused = 0;
    for (method, _route, template, _) in
        MATRIX.iter().chain(table_more::MORE).chain(table_testing::TESTING).chain(table_support::SUPPORT)
    {
        for i in [3, 5] {
            let b: TestApp2<'_> = app.another_browser();
            b.login(f.users[i].as_deref().unwrap_or_default()).await;
            let path = concrete_path(&app, &f, template).await;
            let r = if *method == "GET" {
                let sep = if path.contains('?') { '&' } else { '?' };
                b.get(&format!("{path}{sep}q=caf%00e")).await
            } else {
                let fields = [("name", "Ana\0"), ("email", "pm@demo.example\0"), ("title", "x\u{7}"), ("done", "1")];
                b.post(&path, &fields).await
            };
            let status = r.status().as_u16();
            let body = r.text().await.unwrap_or_default();
            if status == 422 && body.contains("hidden control character") {
                refused += 1;
            } else if status >= 500 || (*method == "POST" && status == 303 && !path.contains("import")) {
                wrong.push(format!("{method} {path} as {}: {status}", CALLERS[i]));
            }
        }
    }
    assert!(wrong.is_empty(), "{} not refused:\n{}", wrong.len(), wrong.join("\n"));
    assert!(refused > 150, "{refused} refused");
    // Unauthenticated too, and in Spanish.
    let token = app.csrf().await;
    let r = app
        .client
        .post(app.url("/login"))
        .header("accept-language", "es")
        .form(&[("email", "pm@demo.example\0"), ("password", "x"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("carácter de control oculto") && html.contains("<code>email</code>"), "{html}");
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
    let listed: BTreeSet<String> = MATRIX
        .iter()
        .chain(table_more::MORE)
        .chain(table_testing::TESTING)
        .chain(table_support::SUPPORT)
        .map(|(m, route, _, _)| format!("{m} {route}"))
        .collect();
    let missing: Vec<_> = in_source.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&in_source).collect();
    assert!(in_source.len() >= 40, "found only {} routes: is the source layout different?", in_source.len());
    assert!(missing.is_empty(), "routes missing from the authorization matrix: {missing:?}");
    assert!(stale.is_empty(), "matrix rows for routes that no longer exist: {stale:?}");
}
