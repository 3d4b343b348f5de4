//! Irreversible actions ask first (issue 17): revealing the scores, releasing a training seat and
//! removing a milestone dependency show what will happen and to whom, and happen only when the
//! confirmation is posted back with `confirm=1`.

use crate::helpers::{TestApp, TestApp2, TestUser, location, spawn_app};
use erp_rollout::entities::training_booking;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

async fn member<'a>(app: &'a TestApp, p: i32) -> (TestUser, TestApp2<'a>) {
    let u = app.create_user("employee").await;
    app.add_member(p, u.id, "employee").await;
    let b = app.another_browser();
    b.login(&u.email).await;
    (u, b)
}

async fn revealed(app: &TestApp, p: i32) -> bool {
    erp_rollout::selection::store::selection(&app.db, p).await.unwrap().revealed_at.is_some()
}

#[tokio::test]
async fn revealing_the_scores_says_who_is_still_scoring_and_happens_only_once_confirmed() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Reveal").await;
    app.candidate(p, "Product A").await;
    let ana = app.create_user("employee").await;
    app.add_member(p, ana.id, "employee").await;
    app.make_evaluator(p, ana.id).await;
    let reveal = format!("/projects/{p}/selection/reveal");

    let asked = app.post(&reveal, &[]).await;

    assert_eq!(asked.status().as_u16(), 200, "a confirmation step, not the reveal");
    let page = asked.text().await.unwrap();
    assert!(page.contains("0 of 1 evaluators have finished"), "{page}");
    assert!(page.contains("Test employee is at 0 %"));
    assert!(page.contains("closes scoring for everyone"));
    assert!(page.contains(r#"name="confirm" value="1""#));
    assert!(!revealed(&app, p).await, "nothing revealed without the confirmation");

    let done = app.post(&reveal, &[("confirm", "1")]).await;

    assert_eq!(done.status().as_u16(), 303);
    assert!(revealed(&app, p).await);
}

#[tokio::test]
async fn releasing_a_seat_names_who_gets_it_and_happens_only_once_confirmed() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Seats").await;
    let sid = app.training_session(p, None, 1).await;
    let (a, ab) = member(&app, p).await;
    let (b, bb) = member(&app, p).await;
    let path = format!("/projects/{p}/training/{sid}");
    ab.post(&format!("{path}/signup"), &[]).await;
    bb.post(&format!("{path}/signup"), &[]).await;
    let statuses = || async {
        training_booking::Entity::find()
            .filter(training_booking::Column::SessionId.eq(sid))
            .order_by_asc(training_booking::Column::Id)
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|b| (b.user_id, b.status))
            .collect::<Vec<_>>()
    };

    let asked = ab.post(&format!("{path}/withdraw"), &[]).await;

    assert_eq!(asked.status().as_u16(), 200);
    let page = asked.text().await.unwrap();
    assert!(page.contains("first of the 1 people on the wait-list"), "{page}");
    assert_eq!(statuses().await, vec![(a.id, "booked".into()), (b.id, "waitlisted".into())], "nothing released yet");

    let done = ab.post(&format!("{path}/withdraw"), &[("confirm", "1")]).await;

    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(location(&done), path);
    assert_eq!(statuses().await, vec![(a.id, "cancelled".into()), (b.id, "booked".into())]);
}

#[tokio::test]
async fn removing_a_dependency_names_both_milestones_and_happens_only_once_confirmed() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let design = app.milestone(p, "Design sign-off", "2027-01-11", "2027-01-29", None).await;
    let build = app.milestone(p, "Build the interfaces", "2027-02-01", "2027-03-12", None).await;
    let dep = app.dependency(p, design, build).await;
    let remove = format!("/projects/{p}/dependencies/{dep}/delete");

    let asked = app.post(&remove, &[]).await;

    assert_eq!(asked.status().as_u16(), 200);
    let page = asked.text().await.unwrap();
    assert!(page.contains("“Build the interfaces” will no longer wait for “Design sign-off”"), "{page}");
    assert!(page.contains("projected go-live are recalculated"));
    assert_eq!(app.count("milestone_deps").await, 1, "still there without the confirmation");

    let done = app.post(&remove, &[("confirm", "1")]).await;

    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(app.count("milestone_deps").await, 0);
}

#[tokio::test]
async fn a_confirmation_for_another_projects_dependency_is_not_found() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Mine").await;
    let other = app.create_project("Other").await;
    let a = app.milestone(other, "A", "2027-01-11", "2027-01-29", None).await;
    let b = app.milestone(other, "B", "2027-02-01", "2027-03-12", None).await;
    let dep = app.dependency(other, a, b).await;

    let r = app.post(&format!("/projects/{p}/dependencies/{dep}/delete"), &[]).await;

    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(app.count("milestone_deps").await, 1);
}
