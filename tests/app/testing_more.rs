//! Test management, continued: two testers on one step, bad input, another project's PM, the demo,
//! CSV import, editing a case with results, evidence files.

use super::testing::{member, record};
use crate::helpers::spawn_app;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

#[tokio::test]
async fn two_testers_recording_the_same_step_the_second_is_told_and_nothing_is_lost() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (key, kb) = member(&app, p, "employee").await;
    app.make_key_user(p, key.id).await;
    let (case, _, run) = app.test_fixture(p, Some(pm.id)).await;
    let step = app.steps_of(case).await[0];
    let b = app.another_browser();
    b.login(&pm.email).await;

    // Both opened the step before anything was recorded (version 0).
    assert_eq!(record(&b, p, run, step, "pass", "0").await.status().as_u16(), 303);
    let r = kb
        .post(
            &format!("/projects/{p}/testing/runs/{run}/steps/{step}"),
            &[("status", "fail"), ("actual", "Key user's finding"), ("version", "0")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 409);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("recorded this step while you were testing") && body.contains("Key user&#39;s finding")
            || body.contains("Key user's finding"),
        "told, and their text kept"
    );
    assert_eq!(
        app.count(&format!("test_step_results WHERE run_id = {run} AND status = 'pass'")).await,
        1,
        "the first result stands"
    );
    // Saving again from the re-rendered page (it carries the current version) replaces it.
    assert_eq!(record(&kb, p, run, step, "fail", "1").await.status().as_u16(), 303);
    assert_eq!(app.run_row(run).await.result, "failed");

    // Truly at once, on the second step: one is recorded, the other is told.
    let second = app.steps_of(case).await[1];
    let (a, c) = tokio::join!(record(&b, p, run, second, "pass", "0"), record(&kb, p, run, second, "blocked", "0"));
    let mut codes = [a.status().as_u16(), c.status().as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [303, 409]);
    assert_eq!(app.count(&format!("test_step_results WHERE run_id = {run} AND step_id = {second}")).await, 1);
}

