use crate::helpers::{location, spawn_app, spawn_app_with};
use std::collections::{BTreeSet, VecDeque};

/// Every link a signed-in admin can reach in the demo answers without a server error.
#[tokio::test]
async fn an_admin_can_follow_every_link_of_the_demo_without_a_server_error() {
    let app = spawn_app_with(|s| s.demo = true).await;
    let b = app.another_browser();
    let r =
        b.post("/login", &[("email", "admin@demo.example"), ("password", &erp_rollout::seeds::demo_password())]).await;
    assert_eq!(r.status().as_u16(), 303);

    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/projects".to_string()]);
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 400 {
            continue;
        }
        let r = b.get(&path).await;
        let status = r.status().as_u16();
        assert!(status < 500, "{path} answered {status}");
        let is_html =
            r.headers().get("content-type").is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
        if status == 303 {
            queue.push_back(location(&r));
            continue;
        }
        if !is_html {
            continue;
        }
        let body = r.text().await.unwrap();
        for part in body.split("href=\"").skip(1) {
            let link = part.split('"').next().unwrap_or("").replace("&amp;", "&");
            let link = link.split('#').next().unwrap_or("").to_string();
            if link.starts_with('/') && !link.starts_with("//") && !seen.contains(&link) {
                queue.push_back(link);
            }
        }
    }
    assert!(seen.len() > 20, "the crawl reached {} pages", seen.len());
}

/// Many writers at once: each succeeds (no "database is locked"), none is lost.
#[tokio::test]
async fn concurrent_writers_all_succeed() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let token = app.csrf().await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let client = app.client.clone();
        let url = app.url("/projects");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let name = format!("Parallel {i}");
            let form = [
                ("name", name.as_str()),
                ("company", "Co"),
                ("size", "small"),
                ("sector", "retail"),
                ("start_date", "2027-01-01"),
                ("go_live_date", "2027-08-01"),
                ("csrf_token", token.as_str()),
            ];
            client.post(url).form(&form).send().await.map(|r| r.status().as_u16())
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 303);
    }
    assert_eq!(app.count("projects").await, 24);
    assert_eq!(app.count("project_phases").await, 24 * 5);
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.state.db.close_by_ref().await.unwrap();

    let r = app.get("/healthz").await;

    assert_eq!(r.status().as_u16(), 503);
    let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["database"], "unreachable");
}

#[tokio::test]
async fn malformed_input_gets_a_clear_answer_not_a_server_error() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Robust").await;

    let r = app.get("/projects?page=400000000000000000").await;
    assert_eq!(r.status().as_u16(), 200, "a huge page number is clamped");
    let r = app.get("/projects?page=abc").await;
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("could not be understood"));
    let r = app.post(&format!("/projects/{p}/items/999999/done"), &[("done", "1")]).await;
    assert_eq!(r.status().as_u16(), 404);
    let id = app.first_item(p, "training").await.id;
    let r = app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "maybe")]).await;
    assert_eq!(r.status().as_u16(), 400);
    let r = app.post(&format!("/projects/{p}/items/{id}"), &[("title", "x"), ("version", "not-a-number")]).await;
    assert_eq!(r.status().as_u16(), 422);
    let huge = "x".repeat(300_000);
    let r = app.post("/projects", &[("name", &huge)]).await;
    assert!(r.status().is_client_error(), "an oversized form is refused: {}", r.status());
}
