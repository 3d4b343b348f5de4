//! Administration (issue 17.6): adding someone to a project picks it from a searchable list sorted
//! by name (a typed id is still checked), and the audit log is reachable from the admin pages.

use crate::helpers::{TestApp, location, spawn_app};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

/// A project straight into the database (the picker only reads names and companies).
async fn project(app: &TestApp, name: &str, company: &str) -> i32 {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    erp_rollout::entities::project::ActiveModel {
        name: Set(name.into()),
        company: Set(company.into()),
        size: Set("medium".into()),
        sector: Set("distribution".into()),
        start_date: Set(d("2027-01-11")),
        go_live_date: Set(d("2027-10-01")),
        created_by: Set(None),
        created_at: Set(chrono::Utc::now()),
        search_text: Set(Some(erp_rollout::text::project_search(name, company))),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("project")
    .id
}

#[tokio::test]
async fn the_admin_picks_the_project_from_a_list_sorted_by_name_and_narrowed_by_search() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let eva = app.create_user("employee").await;
    let zeta = project(&app, "Zeta rollout", "Zeta S.L.").await;
    let alpha = project(&app, "Alpha rollout", "Ácme Distribución").await;
    project(&app, "Middle rollout", "Middle S.A.").await;
    let page_path = format!("/admin/users/{}", eva.id);

    let (status, page) = app.get_html(&page_path).await;

    assert_eq!(status, 200);
    let (a, m, z) = (page.find("Alpha rollout"), page.find("Middle rollout"), page.find("Zeta rollout"));
    assert!(a.is_some() && a < m && m < z, "sorted by name: {page}");
    assert!(page.contains(&format!(r#"<option value="{alpha}">"#)), "a select of projects, not a number to type");

    let (_, found) = app.get_html(&format!("{page_path}?project_q=acme")).await;
    assert!(found.contains("Alpha rollout"), "the company matches, accents folded");
    assert!(!found.contains("Zeta rollout") && !found.contains("Middle rollout"));

    let r =
        app.post(&format!("{page_path}/memberships"), &[("project_id", &zeta.to_string()), ("role", "trainer")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), page_path);
    let members = erp_rollout::projects::store::members(&app.db, zeta).await.unwrap();
    assert!(members.iter().any(|m| m.user_id == eva.id && m.role == "trainer"));
}

#[tokio::test]
async fn a_project_id_typed_by_hand_is_still_checked() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let eva = app.create_user("employee").await;
    project(&app, "Alpha rollout", "Alpha S.L.").await;
    let path = format!("/admin/users/{}/memberships", eva.id);

    for bad in ["999999", "abc", "", "-1"] {
        let r = app.post(&path, &[("project_id", bad), ("role", "employee"), ("project_q", "alp")]).await;
        assert_eq!(r.status().as_u16(), 422, "{bad:?}");
        let page = r.text().await.unwrap();
        assert!(page.contains("Choose an existing project from the list."));
        assert!(page.contains(r#"value="alp""#), "the search is kept");
    }
    assert_eq!(app.count("memberships").await, 0);
}

#[tokio::test]
async fn with_many_projects_the_picker_shows_fifty_and_asks_to_search() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let eva = app.create_user("employee").await;
    for i in 0..55 {
        project(&app, &format!("Rollout {i:03}"), "Grupo").await;
    }
    let target = project(&app, "Zulu last by name", "Grupo").await;

    let (_, page) = app.get_html(&format!("/admin/users/{}", eva.id)).await;
    assert!(page.contains("The first 50 of 56 projects"), "{page}");
    assert!(!page.contains("Zulu last by name"));

    let (_, found) = app.get_html(&format!("/admin/users/{}?project_q=zulu", eva.id)).await;
    assert!(found.contains(&format!(r#"<option value="{target}">"#)));
    assert!(!found.contains("The first 50"));
}

#[tokio::test]
async fn the_audit_log_is_linked_from_the_admin_pages() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let eva = app.create_user("employee").await;

    for path in ["/admin/users".to_string(), "/admin/users/new".into(), format!("/admin/users/{}", eva.id)] {
        let (status, page) = app.get_html(&path).await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"href="/admin/audit""#), "{path}");
    }
    let (_, audit) = app.get_html("/admin/audit").await;
    assert!(audit.contains(r#"href="/admin/users""#), "and back");
}
