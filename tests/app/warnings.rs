//! Warnings in use: acknowledging and snoozing with a reason, a warning coming back, the weekly
//! digest, the portfolio and the readiness snapshots.

use crate::helpers::{TestApp, spawn_app};
use chrono::Duration;
use erp_rollout::clock::Clock;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn an_acknowledged_warning_needs_a_reason_and_comes_back_when_the_evidence_grows() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let yesterday = (app.clock.now().date_naive() - Duration::days(1)).to_string();
    app.milestone(p, "Late one", "2027-01-01", &yesterday, None).await;
    let base = format!("/projects/{p}/warnings");

    let page = app.get(&base).await.text().await.unwrap();
    assert!(page.contains("Lack of planning") && page.contains("Open milestones without an accountable owner: 1."));
    assert!(page.contains("The guide recommends:"));
    let no_reason = app.post(&format!("{base}/milestones_without_owner/acknowledge"), &[("reason", "ok")]).await;
    assert_eq!(no_reason.status().as_u16(), 422);
    let ack = app
        .post(
            &format!("{base}/milestones_without_owner/acknowledge"),
            &[("reason", "Owners are named at Monday's steering meeting")],
        )
        .await;
    assert_eq!(ack.status().as_u16(), 303);
    let snooze = app
        .post(&format!("{base}/overdue_milestones/snooze"), &[("reason", "Vendor delay, agreed"), ("days", "7")])
        .await;
    assert_eq!(snooze.status().as_u16(), 303);
    let home = app.get(&format!("/projects/{p}")).await.text().await.unwrap();
    assert!(home.contains("All warnings"), "the home page carries the warnings card");
    assert!(
        !home.contains("without an accountable owner") && !home.contains("past their due date"),
        "set aside: not on the home page"
    );

    app.milestone(p, "Another without owner", "2027-02-01", "2027-03-01", None).await;
    let page = app.get(&base).await.text().await.unwrap();
    assert!(page.contains("Back: the evidence grew from 1 to 2"));
    assert!(page.contains("Snoozed until"));
    let csv = app.get(&format!("{base}.csv")).await.text().await.unwrap();
    assert!(
        csv.contains("overdue_milestones") && csv.contains("snoozed") && csv.contains("Vendor delay, agreed"),
        "{csv}"
    );
}

#[tokio::test]
async fn the_weekly_digest_goes_once_a_week_says_what_is_new_or_worse_and_can_be_turned_off() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let yesterday = (app.clock.now().date_naive() - Duration::days(1)).to_string();
    app.milestone(p, "Late one", "2027-01-01", &yesterday, Some(pm.id)).await;
    let run = || erp_rollout::warnings::digest::run(&app.state);

    let first = run().await.unwrap();
    let again = run().await.unwrap();
    let mails = |app: &TestApp| {
        let db = app.db.clone();
        let to = pm.email.clone();
        async move {
            erp_rollout::entities::outbox::Entity::find()
                .filter(erp_rollout::entities::outbox::Column::ToAddr.eq(to))
                .all(&db)
                .await
                .unwrap()
        }
    };
    let week1 = mails(&app).await;
    assert_eq!((first, again), (1, 0), "once per week");
    assert!(
        week1[0].body_text.contains("New: Milestones past their due date and not done: 1"),
        "{}",
        week1[0].body_text
    );
    assert!(week1[0].body_text.contains("Overdue milestones: 1."));

    // A week later one more milestone is late: the digest says it got worse, not new.
    app.clock.advance(Duration::days(7));
    let later = (app.clock.now().date_naive() - Duration::days(1)).to_string();
    app.milestone(p, "Late two", "2027-01-01", &later, Some(pm.id)).await;
    assert_eq!(run().await.unwrap(), 1);
    let week2 = mails(&app).await;
    assert!(
        week2[1].body_text.contains("Worse: Milestones past their due date and not done: 2"),
        "{}",
        week2[1].body_text
    );

    // Turned off on the account page: nothing the week after.
    app.login(&pm.email, crate::helpers::PASSWORD).await;
    let off = app.post("/account/reminders", &[("kind", "weekly_digest"), ("enabled", "0")]).await;
    assert_eq!(off.status().as_u16(), 303);
    app.clock.advance(Duration::days(7));
    assert_eq!(run().await.unwrap(), 0);
}

#[tokio::test]
async fn the_portfolio_lists_the_projects_a_pm_runs_with_their_readiness() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let mine = app.create_project("Mine").await;
    let other = app.another_browser();
    let other_pm = app.create_user("pm").await;
    other.login(&other_pm.email).await;
    other.create_project("Someone else's").await;

    let before = app.get("/portfolio").await.text().await.unwrap();
    app.get(&format!("/projects/{mine}")).await; // the home page takes today's snapshot
    let after = app.get("/portfolio").await.text().await.unwrap();
    let readiness = app.get(&format!("/projects/{mine}/readiness")).await.text().await.unwrap();

    assert!(before.contains("Mine") && !before.contains("Someone else"));
    assert!(before.contains("not assessed yet"));
    // A new project with nothing tracked is never a (conditional) go.
    assert!(after.contains("NOT ASSESSED") && !after.contains("CONDITIONAL GO"), "{after}");
    assert!(readiness.contains("Data migration") && readiness.contains("Phase gates"));
    assert_eq!(app.count(&format!("readiness_snapshots WHERE project_id = {mine}")).await, 1, "one snapshot per day");
    // The daily pass covers the project nobody opened, once.
    assert_eq!(erp_rollout::warnings::readiness::snapshot_due(&app.state, 50).await.unwrap(), 1);
    assert_eq!(erp_rollout::warnings::readiness::snapshot_due(&app.state, 50).await.unwrap(), 0);
    assert_eq!(app.count("readiness_snapshots").await, 2);
}
