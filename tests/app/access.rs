use crate::helpers::spawn_app;

#[tokio::test]
async fn a_pm_of_project_a_gets_404_on_every_page_of_project_b() {
    let app = spawn_app().await;
    let other = app.another_browser();
    let pm_b = app.create_user("pm").await;
    other.login(&pm_b.email).await;
    let b = other.create_project("Project B").await;
    let item = app.first_item(b, "selection").await.id;

    app.login_as("pm").await;
    app.create_project("Project A").await;

    for path in [
        format!("/projects/{b}"),
        format!("/projects/{b}/edit"),
        format!("/projects/{b}/members"),
        format!("/projects/{b}/members.csv"),
        format!("/projects/{b}/members/1/remove"),
        format!("/projects/{b}/phases/selection"),
        format!("/projects/{b}/phases/selection/checklist.csv"),
        format!("/projects/{b}/items/{item}/edit"),
        format!("/projects/{b}/items/{item}/delete"),
    ] {
        assert_eq!(app.get(&path).await.status().as_u16(), 404, "GET {path}");
    }
    for path in [
        format!("/projects/{b}"),
        format!("/projects/{b}/members"),
        format!("/projects/{b}/members/1/remove"),
        format!("/projects/{b}/phases/selection/start"),
        format!("/projects/{b}/phases/selection/close"),
        format!("/projects/{b}/phases/selection/reopen"),
        format!("/projects/{b}/phases/selection/items"),
        format!("/projects/{b}/items/{item}"),
        format!("/projects/{b}/items/{item}/done"),
        format!("/projects/{b}/items/{item}/delete"),
    ] {
        assert_eq!(app.post(&path, &[("done", "1"), ("title", "x")]).await.status().as_u16(), 404, "POST {path}");
    }
    let (_, list) = app.get_html("/projects").await;
    assert!(!list.contains("Project B"), "B is not listed");
    let (_, csv) = app.get_html("/projects.csv").await;
    assert!(!csv.contains("Project B"), "B is not exported");
}

#[tokio::test]
async fn an_item_id_of_another_project_is_not_found_through_my_project() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let a = app.create_project("Mine").await;
    let b = app.create_project("Also mine").await;
    let item_b = app.first_item(b, "training").await.id;

    assert_eq!(app.get(&format!("/projects/{a}/items/{item_b}/edit")).await.status().as_u16(), 404);
    assert_eq!(app.post(&format!("/projects/{a}/items/{item_b}/done"), &[("done", "1")]).await.status().as_u16(), 404);
    assert_eq!(app.get(&format!("/projects/{a}/phases/not_a_phase")).await.status().as_u16(), 404);
    assert_eq!(app.get("/projects/not-a-number").await.status().as_u16(), 404);
}

#[tokio::test]
async fn an_employee_cannot_reach_admin_or_pm_pages() {
    let app = spawn_app().await;
    let pm = app.another_browser();
    let pm_user = app.create_user("pm").await;
    pm.login(&pm_user.email).await;
    let p = pm.create_project("Shared").await;
    let employee = app.login_as("employee").await;
    app.add_member(p, employee.id, "employee").await;
    let item = app.first_item(p, "needs_assessment").await.id;

    assert_eq!(app.get(&format!("/projects/{p}")).await.status().as_u16(), 200, "members can read");
    for path in ["/admin/users", "/admin/users/new", "/admin/users.csv", "/projects/new"] {
        assert_eq!(app.get(path).await.status().as_u16(), 403, "GET {path}");
    }
    for path in [
        format!("/projects/{p}/edit"),
        format!("/projects/{p}/items/{item}/edit"),
        format!("/projects/{p}/items/{item}/delete"),
    ] {
        assert_eq!(app.get(&path).await.status().as_u16(), 403, "GET {path}");
    }
    for path in [
        format!("/projects/{p}/phases/needs_assessment/close"),
        format!("/projects/{p}/phases/needs_assessment/start"),
        format!("/projects/{p}/items/{item}/done"),
        format!("/projects/{p}/members"),
        format!("/admin/users/{}/disable", pm_user.id),
    ] {
        assert_eq!(
            app.post(&path, &[("done", "1"), ("email", "x@y.z"), ("role", "pm")]).await.status().as_u16(),
            403,
            "POST {path}"
        );
    }
    let body = app.get(&format!("/projects/{p}/phases/needs_assessment")).await.text().await.unwrap();
    assert!(!body.contains("Close the phase"), "no gate controls for employees");
}
