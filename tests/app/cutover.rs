//! Cutover runbook: tasks and their order, the point of no return, loops refused, runs
//! (rehearsal and live) timed by the injected clock, two starts at once, the go/no-go checkpoint,
//! the projected end and the facts for readiness.

use crate::helpers::{TestApp, location, spawn_app, spawn_app_with};
use chrono::{DateTime, TimeZone, Utc};
use erp_rollout::cutover::{runs_store, store};

/// 2027-09-25 (a Saturday) at `h:m` in Madrid (UTC+2 in September), as UTC.
fn madrid(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 9, 25, h - 2, m, 0).single().expect("time")
}

impl TestApp {
    /// A task made straight through the store, for the matrix and for tests that need one.
    pub async fn cutover_task(&self, project: i32) -> i32 {
        let rb = store::ensure_runbook(&self.db, project, Utc::now()).await.expect("runbook");
        let input = erp_rollout::cutover::form::TaskInput {
            title: format!("Task {}", uuid::Uuid::new_v4()),
            planned_start: madrid(8, 0),
            duration_minutes: 60,
            owner_id: None,
            point_of_no_return: false,
            rollback_steps: None,
            predecessors: Vec::new(),
        };
        store::create(&self.db, &rb, &input, Utc::now()).await.expect("task").id
    }

    /// An open run made straight in the database (the matrix finishes one per request).
    pub async fn cutover_run(&self, project: i32) -> i32 {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let rb = store::ensure_runbook(&self.db, project, Utc::now()).await.expect("runbook");
        erp_rollout::entities::cutover_run::ActiveModel {
            runbook_id: Set(rb.id),
            project_id: Set(project),
            kind: Set("rehearsal".into()),
            started_at: Set(Utc::now()),
            finished_at: Set(None),
            started_by: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("run")
        .id
    }
}

async fn add(app: &TestApp, p: i32, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post(&format!("/projects/{p}/cutover"), fields).await
}

/// Adds a task through the form and returns its id.
async fn task(app: &TestApp, p: i32, title: &str, start: &str, minutes: &str, preds: &[i32]) -> i32 {
    let keys: Vec<String> = preds.iter().map(|id| format!("pred_{id}")).collect();
    let mut fields = vec![("title", title), ("planned_start", start), ("duration_minutes", minutes)];
    fields.extend(keys.iter().map(|k| (k.as_str(), "1")));
    let r = add(app, p, &fields).await;
    assert_eq!(r.status().as_u16(), 303, "create task {title}");
    let rb = store::runbook(&app.db, p).await.unwrap().unwrap();
    store::tasks(&app.db, rb.id).await.unwrap().into_iter().find(|t| t.title == title).unwrap().id
}

/// An app whose clock stands at 07:00 on the cutover Saturday, with sessions that outlast the
/// weekend (the clock jumps hours between requests).
async fn weekend_app() -> TestApp {
    let app = spawn_app_with(|s| {
        s.session_hours = 72;
        s.session_idle_minutes = 72 * 60;
    })
    .await;
    app.clock.set(madrid(7, 0));
    app
}

async fn page(app: &TestApp, p: i32) -> String {
    let (status, html) = app.get_html(&format!("/projects/{p}/cutover")).await;
    assert_eq!(status, 200);
    html
}

#[tokio::test]
async fn a_pm_builds_the_runbook_in_planned_order_and_exports_it_as_csv() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let freeze = task(&app, p, "Freeze the old system", "2027-09-25T08:00", "30", &[]).await;
    task(&app, p, "=Load open items", "2027-09-25T10:00", "120", &[freeze]).await;
    task(&app, p, "Final extracts", "2027-09-25T08:30", "90", &[freeze]).await;
    let html = page(&app, p).await;
    let (a, b, c) =
        (html.find("Freeze the old").unwrap(), html.find("Final extracts").unwrap(), html.find("=Load open").unwrap());
    assert!(a < b && b < c, "ordered by planned start");
    assert!(html.contains("25/09/2027 08:00") || html.contains("2027-09-25 08:00"), "shown in the runbook's zone");
    assert!(html.contains("<svg"), "timeline");
    let stored = store::get(&app.db, p, freeze).await.unwrap().unwrap();
    assert_eq!(stored.planned_start, madrid(8, 0), "stored in UTC");
    let r = app.get(&format!("/projects/{p}/cutover.csv")).await;
    assert_eq!(r.status().as_u16(), 200);
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("id,title,planned_start,time_zone,duration_minutes"), "{csv}");
    assert!(csv.contains("2027-09-25 08:00,Europe/Madrid,30"), "{csv}");
    assert!(csv.contains("'=Load open items") && csv.contains("Freeze the old system"), "formula neutralised: {csv}");
}