#[tokio::test]
async fn bad_input_gets_a_clear_422() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (case, _, _) = app.test_fixture(p, None).await;

    let r = app
        .post(
            &format!("/projects/{p}/testing/cases"),
            &[("title", "Orphan"), ("module", "finance"), ("priority", "must"), ("steps", "Do | See")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("A test case must prove at least one requirement") && body.contains("Orphan"),
        "message and input kept"
    );
    let r = app
        .post(
            &format!("/projects/{p}/testing/cases"),
            &[("title", "T"), ("module", "finance"), ("priority", "must"), ("steps", "Do | See\nno bar")],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Line 2 needs an action"));

    let r = app
        .post(
            &format!("/projects/{p}/testing/cycles"),
            &[
                ("name", "SIT 2"),
                ("kind", "sit"),
                ("starts_on", "2027-03-10"),
                ("ends_on", "2027-03-01"),
                ("exit_severity", "high"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("The cycle cannot end before it starts."));

    let r = app
        .post(
            &format!("/projects/{p}/testing/defects"),
            &[("title", "No case"), ("severity", "high"), ("module", "finance")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("A defect must be linked to the test case that found it"));

    let d = app.defect(p, case).await;
    let r =
        app.post(&format!("/projects/{p}/testing/defects/{d}/status"), &[("status", "closed"), ("version", "1")]).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("A defect that is New cannot become Closed. Possible next steps: In progress, Rejected.")
    );

    // In Spanish too.
    let es = app.create_user("pm").await;
    app.add_member(p, es.id, "pm").await;
    let b = app.another_browser();
    b.login(&es.email).await;
    erp_rollout::entities::user::Entity::update_many()
        .col_expr(erp_rollout::entities::user::Column::Locale, Expr::value(Some("es")))
        .filter(erp_rollout::entities::user::Column::Id.eq(es.id))
        .exec(&app.db)
        .await
        .unwrap();
    let r = b
        .post(
            &format!("/projects/{p}/testing/cycles"),
            &[
                ("name", "SIT 2"),
                ("kind", "sit"),
                ("starts_on", "2027-03-10"),
                ("ends_on", "2027-03-01"),
                ("exit_severity", "high"),
            ],
        )
        .await;
    let body = r.text().await.unwrap();
    assert!(body.contains("El ciclo no puede terminar antes de empezar."), "translated");
}

#[tokio::test]
async fn a_pm_of_another_project_gets_404_and_drafts_cover_every_must_have_once() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (case, cycle, run) = app.test_fixture(p, None).await;
    let d = app.defect(p, case).await;
    let other = app.create_user("pm").await;
    let b = app.another_browser();
    b.login(&other.email).await;
    b.create_project("Other").await;
    for path in [
        "testing",
        "testing/cases",
        &format!("testing/cases/{case}"),
        &format!("testing/cycles/{cycle}"),
        &format!("testing/runs/{run}"),
        &format!("testing/defects/{d}"),
        "testing/trace",
    ] {
        assert_eq!(b.get(&format!("/projects/{p}/{path}")).await.status().as_u16(), 404, "{path}");
    }

    app.requirement(p, "Month-end close in two days").await;
    app.requirement_with(p, "Nice dashboard", "could").await;
    let r = app.post(&format!("/projects/{p}/testing/cases/draft"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        app.count(&format!("test_cases WHERE project_id = {p}")).await,
        2,
        "one draft for the uncovered must-have only"
    );
    app.post(&format!("/projects/{p}/testing/cases/draft"), &[]).await;
    assert_eq!(app.count(&format!("test_cases WHERE project_id = {p}")).await, 2, "nothing twice");
}

#[tokio::test]
async fn the_demo_rollout_carries_a_sit_cycle_with_defects_and_one_critical_still_open() {
    let app = crate::helpers::spawn_app_with(|s| s.demo = true).await;
    let b = app.another_browser();
    let r = b.post("/login", &[("email", "pm@demo.example"), ("password", &erp_rollout::seeds::demo_password())]).await;
    assert_eq!(r.status().as_u16(), 303);
    let p =
        erp_rollout::entities::test_cycle::Entity::find().one(&app.db).await.unwrap().expect("a demo cycle").project_id;
    let f = erp_rollout::testing::store::readiness_facts(&app.db, p).await.unwrap();
    assert_eq!(f.cases, 15);
    assert_eq!(f.open_defects[0], 1, "one critical open: {f:?}");
    assert!(f.runs_executed >= 14 && f.musts_without_passing_case == 0, "{f:?}");
    assert_eq!(app.count("defects").await, 5);
    let cycle = erp_rollout::entities::test_cycle::Entity::find().one(&app.db).await.unwrap().unwrap();
    let (status, page) = {
        let r = b.get(&format!("/projects/{p}/testing/cycles/{}", cycle.id)).await;
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        page.contains("SIT 1 con datos migrados") && page.contains("No cumplido") && page.contains("<svg"),
        "exit rule not met, charts drawn"
    );
    let employee = app.another_browser();
    let r = employee
        .post("/login", &[("email", "employee@demo.example"), ("password", &erp_rollout::seeds::demo_password())])
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let mine = employee.get(&format!("/projects/{p}/testing")).await.text().await.unwrap();
    assert!(mine.contains("Verifactu"), "Carlos sees his runs");
}

#[tokio::test]
async fn test_cases_come_in_from_csv_and_a_bad_row_saves_nothing() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    app.requirement(p, "Facturación electrónica").await;
    let path = format!("/projects/{p}/testing/cases/import");
    assert_eq!(app.get(&path).await.status().as_u16(), 200);

    let bad = "title;module;requirements;steps\nEmitir;finance;Facturación electrónica;Crear | Creada\nHuérfano;finance;;Crear | Creada\n";
    let r = app.upload(&path, "casos.csv", bad.as_bytes().to_vec()).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("A test case must prove at least one requirement"));
    assert_eq!(app.count("test_cases").await, 0, "nothing saved");

    let good = "Título;Módulo;Requisitos;Pasos\nEmitir factura;Finanzas;facturacion electronica;\"Crear | Creada\nEmitir | Numerada\"\n";
    let r = app.upload(&path, "casos.csv", good.as_bytes().to_vec()).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(app.count("test_steps").await, 2);
    assert_eq!(app.count("test_case_requirements").await, 1);
}

#[tokio::test]
async fn editing_a_case_keeps_the_results_of_its_steps_and_a_stale_edit_is_told() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (case, _, run) = app.test_fixture(p, Some(pm.id)).await;
    let req = erp_rollout::testing::store::case_requirements(&app.db, case).await.unwrap()[0].0;
    let b = app.another_browser();
    b.login(&pm.email).await;
    let first = app.steps_of(case).await[0];
    assert_eq!(record(&b, p, run, first, "pass", "0").await.status().as_u16(), 303);
    let (_, edit) = app.get_html(&format!("/projects/{p}/testing/cases/{case}/edit")).await;
    assert!(edit.contains("Do 1 | Sees 1"), "the steps as text");

    let fields = |version: &'static str| {
        vec![
            ("title", "Renamed"),
            ("module", "finance"),
            ("priority", "must"),
            ("steps", "Do 1 | Sees 1\nDo 2, better | Sees 2\nDo 3 | Sees 3"),
            ("version", version),
        ]
    };
    let key = format!("req_{req}");
    let mut f = fields("1");
    f.push((&key, "1"));
    assert_eq!(app.post(&format!("/projects/{p}/testing/cases/{case}"), &f).await.status().as_u16(), 303);
    assert_eq!(app.steps_of(case).await.len(), 3);
    assert_eq!(app.steps_of(case).await[0], first, "the first step keeps its id");
    assert_eq!(app.count(&format!("test_step_results WHERE run_id = {run}")).await, 1, "and its result");

    let mut stale = fields("1");
    stale.push((&key, "1"));
    let r = app.post(&format!("/projects/{p}/testing/cases/{case}"), &stale).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("Someone else changed this case"));
}

#[tokio::test]
async fn a_tester_attaches_evidence_to_a_step_stored_encrypted_and_downloaded_as_an_attachment() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (tester, tb) = member(&app, p, "employee").await;
    let (_, ob) = member(&app, p, "employee").await;
    let (case, _, run) = app.test_fixture(p, Some(tester.id)).await;
    let step = app.steps_of(case).await[0];
    let path = format!("/projects/{p}/testing/runs/{run}/steps/{step}/evidence");
    assert_eq!(record(&tb, p, run, step, "fail", "0").await.status().as_u16(), 303);

    let secret = b"<script>alert(1)</script> screenshot bytes".to_vec();
    let token = tb.jar_cookie("erp_csrf").expect("csrf");
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("file", reqwest::multipart::Part::bytes(secret.clone()).file_name("factura \"rechazada\".png"));
    let r = tb.client.post(app.url(&path)).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = tb.get(&format!("/projects/{p}/testing/runs/{run}")).await.text().await.unwrap();
    assert!(page.contains("factura rechazada.png"), "listed under its own name");

    let r = tb.get(&path).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(r.bytes().await.unwrap().to_vec(), secret);
    let dir = erp_rollout::testing::evidence::dir(&app.settings);
    let stored = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    assert!(
        !String::from_utf8_lossy(&std::fs::read(stored).unwrap()).contains("screenshot bytes"),
        "encrypted at rest"
    );
    assert_eq!(ob.get(&path).await.status().as_u16(), 403, "not another employee's");
}
