//! Cutover runbook: tasks and their order, the time zone, the point of no return, loops and bad
//! input refused, access, the CSV export (runs and the go/no-go are in `cutover_runs.rs`).

use crate::helpers::{TestApp, location, spawn_app, spawn_app_with};
use chrono::{DateTime, TimeZone, Utc};
use erp_rollout::cutover::store;

/// 2027-09-25 (a Saturday) at `h:m` in Madrid (UTC+2 in September), as UTC.
pub(crate) fn madrid(h: u32, m: u32) -> DateTime<Utc> {
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

pub(crate) async fn add(app: &TestApp, p: i32, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post(&format!("/projects/{p}/cutover"), fields).await
}

/// Adds a task through the form and returns its id.
pub(crate) async fn task(app: &TestApp, p: i32, title: &str, start: &str, minutes: &str, preds: &[i32]) -> i32 {
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
pub(crate) async fn weekend_app() -> TestApp {
    let app = spawn_app_with(|s| {
        s.session_hours = 72;
        s.session_idle_minutes = 72 * 60;
    })
    .await;
    app.clock.set(madrid(7, 0));
    app
}

pub(crate) async fn page(app: &TestApp, p: i32) -> String {
    let (status, html) = app.get_html(&format!("/projects/{p}/cutover")).await;
    assert_eq!(status, 200);
    html
}

pub(crate) async fn project(app: &TestApp, p: i32) -> erp_rollout::entities::project::Model {
    use sea_orm::EntityTrait;
    erp_rollout::entities::project::Entity::find_by_id(p).one(&app.db).await.unwrap().unwrap()
}

impl TestApp {
    pub(crate) fn clock_now(&self) -> DateTime<Utc> {
        use erp_rollout::clock::Clock;
        self.clock.now()
    }
}
#[tokio::test]
async fn a_pm_builds_the_runbook_in_planned_order_and_exports_it_as_csv() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let empty = page(&app, p).await;
    assert!(empty.contains("No tasks yet") && empty.contains("Add the first task"), "{empty}");
    assert_eq!(app.count("cutover_runbooks").await, 0, "looking writes nothing");
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
    // A task planned to start before its predecessor ends.
    let load = task(&app, p, "Load balances", "2027-09-25T08:00", "120", &[]).await;
    let key = format!("pred_{load}");
    let early = [
        ("title", "Reconcile"),
        ("planned_start", "2027-09-25T09:00"),
        ("duration_minutes", "30"),
        (key.as_str(), "1"),
    ];
    let r = add(&app, p, &early).await;
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("starts before its predecessor “Load balances” is planned to end (2027-09-25 10:00)"),
        "{html}"
    );
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
async fn a_window_that_leaves_a_task_out_names_it_and_a_task_is_deleted_after_a_confirmation_step() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let t = task(&app, p, "Smoke tests", "2027-09-25T08:00", "30", &[]).await;
    // A window set afterwards that leaves the task out is saved, and says which task.
    let w = [("tz", "Europe/Madrid"), ("window_starts_at", "2027-09-25T09:00"), ("window_ends_at", "")];
    assert_eq!(app.post(&format!("/projects/{p}/cutover/settings"), &w).await.status().as_u16(), 303);
    assert!(page(&app, p).await.contains("these tasks fall outside the window: Smoke tests"));
    let (status, html) = app.get_html(&format!("/projects/{p}/cutover/{t}/delete")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Delete “Smoke tests”?"));
    let r = app.post(&format!("/projects/{p}/cutover/{t}/delete"), &[]).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/projects/{p}/cutover")));
    assert!(store::get(&app.db, p, t).await.unwrap().is_none());
}

#[tokio::test]
async fn the_second_of_two_pms_saving_one_task_is_told_it_changed_and_keeps_their_input() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let t = task(&app, p, "Load stock", "2027-09-25T08:00", "60", &[]).await;
    let path = format!("/projects/{p}/cutover/{t}");
    let first = [
        ("title", "Load stock per lot"),
        ("planned_start", "2027-09-25T08:00"),
        ("duration_minutes", "90"),
        ("version", "1"),
    ];
    assert_eq!(app.post(&path, &first).await.status().as_u16(), 303);
    let second = [
        ("title", "Load stock, second try"),
        ("planned_start", "2027-09-25T08:00"),
        ("duration_minutes", "45"),
        ("version", "1"),
    ];
    let r = app.post(&path, &second).await;
    assert_eq!(r.status().as_u16(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("Someone else changed this task") && html.contains("Load stock, second try"), "{html}");
    assert_eq!(store::get(&app.db, p, t).await.unwrap().unwrap().duration_minutes, 90);
}

#[tokio::test]
async fn two_pms_marking_two_points_of_no_return_at_once_get_one_and_a_clear_refusal() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Cutover").await;
    let other = app.create_user("pm").await;
    app.add_member(p, other.id, "pm").await;
    let (a, b) = (app.another_browser(), app.another_browser());
    a.login(&pm.email).await;
    b.login(&other.email).await;
    let path = format!("/projects/{p}/cutover");
    let fa = [
        ("title", "Switch interfaces"),
        ("planned_start", "2027-09-25T12:00"),
        ("duration_minutes", "30"),
        ("point_of_no_return", "1"),
    ];
    let fb = [
        ("title", "Shut the old system"),
        ("planned_start", "2027-09-25T12:30"),
        ("duration_minutes", "30"),
        ("point_of_no_return", "1"),
    ];
    let (ra, rb) = tokio::join!(a.post(&path, &fa), b.post(&path, &fb));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 422]);
    let rb_ = store::runbook(&app.db, p).await.unwrap().unwrap();
    assert_eq!(store::tasks(&app.db, rb_.id).await.unwrap().iter().filter(|t| t.point_of_no_return).count(), 1);
}
