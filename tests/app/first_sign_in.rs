//! A password an administrator set is changed at the first sign-in (issue 17.7c): until then every
//! page leads to the change-password page, except signing out and the change itself.

use crate::helpers::{PASSWORD, TestApp, location, spawn_app, spawn_app_with};
use erp_rollout::entities::user;
use sea_orm::EntityTrait;

const OWN: &str = "otter kettle maple harbour";

async fn must_change(app: &TestApp, id: i32) -> bool {
    user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().must_change_password
}

#[tokio::test]
async fn a_person_created_by_an_admin_changes_the_password_before_anything_else() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let r = app.admin_creates_user("Eva Empleada", "eva@test.example", "employee", "passphrase for eva").await;
    assert_eq!(r.status().as_u16(), 303);
    let eva = app.another_browser();

    let r = eva.post("/login", &[("email", "eva@test.example"), ("password", "passphrase for eva")]).await;
    assert_eq!(r.status().as_u16(), 303);
    for path in ["/projects", "/account", "/account/sessions", "/account/2fa"] {
        assert_eq!(location(&eva.get(path).await), "/account/password", "{path}");
    }
    let page = eva.get("/account/password").await.text().await.unwrap();
    assert!(page.contains("Su administrador le asignó esta contraseña"), "in Eva's language: {page}");
    let same =
        [("current", "passphrase for eva"), ("new_password", "passphrase for eva"), ("confirm", "passphrase for eva")];
    assert_eq!(eva.post("/account/password", &same).await.status().as_u16(), 422, "not the same one again");
    let own = [("current", "passphrase for eva"), ("new_password", OWN), ("confirm", OWN)];
    let r = eva.post("/account/password", &own).await;

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(eva.get("/projects").await.status().as_u16(), 200, "free to go on");
    let id = erp_rollout::auth::store::find_by_email(&app.db, "eva@test.example").await.unwrap().unwrap().id;
    assert!(!must_change(&app, id).await);
}

#[tokio::test]
async fn signing_out_is_open_while_the_change_is_pending() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    app.admin_creates_user("Eva Empleada", "eva@test.example", "employee", "passphrase for eva").await;
    let eva = app.another_browser();
    eva.post("/login", &[("email", "eva@test.example"), ("password", "passphrase for eva")]).await;

    let r = eva.post("/logout", &[]).await;

    assert_eq!(location(&r), "/login");
    assert_eq!(location(&eva.get("/projects").await), "/login", "signed out");
}

#[tokio::test]
async fn a_password_an_admin_sets_ends_the_sessions_and_must_be_changed() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let u = app.create_user("employee").await;
    let b = app.another_browser();
    b.login(&u.email).await;
    let path = format!("/admin/users/{}/password", u.id);
    assert_eq!(app.get(&path).await.status().as_u16(), 200);

    let r = app.post(&path, &[("password", "short")]).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("at least 12 characters"));
    assert!(!must_change(&app, u.id).await, "nothing changed");
    let r = app.post(&path, &[("password", "a temporary passphrase")]).await;

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&b.get("/projects").await), "/login", "signed out everywhere");
    assert!(must_change(&app, u.id).await);
    assert_eq!(
        app.another_browser().post("/login", &[("email", &u.email), ("password", PASSWORD)]).await.status().as_u16(),
        401
    );
    let c = app.another_browser();
    c.post("/login", &[("email", u.email.as_str()), ("password", "a temporary passphrase")]).await;
    assert_eq!(location(&c.get("/projects").await), "/account/password");
    let actions = crate::security::audit_actions(&app).await;
    assert!(actions.iter().any(|a| a == "user.password_set"));
}

#[tokio::test]
async fn the_password_comes_before_a_required_second_factor() {
    let app = spawn_app_with(|s| s.mfa_required_roles = vec!["pm".into()]).await;
    app.login_as("admin").await;
    app.admin_creates_user("Pia Jefa", "pia@test.example", "pm", "passphrase for pia").await;
    let pia = app.another_browser();
    pia.post("/login", &[("email", "pia@test.example"), ("password", "passphrase for pia")]).await;

    assert_eq!(location(&pia.get("/projects").await), "/account/password");
    assert_eq!(location(&pia.get("/account/2fa").await), "/account/password");
    assert_eq!(pia.get("/account/password").await.status().as_u16(), 200, "no loop between the two");
    let own = [("current", "passphrase for pia"), ("new_password", OWN), ("confirm", OWN)];
    assert_eq!(pia.post("/account/password", &own).await.status().as_u16(), 303);

    assert_eq!(location(&pia.get("/projects").await), "/account/2fa", "then the second factor");
}
