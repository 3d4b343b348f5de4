//! Likely duplicates end to end: a realistic export with planted near-duplicates uploaded to the
//! real server, the clustered report with its evidence, a data steward's decisions kept across
//! loads and merged into the cleaned file, on SQLite and PostgreSQL.

use crate::helpers::{TestApp, location, spawn_app};
use erp_rollout::data_quality::profile::market;
use erp_rollout::data_quality::{jobs, rules};
use erp_rollout::entities::{duplicate_decision, migration_object};
use erp_rollout::web::Lang;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use std::collections::HashSet;

async fn spanish_customers(app: &TestApp, project: i32, owner: i32) -> i32 {
    migration_object::ActiveModel {
        project_id: Set(project),
        name: Set("Clientes CRM".into()),
        kind: Set("customers".into()),
        source_system: Set("CRM".into()),
        owner_id: Set(Some(owner)),
        rules: Set(rules::to_json(&rules::template("customers", Lang::Es))),
        similarity_threshold: Set(0.5),
        max_invalid_pct: Set(5.0),
        max_duplicate_pct: Set(5.0),
        version: Set(1),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("object")
    .id
}

/// Uploads the export, runs the job, returns the load's page.
async fn load(app: &TestApp, p: i32, o: i32, bytes: Vec<u8>) -> String {
    let r = app.upload(&format!("/projects/{p}/migration/{o}/loads"), "clientes.csv", bytes).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(jobs::run_once(&app.state, "test").await.unwrap());
    location(&r)
}

fn records(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes()).records().map(|r| r.unwrap()).collect()
}

#[tokio::test]
async fn planted_duplicates_are_grouped_explained_decided_and_merged_across_loads() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let owner = app.create_user("employee").await;
    app.add_member(p, owner.id, "employee").await;
    let o = spanish_customers(&app, p, owner.id).await;
    let (bytes, truth) = market::export(2_000, 11);
    let page = load(&app, p, o, bytes.clone()).await;

    let html = app.get(&page).await.text().await.unwrap();
    for needle in
        ["Group 1: lines", "certain", "Why lines", "nombre", "The same record — merge", "Check this load again"]
    {
        assert!(html.contains(needle), "report lacks {needle}");
    }
    // The groups' CSV: the planted pairs are there, and little else.
    let groups = records(&app.get(&format!("{page}/duplicates.csv")).await.text().await.unwrap());
    let found: HashSet<(u64, u64)> = groups.iter().map(|r| (r[4].parse().unwrap(), r[5].parse().unwrap())).collect();
    let planted: HashSet<(u64, u64)> = truth.pairs.iter().map(|t| (t.0, t.1)).collect();
    let hits = planted.intersection(&found).count();
    assert!(hits * 100 >= planted.len() * 95, "recall: {hits} of {}", planted.len());
    assert!(found.len() <= planted.len() + 2, "precision: {} pairs for {} planted", found.len(), planted.len());
    let band = app.get(&format!("{page}?band=certain")).await.text().await.unwrap();
    assert!(band.contains("aria-current=\"true\">certain"), "the band filter is shown as current");

    // Decide: a group of valid rows (rows with errors are set aside, not cleaned) is one customer,
    // another group two different ones.
    let rejected = app.get(&format!("{page}/files/rejected")).await.text().await.unwrap();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(rejected.as_bytes());
    let set_aside: HashSet<u64> = rdr.records().map(|r| r.unwrap()[0].parse().unwrap()).collect();
    let lines_of = |r: &csv::StringRecord| -> Vec<u64> { r[2].split(' ').map(|v| v.parse().unwrap()).collect() };
    let chosen = groups.iter().find(|r| lines_of(r).iter().all(|l| !set_aside.contains(l))).expect("a valid group");
    let first = lines_of(chosen);
    let second_line = groups.iter().map(|r| r[0].to_string()).find(|g| *g != chosen[0]).expect("two groups");
    let r = app.post(&format!("{page}/duplicates"), &[("cluster", &chosen[0]), ("decision", "same")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(location(&r).ends_with(&format!("#dup-{}", first[0])));
    let r = app.post(&format!("{page}/duplicates"), &[("cluster", &second_line), ("decision", "different")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let decisions = duplicate_decision::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(decisions.len(), 1 + 1, "one pair each: {decisions:?}");
    // Nonsense is refused with a message, not a 500.
    for (cluster, decision) in [("999999", "same"), (&chosen[0], "maybe"), ("x", "")] {
        let r = app.post(&format!("{page}/duplicates"), &[("cluster", cluster), ("decision", decision)]).await;
        assert_eq!(r.status().as_u16(), 303, "flash and back");
    }
    let html = app.get(&page).await.text().await.unwrap();
    assert!(html.contains("decided: the same") && html.contains("decided: different"));

    // Checked again: the decided pair is merged in the cleaned file, the other is no longer listed.
    let r = app.post(&format!("{page}/recheck"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(jobs::run_once(&app.state, "test").await.unwrap());
    let clean = app.get(&format!("{page}/files/clean")).await.text().await.unwrap();
    let merged_lines = first.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    let rows = records(&clean);
    assert!(
        rows.iter().any(|r| r.iter().next_back() == Some(merged_lines.as_str())),
        "a merged row lists {merged_lines}"
    );
    let html = app.get(&page).await.text().await.unwrap();
    assert!(html.contains("1 pairs declared different records are not listed"), "the report says what it left out");
    assert!(html.contains("rows merged as decided"));

    // A later load of the same export: the decisions hold.
    let later = load(&app, p, o, bytes).await;
    let html = app.get(&later).await.text().await.unwrap();
    assert!(html.contains("decided: the same"));
    let clean = app.get(&format!("{later}/files/clean")).await.text().await.unwrap();
    assert!(records(&clean).iter().any(|r| r.iter().next_back() == Some(merged_lines.as_str())));

    // Another employee of the project may read the project but not the customers' data.
    let other = app.create_user("employee").await;
    app.add_member(p, other.id, "employee").await;
    let b = app.another_browser();
    b.login(&other.email).await;
    assert_eq!(
        b.post(&format!("{page}/duplicates"), &[("cluster", &groups[0][0]), ("decision", "different")])
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(b.get(&format!("{page}/duplicates.csv")).await.status().as_u16(), 403);
    assert_eq!(b.post(&format!("{page}/recheck"), &[]).await.status().as_u16(), 403);
}
