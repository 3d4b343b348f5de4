//! Each role's main journey in a real browser (headless Chromium through chromedriver) on the real
//! server with the demo rollout, and axe-core on every page it visits: no serious or critical
//! accessibility violation. Skipped with a note where Chromium is not installed, unless
//! `ERP_BROWSER_TESTS=required` (docs/testing.md).

mod axe;
mod harness;

use fantoccini::Locator;
use harness::Browser;

#[tokio::test]
async fn the_accessibility_check_sees_an_image_without_a_text_alternative() {
    let Some(mut b) = Browser::start().await else { return };
    b.visit("/login").await;

    let broken = "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">');";
    b.c.execute(broken, vec![]).await.expect("add an image");
    let found = axe::run(&b.c).await.expect("axe runs");

    assert!(found.iter().any(|v| v.id == "image-alt" && v.impact == "critical"), "{found:?}");
    b.finish().await;
}

#[tokio::test]
async fn an_administrator_reviews_users_the_audit_log_and_a_project() {
    let Some(mut b) = Browser::start().await else { return };

    b.sign_in("admin@demo.example").await;
    b.visit("/admin/users").await;
    assert!(b.body().await.contains("pm@demo.example"), "the users list shows the demo accounts");
    let user = b.first_record("/admin/users/").await;
    b.visit(&user).await;
    b.visit("/admin/users/new").await;
    b.visit("/admin/audit").await;
    let project = b.main_project().await;
    b.visit(&project).await;
    b.visit(&format!("{project}/members")).await;

    b.finish().await;
}

#[tokio::test]
async fn a_project_manager_walks_through_readiness_the_plan_selection_migration_training_and_feedback() {
    let Some(mut b) = Browser::start().await else { return };

    b.sign_in("pm@demo.example").await;
    b.visit("/").await;
    let p = b.main_project().await;
    b.visit(&p).await;
    b.visit(&format!("{p}/readiness")).await;
    b.visit(&format!("{p}/warnings")).await;
    b.visit(&format!("{p}/phases/implementation")).await;
    b.visit(&format!("{p}/requirements")).await;
    b.visit(&format!("{p}/milestones")).await;
    let milestone = b.first_record_page(&format!("{p}/milestones/"), "/edit").await;
    b.visit(&milestone).await;
    b.visit(&format!("{p}/schedule")).await;
    b.visit(&format!("{p}/gantt")).await;
    b.visit(&format!("{p}/selection")).await;
    b.visit(&format!("{p}/selection/results")).await;
    b.visit(&format!("{p}/selection/fit")).await;
    b.visit(&format!("{p}/migration")).await;
    let object = b.first_record(&format!("{p}/migration/")).await;
    b.visit(&object).await;
    b.visit(&format!("{p}/training")).await;
    b.visit(&format!("{p}/training/coverage")).await;
    b.visit(&format!("{p}/feedback")).await;
    let item = b.first_record(&format!("{p}/feedback/")).await;
    b.visit(&item).await;
    let reply = b.c.find(Locator::Css("textarea[name=reply]")).await.expect("reply field");
    reply.send_keys(" Lo revisamos en la próxima sesión.").await.expect("type the reply");
    b.submit("/triage").await;
    assert!(b.body().await.contains("Opinión actualizada"), "the answer is saved: {}", b.body().await);
    b.visit(&format!("{p}/surveys")).await;
    b.visit(&format!("{p}/adoption")).await;

    b.finish().await;
}

#[tokio::test]
async fn a_trainer_reviews_the_sessions_and_a_roster() {
    let Some(mut b) = Browser::start().await else { return };

    b.sign_in("trainer@demo.example").await;
    let p = b.main_project().await;
    b.visit(&format!("{p}/training")).await;
    let session = b.link_to("Finanzas").await;
    b.visit(&session).await;
    assert!(b.body().await.contains("Lista de asistentes"), "the trainer sees the roster");
    b.visit(&format!("{session}/message")).await;
    b.visit(&format!("{p}/training/resources")).await;

    b.finish().await;
}

