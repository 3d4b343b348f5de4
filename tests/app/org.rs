//! Organizational structure and the customization register.

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_pm_builds_entity_site_and_department_and_a_site_cannot_sit_under_a_department() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Org").await;
    let add = |name: &'static str, kind: &'static str, parent: String| {
        let app = &app;
        async move {
            app.post(&format!("/projects/{p}/org"), &[("name", name), ("kind", kind), ("parent_id", &parent)]).await
        }
    };
    assert_eq!(add("Distribuciones del Turia S.L.", "legal_entity", String::new()).await.status().as_u16(), 303);
    let entity = erp_rollout::projects::org::units(&app.db, p).await.unwrap()[0].id;
    assert_eq!(add("Almacén de Paterna", "site", entity.to_string()).await.status().as_u16(), 303);
    let site =
        erp_rollout::projects::org::units(&app.db, p).await.unwrap().iter().find(|u| u.kind == "site").unwrap().id;
    assert_eq!(add("Expediciones", "department", site.to_string()).await.status().as_u16(), 303);
    let dept = erp_rollout::projects::org::departments(&app.db, p).await.unwrap()[0].clone();

    let wrong = add("Site under a department", "site", dept.0.to_string()).await;
    let duplicate = add("Expediciones", "department", site.to_string()).await;

    assert_eq!(dept.1, "Distribuciones del Turia S.L. / Almacén de Paterna / Expediciones");
    assert_eq!(wrong.status().as_u16(), 422);
    assert!(wrong.text().await.unwrap().contains("a site belongs to a legal entity"));
    assert_eq!(duplicate.status().as_u16(), 422);
    assert_eq!(app.count("org_units").await, 3);
    let r = app.post(&format!("/projects/{p}/org/{entity}/delete"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(app.count("org_units").await, 0, "children go with their parent");
}

#[tokio::test]
async fn customizations_are_decided_with_a_note_and_their_share_of_requirements_warns_above_20_percent() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Custom").await;
    let other = app.create_project("Other").await;
    let mut reqs = Vec::new();
    for i in 0..5 {
        reqs.push(app.requirement(p, &format!("R{i}")).await);
    }
    let foreign = app.requirement(other, "Foreign").await;
    let base = format!("/projects/{p}/customizations");
    let fields = |req: String| {
        vec![
            ("title", "Lot label with expiry".to_string()),
            ("requirement_id", req),
            ("kind", "custom_development".into()),
            ("business_value", "high".into()),
            ("effort_days", "3,5".into()),
            ("upgrade_risk", "medium".into()),
        ]
    };
    let as_pairs = |v: &[(&'static str, String)]| v.iter().map(|(a, b)| (*a, b.clone())).collect::<Vec<_>>();

    let bad = as_pairs(&fields(foreign.to_string()));
    let bad: Vec<(&str, &str)> = bad.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let r_foreign = app.post(&base, &bad).await;
    let good = as_pairs(&fields(reqs[0].to_string()));
    let good: Vec<(&str, &str)> = good.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(app.post(&base, &good).await.status().as_u16(), 303);
    assert_eq!(app.post(&base, &good).await.status().as_u16(), 303);
    let ids: Vec<i32> = {
        use sea_orm::EntityTrait;
        erp_rollout::entities::customization::Entity::find().all(&app.db).await.unwrap().iter().map(|c| c.id).collect()
    };
    let decided = app
        .post(
            &format!("{base}/{}/decision", ids[0]),
            &[("status", "approved"), ("note", "Needed for food safety audits")],
        )
        .await;
    let mut stale = good.clone();
    stale.push(("version", "1"));
    let conflict = app.post(&format!("{base}/{}", ids[0]), &stale).await;
    let (_, list) = app.get_html(&base).await;

    assert_eq!(r_foreign.status().as_u16(), 422);
    assert_eq!(decided.status().as_u16(), 303);
    assert_eq!(conflict.status().as_u16(), 409, "the decision changed the request since version 1");
    let counts = erp_rollout::plan::customizations_store::counts(&app.db, p).await.unwrap();
    assert_eq!((counts.approved, counts.requested, counts.requirements), (1, 1, 5));
    assert_eq!(counts.share_of_requirements(), Some(40.0));
    assert!(list.contains("40 %") && list.contains("over 20 %"));
    use sea_orm::EntityTrait;
    let c = erp_rollout::entities::customization::Entity::find_by_id(ids[0]).one(&app.db).await.unwrap().unwrap();
    assert_eq!((c.decided_by, c.effort_days), (Some(pm.id), 3.5));
    assert!(c.decided_at.is_some() && c.decision_note.as_deref() == Some("Needed for food safety audits"));
}

#[tokio::test]
async fn the_register_sorts_by_effort_filters_by_status_and_names_who_decided() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Register").await;
    let base = format!("/projects/{p}/customizations");
    for (title, kind, effort) in [
        ("Small setting", "configuration", "0,5"),
        ("Big screen", "custom_development", "20"),
        ("Middle report", "extension", "4"),
    ] {
        let fields = [
            ("title", title),
            ("kind", kind),
            ("business_value", "medium"),
            ("effort_days", effort),
            ("upgrade_risk", "low"),
        ];
        assert_eq!(app.post(&base, &fields).await.status().as_u16(), 303);
    }
    let ids: Vec<(i32, String)> = {
        use sea_orm::EntityTrait;
        let all = erp_rollout::entities::customization::Entity::find().all(&app.db).await.unwrap();
        all.into_iter().map(|c| (c.id, c.title)).collect()
    };
    let id_of = |t: &str| ids.iter().find(|(_, x)| x == t).unwrap().0;
    let approve = [("status", "approved"), ("note", "No standard alternative")];
    assert_eq!(app.post(&format!("{base}/{}/decision", id_of("Big screen")), &approve).await.status().as_u16(), 303);
    let reject = [("status", "rejected"), ("note", "")];
    assert_eq!(app.post(&format!("{base}/{}/decision", id_of("Small setting")), &reject).await.status().as_u16(), 303);

    let (_, by_effort) = app.get_html(&format!("{base}?sort=effort&dir=desc")).await;
    let (_, approved) = app.get_html(&format!("{base}?status=approved")).await;
    let (_, none) = app.get_html(&format!("{base}?status=requested&kind=configuration")).await;
    let csv = app.get(&format!("{base}.csv")).await.text().await.unwrap();
    let (by_value, _) = app.get_html(&format!("{base}?sort=value&dir=desc")).await;
    let (by_risk, _) = app.get_html(&format!("{base}?sort=risk")).await;

    let at = |t: &str| by_effort.find(t).unwrap();
    assert!(at("Big screen") < at("Middle report") && at("Middle report") < at("Small setting"));
    assert!(approved.contains("Big screen") && !approved.contains("Middle report"));
    assert!(none.contains("No request matches these filters."));
    assert_eq!((by_value, by_risk), (200, 200), "value and risk sort by rank, not by code");
    let name = {
        use sea_orm::EntityTrait;
        erp_rollout::entities::user::Entity::find_by_id(pm.id).one(&app.db).await.unwrap().unwrap().name
    };
    assert!(approved.contains(&name), "the list says who decided");
    assert!(csv.contains(&format!("approved,No standard alternative,{name},")));
    let c = erp_rollout::plan::customizations_store::counts(&app.db, p).await.unwrap();
    assert_eq!((c.requested, c.approved, c.rejected), (1, 1, 1));
    assert_eq!((c.configuration, c.extension, c.custom_development), (0, 1, 1), "rejected requests change nothing");
    assert_eq!(c.share_of_requirements(), None, "no requirements, no share");
}

#[tokio::test]
async fn an_employee_reads_the_org_tree_and_the_register_without_the_forms() {
    let app = spawn_app().await;
    let employee = app.create_user("employee").await;
    app.login_as("pm").await;
    let p = app.create_project("Readers").await;
    app.add_member(p, employee.id, "employee").await;
    app.org_unit(p, "Compras").await;
    app.customization(p).await;
    let b = app.another_browser();
    b.login(&employee.email).await;

    let org = b.get(&format!("/projects/{p}/org")).await.text().await.unwrap();
    let register = b.get(&format!("/projects/{p}/customizations")).await.text().await.unwrap();

    assert!(org.contains("Compras") && org.contains("Department") && !org.contains("Add a unit"));
    assert!(register.contains("Custom lot label") && !register.contains("New request"));
    assert!(!register.contains("/decision"), "no approve or reject buttons for an employee");
}

#[tokio::test]
async fn a_members_department_is_set_kept_on_a_role_change_and_cleared_on_request() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let sales = app.org_unit(p, "Comercial").await.to_string();
    let u = app.create_user("employee").await;
    let path = format!("/projects/{p}/members");
    let dept = |app: &crate::helpers::TestApp| {
        let db = app.db.clone();
        async move {
            erp_rollout::projects::store::members(&db, p)
                .await
                .unwrap()
                .into_iter()
                .find(|m| m.user_id == u.id)
                .and_then(|m| m.department_id)
        }
    };

    app.post(&path, &[("email", &u.email), ("role", "employee"), ("department_id", &sales)]).await;
    let set = dept(&app).await;
    app.post(&path, &[("email", &u.email), ("role", "trainer"), ("department_id", "")]).await;
    let kept = dept(&app).await;
    let bad = app.post(&path, &[("email", &u.email), ("role", "trainer"), ("department_id", "999999")]).await;
    app.post(&path, &[("email", &u.email), ("role", "trainer"), ("department_id", "none")]).await;
    let cleared = dept(&app).await;
    let csv = app.get(&format!("{path}.csv")).await.text().await.unwrap();

    assert_eq!((set, kept, cleared), (Some(sales.parse().unwrap()), Some(sales.parse().unwrap()), None));
    assert_eq!(bad.status().as_u16(), 422);
    assert!(csv.starts_with("name,email,role,department"));
}
