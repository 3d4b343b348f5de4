//! The road-to-go-live rules (issue 18), evaluated directly on the injected clock: testing
//! (must-haves without a passing case, open critical and high defects, the UAT exit rule),
//! cutover (not rehearsed near go-live) and hypercare (tickets past their service level), and the
//! readiness workstreams they colour.

use crate::helpers::{TestApp, spawn_app};
use chrono::Duration;
use erp_rollout::clock::Clock;
use erp_rollout::entities::{cutover_run, defect, project};
use erp_rollout::warnings::evaluate::{evaluate, thresholds};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn fired(app: &TestApp, p: i32) -> Vec<(&'static str, i64)> {
    let proj = project::Entity::find_by_id(p).one(&app.db).await.unwrap().unwrap();
    let th = thresholds(&app.db, p).await.unwrap();
    evaluate(&app.db, &proj, app.clock.now(), &th).await.unwrap().into_iter().map(|f| (f.rule, f.count)).collect()
}

fn has(f: &[(&str, i64)], rule: &str) -> Option<i64> {
    f.iter().find(|(r, _)| *r == rule).map(|(_, n)| *n)
}

async fn set_go_live(app: &TestApp, p: i32, days_from_now: i64) {
    let d = (app.clock.now() + Duration::days(days_from_now)).date_naive();
    project::Entity::update_many()
        .col_expr(project::Column::GoLiveDate, Expr::value(d))
        .filter(project::Column::Id.eq(p))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn testing_rules_watch_untested_must_haves_severe_defects_and_the_uat_exit_rule() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Tested rollout").await;
    let (case, _cycle, _run) = app.test_fixture(p, None).await; // a must-have, its case, a run not executed
    let bug = app.defect(p, case).await; // high

    set_go_live(&app, p, 100).await;
    let f = fired(&app, p).await;
    assert_eq!(has(&f, "open_severe_defects"), Some(1), "a high defect counts whenever it is open: {f:?}");
    assert_eq!((has(&f, "untested_must_haves"), has(&f, "uat_exit_not_met")), (None, None), "far from go-live");

    set_go_live(&app, p, 45).await;
    let f = fired(&app, p).await;
    assert_eq!(has(&f, "untested_must_haves"), Some(1), "the must-have has no passing case: {f:?}");
    assert_eq!(has(&f, "uat_exit_not_met"), Some(0), "no UAT cycle yet");
    let card = app.get(&format!("/projects/{p}/readiness")).await.text().await.unwrap();
    assert!(card.contains("1 of the 1 must-have requirements have no passing test case"), "{card}");
    assert!(card.contains("NO-GO"), "a high warning open in testing");

    defect::Entity::update_many()
        .col_expr(defect::Column::Status, Expr::value("closed"))
        .filter(defect::Column::Id.eq(bug))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(has(&fired(&app, p).await, "open_severe_defects"), None, "closed defects do not count");
}

#[tokio::test]
async fn an_unrehearsed_cutover_warns_within_thirty_days_and_late_tickets_warn_after_go_live() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Weekend").await;
    app.cutover_task(p).await;

    set_go_live(&app, p, 31).await;
    assert_eq!(has(&fired(&app, p).await, "cutover_not_rehearsed"), None);
    set_go_live(&app, p, 30).await;
    assert_eq!(has(&fired(&app, p).await, "cutover_not_rehearsed"), Some(1), "one task, no dress run");
    let run = app.cutover_run(p).await;
    assert_eq!(has(&fired(&app, p).await, "cutover_not_rehearsed"), Some(1), "a rehearsal still running");
    cutover_run::Entity::update_many()
        .col_expr(cutover_run::Column::FinishedAt, Expr::value(Some(app.clock.now())))
        .filter(cutover_run::Column::Id.eq(run))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(has(&fired(&app, p).await, "cutover_not_rehearsed"), None, "rehearsed");

    // A medium ticket: 8 h to a first answer, 72 h to resolve (the defaults).
    app.support_ticket(p, pm.id).await;
    app.clock.advance(Duration::hours(7));
    assert_eq!(has(&fired(&app, p).await, "support_sla_breaches"), None);
    app.clock.advance(Duration::hours(2));
    assert_eq!(has(&fired(&app, p).await, "support_sla_breaches"), Some(1), "no first answer after 9 h");
    app.clock.advance(Duration::hours(64));
    assert_eq!(has(&fired(&app, p).await, "support_sla_breaches"), Some(2), "and past its 72 h to resolve");
}
