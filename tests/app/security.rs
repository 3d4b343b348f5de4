//! Security (issue 9): the second factor end to end, brute-force locks, the password policy and
//! change, sessions, encryption at rest (a planted marker found nowhere on disk), key rotation,
//! personal data, the audit log and cookies.

use crate::helpers::{PASSWORD, TestApp, location, spawn_app, spawn_app_with};
use chrono::Duration;
use erp_rollout::clock::Clock;
use erp_rollout::crypto::totp;
use erp_rollout::entities::{audit_log, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub async fn audit_actions(app: &TestApp) -> Vec<String> {
    audit_log::Entity::find().all(&app.db).await.unwrap().into_iter().map(|a| a.action).collect()
}

/// Enrols the signed-in person: reads the key from the page, confirms with a code; returns the
/// secret and the recovery codes shown once.
pub async fn enrol(app: &TestApp) -> (Vec<u8>, Vec<String>) {
    let page = app.get("/account/2fa").await.text().await.unwrap();
    assert!(page.contains("data:image/svg+xml;base64,"), "the QR code");
    let key = page.split("id=\"totp-key\">").nth(1).and_then(|s| s.split("</code>").next()).unwrap();
    let secret = totp::secret_from_base32(&key.replace(' ', "")).unwrap();
    let now = app.clock.now().timestamp() as u64;
    let r = app.post("/account/2fa/enable", &[("code", "000000")]).await;
    assert_eq!(r.status().as_u16(), 422, "a wrong first code");
    let r = app.post("/account/2fa/enable", &[("code", &totp::code_at(&secret, now))]).await;
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.unwrap();
    let codes: Vec<String> =
        html.split("<li><code>").skip(1).filter_map(|s| s.split("</code>").next().map(str::to_string)).collect();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    (secret, codes)
}

#[tokio::test]
async fn the_second_factor_is_enrolled_required_and_each_code_works_once() {
    let app = spawn_app_with(|s| s.mfa_required_roles = vec!["admin".into(), "pm".into()]).await;
    let pm = app.login_as("pm").await;
    // A PM is sent to enrolment before any other page.
    let r = app.get("/projects").await;
    assert_eq!(location(&r), "/account/2fa");
    let (secret, codes) = enrol(&app).await;
    assert_eq!(app.get("/projects").await.status().as_u16(), 200);
    let stored = user::Entity::find_by_id(pm.id).one(&app.db).await.unwrap().unwrap();
    let b32 = totp::secret_base32(&secret);
    assert!(stored.totp_secret.as_deref().is_some_and(|s| s.starts_with("enc1:") && !s.contains(&b32)), "encrypted");
    // An employee is not required to.
    let b = app.another_browser();
    let employee = app.create_user("employee").await;
    b.login(&employee.email).await;
    assert_eq!(b.get("/projects").await.status().as_u16(), 200);

    // Sign-in: the password leads to the code step, not to a session.
    app.logout().await;
    let r = app.login(&pm.email, PASSWORD).await;
    assert_eq!(location(&r), "/login/code");
    assert_eq!(location(&app.get("/projects").await), "/login", "no session yet");
    assert_eq!(app.post("/login/code", &[("code", "123456")]).await.status().as_u16(), 401);
    // The code used at enrolment is spent: the same step is refused (no replay).
    let now = app.clock.now().timestamp() as u64;
    assert_eq!(app.post("/login/code", &[("code", &totp::code_at(&secret, now))]).await.status().as_u16(), 401);
    // The next step's code passes (one step of clock skew is allowed).
    let r = app.post("/login/code", &[("code", &totp::code_at(&secret, now + 30))]).await;
    assert_eq!(location(&r), "/home");
    assert_eq!(app.get("/projects").await.status().as_u16(), 200);

    // A known password does not buy more guesses at the code: its failures are not cleared.
    app.logout().await;
    for _ in 0..2 {
        app.login(&pm.email, PASSWORD).await;
        for _ in 0..2 {
            assert_eq!(app.post("/login/code", &[("code", "000000")]).await.status().as_u16(), 401);
        }
    }
    app.login(&pm.email, PASSWORD).await;
    assert_eq!(app.post("/login/code", &[("code", "000000")]).await.status().as_u16(), 401);
    let r = app.post("/login/code", &[("code", &totp::code_at(&secret, now + 60))]).await;
    assert_eq!(r.status().as_u16(), 401, "five wrong codes lock the account, the right code included");
    app.clock.advance(Duration::minutes(16));
    let now = app.clock.now().timestamp() as u64;

    // A recovery code works once.
    app.logout().await;
    app.login(&pm.email, PASSWORD).await;
    let r = app.post("/login/code", &[("code", &codes[0].to_uppercase())]).await;
    assert_eq!(location(&r), "/home");
    app.logout().await;
    app.login(&pm.email, PASSWORD).await;
    assert_eq!(app.post("/login/code", &[("code", &codes[0])]).await.status().as_u16(), 401, "used up");

    // The admin resets a lost factor: the person is signed out and enrols again.
    let admin = app.another_browser();
    let a = app.create_user("admin").await;
    admin.login(&a.email).await;
    let (admin_secret, _) = {
        // Admins are required too: enrol through the admin's own browser.
        let page = admin.get("/account/2fa").await.text().await.unwrap();
        let key =
            page.split("id=\"totp-key\">").nth(1).and_then(|s| s.split("</code>").next()).unwrap().replace(' ', "");
        let s = totp::secret_from_base32(&key).unwrap();
        let r = admin.post("/account/2fa/enable", &[("code", &totp::code_at(&s, now))]).await;
        assert_eq!(r.status().as_u16(), 200);
        (s, ())
    };
    let _ = admin_secret;
    let r = admin.post(&format!("/admin/users/{}/2fa/reset", pm.id), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    let reset = user::Entity::find_by_id(pm.id).one(&app.db).await.unwrap().unwrap();
    assert!(reset.totp_enabled_at.is_none() && reset.totp_secret.is_none());
    let actions = audit_actions(&app).await;
    for a in ["mfa.enabled", "mfa.failed", "auth.login", "mfa.reset_by_admin"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn failed_sign_ins_lock_the_account_and_the_address_with_one_message() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    let refused = |r: reqwest::Response| async move {
        assert_eq!(r.status().as_u16(), 401);
        r.text().await.unwrap().contains("Email or password is not correct.")
    };
    for _ in 0..5 {
        assert!(refused(app.login(&u.email, "wrong password here").await).await);
    }
    // Locked: the right password gets the same answer as a wrong one or an unknown account.
    assert!(refused(app.login(&u.email, PASSWORD).await).await);
    assert!(refused(app.login("nobody@test.example", PASSWORD).await).await);
    app.clock.advance(Duration::minutes(16));
    assert_eq!(app.login(&u.email, PASSWORD).await.status().as_u16(), 303, "the lock ends");
    app.logout().await;

    // Twenty failures from one address lock it for every account.
    for i in 0..20 {
        app.login(&format!("guess{i}@test.example"), "wrong password here").await;
    }
    let other = app.create_user("employee").await;
    assert!(refused(app.login(&other.email, PASSWORD).await).await);
    // Counted in the database, so another instance would see the same.
    assert!(app.count("login_throttle").await >= 2);
    // Failures are audited without the typed password or the unknown address.
    let rows =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("auth.login_failed")).all(&app.db).await.unwrap();
    assert!(rows.len() >= 27);
    for r in rows {
        let all = format!("{:?}", r);
        assert!(!all.contains("wrong password here") && !all.contains("guess"), "{all}");
    }
    assert!(!crate::helpers::captured_logs().contains("wrong password here"));
}

#[tokio::test]
async fn common_and_personal_passwords_are_refused_and_a_change_ends_other_sessions() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    for (password, message) in [
        ("short pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("qwertyuiopasdf", "repetition or a sequence"),
        ("111111111111", "repetition or a sequence"),
        ("juan.perez2024", "name"),
    ] {
        let r = app.admin_creates_user("Juan Pérez", "juan.perez@test.example", "employee", password).await;
        assert_eq!(r.status().as_u16(), 422, "{password}");
        let body = r.text().await.unwrap().to_lowercase();
        assert!(body.contains(message), "{password}: {message}");
    }
    let ok = app
        .admin_creates_user("Juan Pérez", "juan.perez@test.example", "employee", "mi perro se llama Tobi y come pienso")
        .await;
    assert_eq!(ok.status().as_u16(), 303);

    // Two browsers; changing the password in one ends the other.
    let u = app.create_user("employee").await;
    let a = app.another_browser();
    a.login(&u.email).await;
    let b = app.another_browser();
    b.login(&u.email).await;
    let sessions = a.get("/account/sessions").await.text().await.unwrap();
    assert!(sessions.matches("<tr>").count() >= 3, "two sessions listed");
    let r = a
        .post(
            "/account/password",
            &[("current", "not it"), ("new_password", "a brand new passphrase"), ("confirm", "a brand new passphrase")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422, "the current password is asked for");
    let r = a
        .post(
            "/account/password",
            &[("current", PASSWORD), ("new_password", "a brand new passphrase"), ("confirm", "a brand new passphrase")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(a.get("/projects").await.status().as_u16(), 200, "this session stays");
    assert_eq!(location(&b.get("/projects").await), "/login", "the other one ended");
    assert!(audit_actions(&app).await.iter().any(|a| a == "auth.password_changed"));
}

#[tokio::test]
async fn sessions_can_be_ended_by_their_owner_and_by_an_admin() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    let a = app.another_browser();
    a.login(&u.email).await;
    let b = app.another_browser();
    b.login(&u.email).await;
    let page = a.get("/account/sessions").await.text().await.unwrap();
    let other =
        page.split("/account/sessions/").filter_map(|s| s.split("/end").next()?.parse::<i32>().ok()).next().unwrap();
    assert_eq!(a.post(&format!("/account/sessions/{other}/end"), &[]).await.status().as_u16(), 303);
    assert_eq!(location(&b.get("/projects").await), "/login");
    b.login(&u.email).await;
    app.login_as("admin").await;
    assert_eq!(app.post(&format!("/admin/users/{}/sessions/end", u.id), &[]).await.status().as_u16(), 303);
    assert_eq!(location(&a.get("/projects").await), "/login");
    assert_eq!(location(&b.get("/projects").await), "/login");
}

#[tokio::test]
async fn over_tls_the_session_cookie_is_host_prefixed_and_secure() {
    let app = spawn_app_with(|s| s.secure_cookies = true).await;
    let u = app.create_user("employee").await;
    // The client talks plain HTTP to the test server, so set the CSRF cookie by hand.
    let r = app.get("/login").await;
    let set: Vec<String> = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let csrf = set.iter().find(|c| c.starts_with("__Host-erp_csrf=")).expect("__Host- CSRF cookie");
    assert!(csrf.contains("Secure") && csrf.contains("HttpOnly") && csrf.contains("Path=/"));
    let token = csrf.trim_start_matches("__Host-erp_csrf=").split(';').next().unwrap().to_string();
    let r = app
        .client
        .post(app.url("/login"))
        .header("cookie", format!("__Host-erp_csrf={token}"))
        .form(&[("email", u.email.as_str()), ("password", PASSWORD), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let set: Vec<String> = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let session = set.iter().find(|c| c.starts_with("__Host-erp_session=")).expect("__Host- session cookie");
    assert!(session.contains("Secure") && session.contains("HttpOnly") && !session.contains("Domain"));
    // The welcome message's flash cookie too (it holds the person's name).
    let flash = set.iter().find(|c| c.starts_with("__Host-erp_flash=")).expect("__Host- flash cookie");
    assert!(flash.contains("Secure") && flash.contains("HttpOnly") && flash.contains("Path=/"), "{flash}");
    assert!(!set.iter().any(|c| c.starts_with("erp_flash=")), "{set:?}");
    // And it is read back by that name on the next page.
    let session_value = session.split(';').next().unwrap();
    let page = app
        .client
        .get(app.url("/projects"))
        .header("cookie", format!("{session_value}; {}", flash.split(';').next().unwrap()))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("Welcome"), "the flash is shown");
}

#[tokio::test]
async fn simultaneous_failures_for_a_new_account_lock_it_at_the_limit_without_an_error() {
    let app = spawn_app().await;
    let tries = (0..8).map(|_| {
        let b = app.another_browser();
        async move {
            b.get("/login").await;
            b.post("/login", &[("email", "same-new@test.example"), ("password", "wrong password here")])
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(tries).await;
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    let row = erp_rollout::entities::login_throttle::Entity::find()
        .filter(erp_rollout::entities::login_throttle::Column::Scope.eq("account"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // Eight attempts: five reserved and checked, the fifth failure locked the account (and
    // restarted the count); the three others were refused unchecked and count nothing.
    assert!(row.locked_until.is_some() && row.failures == 0, "{row:?}");
}

#[tokio::test]
async fn project_managers_without_a_second_factor_are_a_warning() {
    use erp_rollout::warnings::evaluate::{evaluate, thresholds};
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let fired = || async {
        let proj = erp_rollout::entities::project::Entity::find_by_id(p).one(&app.db).await.unwrap().unwrap();
        let th = thresholds(&app.db, p).await.unwrap();
        evaluate(&app.db, &proj, app.clock.now(), &th)
            .await
            .unwrap()
            .into_iter()
            .map(|f| (f.rule, f.count))
            .collect::<Vec<_>>()
    };
    assert!(fired().await.contains(&("pms_without_second_factor", 1)));
    enrol(&app).await;
    assert!(!fired().await.iter().any(|(r, _)| *r == "pms_without_second_factor"));
}

#[tokio::test]
async fn wrong_codes_on_the_settings_page_count_toward_the_lock() {
    let app = spawn_app().await;
    app.login_as("employee").await;
    let (secret, _) = enrol(&app).await;
    for _ in 0..5 {
        assert_eq!(app.post("/account/2fa/disable", &[("code", "000000")]).await.status().as_u16(), 422);
    }
    // Locked: even the right code is refused, so a stolen session cannot try codes without limit.
    let now = app.clock.now().timestamp() as u64;
    let r = app.post("/account/2fa/disable", &[("code", &totp::code_at(&secret, now + 30))]).await;
    assert_eq!(r.status().as_u16(), 422);
    app.clock.advance(Duration::minutes(16));
    let now = app.clock.now().timestamp() as u64;
    let r = app.post("/account/2fa/disable", &[("code", &totp::code_at(&secret, now))]).await;
    assert_eq!(location(&r), "/account/2fa", "the lock ended: turned off");
}
