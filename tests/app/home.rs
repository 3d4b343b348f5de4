//! Issue 17, point 3: everyone at home. Sign-in lands on `/home`, which shows what each person has to
//! do in the roles they hold; a project's tabs are those the role can use, and trainers and employees
//! see their own next steps on a project's home page instead of the PM's dashboard.

use crate::helpers::{PASSWORD, location, spawn_app};
use erp_rollout::entities::{feedback, training_booking, training_session};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

async fn book(app: &crate::helpers::TestApp, session: i32, user: i32, status: &str) {
    training_booking::ActiveModel {
        session_id: Set(session),
        user_id: Set(user),
        status: Set(status.into()),
        signed_up_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn an_employee_lands_on_their_sessions_surveys_and_answered_feedback() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    app.logout().await;
    let e = app.create_user("employee").await;
    app.add_member(p, e.id, "employee").await;
    let s = app.training_session(p, None, 10).await;
    book(&app, s, e.id, "booked").await;
    app.survey_wave(p).await;
    let f = app.feedback_item(p, Some(e.id)).await;
    feedback::Entity::update_many()
        .col_expr(feedback::Column::Reply, Expr::value("Fixed in the next release"))
        .col_expr(feedback::Column::Status, Expr::value("planned"))
        .filter(feedback::Column::Id.eq(f))
        .exec(&app.db)
        .await
        .unwrap();

    let r = app.login(&e.email, PASSWORD).await;
    assert_eq!(location(&r), "/home", "sign-in lands on the start page");
    let home = app.get("/home").await.text().await.unwrap();
    for text in ["Your next sessions", "Facturación", "Booked", "30 days after go-live", "Fixed in the next release"] {
        assert!(home.contains(text), "{text} on the employee's start page");
    }
    assert!(!home.contains("Projects you manage") && !home.contains("Sessions you give"));

    let overview = app.get(&format!("/projects/{p}")).await.text().await.unwrap();
    assert!(!overview.contains("Go-live readiness"), "no PM dashboard for an employee");
    assert!(!overview.contains("sign in without a second factor"));
    assert!(overview.contains("Your next sessions"));
    let tabs = overview.split("aria-label=\"Project sections\"").nth(1).unwrap().split("</nav>").next().unwrap();
    for shown in ["Training", "Feedback", "Surveys"] {
        assert!(tabs.contains(shown), "{shown} tab");
    }
    for hidden in ["Selection", "Data migration", "Requirements", "Warnings", "KPIs"] {
        assert!(!tabs.contains(hidden), "no {hidden} tab for an employee");
    }
    let _ = pm;
}

#[tokio::test]
async fn a_trainer_sees_the_sessions_they_give_and_the_rosters_left_to_mark() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    app.logout().await;
    let t = app.create_user("trainer").await;
    app.add_member(p, t.id, "trainer").await;
    let next = app.training_session(p, Some(t.id), 8).await;
    let given = app.training_session(p, Some(t.id), 8).await;
    let past = chrono::Utc::now() - chrono::Duration::days(3);
    training_session::Entity::update_many()
        .col_expr(training_session::Column::StartsAt, Expr::value(past))
        .col_expr(training_session::Column::EndsAt, Expr::value(past + chrono::Duration::hours(2)))
        .col_expr(training_session::Column::Title, Expr::value("Compras (dada)"))
        .filter(training_session::Column::Id.eq(given))
        .exec(&app.db)
        .await
        .unwrap();
    let learner = app.create_user("employee").await;
    app.add_member(p, learner.id, "employee").await;
    book(&app, given, learner.id, "booked").await;
    book(&app, next, learner.id, "booked").await;

    app.login(&t.email, PASSWORD).await;
    let home = app.get("/home").await.text().await.unwrap();

    assert!(home.contains("Sessions you give") && home.contains("1 of 8 seats booked"), "{home}");
    assert!(home.contains("Rosters to mark") && home.contains("Compras (dada)") && home.contains("1 not marked"));
    let tabs = app.get(&format!("/projects/{p}")).await.text().await.unwrap();
    assert!(tabs.contains(">Plan<") && !tabs.contains(">Selection<"));
}

#[tokio::test]
async fn a_project_manager_sees_each_projects_verdict_and_what_is_overdue() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout with a late milestone").await;
    app.milestone(p, "Late one", "2026-01-05", "2026-01-09", Some(pm.id)).await;

    let home = app.get("/home").await.text().await.unwrap();

    assert!(home.contains("Projects you manage") && home.contains("Rollout with a late milestone"));
    assert!(home.contains("NO-GO"), "the overdue milestone turns the plan red");
    assert!(home.contains("workstream(s) with nothing tracked"));
    assert!(home.contains("Late one"), "their own milestone, overdue, is listed");
    let overdue = home.split("Overdue milestones").nth(1).unwrap();
    assert!(overdue.contains("badge bad\">1<"), "one overdue milestone");
}