#[tokio::test]
async fn an_employee_signs_up_for_a_session_gives_feedback_and_answers_a_survey() {
    let Some(mut b) = Browser::start().await else { return };

    b.sign_in("employee@demo.example").await;
    let p = b.main_project().await;
    b.visit(&format!("{p}/training/mine")).await;
    let security = b.link_to("Seguridad").await;
    b.visit(&security).await;
    b.submit("/signup").await;
    assert!(b.body().await.contains("Liberar mi plaza"), "the employee has a seat");

    b.visit(&format!("{p}/feedback")).await;
    for (name, value) in [("module", "logistics"), ("rating", "3")] {
        let select = b.c.find(Locator::Css(&format!("select[name={name}]"))).await.expect("a choice");
        select.select_by_value(value).await.expect("choose");
    }
    let body = b.c.find(Locator::Css("textarea[name=body]")).await.expect("feedback field");
    body.send_keys("El lector de códigos tarda en sincronizar.").await.expect("type feedback");
    b.submit("/feedback").await;
    let listed = b.body().await;
    assert!(
        listed.contains("Gracias. El equipo del proyecto") && listed.contains("· Logística"),
        "sent and listed: {listed}"
    );

    b.visit(&format!("{p}/surveys")).await;
    let wave = b.link_to("30 días").await;
    b.visit(&wave).await;
    let answers = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"].map(|q| (q, "4")).into_iter();
    for (name, value) in answers.chain([("enps", "8")]) {
        let radio = b.c.find(Locator::Css(&format!("input[name={name}][value='{value}']"))).await.expect("a radio");
        radio.click().await.expect("choose");
    }
    b.submit(&wave).await;
    assert!(b.body().await.contains("Gracias"), "the answers are taken: {}", b.body().await);

    b.finish().await;
}

/// Employees open their session and survey links from mail on a phone: at 390 px every page they
/// and a PM reach (the PM's whole journey above) fits the width (nothing scrolls sideways but a wide table inside itself), and the
/// header and tabs leave the content near the top.
#[tokio::test]
async fn on_a_phone_each_roles_pages_fit_the_width_and_the_content_starts_near_the_top() {
    let Some(mut b) = Browser::start().await else { return };
    b.c.set_window_size(390, 844).await.expect("a phone-sized window");

    let mut measured = Vec::new();
    b.sign_in("employee@demo.example").await;
    let p = b.main_project().await;
    b.visit(&format!("{p}/training/mine")).await;
    let session = b.link_to("Seguridad").await;
    b.visit(&format!("{p}/surveys")).await;
    let wave = b.link_to("30 días").await;
    for page in
        ["/home".to_string(), p.clone(), format!("{p}/training/mine"), session.clone(), format!("{p}/feedback"), wave]
    {
        b.visit(&page).await;
        measured.push((page, b.layout().await));
    }
    b.submit("/logout").await;
    b.sign_in("pm@demo.example").await;
    b.visit(&format!("{p}/migration")).await;
    let object = b.first_record(&format!("{p}/migration/")).await;
    b.visit(&format!("{p}/feedback")).await;
    let item = b.first_record(&format!("{p}/feedback/")).await;
    let pm_pages = [
        "/home",
        "",
        "/readiness",
        "/warnings",
        "/phases/implementation",
        "/requirements",
        "/milestones",
        "/schedule",
        "/gantt",
        "/selection",
        "/selection/results",
        "/selection/fit",
        "/migration",
        "/training",
        "/training/coverage",
        "/feedback",
        "/surveys",
        "/adoption",
        "/cutover",
        "/support",
        "/support/overview",
    ]
    .map(|rest| if rest == "/home" { rest.to_string() } else { format!("{p}{rest}") });
    for page in pm_pages.into_iter().chain([session, object, item]) {
        b.visit(&page).await;
        measured.push((page, b.layout().await));
    }

    let too_wide: Vec<_> = measured.iter().filter(|(_, ((page, window, _), _))| page > window).collect();
    assert!(
        too_wide.is_empty(),
        "pages wider than the window ((page, window, main's top), what reaches past it): {too_wide:?}"
    );
    let low: Vec<_> = measured.iter().filter(|(_, ((_, _, top), _))| *top > 260).collect();
    assert!(low.is_empty(), "content starting more than 260 px down: {low:?}");
    b.finish().await;
}

