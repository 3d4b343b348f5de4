use crate::helpers::{location, spawn_app};

#[tokio::test]
async fn a_new_project_gets_the_five_phases_with_their_checklists() {
    let app = spawn_app().await;
    app.login_as("pm").await;

    let p = app.create_project("Rollout 2027").await;

    let phases = erp_rollout::phases::store::summaries(&app.db, p).await.unwrap();
    let keys: Vec<&str> = phases.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, erp_rollout::phases::KEYS);
    assert!(phases.iter().all(|s| s.items_total >= 6 && s.mandatory_total >= 1));
    let (status, page) = app.get_html(&format!("/projects/{p}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Rollout 2027") && page.contains("Needs assessment") && page.contains("progressbar"));
}

#[tokio::test]
async fn invalid_project_input_is_re_rendered_with_messages_and_the_input_kept() {
    let app = spawn_app().await;
    app.login_as("pm").await;

    let r = app
        .post(
            "/projects",
            &[
                ("name", "Kept name <b>"),
                ("company", ""),
                ("size", "gigantic"),
                ("sector", "retail"),
                ("start_date", "2027-05-01"),
                ("go_live_date", "2027-01-01"),
            ],
        )
        .await;

    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("Enter the company"));
    assert!(body.contains("Choose a company size."));
    assert!(body.contains("The go-live must come after the start date."));
    assert!(body.contains("Kept name &lt;b&gt;"), "input kept and escaped");
    assert_eq!(app.count("projects").await, 0);
}

#[tokio::test]
async fn the_project_list_paginates_searches_and_exports_csv() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    for i in 0..27 {
        app.create_project(&format!("Wave {i:02}")).await;
    }
    app.create_project("=HYPERLINK(\"x\")").await;

    let (_, first) = app.get_html("/projects").await;
    assert!(first.contains("Page 1 of 2"));
    let (_, second) = app.get_html("/projects?page=2").await;
    assert!(second.contains("Page 2 of 2"));
    let (_, found) = app.get_html("/projects?q=wave%2007").await;
    assert!(found.contains("Wave 07") && !found.contains("Wave 08"));
    let (_, none) = app.get_html("/projects?q=nothing-like-this").await;
    assert!(none.contains("No project matches your search."));
    let r = app.get("/projects.csv").await;
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    assert_eq!(csv.lines().count(), 29);
    let items = app.count("checklist_templates").await;
    let wave = csv.lines().find(|l| l.contains("Wave 00")).unwrap();
    assert!(wave.ends_with(&format!(",0,{items}")), "progress columns of {wave}");
    assert!(csv.contains("'=HYPERLINK"), "formulas are neutralised");
}