#[tokio::test]
async fn bad_task_input_gets_clear_422_messages_and_keeps_the_input() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let stranger = app.create_user("employee").await;
    let owner = stranger.id.to_string();
    let r = add(
        &app,
        p,
        &[
            ("title", "Reconcile"),
            ("planned_start", "2027-09-25T08:00"),
            ("duration_minutes", "-15"),
            ("owner_id", &owner),
        ],
    )
    .await;
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("whole number of minutes, from 1 to 10080"), "{html}");
    assert!(html.contains("The owner must be a member of this project."), "{html}");
    assert!(html.contains("Reconcile"), "input kept");
    let r = add(&app, p, &[("title", "Reconcile"), ("planned_start", "tomorrow"), ("duration_minutes", "15")]).await;
    assert_eq!(r.status().as_u16(), 422);
    // A window that closes before it opens is refused, the form kept.
    let settings = format!("/projects/{p}/cutover/settings");
    let r = app
        .post(
            &settings,
            &[
                ("tz", "Europe/Madrid"),
                ("window_starts_at", "2027-09-26T18:00"),
                ("window_ends_at", "2027-09-24T22:00"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("The window closes after it opens.") && html.contains("2027-09-26T18:00"), "{html}");
    // A window: a task before it opens is refused.
    let r = app
        .post(
            &format!("/projects/{p}/cutover/settings"),
            &[
                ("tz", "Europe/Madrid"),
                ("window_starts_at", "2027-09-24T18:00"),
                ("window_ends_at", "2027-09-26T22:00"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = add(&app, p, &[("title", "Too early"), ("planned_start", "2027-09-24T12:00"), ("duration_minutes", "15")])
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("starts before the cutover window opens"));
    // Two points of no return.
    let first = [
        ("title", "Switch interfaces"),
        ("planned_start", "2027-09-25T12:00"),
        ("duration_minutes", "30"),
        ("point_of_no_return", "1"),
    ];
    assert_eq!(add(&app, p, &first).await.status().as_u16(), 303);
    let second = [
        ("title", "Open the new system"),
        ("planned_start", "2027-09-25T13:00"),
        ("duration_minutes", "30"),
        ("point_of_no_return", "1"),
    ];
    let r = add(&app, p, &second).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("“Switch interfaces” is already the point of no return"));
}

#[tokio::test]
async fn a_predecessor_loop_or_another_projects_task_is_refused() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let q = app.create_project("Other").await;
    let foreign = app.cutover_task(q).await;
    let a = task(&app, p, "Extract", "2027-09-25T08:00", "60", &[]).await;
    let b = task(&app, p, "Load", "2027-09-25T09:00", "60", &[a]).await;
    let c = task(&app, p, "Reconcile", "2027-09-25T10:00", "60", &[b]).await;
    let c_key = format!("pred_{c}");
    let fields = [
        ("title", "Extract"),
        ("planned_start", "2027-09-25T08:00"),
        ("duration_minutes", "60"),
        ("version", "1"),
        (c_key.as_str(), "1"),
    ];
    let r = app.post(&format!("/projects/{p}/cutover/{a}"), &fields).await;
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("would make a loop: Extract → Load → Reconcile"), "{html}");
    let f_key = format!("pred_{foreign}");
    let r = add(
        &app,
        p,
        &[("title", "X"), ("planned_start", "2027-09-25T08:00"), ("duration_minutes", "5"), (f_key.as_str(), "1")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("another task of this runbook"));
    // The other project's task itself is not found from this project.
    assert_eq!(app.get(&format!("/projects/{p}/cutover/{foreign}/edit")).await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_pm_of_another_project_gets_404_and_members_read_but_do_not_manage() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let t = app.cutover_task(p).await;
    let employee = app.create_user("employee").await;
    app.add_member(p, employee.id, "employee").await;
    let other_pm = app.create_user("pm").await;
    let b = app.another_browser();
    b.login(&other_pm.email).await;
    for path in [
        format!("/projects/{p}/cutover"),
        format!("/projects/{p}/cutover.csv"),
        format!("/projects/{p}/cutover/{t}/edit"),
    ] {
        assert_eq!(b.get(&path).await.status().as_u16(), 404, "{path}");
    }
    let e = app.another_browser();
    e.login(&employee.email).await;
    assert_eq!(e.get(&format!("/projects/{p}/cutover")).await.status().as_u16(), 200);
    assert_eq!(e.get(&format!("/projects/{p}/cutover/new")).await.status().as_u16(), 403);
    assert_eq!(e.post(&format!("/projects/{p}/cutover/{t}/start"), &[]).await.status().as_u16(), 403, "not the owner");
}

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
}

async fn project(app: &TestApp, p: i32) -> erp_rollout::entities::project::Model {
    use sea_orm::EntityTrait;
    erp_rollout::entities::project::Entity::find_by_id(p).one(&app.db).await.unwrap().unwrap()
}

impl TestApp {
    fn clock_now(&self) -> DateTime<Utc> {
        use erp_rollout::clock::Clock;
        self.clock.now()
    }
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
    assert_eq!(app.post(&format!("/projects/{p}/cutover-runs"), &[("kind", "live")]).await.status().as_u16(), 303);
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
    let f = store::readiness_facts(&app.db, &project(&app, p).await, app.clock_now()).await.unwrap();
    assert!(f.has_point_of_no_return);
    assert_eq!(f.live_run, store::LiveRun::Running);
    assert_eq!(f.latest_verdict.as_deref(), Some("go_with_conditions"));
    let (status, html) = app.get_html(&format!("/projects/{p}/cutover-go-no-go")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Bank files checked by 10:00"));
}

#[tokio::test]
async fn a_task_is_deleted_after_a_confirmation_step() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let t = task(&app, p, "Smoke tests", "2027-09-25T08:00", "30", &[]).await;
    let (status, html) = app.get_html(&format!("/projects/{p}/cutover/{t}/delete")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Delete “Smoke tests”?"));
    let r = app.post(&format!("/projects/{p}/cutover/{t}/delete"), &[]).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/projects/{p}/cutover")));
    assert!(store::get(&app.db, p, t).await.unwrap().is_none());
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
    if let Ok(path) = std::env::var("ERP_DUMP_CUTOVER") {
        std::fs::write(path, &html).unwrap();
    }
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
