//! The language before signing in and around it (issue 17.7b): EN / ES on the sign-in page sets a
//! small cookie the request middleware honours before Accept-Language; the sign-out page and the
//! second-factor step speak the person's language.

use crate::helpers::{PASSWORD, location, spawn_app};
use erp_rollout::entities::user;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};

async fn set_locale(app: &crate::helpers::TestApp, id: i32, code: &str) {
    let mut am = user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into_active_model();
    am.locale = Set(Some(code.into()));
    am.update(&app.db).await.unwrap();
}

#[tokio::test]
async fn choosing_spanish_on_the_sign_in_page_beats_the_browsers_language() {
    let app = spawn_app().await;
    let page = app.get("/login").await.text().await.unwrap();
    assert!(page.contains(r#"action="/language""#) && page.contains("Español"));

    let r = app.post("/language", &[("lang", "es"), ("next", "/login")]).await;

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/login");
    assert_eq!(app.cookie("erp_lang").as_deref(), Some("es"));
    let r = app.client.get(app.url("/login")).header("Accept-Language", "en").send().await.unwrap();
    assert!(r.text().await.unwrap().contains("Iniciar sesión"));
    let r = app.post("/language", &[("lang", "en"), ("next", "/login")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let r = app.client.get(app.url("/login")).header("Accept-Language", "es").send().await.unwrap();
    assert!(r.text().await.unwrap().contains("Sign in"));
}

#[tokio::test]
async fn the_language_choice_goes_back_only_to_a_page_of_this_site() {
    let app = spawn_app().await;
    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
        let r = app.post("/language", &[("lang", "es"), ("next", next)]).await;
        assert_eq!(location(&r), "/login", "{next}");
    }
    assert_eq!(app.post("/language", &[("lang", "fr")]).await.status().as_u16(), 400);
}

#[tokio::test]
async fn a_signed_in_persons_own_setting_comes_before_the_cookie() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    app.post("/language", &[("lang", "es"), ("next", "/login")]).await;

    app.login(&u.email, PASSWORD).await;

    let page = app.get("/projects").await.text().await.unwrap();
    assert!(page.contains("Rollout projects"), "the account says English");
}

#[tokio::test]
async fn the_sign_out_page_is_in_the_language_of_the_session_that_ended() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    set_locale(&app, u.id, "es").await;
    app.login(&u.email, PASSWORD).await;

    let r = app.logout().await;
    let page = app.get(&location(&r)).await.text().await.unwrap();

    assert!(page.contains("Ha cerrado la sesión"), "{page}");
    assert!(page.contains("Iniciar sesión") && !page.contains(">Sign in<"), "the whole page, not just the message");
}

#[tokio::test]
async fn the_second_factor_step_speaks_the_persons_language() {
    let app = spawn_app().await;
    let u = app.login_as("employee").await;
    set_locale(&app, u.id, "es").await;
    crate::security::enrol(&app).await;

    let b = app.another_browser();
    let r = b.post("/login", &[("email", u.email.as_str()), ("password", PASSWORD)]).await;
    assert_eq!(location(&r), "/login/code");
    let page = b.get("/login/code").await.text().await.unwrap();

    assert!(page.contains("Confirme que es usted"), "{page}");
    let r = b.post("/login/code", &[("code", "000000")]).await;
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.text().await.unwrap().contains("Confirme que es usted"), "the refusal too");
}
