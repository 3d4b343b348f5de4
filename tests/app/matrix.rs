//! The authorization matrix: every route × every kind of caller, with the expected outcome.
//! A meta-test reads the route table from the source and fails when a route is missing here.

use crate::helpers::{TestApp2, location, spawn_app};
use std::collections::BTreeSet;

#[path = "matrix_fixture.rs"]
mod fixture;
#[path = "matrix_table.rs"]
mod table;
#[path = "matrix_table_more.rs"]
mod table_more;
#[path = "matrix_table_support.rs"]
mod table_support;
#[path = "matrix_table_testing.rs"]
mod table_testing;
use fixture::{concrete_path, fixture};
use table::{CALLERS, MATRIX, O, O::*};

/// Every row of the matrix, over its tables.
fn rows() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str, [O; 6])> {
    MATRIX.iter().chain(table_more::MORE).chain(table_testing::TESTING).chain(table_support::SUPPORT)
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
    for (method, _route, template, expected) in rows() {
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
    for (method, _route, template, _) in rows() {
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
    let listed: BTreeSet<String> = rows().map(|(m, route, _, _)| format!("{m} {route}")).collect();
    let missing: Vec<_> = in_source.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&in_source).collect();
    assert!(in_source.len() >= 40, "found only {} routes: is the source layout different?", in_source.len());
    assert!(missing.is_empty(), "routes missing from the authorization matrix: {missing:?}");
    assert!(stale.is_empty(), "matrix rows for routes that no longer exist: {stale:?}");
}