#[tokio::test]
async fn an_admin_creates_a_user_and_adds_them_to_a_project() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    let p = app.create_project("Admin's").await;

    let r = app.admin_creates_user("Eva Empleada", "eva@test.example", "employee", "passphrase for eva").await;
    assert_eq!(r.status().as_u16(), 303);
    let user_path = location(&r);
    let dup = app.admin_creates_user("Eva again", "EVA@test.example", "employee", "passphrase for eva").await;
    assert_eq!(dup.status().as_u16(), 422);
    assert!(dup.text().await.unwrap().contains("already exists"));

    let r = app.post(&format!("{user_path}/memberships"), &[("project_id", &p.to_string()), ("role", "trainer")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let members = erp_rollout::projects::store::members(&app.db, p).await.unwrap();
    assert!(members.iter().any(|m| m.email == "eva@test.example" && m.role == "trainer"));

    let eva = app.another_browser();
    let r = eva.post("/login", &[("email", "eva@test.example"), ("password", "passphrase for eva")]).await;
    assert_eq!(r.status().as_u16(), 303);
    // The password the admin set is replaced first (issue 17).
    let own = [
        ("current", "passphrase for eva"),
        ("new_password", "otter kettle maple harbour"),
        ("confirm", "otter kettle maple harbour"),
    ];
    assert_eq!(eva.post("/account/password", &own).await.status().as_u16(), 303);
    let page = eva.get(&format!("/projects/{p}")).await.text().await.unwrap();
    assert!(page.contains("Formador"), "Eva reads in her own language: {page}");
}

#[tokio::test]
async fn removing_a_member_asks_for_confirmation_and_ends_their_access() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Members").await;
    let emp = app.create_user("employee").await;
    let r = app.post(&format!("/projects/{p}/members"), &[("email", &emp.email), ("role", "employee")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let m = erp_rollout::projects::store::members(&app.db, p)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.user_id == emp.id)
        .unwrap();

    let confirm = app.get(&format!("/projects/{p}/members/{}/remove", m.id)).await.text().await.unwrap();
    assert!(confirm.contains("lose access"));
    app.post(&format!("/projects/{p}/members/{}/remove", m.id), &[]).await;

    let b = app.another_browser();
    b.login(&emp.email).await;
    assert_eq!(b.get(&format!("/projects/{p}")).await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_pm_marks_a_member_as_key_user_which_keeps_their_role_and_is_audited() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Key users").await;
    let emp = app.create_user("employee").await;
    app.add_member(p, emp.id, "employee").await;
    let (db, uid) = (app.db.clone(), emp.id);
    let member = |p| {
        let db = db.clone();
        async move {
            let all = erp_rollout::projects::store::members(&db, p).await.unwrap();
            all.into_iter().find(|m| m.user_id == uid).unwrap()
        }
    };
    let m = member(p).await;
    assert!(!m.key_user, "a new member is not a key user");

    let r = app.post(&format!("/projects/{p}/members/{}/key-user", m.id), &[("key_user", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let m = member(p).await;
    assert!(m.key_user && m.role == "employee", "a flag on the membership, the role unchanged");
    let page = app.get(&format!("/projects/{p}/members")).await.text().await.unwrap();
    assert!(page.contains("key user") && page.contains("Not a key user"), "shown, with the way back");
    let csv = app.get(&format!("/projects/{p}/members.csv")).await.text().await.unwrap();
    assert!(csv.lines().any(|l| l.contains(&emp.email) && l.ends_with(",yes")), "{csv}");
    assert_eq!(app.count("audit_log WHERE action = 'membership.key_user'").await, 1);

    // The flag is not a role: changing the role keeps it.
    app.post(&format!("/projects/{p}/members"), &[("email", &emp.email), ("role", "trainer")]).await;
    assert!(member(p).await.key_user);

    // A member cannot change it, not even for themself.
    let b = app.another_browser();
    b.login(&emp.email).await;
    let r = b.post(&format!("/projects/{p}/members/{}/key-user", m.id), &[("key_user", "0")]).await;
    assert_eq!(r.status().as_u16(), 403);
    assert!(member(p).await.key_user);
}

#[tokio::test]
async fn search_ignores_accents_and_case_on_every_database() {
    let app = spawn_app().await;
    app.login_as("admin").await;
    app.create_project("Implantación Ñandú").await;
    app.create_project("Otro proyecto").await;
    let r = app.admin_creates_user("Ángela Núñez", "angela@test.example", "employee", "passphrase for angela").await;
    assert_eq!(r.status().as_u16(), 303);

    for q in ["nandu", "ÑANDÚ", "implantacion"] {
        let (_, page) = app.get_html(&format!("/projects?q={}", url_encode(q))).await;
        assert!(page.contains("Implantación Ñandú") && !page.contains("Otro proyecto"), "project search for {q}");
    }
    for q in ["angela", "ÁNGELA", "nuñez"] {
        let (_, page) = app.get_html(&format!("/admin/users?q={}", url_encode(q))).await;
        assert!(page.contains("Ángela Núñez"), "user search for {q}");
    }
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
