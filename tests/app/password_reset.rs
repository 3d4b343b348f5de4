//! "Forgot your password?" (issue 17.7a): one answer whether or not the account exists, a
//! single-use 30-minute link by e-mail in the person's language, stored hashed, throttled, the
//! password policy applied and every session ended. Audited.

use crate::helpers::{PASSWORD, SmtpSink, TestApp, location, spawn_app, spawn_app_with};
use erp_rollout::email::{sender::Sender, worker::drain_once};
use erp_rollout::entities::{outbox, password_reset, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

const NEW_PASSWORD: &str = "otter kettle maple harbour";

async fn mails_to(app: &TestApp, to: &str) -> Vec<outbox::Model> {
    outbox::Entity::find().filter(outbox::Column::ToAddr.eq(to)).all(&app.db).await.unwrap()
}

/// The token of the last reset link mailed to `to`.
async fn link_token(app: &TestApp, to: &str) -> String {
    let m = mails_to(app, to).await.pop().expect("a reset mail");
    let (_, rest) = m.body_text.split_once("/login/reset?token=").expect("a reset link");
    rest.chars().take_while(char::is_ascii_hexdigit).collect()
}

async fn forgot(app: &TestApp, email: &str) -> reqwest::Response {
    app.post("/login/forgot", &[("email", email)]).await
}

async fn flash_of(app: &TestApp, r: reqwest::Response) -> String {
    assert_eq!(r.status().as_u16(), 303);
    app.get(&location(&r)).await.text().await.unwrap()
}

#[tokio::test]
async fn asking_for_a_link_answers_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    let known = app.create_user("employee").await;

    let a = forgot(&app, &known.email).await;
    let a_to = (a.status().as_u16(), location(&a));
    let a = flash_of(&app, a).await;
    let b = forgot(&app, "nobody-here@test.example").await;
    let b_to = (b.status().as_u16(), location(&b));
    let b = flash_of(&app, b).await;

    assert_eq!(a_to, b_to);
    assert!(a.contains("If an account exists for that address, we sent a link"));
    assert!(b.contains("If an account exists for that address, we sent a link"));
    assert_eq!(mails_to(&app, &known.email).await.len(), 1);
    assert_eq!(app.count("outbox").await, 1, "nothing sent to an unknown address");
    let r = forgot(&app, "not an address").await;
    assert_eq!(r.status().as_u16(), 422, "a field error, not a 500");
    assert!(r.text().await.unwrap().contains("Enter a valid email address"));
}

#[tokio::test]
async fn the_link_works_once_applies_the_policy_and_ends_every_session() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    let other = app.another_browser();
    other.login(&u.email).await;
    forgot(&app, &u.email).await;
    let token = link_token(&app, &u.email).await;
    assert_eq!(token.len(), 64);
    let stored = password_reset::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.token_hash, erp_rollout::web::token_hash(&token), "kept hashed, never as sent");

    let (status, page) = app.get_html(&format!("/login/reset?token={token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Choose a new password"));
    let weak = [("token", token.as_str()), ("new_password", "short"), ("confirm", "short")];
    let r = app.post("/login/reset", &weak).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("at least 12 characters"));
    let good = [("token", token.as_str()), ("new_password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)];
    let r = app.post("/login/reset", &good).await;

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/login");
    assert_eq!(location(&other.get("/projects").await), "/login", "the other browser is signed out");
    assert_eq!(app.count(&format!("sessions WHERE user_id = {}", u.id)).await, 0);
    assert_eq!(app.login(&u.email, PASSWORD).await.status().as_u16(), 401, "the old password is gone");
    assert_eq!(app.login(&u.email, NEW_PASSWORD).await.status().as_u16(), 303);
    let again = app.post("/login/reset", &good).await;
    assert_eq!(location(&again), "/login/forgot", "the link works once");
    let actions = crate::security::audit_actions(&app).await;
    assert!(actions.iter().any(|a| a == "auth.password_reset_requested"));
    assert!(actions.iter().any(|a| a == "auth.password_reset"));
}

#[tokio::test]
async fn the_link_expires_after_thirty_minutes_and_a_new_one_replaces_it() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    forgot(&app, &u.email).await;
    let first = link_token(&app, &u.email).await;
    forgot(&app, &u.email).await;
    let second = link_token(&app, &u.email).await;

    assert_eq!(location(&app.get(&format!("/login/reset?token={first}")).await), "/login/forgot", "replaced");
    assert_eq!(app.get(&format!("/login/reset?token={second}")).await.status().as_u16(), 200);
    app.clock.advance(chrono::Duration::minutes(31));
    assert_eq!(location(&app.get(&format!("/login/reset?token={second}")).await), "/login/forgot", "expired");
    let fields = [("token", second.as_str()), ("new_password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)];
    assert_eq!(location(&app.post("/login/reset", &fields).await), "/login/forgot");
    assert_eq!(app.login(&u.email, PASSWORD).await.status().as_u16(), 303, "the password did not change");
}

#[tokio::test]
async fn requests_are_throttled_per_address_typed_and_per_client() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;

    for _ in 0..6 {
        let r = forgot(&app, &u.email).await;
        assert_eq!(location(&r), "/login", "the same answer past the allowance");
    }
    assert_eq!(mails_to(&app, &u.email).await.len(), 3, "three mails per address per 15 minutes");

    // One client probing many addresses runs out too: the account after them gets no mail.
    let v = app.create_user("employee").await;
    for i in 0..7 {
        forgot(&app, &format!("probe{i}@test.example")).await;
    }
    forgot(&app, &v.email).await;
    assert!(mails_to(&app, &v.email).await.is_empty(), "ten requests per client address per 15 minutes");

    app.clock.advance(chrono::Duration::minutes(16));
    forgot(&app, &v.email).await;
    assert_eq!(mails_to(&app, &v.email).await.len(), 1, "a new window");
}

#[tokio::test]
async fn the_reset_mail_is_in_the_persons_language_and_reaches_the_smtp_server() {
    let sink = SmtpSink::start().await;
    let smtp = sink.settings();
    let app = spawn_app_with(move |s| s.smtp = Some(smtp)).await;
    let u = app.create_user("employee").await;
    let es = app.create_user("employee").await;
    let mut am = user::Entity::find_by_id(es.id).one(&app.db).await.unwrap().unwrap().into_active_model();
    am.locale = Set(Some("es".into()));
    am.update(&app.db).await.unwrap();

    forgot(&app, &u.email).await;
    forgot(&app, &es.email).await;
    let sender = Sender::from_settings(&app.settings).unwrap();
    assert_eq!(drain_once(&app.state, &sender, "test-worker").await.unwrap(), 2);

    let spanish = mails_to(&app, &es.email).await.remove(0);
    assert_eq!(spanish.subject, "Elija una contraseña nueva de ERP Rollout");
    assert!(spanish.body_text.contains("durante 30 minutos"));
    let messages = sink.messages.lock().unwrap().clone();
    let english = messages.iter().find(|m| m.contains(&format!("To: {}", u.email))).expect("delivered");
    assert!(english.contains("Subject: Choose a new ERP Rollout password"));
}
