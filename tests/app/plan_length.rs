//! How long a milestone lasts (issue 24): the due date is its last day, so start = due is one
//! day, and a checkpoint is its own zero-length kind, on the form, in the schedule and the Gantt,
//! in the CSV (old files without the column keep reading start = due as a checkpoint) and in
//! the rows that existed before the flag.

use crate::helpers::{TestApp, spawn_app};
use crate::plan::{created, depend, milestone};
use migration::{MigratorTrait, SchemaManager};

async fn stored(app: &TestApp, p: i32, id: i32) -> erp_rollout::entities::milestone::Model {
    erp_rollout::plan::store::get(&app.db, p, id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_milestone_due_on_its_start_day_lasts_one_day_and_its_successor_starts_the_next_day() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let kickoff = created(&app, p, &milestone("Kick-off workshop", "2027-01-04", "2027-01-04", "")).await;
    let setup = created(&app, p, &milestone("Set up the company", "2027-01-04", "2027-01-06", "")).await;
    assert_eq!(depend(&app, p, setup, kickoff).await.status().as_u16(), 303);

    let (_, schedule) = app.get_html(&format!("/projects/{p}/schedule")).await;
    let (_, gantt) = app.get_html(&format!("/projects/{p}/gantt?zoom=week")).await;

    assert!(!stored(&app, p, kickoff).await.checkpoint);
    assert!(schedule.contains("2027-01-04 → 2027-01-04"), "the workshop takes its day");
    assert!(schedule.contains("2027-01-05 → 2027-01-07"), "three days from the next day: {schedule}");
    assert_eq!(gantt.matches("class=\"bar critical\"").count(), 2, "two bars");
    assert!(!gantt.contains("class=\"diamond"), "no checkpoint");
}

#[tokio::test]
async fn a_checkpoint_lasts_zero_days_shows_as_a_diamond_and_its_successor_starts_that_day() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let mut fields = milestone("Design signed off", "2027-01-04", "", "");
    fields.push(("checkpoint", "1"));
    let signed = created(&app, p, &fields).await;
    let build = created(&app, p, &milestone("Build the interfaces", "2027-01-04", "2027-01-06", "")).await;
    assert_eq!(depend(&app, p, build, signed).await.status().as_u16(), 303);
    let mut stretched = milestone("Stretched checkpoint", "2027-01-04", "2027-01-08", "");
    stretched.push(("checkpoint", "1"));

    let refused = app.post(&format!("/projects/{p}/milestones"), &stretched).await;
    let (_, schedule) = app.get_html(&format!("/projects/{p}/schedule")).await;
    let (_, gantt) = app.get_html(&format!("/projects/{p}/gantt?zoom=week")).await;

    let m = stored(&app, p, signed).await;
    assert!(m.checkpoint && m.due_date == m.start_date, "one date, the start");
    assert_eq!(refused.status().as_u16(), 422, "a checkpoint has no length");
    assert!(schedule.contains("2027-01-04 → 2027-01-06") && !schedule.contains("2027-01-05 →"), "{schedule}");
    assert_eq!(gantt.matches("class=\"diamond").count(), 1);
}

#[tokio::test]
async fn the_milestone_form_says_the_due_date_is_the_last_day_and_shows_the_length() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let one = created(&app, p, &milestone("One day", "2027-01-04", "2027-01-04", "")).await;
    let month = created(&app, p, &milestone("Configure finance", "2027-01-04", "2027-01-29", "")).await;
    let mut fields = milestone("Go-live", "2027-03-01", "2027-03-01", "");
    fields.push(("checkpoint", "1"));
    let point = created(&app, p, &fields).await;
    let edit = |id: i32| format!("/projects/{p}/milestones/{id}/edit");

    let (_, new) = app.get_html(&format!("/projects/{p}/milestones/new")).await;
    let (_, one) = app.get_html(&edit(one)).await;
    let (_, month) = app.get_html(&edit(month)).await;
    let (_, point) = app.get_html(&edit(point)).await;

    assert!(
        new.contains("The last working day of the activity (inclusive)") && new.contains("Checkpoint (zero-length)")
    );
    assert!(new.contains("<strong>1 day</strong>"), "today to today, the default");
    assert!(one.contains("<strong>1 day</strong>") && !one.contains("name=\"checkpoint\" value=\"1\" checked"));
    assert!(month.contains("<strong>26 days</strong>"));
    assert!(point.contains("<strong>0 days (checkpoint)</strong>") && point.contains("value=\"1\" checked"));
}

#[tokio::test]
async fn the_plan_csv_carries_the_checkpoint_column_and_old_files_read_start_equal_to_due_as_a_checkpoint() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Source").await;
    let (copy, old) = (app.create_project("Copy").await, app.create_project("Old file").await);
    created(&app, p, &milestone("Workshop", "2027-01-04", "2027-01-04", "")).await;
    let mut fields = milestone("Go-live", "2027-03-01", "2027-03-01", "");
    fields.push(("checkpoint", "1"));
    created(&app, p, &fields).await;
    let csv = app.get(&format!("/projects/{p}/milestones.csv")).await.text().await.unwrap();
    let before_the_column = "title,start,due\nGo-live,2027-03-01,2027-03-01\nTrain,2027-02-01,2027-02-05\n";

    let exported =
        app.upload(&format!("/projects/{copy}/milestones/import"), "plan.csv", csv.clone().into_bytes()).await;
    let legacy = app.upload(&format!("/projects/{old}/milestones/import"), "old.csv", before_the_column.into()).await;
    let (_, hint) = app.get_html(&format!("/projects/{p}/milestones/import")).await;

    assert!(csv.lines().next().unwrap().contains(",due,checkpoint,"), "{csv}");
    assert!(csv.contains("Workshop,implementation,Finance,,2027-01-04,2027-01-04,no,planned,"), "{csv}");
    assert_eq!((exported.status().as_u16(), legacy.status().as_u16()), (303, 303));
    let kinds = |rows: Vec<erp_rollout::entities::milestone::Model>| -> Vec<(String, bool)> {
        rows.into_iter().map(|m| (m.title, m.checkpoint)).collect()
    };
    let copied = kinds(erp_rollout::plan::store::all(&app.db, copy).await.unwrap());
    assert_eq!(copied, [("Workshop".to_string(), false), ("Go-live".to_string(), true)]);
    let read = kinds(erp_rollout::plan::store::all(&app.db, old).await.unwrap());
    assert_eq!(read, [("Train".to_string(), false), ("Go-live".to_string(), true)]);
    assert!(hint.contains("Without a checkpoint column, as in older files"));
}

#[tokio::test]
async fn milestones_saved_before_the_checkpoint_flag_keep_their_meaning() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Plan").await;
    let point = app.milestone(p, "Go-live", "2027-03-01", "2027-03-01", None).await;
    let task = app.milestone(p, "Configure finance", "2027-01-04", "2027-01-29", None).await;
    let step = migration::Migrator::migrations()
        .into_iter()
        .find(|m| m.name() == "m20261202_000001_milestone_checkpoint")
        .expect("the checkpoint migration");
    // One connection for both steps: on SQLite, another one of the pool could check the re-added
    // column against the schema it cached before the drop, and call it a duplicate.
    let tx = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();

    // Back to the schema without the flag, then forward again: the backfill runs on these rows.
    step.down(&SchemaManager::new(&tx)).await.unwrap();
    step.up(&SchemaManager::new(&tx)).await.unwrap();
    tx.commit().await.unwrap();

    assert!(stored(&app, p, point).await.checkpoint, "start = due was a checkpoint and stays one");
    assert!(!stored(&app, p, task).await.checkpoint);
}
