//! Implementation plan: milestones, dependencies, schedule, Gantt, baselines, calendar, reminders.

use crate::helpers::{TestApp, location, spawn_app};
use erp_rollout::clock::Clock;

pub(crate) fn milestone<'a>(title: &'a str, start: &'a str, due: &'a str, owner: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("phase_key", "implementation"),
        ("workstream", "Finance"),
        ("owner_id", owner),
        ("start_date", start),
        ("due_date", due),
        ("status", "planned"),
        ("percent", "0"),
        ("deliverables", ""),
    ]
}

pub(crate) async fn created(app: &TestApp, p: i32, fields: &[(&str, &str)]) -> i32 {
    let r = app.post(&format!("/projects/{p}/milestones"), fields).await;
    assert_eq!(r.status().as_u16(), 303, "create milestone");
    location(&r).trim_end_matches("/edit").rsplit('/').next().unwrap().parse().unwrap()
}

pub(crate) async fn depend(app: &TestApp, p: i32, successor: i32, predecessor: i32) -> reqwest::Response {
    app.post(
        &format!("/projects/{p}/milestones/{successor}/dependencies"),
        &[("predecessor_id", &predecessor.to_string()), ("lag_days", "0")],
    )
    .await
}

#[tokio::test]
async fn a_pm_links_milestones_sees_the_critical_path_and_the_slip_against_a_baseline() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let config = created(&app, p, &milestone("Configure finance", "2027-01-04", "2027-01-29", "")).await;
    let migrate = created(&app, p, &milestone("Migrate customers", "2027-02-01", "2027-02-26", "")).await;
    let side = created(&app, p, &milestone("Print forms", "2027-01-04", "2027-01-08", "")).await;
    let mut golive = milestone("Go-live", "2027-03-01", "2027-03-01", "");
    golive.push(("checkpoint", "1"));
    let golive = created(&app, p, &golive).await;
    for (s, pr) in [(migrate, config), (golive, migrate), (golive, side)] {
        assert_eq!(depend(&app, p, s, pr).await.status().as_u16(), 303);
    }
    assert_eq!(
        app.post(&format!("/projects/{p}/baselines"), &[("name", "Approved plan")]).await.status().as_u16(),
        303
    );

    // The configuration slips by two weeks; the rest of the chain follows it.
    let mut late = milestone("Configure finance", "2027-01-04", "2027-02-12", "");
    late.push(("version", "1"));
    assert_eq!(app.post(&format!("/projects/{p}/milestones/{config}"), &late).await.status().as_u16(), 303);
    let (status, schedule) = app.get_html(&format!("/projects/{p}/schedule")).await;
    let (_, gantt) = app.get_html(&format!("/projects/{p}/gantt?zoom=week")).await;

    assert_eq!(status, 200);
    assert!(schedule.contains("Configure finance → Migrate customers → Go-live"), "critical chain");
    // Configuration ends 12 Feb; the migration's 26 days then run 13 Feb–10 Mar; go-live 11 Mar.
    assert!(schedule.contains("2027-03-11"), "projected go-live moves ten days");
    assert!(schedule.contains("Slip vs “Approved plan”") && schedule.contains("+14"));
    assert!(gantt.contains("<svg") && gantt.contains("</svg>") && gantt.matches("class=\"bar critical").count() >= 2);
    assert!(gantt.contains("baseline"), "ghost bars of the baseline");
}

#[tokio::test]
async fn a_dependency_that_would_close_a_loop_or_cross_projects_is_refused() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let other = app.create_project("Other").await;
    let a = app.milestone(p, "A", "2027-01-01", "2027-01-10", None).await;
    let b = app.milestone(p, "B", "2027-01-11", "2027-01-20", None).await;
    let foreign = app.milestone(other, "Foreign", "2027-01-01", "2027-01-10", None).await;
    assert_eq!(depend(&app, p, b, a).await.status().as_u16(), 303);

    let cycle = depend(&app, p, a, b).await;
    let cross = depend(&app, p, a, foreign).await;
    let (_, page) = app.get_html(&format!("/projects/{p}/milestones/{a}/edit")).await;

    assert_eq!(location(&cycle), format!("/projects/{p}/milestones/{a}/edit"));
    assert_eq!(location(&cross), format!("/projects/{p}/milestones/{a}/edit"));
    assert_eq!(erp_rollout::plan::store::deps(&app.db, p).await.unwrap().len(), 1, "nothing saved");
    assert!(page.contains("B"));
    assert_eq!(app.count("milestone_deps").await, 1);
}

