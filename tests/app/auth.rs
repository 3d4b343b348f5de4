use crate::helpers::{PASSWORD, location, spawn_app};
use erp_rollout::clock::Clock;

#[tokio::test]
async fn signing_in_with_the_right_password_leads_to_the_projects_page() {
    let app = spawn_app().await;
    let user = app.create_user("pm").await;

    let r = app.login(&user.email, PASSWORD).await;

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/home");
    let (status, body) = app.get_html("/projects").await;
    assert_eq!(status, 200);
    assert!(body.contains("Rollout projects"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_message() {
    let app = spawn_app().await;
    let user = app.create_user("pm").await;

    let wrong = app.login(&user.email, "not the right password").await;
    let wrong_status = wrong.status().as_u16();
    let wrong_body = wrong.text().await.unwrap();
    let unknown = app.login("nobody@test.example", PASSWORD).await;
    let unknown_status = unknown.status().as_u16();
    let unknown_body = unknown.text().await.unwrap();

    assert_eq!(wrong_status, 401);
    assert_eq!(unknown_status, 401);
    assert!(wrong_body.contains("Email or password is not correct."));
    assert!(unknown_body.contains("Email or password is not correct."));
    assert_eq!(app.get("/projects").await.status().as_u16(), 303, "still signed out");
}

#[tokio::test]
async fn signing_out_revokes_the_session_so_the_old_cookie_is_refused() {
    let app = spawn_app().await;
    let user = app.create_user("employee").await;
    app.login(&user.email, PASSWORD).await;
    let old_cookie = app.cookie("erp_session").expect("session cookie");

    let r = app.logout().await;
    assert_eq!(r.status().as_u16(), 303);

    // Replay the old cookie from a client that never signed out.
    let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r =
        replay.get(app.url("/projects")).header("Cookie", format!("erp_session={old_cookie}")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/login");
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn a_disabled_user_loses_access_at_once() {
    let app = spawn_app().await;
    let admin = app.create_user("admin").await;
    let employee = app.create_user("employee").await;
    let browser = app.another_browser();
    browser.login(&employee.email).await;
    assert_eq!(browser.get("/projects").await.status().as_u16(), 200);

    app.login(&admin.email, PASSWORD).await;
    let r = app.post(&format!("/admin/users/{}/disable", employee.id), &[]).await;
    assert_eq!(r.status().as_u16(), 303);

    let r = browser.get("/projects").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/login");
    let again = app.another_browser();
    let r = again.post("/login", &[("email", &employee.email), ("password", PASSWORD)]).await;
    assert_eq!(r.status().as_u16(), 401, "a disabled user cannot sign in again");
}

#[tokio::test]
async fn a_post_without_a_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let pm = app.create_user("pm").await;

    let r = app.post_without_csrf("/login", &[("email", &pm.email), ("password", PASSWORD)]).await;
    assert_eq!(r.status().as_u16(), 403, "login needs the token too");

    app.login(&pm.email, PASSWORD).await;
    let before = app.count("projects").await;
    let r = app
        .post_without_csrf(
            "/projects",
            &[
                ("name", "X"),
                ("company", "Y"),
                ("size", "small"),
                ("sector", "retail"),
                ("start_date", "2027-01-01"),
                ("go_live_date", "2027-06-01"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.unwrap().contains("The form expired"));
    let token = app.csrf().await;
    let cookieless = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = cookieless
        .post(app.url("/login"))
        .form(&[("email", pm.email.as_str()), ("password", PASSWORD), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "a token without its cookie is refused");
    let r = app.post_without_csrf("/logout", &[("csrf_token", "0".repeat(64).as_str())]).await;
    assert_eq!(r.status().as_u16(), 403, "a wrong token is refused too");
    assert_eq!(app.count("projects").await, before);
    assert_eq!(app.count("sessions").await, 1);
}

#[tokio::test]
async fn the_setup_link_creates_the_first_administrator_only_once() {
    let app = spawn_app().await;
    let now = chrono::Utc::now();
    let token = erp_rollout::auth::store::create_setup_token(&app.db, now).await.unwrap();

    assert_eq!(app.get(&format!("/setup?token={token}")).await.status().as_u16(), 200);
    let fields =
        [("token", token.as_str()), ("name", "Ana Admin"), ("email", "ana@test.example"), ("password", "short")];
    let r = app.post("/setup", &fields).await;
    assert_eq!(r.status().as_u16(), 422, "a short password is a field error");
    assert!(r.text().await.unwrap().contains("at least 12 characters"));

    let fields =
        [("token", token.as_str()), ("name", "Ana Admin"), ("email", "ana@test.example"), ("password", PASSWORD)];
    assert_eq!(app.post("/setup", &fields).await.status().as_u16(), 303);
    assert_eq!(app.post("/setup", &fields).await.status().as_u16(), 404, "the link works once");
    assert_eq!(app.login("ana@test.example", PASSWORD).await.status().as_u16(), 303);
    assert_eq!(app.get("/admin/users").await.status().as_u16(), 200);
}

#[tokio::test]
async fn sessions_expire_after_their_lifetime_and_after_an_idle_hour() {
    let app = spawn_app().await;
    let user = app.create_user("employee").await;
    app.login(&user.email, PASSWORD).await;
    assert_eq!(app.get("/projects").await.status().as_u16(), 200);

    // In use every 50 minutes, the session lives its 12 hours and no longer.
    for _ in 0..14 {
        app.clock.advance(chrono::Duration::minutes(50));
        assert_eq!(app.get("/projects").await.status().as_u16(), 200, "still inside the 12 hours");
    }
    app.clock.advance(chrono::Duration::minutes(50));
    let r = app.get("/projects").await;
    assert_eq!(location(&r), "/login", "past the absolute lifetime");

    // Left alone for more than the idle hour, a fresh session ends too.
    app.login(&user.email, PASSWORD).await;
    app.clock.advance(chrono::Duration::minutes(59));
    assert_eq!(app.get("/projects").await.status().as_u16(), 200);
    app.clock.advance(chrono::Duration::minutes(61));
    let r = app.get("/projects").await;
    assert_eq!(location(&r), "/login", "idle for 61 minutes");
}

#[tokio::test]
async fn the_setup_link_is_dead_once_any_account_exists() {
    let app = spawn_app().await;
    let token = erp_rollout::auth::store::create_setup_token(&app.db, chrono::Utc::now()).await.unwrap();
    app.create_user("admin").await;

    assert_eq!(app.get(&format!("/setup?token={token}")).await.status().as_u16(), 404);
    let fields = [("token", token.as_str()), ("name", "Intruder"), ("email", "x@test.example"), ("password", PASSWORD)];
    assert_eq!(app.post("/setup", &fields).await.status().as_u16(), 404);
}

#[tokio::test]
async fn the_setup_link_expires_after_a_day() {
    let app = spawn_app().await;
    let token = erp_rollout::auth::store::create_setup_token(&app.db, app.clock.now()).await.unwrap();
    assert_eq!(app.get(&format!("/setup?token={token}")).await.status().as_u16(), 200);

    app.clock.advance(chrono::Duration::hours(25));

    assert_eq!(app.get(&format!("/setup?token={token}")).await.status().as_u16(), 404);
}
