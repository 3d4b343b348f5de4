//! Edges found reviewing issue 18's rooms: the same id typed twice, a date far in the future, a
//! UAT cycle that leaves must-haves out, a closed ticket, a task deleted while a run is under way.

use crate::helpers::spawn_app;
use erp_rollout::entities::{support_ticket, test_case_requirement as tcr};
use erp_rollout::testing::store::exit_facts;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn the_same_requirement_or_predecessor_typed_twice_is_saved_once_not_a_server_error() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Twice").await;
    let req = app.requirement(p, "Post invoices").await;
    let (a, b) = (format!("req_{req}"), format!("req_0{req}"));
    let fields =
        [("title", "Twice"), ("module", "finance"), ("priority", "must"), ("steps", "Do | See"), (&a, "1"), (&b, "1")];
    let r = app.post(&format!("/projects/{p}/testing/cases"), &fields).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(tcr::Entity::find().filter(tcr::Column::RequirementId.eq(req)).count(&app.db).await.unwrap(), 1);

    let first = super::cutover::task(&app, p, "Freeze", "2027-09-24 18:00", "60", &[]).await;
    let (a, b) = (format!("pred_{first}"), format!("pred_0{first}"));
    let fields =
        [("title", "Extract"), ("planned_start", "2027-09-24 19:00"), ("duration_minutes", "60"), (&a, "1"), (&b, "1")];
    assert_eq!(super::cutover::add(&app, p, &fields).await.status().as_u16(), 303);
}

#[tokio::test]
async fn a_cutover_task_in_the_year_200000_is_refused_and_the_runbook_still_opens() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Far").await;
    let r = super::cutover::add(
        &app,
        p,
        &[("title", "Later"), ("planned_start", "+200000-12-31T23:00"), ("duration_minutes", "60")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("between the years 2000 and 2100"));
    assert_eq!(app.get(&format!("/projects/{p}/cutover")).await.status().as_u16(), 200);
    assert_eq!(app.get(&format!("/projects/{p}/readiness")).await.status().as_u16(), 200);
}

#[tokio::test]
async fn a_uat_cycle_that_leaves_a_must_have_case_out_has_not_met_its_exit_rule() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Acceptance").await;
    let req = app.requirement(p, "Ship orders").await;
    app.test_case(p, req, "must", 2).await; // never put in the cycle
    let cycle = app.test_cycle(p, "uat").await;
    let c = erp_rollout::entities::test_cycle::Entity::find_by_id(cycle).one(&app.db).await.unwrap().unwrap();
    let f = exit_facts(&app.db, &c).await.unwrap();
    assert_eq!((f.must_cases, f.must_executed), (1, 0));
    let facts = erp_rollout::testing::store::readiness_facts(&app.db, p).await.unwrap();
    assert_eq!(facts.latest_uat_exit_met, Some(false), "an empty UAT cycle proves no acceptance");
}

#[tokio::test]
async fn a_closed_ticket_is_not_triaged_again_and_a_late_reopen_keeps_the_answer() {
    let app = spawn_app().await;
    let (p, employee) = super::support::desk(&app).await;
    let t = app.support_ticket(p, employee.id).await;
    support_ticket::Entity::update_many()
        .col_expr(support_ticket::Column::Status, Expr::value("closed"))
        .filter(support_ticket::Column::Id.eq(t))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(!erp_rollout::support::flow::allowed("closed", "closed"));
    let b = app.another_browser();
    b.login(&employee.email).await;
    let r = b.post(&format!("/projects/{p}/support/{t}/reply"), &[("body", "It is back"), ("reopen", "1")]).await;
    let status = r.status().as_u16();
    let page = r.text().await.unwrap();
    let row = support_ticket::Entity::find_by_id(t).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, "closed", "closed stays closed");
    let kept = app.count(&format!("support_messages WHERE ticket_id = {t}")).await;
    assert!(
        status == 303 && kept == 1 || status == 422 && page.contains("It is back"),
        "{status}, kept {kept}: {page}"
    );
}

#[tokio::test]
async fn a_task_is_not_deleted_while_a_run_is_under_way() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Live").await;
    let task = app.cutover_task(p).await;
    app.cutover_run(p).await;
    let r = app.post(&format!("/projects/{p}/cutover/{task}/delete"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(app.count(&format!("cutover_tasks WHERE id = {task}")).await, 1, "kept while the run is open");
}

#[tokio::test]
async fn lengthening_a_task_past_the_start_of_one_that_waits_for_it_is_refused_naming_it() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Chain").await;
    let first = super::cutover::task(&app, p, "Freeze", "2027-09-24 18:00", "60", &[]).await;
    super::cutover::task(&app, p, "Extract", "2027-09-24 19:00", "60", &[first]).await;
    let edit = app.get(&format!("/projects/{p}/cutover/{first}/edit")).await.text().await.unwrap();
    let at = edit.find("name=\"version\" value=\"").expect("version field") + 22;
    let version = edit[at..].split('"').next().unwrap().to_string();
    let fields = [
        ("title", "Freeze"),
        ("planned_start", "2027-09-24 18:00"),
        ("duration_minutes", "120"),
        ("version", &version),
    ];
    let r = app.post(&format!("/projects/{p}/cutover/{first}"), &fields).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("It would end after “Extract”, which waits for it"));
}