#[tokio::test]
async fn a_milestone_ending_before_it_starts_or_with_an_outside_owner_is_refused() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let outsider = app.create_user("employee").await;
    let outsider_id = outsider.id.to_string();

    let r = app
        .post(&format!("/projects/{p}/milestones"), &milestone("Backwards", "2027-02-01", "2027-01-01", &outsider_id))
        .await;

    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("cannot end before it starts") && body.contains("must be a member"));
    assert_eq!(app.count("milestones").await, 0);
}

#[tokio::test]
async fn the_second_of_two_pms_saving_one_milestone_is_told_it_changed() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let m = app.milestone(p, "Original", "2027-01-01", "2027-01-31", None).await;
    let mut first = milestone("First", "2027-01-01", "2027-01-31", "");
    first.push(("version", "1"));
    let mut second = milestone("Second", "2027-01-01", "2027-01-31", "");
    second.push(("version", "1"));

    let r1 = app.post(&format!("/projects/{p}/milestones/{m}"), &first).await;
    let r2 = app.post(&format!("/projects/{p}/milestones/{m}"), &second).await;

    assert_eq!((r1.status().as_u16(), r2.status().as_u16()), (303, 409));
    assert!(r2.text().await.unwrap().contains("changed this milestone while you were editing"));
    assert_eq!(erp_rollout::plan::store::get(&app.db, p, m).await.unwrap().unwrap().title, "First");
}

#[tokio::test]
async fn an_owner_updates_their_own_milestone_but_not_anothers_and_employees_read_the_plan() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let owner = app.create_user("employee").await;
    app.add_member(p, owner.id, "employee").await;
    let mine = app.milestone(p, "Mine", "2027-01-01", "2027-01-31", Some(owner.id)).await;
    let theirs = app.milestone(p, "Theirs", "2027-01-01", "2027-01-31", None).await;
    let b = app.another_browser();
    b.login(&owner.email).await;
    let mut progress = milestone("Mine", "2027-01-01", "2027-01-31", "");
    progress[6] = ("status", "in_progress");
    progress[7] = ("percent", "40");
    progress.push(("version", "1"));

    let own = b.post(&format!("/projects/{p}/milestones/{mine}"), &progress).await;
    let other = b.post(&format!("/projects/{p}/milestones/{theirs}"), &progress).await;
    let list = b.get(&format!("/projects/{p}/milestones")).await;

    assert_eq!(own.status().as_u16(), 303);
    assert_eq!(other.status().as_u16(), 403);
    assert_eq!(list.status().as_u16(), 200);
    let saved = erp_rollout::plan::store::get(&app.db, p, mine).await.unwrap().unwrap();
    assert_eq!((saved.percent, saved.owner_id), (40, Some(owner.id)), "the owner stays; progress is saved");
}

#[tokio::test]
async fn the_private_calendar_feed_works_until_it_is_revoked() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    app.milestone(p, "Go-live; phase 1", "2027-03-01", "2027-03-01", None).await;

    let download = app.get(&format!("/projects/{p}/milestones.ics")).await.text().await.unwrap();
    let page = app.post("/account/calendar", &[]).await.text().await.unwrap();
    let url =
        page.split("value=\"").find(|s| s.starts_with("http")).and_then(|s| s.split('"').next()).unwrap().to_string();
    let path = format!("/calendar/{}", url.split("/calendar/").nth(1).unwrap());
    let anonymous = reqwest::get(app.url(&path)).await.unwrap();
    let feed_status = anonymous.status().as_u16();
    let feed = anonymous.text().await.unwrap();
    app.post("/account/calendar/revoke", &[]).await;
    let after = reqwest::get(app.url(&path)).await.unwrap().status().as_u16();

    assert!(download.contains("BEGIN:VEVENT") && download.contains("Go-live\\; phase 1"));
    assert_eq!(feed_status, 200);
    assert!(feed.contains("DTSTART;VALUE=DATE:20270301"));
    assert_eq!(after, 404);
}

#[tokio::test]
async fn owners_are_reminded_once_before_the_due_date_and_once_when_overdue_unless_they_opt_out() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let owner = app.create_user("employee").await;
    let quiet = app.create_user("employee").await;
    app.add_member(p, owner.id, "employee").await;
    app.add_member(p, quiet.id, "employee").await;
    let today = app.clock.now().date_naive();
    let in_two_days = (today + chrono::Days::new(2)).to_string();
    app.milestone(p, "Due soon", &today.to_string(), &in_two_days, Some(owner.id)).await;
    app.milestone(p, "Quiet", &today.to_string(), &in_two_days, Some(quiet.id)).await;
    let b = app.another_browser();
    b.login(&quiet.email).await;
    assert_eq!(b.post("/account/reminders", &[("enabled", "0")]).await.status().as_u16(), 303);
    let before = app.count("outbox").await;

    let first = erp_rollout::plan::reminders::run(&app.state).await.unwrap();
    let again = erp_rollout::plan::reminders::run(&app.state).await.unwrap();
    app.clock.advance(chrono::Duration::days(3));
    let overdue = erp_rollout::plan::reminders::run(&app.state).await.unwrap();

    assert_eq!((first, again, overdue), (1, 0, 1));
    assert_eq!(app.count("outbox").await - before, 2);
}

