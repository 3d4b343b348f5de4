//! Issue 16, defect 1: attempts sent at once cannot outrun the lock. Each sign-in, sign-in code and
//! settings-page code is reserved before it is checked, so a burst gets the limit's worth of checks
//! and no more — on SQLite and on PostgreSQL (the suite's second run).

use crate::helpers::{PASSWORD, TestApp, location, spawn_app};
use crate::security::enrol;
use erp_rollout::clock::Clock;
use erp_rollout::crypto::totp;
use erp_rollout::entities::audit_log;
use erp_rollout::security::throttle::ACCOUNT_LIMIT;
use futures_util::future::join_all;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The audited outcomes of `action`: how many were checked (any detail but "locked") and refused
/// unchecked.
async fn outcomes(app: &TestApp, action: &str) -> (usize, usize) {
    let rows = audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).all(&app.db).await.unwrap();
    let refused = rows.iter().filter(|r| r.detail.as_deref() == Some("locked")).count();
    (rows.len() - refused, refused)
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_only_the_limits_worth_of_checks() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    app.get("/login").await;
    let burst = (0..12).map(|i| {
        let email = u.email.clone();
        let app = &app;
        async move { app.login(&email, &format!("wrong password number {i}")).await.status().as_u16() }
    });
    let statuses = join_all(burst).await;

    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    let (checked, refused) = outcomes(&app, "auth.login_failed").await;
    assert_eq!((checked, refused), (ACCOUNT_LIMIT as usize, 12 - ACCOUNT_LIMIT as usize));
    // The burst locked the account: now even the right password is refused.
    assert_eq!(app.login(&u.email, PASSWORD).await.status().as_u16(), 401);
    assert_eq!(outcomes(&app, "auth.login_failed").await, (5, 8));
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(location(&app.login(&u.email, PASSWORD).await), "/home", "the lock ends");
}

#[tokio::test]
async fn twenty_codes_at_once_on_one_challenge_get_only_the_limits_worth_of_checks() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let (secret, _) = enrol(&app).await;
    app.logout().await;
    assert_eq!(location(&app.login(&pm.email, PASSWORD).await), "/login/code");

    let burst = (0..20).map(|i| {
        let app = &app;
        async move { app.post("/login/code", &[("code", &format!("{:06}", 100_000 + i))]).await.status().as_u16() }
    });
    let statuses = join_all(burst).await;

    let (checked, _) = outcomes(&app, "mfa.failed").await;
    assert!(checked <= ACCOUNT_LIMIT as usize, "{checked} codes checked; {statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 5, "the challenge's five tries: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 303), "the rest start again: {statuses:?}");
    // Locked: the password, then a right code, get nowhere.
    assert_eq!(app.login(&pm.email, PASSWORD).await.status().as_u16(), 401);
    let now = app.clock.now().timestamp() as u64;
    assert_ne!(location(&app.post("/login/code", &[("code", &totp::code_at(&secret, now + 30))]).await), "/home");
}

#[tokio::test]
async fn codes_sent_at_once_on_the_settings_page_get_only_the_limits_worth_of_checks() {
    let app = spawn_app().await;
    app.login_as("employee").await;
    let (secret, _) = enrol(&app).await;

    let burst =
        (0..12).map(|i| {
            let app = &app;
            async move {
                app.post("/account/2fa/disable", &[("code", &format!("{:06}", 200_000 + i))]).await.status().as_u16()
            }
        });
    let statuses = join_all(burst).await;

    assert!(statuses.iter().all(|s| *s == 422), "{statuses:?}");
    assert_eq!(outcomes(&app, "mfa.failed").await, (5, 7));
    let now = app.clock.now().timestamp() as u64;
    let r = app.post("/account/2fa/disable", &[("code", &totp::code_at(&secret, now + 30))]).await;
    assert_eq!(r.status().as_u16(), 422, "locked: the right code is refused too");
}

#[tokio::test]
async fn a_right_password_gives_its_attempt_back() {
    // Four wrong, then the right one: signed in, and the address keeps no count of the success.
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    for _ in 0..ACCOUNT_LIMIT - 1 {
        assert_eq!(app.login(&u.email, "wrong password here").await.status().as_u16(), 401);
    }
    assert_eq!(location(&app.login(&u.email, PASSWORD).await), "/home");
    app.logout().await;
    for _ in 0..30 {
        assert_eq!(location(&app.login(&u.email, PASSWORD).await), "/home", "successes never lock");
        app.logout().await;
    }
}
