//! Cutover runs: rehearsal and live timed by the injected clock, ahead/behind and the projected
//! end, two starts at once, the go/no-go checkpoint, the demo's rehearsed weekend and the facts
//! for readiness.

use crate::cutover::{madrid, page, project, task, weekend_app};
use crate::helpers::spawn_app_with;
use erp_rollout::cutover::{runs_store, store};

#[tokio::test]
async fn a_rehearsal_records_actual_times_shows_the_delay_and_projects_the_end() {
    let app = weekend_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let owner = app.create_user("employee").await;
    app.add_member(p, owner.id, "employee").await;
    let extract = task(&app, p, "Final extracts", "2027-09-25T08:00", "60", &[]).await;
    let load = task(&app, p, "Load balances", "2027-09-25T09:00", "120", &[extract]).await;
    // The owner of the load is the employee.
    let oid = owner.id.to_string();
    let r = app
        .post(
            &format!("/projects/{p}/cutover/{load}"),
            &[
                ("title", "Load balances"),
                ("planned_start", "2027-09-25T09:00"),
                ("duration_minutes", "120"),
                ("owner_id", &oid),
                ("version", "1"),
                (&format!("pred_{extract}"), "1"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    app.clock.set(madrid(7, 55));
    // No run yet: starting a task says so.
    app.post(&format!("/projects/{p}/cutover/{extract}/start"), &[]).await;
    assert!(page(&app, p).await.contains("No run is under way"));
    // The rehearsal starts on the hour, so it is measured against the plan as typed.
    app.clock.set(madrid(8, 0));
    assert_eq!(app.post(&format!("/projects/{p}/cutover-runs"), &[("kind", "rehearsal")]).await.status().as_u16(), 303);
    // The load waits for the extract.
    let e = app.another_browser();
    e.login(&owner.email).await;
    e.post(&format!("/projects/{p}/cutover/{load}/start"), &[]).await;
    let r = e.get(&format!("/projects/{p}/cutover")).await;
    assert!(r.text().await.unwrap().contains("waits for: Final extracts"));
    app.clock.set(madrid(8, 0));
    assert_eq!(app.post(&format!("/projects/{p}/cutover/{extract}/start"), &[]).await.status().as_u16(), 303);
    app.clock.set(madrid(9, 30));
    assert_eq!(app.post(&format!("/projects/{p}/cutover/{extract}/finish"), &[]).await.status().as_u16(), 303);
    let html = page(&app, p).await;
    assert!(html.contains("+30 min"), "the extract finished 30 minutes late: {html}");
    // Projected end: the load starts at 09:30 and lasts 120 minutes.
    let proj = store::readiness_facts(&app.db, &project(&app, p).await, app.clock_now()).await.unwrap();
    assert_eq!(proj.projected_end, Some(madrid(11, 30)));
    assert_eq!(proj.rehearsals_finished, 0);
    // The owner starts and finishes their own task.
    assert_eq!(e.post(&format!("/projects/{p}/cutover/{load}/start"), &[]).await.status().as_u16(), 303);
    app.clock.set(madrid(11, 0));
    assert_eq!(e.post(&format!("/projects/{p}/cutover/{load}/finish"), &[]).await.status().as_u16(), 303);
    let rb = store::runbook(&app.db, p).await.unwrap().unwrap();
    let run = runs_store::open_run(&app.db, rb.id).await.unwrap().unwrap();
    // Finishing the run asks first, then closes it.
    let r = app.post(&format!("/projects/{p}/cutover-runs/{}/finish", run.id), &[]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("2 of 2 tasks finished"));
    let r = app.post(&format!("/projects/{p}/cutover-runs/{}/finish", run.id), &[("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let f = store::readiness_facts(&app.db, &project(&app, p).await, app.clock_now()).await.unwrap();
    assert_eq!((f.tasks, f.rehearsals_finished, f.live_run), (2, 1, store::LiveRun::NotStarted));
    assert_eq!(f.planned_end, Some(madrid(11, 0)));
    assert!(!f.planned_end_after_go_live);
    let html = page(&app, p).await;
    assert!(html.contains("Rehearsal and live run compared") && html.contains("1 h 30 min"), "{html}");
    assert!(html.contains("3 h</td>"), "whole rehearsal 08:00 → 11:00: {html}");
    let csv = app.get(&format!("/projects/{p}/cutover-runs.csv")).await.text().await.unwrap();
    assert!(csv.starts_with("task_id,title,planned_minutes,rehearsal_minutes,live_minutes"), "{csv}");
    assert!(
        csv.contains(&format!("{extract},Final extracts,60,90,")) && csv.contains(",(whole runbook),180,180,"),
        "{csv}"
    );
}

#[tokio::test]
async fn of_two_people_starting_the_same_task_at_once_one_wins_and_the_other_is_told() {
    let app = weekend_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let t = task(&app, p, "Freeze", "2027-09-25T08:00", "30", &[]).await;
    let other = app.create_user("pm").await;
    app.add_member(p, other.id, "pm").await;
    app.clock.set(madrid(8, 0));
    assert_eq!(app.post(&format!("/projects/{p}/cutover-runs"), &[("kind", "rehearsal")]).await.status().as_u16(), 303);
    let (a, b) = (app.another_browser(), app.another_browser());
    a.login(&pm.email).await;
    b.login(&other.email).await;
    let path = format!("/projects/{p}/cutover/{t}/start");
    let (ra, rb) = tokio::join!(a.post(&path, &[]), b.post(&path, &[]));
    assert_eq!((ra.status().as_u16(), rb.status().as_u16()), (303, 303));
    let runbook = format!("/projects/{p}/cutover");
    let (pa, pb) = tokio::join!(a.get(&runbook), b.get(&runbook));
    let (ha, hb) = (pa.text().await.unwrap(), pb.text().await.unwrap());
    let told = [&ha, &hb].iter().filter(|h| h.contains("was already started by Test pm at")).count();
    let won = [&ha, &hb].iter().filter(|h| h.contains("“Freeze” started at")).count();
    assert_eq!((told, won), (1, 1));
    assert_eq!(app.count("cutover_run_times").await, 1);
}

#[tokio::test]
async fn the_go_no_go_keeps_the_readiness_it_saw_and_the_point_of_no_return_waits_for_a_go() {
    let app = weekend_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let ponr = task(&app, p, "Switch interfaces", "2027-09-25T08:00", "30", &[]).await;
    let r = app
        .post(
            &format!("/projects/{p}/cutover/{ponr}"),
            &[
                ("title", "Switch interfaces"),
                ("planned_start", "2027-09-25T08:00"),
                ("duration_minutes", "30"),
                ("point_of_no_return", "1"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    // Starting the live cutover asks first, and says it was never rehearsed.
    let r = app.post(&format!("/projects/{p}/cutover-runs"), &[("kind", "live")]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("No rehearsal has been finished"));
    assert_eq!(app.count("cutover_runs").await, 0);
    let r = app.post(&format!("/projects/{p}/cutover-runs"), &[("kind", "live"), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    app.post(&format!("/projects/{p}/cutover/{ponr}/start"), &[]).await;
    assert!(page(&app, p).await.contains("waits for a “go”"));
    // Conditions need a note; the readiness is computed on the server, not posted.
    let r = app
        .post(&format!("/projects/{p}/cutover-go-no-go"), &[("verdict", "go_with_conditions"), ("readiness_key", "go")])
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Write down the conditions."));
    let r = app
        .post(
            &format!("/projects/{p}/cutover-go-no-go"),
            &[("verdict", "go_with_conditions"), ("note", "Bank files checked by 10:00"), ("readiness_key", "go")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let d = runs_store::decisions(&app.db, p).await.unwrap().remove(0);
    assert_eq!(d.verdict, "go_with_conditions");
    assert_ne!(d.readiness_key, "go", "a fresh project is not ready; what was posted is ignored");
    assert!(d.readiness_score.is_some());
    assert_eq!(app.post(&format!("/projects/{p}/cutover/{ponr}/start"), &[]).await.status().as_u16(), 303);
    assert_eq!(app.count("cutover_run_times").await, 1);
    assert!(page(&app, p).await.contains("Past the point of no return since"));
    let f = store::readiness_facts(&app.db, &project(&app, p).await, app.clock_now()).await.unwrap();
    assert!(f.has_point_of_no_return);
    assert_eq!(f.live_run, store::LiveRun::Running);
    assert_eq!(f.latest_verdict.as_deref(), Some("go_with_conditions"));
    let (status, html) = app.get_html(&format!("/projects/{p}/cutover-go-no-go")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Bank files checked by 10:00"));
}

#[tokio::test]
async fn the_demo_rollout_carries_a_rehearsed_cutover_weekend() {
    use sea_orm::{EntityTrait, QueryOrder};
    let app = spawn_app_with(|s| s.demo = true).await;
    let p = erp_rollout::entities::project::Entity::find()
        .order_by_asc(erp_rollout::entities::project::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let f = store::readiness_facts(&app.db, &p, app.clock_now()).await.unwrap();
    assert_eq!((f.tasks, f.has_point_of_no_return, f.rehearsals_finished), (12, true, 1));
    assert!(!f.planned_end_after_go_live, "{:?} vs {}", f.planned_end, p.go_live_date);
    let b = app.another_browser();
    let password = erp_rollout::seeds::demo_password();
    assert_eq!(b.post("/login", &[("email", "pm@demo.example"), ("password", &password)]).await.status().as_u16(), 303);
    let html = b.get(&format!("/projects/{}/cutover", p.id)).await.text().await.unwrap();
    assert!(html.contains("Congelar el sistema antiguo") && html.contains("Último ensayo"), "{html}");
}

#[tokio::test]
async fn a_rehearsal_is_measured_from_its_own_start_not_from_the_real_weekend() {
    let app = weekend_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let a = task(&app, p, "Final extracts", "2027-09-25T08:00", "60", &[]).await;
    task(&app, p, "Load balances", "2027-09-25T09:00", "120", &[a]).await;
    // The dress run starts a day early, at 08:10 on Friday.
    app.clock.set(madrid(8, 10) - chrono::Duration::days(1));
    assert_eq!(app.post(&format!("/projects/{p}/cutover-runs"), &[("kind", "rehearsal")]).await.status().as_u16(), 303);
    assert_eq!(app.post(&format!("/projects/{p}/cutover/{a}/start"), &[]).await.status().as_u16(), 303);
    app.clock.set(madrid(9, 0) - chrono::Duration::days(1));
    assert_eq!(app.post(&format!("/projects/{p}/cutover/{a}/finish"), &[]).await.status().as_u16(), 303);
    let html = page(&app, p).await;
    assert!(html.contains("−10 min"), "ten minutes ahead of its own plan: {html}");
    let f = store::readiness_facts(&app.db, &project(&app, p).await, app.clock_now()).await.unwrap();
    // The load keeps its slot in the moved plan (09:10), not earlier: 09:10 + 2 h.
    assert_eq!(f.projected_end, Some(madrid(11, 10) - chrono::Duration::days(1)));
}
