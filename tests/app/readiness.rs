//! Issue 17, point 2: readiness never reads absence of evidence as good news. A new, empty project
//! was "CONDITIONAL GO (78.6)" with four workstreams green and "nothing to report"; now each
//! workstream with nothing tracked is *not assessed*, names its next step, withholds GO and
//! CONDITIONAL GO, and is a NO-GO within 30 days of go-live.

use crate::helpers::{PASSWORD, spawn_app};
use chrono::Duration;
use erp_rollout::entities::{readiness_snapshot, training_session};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn an_empty_project_is_not_assessed_until_each_workstream_has_evidence() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Empty rollout").await;

    let home = app.get(&format!("/projects/{p}")).await.text().await.unwrap();
    let card = app.get(&format!("/projects/{p}/readiness")).await.text().await.unwrap();

    for page in [&home, &card] {
        assert!(page.contains("NOT ASSESSED") && !page.contains("CONDITIONAL GO"), "{page}");
    }
    assert!(home.contains("Plan the milestones") && home.contains("Schedule a security session"), "{home}");
    // Plan, migration, testing, training, cutover and adoption; security is amber already (this PM
    // has no second factor), and still says that no security session is planned.
    assert_eq!(card.matches(">not assessed<").count(), 6, "{card}");
    assert!(card.contains("Write the test cases") && card.contains("Plan the cutover"), "{card}");
    assert!(card.contains("No security-awareness session is planned"));
    assert!(card.contains("absence of evidence is not readiness"));
    assert!(!card.contains("Nothing to report"), "no workstream is green without evidence");
    let snap = || async {
        readiness_snapshot::Entity::find()
            .filter(readiness_snapshot::Column::ProjectId.eq(p))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
    };
    let s = snap().await;
    assert_eq!((s.verdict.as_str(), s.unassessed, s.greens, s.ambers), ("not_assessed", 6, 0, 3));
    assert_eq!(erp_rollout::warnings::readiness::percent(&s), 150.0 / 9.0, "only the three ambers count");

    // Evidence in every workstream: a plan, sessions (one on security), a KPI, a migration object,
    // a test case and a cutover runbook.
    app.milestone(p, "Configure finance", "2027-02-01", "2027-02-26", None).await;
    app.training_session(p, None, 10).await;
    let security = app.training_session(p, None, 10).await;
    training_session::Entity::update_many()
        .col_expr(training_session::Column::Kind, Expr::value("security"))
        .filter(training_session::Column::Id.eq(security))
        .exec(&app.db)
        .await
        .unwrap();
    app.kpi(p).await;
    app.migration_object(p, None).await;
    let req = app.requirement(p, "Post supplier invoices").await;
    app.test_case(p, req, "high", 3).await;
    app.cutover_task(p).await;

    let card = app.get(&format!("/projects/{p}/readiness")).await.text().await.unwrap();
    assert!(!card.contains(">not assessed<"), "{card}");
    assert!(
        card.contains("on 1 migration object(s) tracked.")
            && card.contains("on 2 training session(s).")
            && card.contains("on 1 test case(s) and 0 run(s) executed.")
            && card.contains("on a runbook of 1 task(s) and 0 finished rehearsal(s)."),
        "what green rests on (the plan is amber: its milestone has no owner): {card}"
    );
    assert!(card.contains("CONDITIONAL GO"), "no product chosen and the gates open: amber, on evidence");
    assert_eq!(snap().await.unassessed, 0, "today's snapshot follows");
}

#[tokio::test]
async fn within_thirty_days_of_go_live_no_evidence_is_a_no_go() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Late rollout").await;
    // The project goes live on 2027-10-01; stand 20 days before it.
    let target = chrono::NaiveDate::from_ymd_opt(2027, 9, 11).unwrap();
    let now = erp_rollout::clock::Clock::now(app.clock.as_ref()).date_naive();
    app.clock.advance(Duration::days((target - now).num_days()));
    app.login(&pm.email, PASSWORD).await; // the first session ended long ago

    let card = app.get(&format!("/projects/{p}/readiness")).await.text().await.unwrap();
    assert!(card.contains("NO-GO") && card.contains("no evidence within 30 days"), "{card}");
}