#[tokio::test]
async fn a_plan_exported_as_csv_imports_into_another_project_with_its_dependencies() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Source").await;
    let q = app.create_project("Copy").await;
    let a = app.milestone(p, "Configure finance", "2027-01-04", "2027-01-29", None).await;
    let b = app.milestone(p, "Migrate customers", "2027-02-01", "2027-02-26", None).await;
    app.dependency(p, a, b).await;
    let csv = app.get(&format!("/projects/{p}/milestones.csv")).await.text().await.unwrap();

    let r = app.upload(&format!("/projects/{q}/milestones/import"), "plan.csv", csv.into_bytes()).await;

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(erp_rollout::plan::store::all(&app.db, q).await.unwrap().len(), 2);
    assert_eq!(erp_rollout::plan::store::deps(&app.db, q).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_imported_plan_whose_dependencies_loop_saves_nothing() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Loop").await;
    let csv = "title,start,due,depends_on\nA,2027-01-01,2027-01-10,B\nB,2027-01-11,2027-01-20,A\n";

    let r = app.upload(&format!("/projects/{p}/milestones/import"), "plan.csv", csv.as_bytes().to_vec()).await;

    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("loop") && (body.contains("A → B") || body.contains("B → A")), "the loop is named by titles");
    assert_eq!(app.count("milestones").await, 0);
    assert_eq!(app.count("milestone_deps").await, 0);
}

#[tokio::test]
async fn the_raci_matrix_refuses_two_accountable_people_for_one_area() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("RACI").await;
    let other = app.create_user("employee").await;
    app.add_member(p, other.id, "employee").await;
    let area = "phase:implementation";
    let (pm_cell, other_cell) = (format!("c_2_{}", pm.id), format!("c_2_{}", other.id));
    let fields = |a: &'static str, b: &'static str| {
        vec![
            ("a_2".to_string(), area.to_string()),
            (pm_cell.clone(), a.to_string()),
            (other_cell.clone(), b.to_string()),
        ]
    };
    let pairs = |v: &[(String, String)]| v.iter().map(|(a, b)| (a.clone(), b.clone())).collect::<Vec<_>>();

    let two = pairs(&fields("A", "A"));
    let two: Vec<(&str, &str)> = two.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r_two = app.post(&format!("/projects/{p}/raci"), &two).await;
    let one = pairs(&fields("A", "R"));
    let one: Vec<(&str, &str)> = one.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r_one = app.post(&format!("/projects/{p}/raci"), &one).await;

    assert_eq!(r_two.status().as_u16(), 422);
    assert!(r_two.text().await.unwrap().contains("exactly one person is accountable"));
    assert_eq!(r_one.status().as_u16(), 303);
    assert_eq!(app.count("raci").await, 2);
}

#[tokio::test]
async fn two_baselines_can_be_compared_milestone_by_milestone() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Baselines").await;
    let m = app.milestone(p, "Data migration", "2027-02-01", "2027-02-26", None).await;
    app.post(&format!("/projects/{p}/baselines"), &[("name", "January")]).await;
    let mut moved = milestone("Data migration", "2027-02-01", "2027-03-05", "");
    moved.push(("version", "1"));
    app.post(&format!("/projects/{p}/milestones/{m}"), &moved).await;
    app.post(&format!("/projects/{p}/baselines"), &[("name", "February")]).await;
    let ids: Vec<i32> = erp_rollout::plan::store::baselines(&app.db, p).await.unwrap().iter().map(|b| b.id).collect();
    let (newer, older) = (ids[0], ids[1]);

    let (status, page) = app.get_html(&format!("/projects/{p}/baselines?a={older}&b={newer}")).await;
    let unnamed = app.post(&format!("/projects/{p}/baselines"), &[("name", " ")]).await;

    assert_eq!(status, 200);
    assert!(page.contains("2027-02-26") && page.contains("2027-03-05") && page.contains("+7"));
    assert_eq!(location(&unnamed), format!("/projects/{p}/baselines"));
    assert_eq!(app.count("baselines").await, 2, "a baseline needs a name");
}