#[tokio::test]
async fn a_pm_and_a_tester_go_through_the_sit_cycle_cases_runs_defects_and_traceability() {
    let Some(mut b) = Browser::start().await else { return };

    b.sign_in("pm@demo.example").await;
    let p = b.main_project().await;
    b.visit(&format!("{p}/testing")).await;
    b.visit(&format!("{p}/testing/cases")).await;
    let case = b.first_record(&format!("{p}/testing/cases/")).await;
    b.visit(&case).await;
    b.visit(&format!("{case}/edit")).await;
    b.visit(&format!("{p}/testing/cases/new")).await;
    b.visit(&format!("{p}/testing/cases/import")).await;
    b.visit(&format!("{p}/testing/cycles")).await;
    let cycle = b.first_record(&format!("{p}/testing/cycles/")).await;
    b.visit(&cycle).await;
    assert!(b.body().await.contains("No cumplido"), "the exit rule is not met");
    let run = b.first_record(&format!("{p}/testing/runs/")).await;
    b.visit(&run).await;
    b.visit(&format!("{p}/testing/defects")).await;
    let defect = b.first_record(&format!("{p}/testing/defects/")).await;
    b.visit(&defect).await;
    b.visit(&format!("{p}/testing/defects/new")).await;
    b.visit(&format!("{p}/testing/trace")).await;
    b.finish().await;

    let Some(mut t) = Browser::start().await else { return };
    t.sign_in("employee@demo.example").await;
    let p = t.main_project().await;
    t.visit(&format!("{p}/testing")).await;
    let mine = t.first_record(&format!("{p}/testing/runs/")).await;
    t.visit(&mine).await;
    t.visit(&format!("{p}/testing/defects")).await;
    t.finish().await;
}

#[tokio::test]
async fn a_pm_reviews_the_cutover_weekend_and_the_support_desk_and_an_employee_files_a_ticket() {
    let Some(mut b) = Browser::start().await else { return };

    b.sign_in("pm@demo.example").await;
    let p = b.main_project().await;
    b.visit(&format!("{p}/cutover")).await;
    assert!(b.body().await.contains("Ensayo"), "the demo's dress run is compared: {}", b.body().await);
    let task = b.first_record_page(&format!("{p}/cutover/"), "/edit").await;
    b.visit(&task).await;
    b.visit(&format!("{p}/cutover/new")).await;
    b.visit(&format!("{p}/cutover-go-no-go")).await;
    b.visit(&format!("{p}/support")).await;
    let ticket = b.first_record(&format!("{p}/support/")).await;
    b.visit(&ticket).await;
    b.visit(&format!("{p}/support/overview")).await;
    b.visit(&format!("{p}/support/articles")).await;
    let article = b.first_record(&format!("{p}/support/articles/")).await;
    b.visit(&article).await;
    b.finish().await;

    let Some(mut e) = Browser::start().await else { return };
    e.sign_in("employee@demo.example").await;
    let p = e.main_project().await;
    e.visit(&format!("{p}/support")).await;
    e.visit(&format!("{p}/support/new")).await;
    for (name, value) in [("module", "finance"), ("severity", "medium")] {
        let select = e.c.find(Locator::Css(&format!("select[name={name}]"))).await.expect("a choice");
        select.select_by_value(value).await.expect("choose");
    }
    let title = e.c.find(Locator::Css("input[name=title]")).await.expect("title");
    title.send_keys("El asiento de la factura no se contabiliza").await.expect("type the title");
    let body = e.c.find(Locator::Css("textarea[name=description]")).await.expect("description");
    body.send_keys("Al contabilizar la factura 2027-118 aparece el error FI-042.").await.expect("type it");
    e.submit(&format!("{p}/support")).await;
    assert!(e.body().await.contains("El asiento de la factura no se contabiliza"), "filed: {}", e.body().await);
    e.finish().await;
}
