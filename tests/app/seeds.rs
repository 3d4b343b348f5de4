use crate::helpers::{PASSWORD, spawn_app, spawn_app_with};
use erp_rollout::clock::SystemClock;
use erp_rollout::startup::prepare_data;

const TABLES: [&str; 9] = [
    "phase_templates",
    "checklist_templates",
    "common_errors",
    "erp_products",
    "kpi_templates",
    "users",
    "projects",
    "memberships",
    "checklist_items",
];

async fn counts(app: &crate::helpers::TestApp) -> Vec<i64> {
    let mut v = Vec::new();
    for t in TABLES {
        v.push(app.count(t).await);
    }
    v
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = spawn_app_with(|s| s.demo = true).await;
    let before = counts(&app).await;
    assert!(before.iter().all(|n| *n > 0), "every table is seeded: {before:?}");

    prepare_data(&app.db, &app.settings, &SystemClock, &app.state.keys).await.unwrap();
    prepare_data(&app.db, &app.settings, &SystemClock, &app.state.keys).await.unwrap();

    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn seeding_again_never_overwrites_a_projects_edited_checklist() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Edited").await;
    let item = app.first_item(p, "training").await;
    let r = app
        .post(
            &format!("/projects/{p}/items/{}", item.id),
            &[("title", "Our own wording"), ("version", &item.version.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);

    prepare_data(&app.db, &app.settings, &SystemClock, &app.state.keys).await.unwrap();

    let again = erp_rollout::phases::store::item(&app.db, p, item.id).await.unwrap().unwrap();
    assert_eq!(again.title_en, "Our own wording");
    assert_eq!(again.title_es, "Our own wording");
}

#[tokio::test]
async fn the_demo_has_a_working_account_for_every_role() {
    let app = spawn_app_with(|s| s.demo = true).await;
    let password = erp_rollout::seeds::demo_password();
    assert_ne!(password, PASSWORD);
    let (_, login) = app.get_html("/login").await;
    assert!(login.contains(&password), "demo mode shows the demo password");

    for (email, admin_page) in [
        ("admin@demo.example", 200),
        ("pm@demo.example", 403),
        ("trainer@demo.example", 403),
        ("employee@demo.example", 403),
    ] {
        let b = app.another_browser();
        let r = b.post("/login", &[("email", email), ("password", &password)]).await;
        assert_eq!(r.status().as_u16(), 303, "{email} signs in");
        let list = b.get("/projects").await.text().await.unwrap();
        assert!(list.contains("Distribuciones"), "{email} sees the demo rollout");
        assert_eq!(b.get("/admin/users").await.status().as_u16(), admin_page, "{email} on the admin page");
    }
}

#[tokio::test]
async fn without_demo_no_account_exists_and_the_login_page_shows_no_password() {
    let app = spawn_app().await;
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("setup_tokens").await, 1, "a one-time setup link was made");
    let (_, login) = app.get_html("/login").await;
    assert!(!login.contains(&erp_rollout::seeds::demo_password()));
}

#[tokio::test]
async fn migrations_are_idempotent_on_this_backend() {
    let app = spawn_app().await;
    erp_rollout::db::migrate(&app.db).await.unwrap();
    let expected = <migration::Migrator as migration::MigratorTrait>::migrations().len() as i64;
    assert_eq!(app.count("seaql_migrations").await, expected);
}

#[tokio::test]
async fn the_demo_refuses_to_join_a_database_with_real_accounts() {
    let app = spawn_app().await;
    app.create_user("admin").await;
    let mut settings = app.settings.clone();
    settings.demo = true;

    let r = prepare_data(&app.db, &settings, &SystemClock, &app.state.keys).await;

    assert!(r.is_err());
    assert!(erp_rollout::auth::store::find_by_email(&app.db, "admin@demo.example").await.unwrap().is_none());
}

#[tokio::test]
async fn rows_from_before_the_search_column_are_backfilled_at_start() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    app.create_project("Fábrica Norte").await;
    use sea_orm::ConnectionTrait;
    app.db.execute_unprepared("UPDATE projects SET search_text = NULL").await.unwrap();
    app.db.execute_unprepared("UPDATE users SET search_text = NULL").await.unwrap();

    prepare_data(&app.db, &app.settings, &SystemClock, &app.state.keys).await.unwrap();

    let (_, page) = app.get_html("/projects?q=fabrica").await;
    assert!(page.contains("Fábrica Norte"));
    assert_eq!(app.count("users WHERE search_text IS NULL").await, 0);
}
