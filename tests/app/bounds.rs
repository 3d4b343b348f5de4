//! Issue 16, defect 4: every number has a domain. A criterion weight of `1e308` used to be taken by
//! the add form (two of them made every weighted score 0.00 and the AHP page "NaN %"), a KPI
//! measurement of `1e308` showed "-inf %" and wrote `inf` into the CSV; and a stored out-of-range
//! value from before is brought into range by a migration. Plus the CSV-import side of defect 3.

use crate::helpers::{TestApp, spawn_app};
use erp_rollout::entities::{criterion, kpi, kpi_measurement};
use migration::MigratorTrait;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel};

fn no_nan_or_infinity(what: &str, text: &str) {
    for bad in ["NaN", "inf %", "inf<", ">inf", ",inf", "-inf", "Infinity"] {
        assert!(!text.contains(bad), "{what} shows {bad:?}");
    }
}

async fn pages(app: &TestApp, p: i32, k: i32) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in [
        format!("/projects/{p}/selection"),
        format!("/projects/{p}/selection/ahp"),
        format!("/projects/{p}/kpis"),
        format!("/projects/{p}/kpis.csv"),
        format!("/projects/{p}/kpis/{k}/measurements"),
        format!("/projects/{p}/kpi-measurements.csv"),
        format!("/projects/{p}/adoption"),
    ] {
        let r = app.get(&path).await;
        assert!(r.status().as_u16() < 500, "{path}: {}", r.status());
        out.push((path, r.text().await.unwrap()));
    }
    out
}

#[tokio::test]
async fn huge_and_non_finite_numbers_are_refused_with_their_range() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let k = app.kpi(p).await;
    let criteria = format!("/projects/{p}/selection/criteria");
    for w in ["1e308", "inf", "NaN", "-1", "1000001"] {
        let r = app.post(&criteria, &[("name", "Huge"), ("weight", w)]).await;
        assert_eq!(r.status().as_u16(), 422, "weight {w}");
        assert!(r.text().await.unwrap().contains("from 0 to 1,000,000"), "weight {w}: the range is said");
    }
    for _ in 0..2 {
        assert_eq!(app.post(&criteria, &[("name", "Heavy"), ("weight", "1000000")]).await.status().as_u16(), 303);
    }
    let measurements = format!("/projects/{p}/kpis/{k}/measurements");
    for v in ["1e308", "-1e13", "inf"] {
        let r = app.post(&measurements, &[("measured_on", "2027-05-01"), ("value", v)]).await;
        assert_eq!(r.status().as_u16(), 422, "value {v}");
        assert!(r.text().await.unwrap().contains("1,000,000,000,000"), "value {v}: the range is said");
    }
    let kpis = format!("/projects/{p}/kpis");
    let r = app
        .post(
            &kpis,
            &[
                ("name", "Tiny"),
                ("unit", "h"),
                ("direction", "lower_is_better"),
                ("baseline_value", "1e300"),
                ("baseline_date", "2027-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Enter the baseline as a number between"));
    // The largest allowed values against a tiny baseline still read as numbers.
    let tiny = kpi::Entity::find_by_id(k).one(&app.db).await.unwrap().unwrap();
    let mut am = tiny.into_active_model();
    am.baseline_value = Set(1e-300);
    am.update(&app.db).await.unwrap();
    let r = app.post(&measurements, &[("measured_on", "2027-05-01"), ("value", "1000000000000")]).await;
    assert_eq!(r.status().as_u16(), 303);
    for (path, body) in pages(&app, p, k).await {
        no_nan_or_infinity(&path, &body);
    }
}

#[tokio::test]
async fn values_stored_out_of_range_before_are_brought_into_range() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let k = app.kpi(p).await;
    // What the old forms let in, planted directly.
    for w in [f64::INFINITY, 1e308] {
        let c = criterion::Entity::find_by_id(app.criterion(p).await).one(&app.db).await.unwrap().unwrap();
        let mut am = c.into_active_model();
        am.weight = Set(w);
        am.update(&app.db).await.unwrap();
    }
    kpi_measurement::ActiveModel {
        project_id: Set(p),
        kpi_id: Set(k),
        measured_on: Set(chrono::NaiveDate::from_ymd_opt(2027, 5, 1).unwrap()),
        value: Set(f64::NEG_INFINITY),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    // The bounds migration again, as an upgrade from before it runs it.
    let forget = "DELETE FROM seaql_migrations WHERE version = 'm20261202_000003_numeric_bounds'";
    app.db.execute_unprepared(forget).await.unwrap();
    migration::Migrator::up(&app.db, None).await.unwrap();

    let weights: Vec<f64> = criterion::Entity::find().all(&app.db).await.unwrap().iter().map(|c| c.weight).collect();
    assert!(weights.iter().all(|w| (0.0..=1e6).contains(w)), "{weights:?}");
    let values: Vec<f64> =
        kpi_measurement::Entity::find().all(&app.db).await.unwrap().iter().map(|m| m.value).collect();
    assert_eq!(values, vec![-1e12]);
    for (path, body) in pages(&app, p, k).await {
        no_nan_or_infinity(&path, &body);
    }
}

#[tokio::test]
async fn a_csv_import_with_a_nul_byte_names_the_line_and_imports_nothing() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    app.kpi(p).await;
    let csv =
        b"indicador;fecha;valor\norder processing time;15/07/2027;38,5\norder processing time;16/07/2027;3\x008\n";
    let r = app.upload(&format!("/projects/{p}/kpi-measurements/import"), "m.csv", csv.to_vec()).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("line 3 holds a hidden control character"));
    assert_eq!(app.count("kpi_measurements").await, 0);
}

#[tokio::test]
async fn an_imported_lag_of_millions_of_days_is_a_line_error_not_a_date_overflow() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let csv = "title,start,due,depends_on\nA,2027-01-04,2027-01-08,\nB,2027-01-11,2027-01-15,A (+2000000000d)\n";
    let r = app.upload(&format!("/projects/{p}/milestones/import"), "plan.csv", csv.as_bytes().to_vec()).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("a lag goes from −365 to +365 days"));
    assert_eq!(app.count("milestones").await, 0);
}
