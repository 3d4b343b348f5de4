//! Issue 18's scale: test cases × 10 steps × 5 cycles and defects in one project, seeded straight
//! into the tables, then every testing page asked for and the readiness facts checked against what
//! was seeded. In the suite it runs small (40 cases, 400 defects); with `ERP_TESTING_SCALE=full`
//! (`cargo test --test app testing_scale -- --nocapture`) it seeds 1,000 cases and 10,000 defects
//! and prints the timings that BENCHMARKS.md quotes.

use crate::helpers::spawn_app;
use erp_rollout::entities::{
    defect, test_case, test_case_requirement, test_cycle, test_run, test_step, test_step_result,
};
use sea_orm::{ActiveValue::Set, EntityTrait};

async fn insert<A: sea_orm::ActiveModelTrait + Send>(db: &sea_orm::DatabaseConnection, rows: Vec<A>) {
    for chunk in rows.chunks(400) {
        A::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await.expect("insert");
    }
}

#[tokio::test]
async fn the_matrix_cycle_page_and_defect_list_answer_from_aggregates_at_scale() {
    let full = std::env::var("ERP_TESTING_SCALE").as_deref() == Ok("full");
    let (cases, defects, requirements): (i32, i32, usize) = if full { (1000, 10_000, 500) } else { (40, 400, 20) };
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Scale").await;
    let now = chrono::Utc::now();
    let mut reqs = Vec::new();
    for i in 0..requirements {
        reqs.push(
            app.requirement_with(p, &format!("Requirement {i}"), if i % 3 == 0 { "must" } else { "should" }).await,
        );
    }
    let t = std::time::Instant::now();
    let case = |i: i32| test_case::ActiveModel {
        id: Set(i),
        project_id: Set(p),
        title: Set(format!("Case {i}")),
        module: Set("finance".into()),
        preconditions: Set(None),
        priority: Set(if i % 3 == 0 { "must" } else { "should" }.into()),
        search_text: Set(format!("case {i}")),
        version: Set(1),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    insert(&app.db, (1..=cases).map(case).collect()).await;
    insert(
        &app.db,
        (1..=cases)
            .map(|c| test_case_requirement::ActiveModel {
                case_id: Set(c),
                requirement_id: Set(reqs[(c as usize) % reqs.len()]),
            })
            .collect(),
    )
    .await;
    let step = |n: i32| test_step::ActiveModel {
        id: Set(n),
        case_id: Set((n - 1) / 10 + 1),
        position: Set((n - 1) % 10 + 1),
        action: Set("Do".into()),
        expected: Set("See".into()),
    };
    insert(&app.db, (1..=cases * 10).map(step).collect()).await;
    let d = |days: i64| (now - chrono::Duration::days(days)).date_naive();
    let cycle = |c: i32| test_cycle::ActiveModel {
        id: Set(c),
        project_id: Set(p),
        name: Set(format!("Cycle {c}")),
        kind: Set(if c == 5 { "uat" } else { "sit" }.into()),
        starts_on: Set(d(60 - 10 * c as i64)),
        ends_on: Set(d(50 - 10 * c as i64)),
        exit_all_must: Set(true),
        exit_severity: Set("high".into()),
        created_by: Set(None),
        created_at: Set(now),
    };
    insert(&app.db, (1..=5).map(cycle).collect()).await;
    let results = ["passed", "passed", "passed", "failed", "blocked", "passed_remarks", "not_run"];
    let run = |n: i32| {
        let (cy, c) = ((n - 1) / cases + 1, (n - 1) % cases + 1);
        let result = results[(n as usize) % results.len()];
        let done = result != "not_run";
        test_run::ActiveModel {
            id: Set(n),
            project_id: Set(p),
            cycle_id: Set(cy),
            case_id: Set(c),
            tester_id: Set(Some(pm.id)),
            attempt: Set(1),
            is_latest: Set(true),
            result: Set(result.into()),
            finished_on: Set(done.then(|| d(55 - 10 * cy as i64 - (n % 5) as i64))),
            finished_at: Set(done.then_some(now)),
            created_at: Set(now),
        }
    };
    insert(&app.db, (1..=cases * 5).map(run).collect()).await;
    let sr = |n: i32| {
        let (r, s) = ((n - 1) / 10 + 1, (n - 1) % 10 + 1);
        let c = (r - 1) % cases + 1;
        test_step_result::ActiveModel {
            id: Set(n),
            run_id: Set(r),
            step_id: Set((c - 1) * 10 + s),
            status: Set("pass".into()),
            actual: Set(None),
            recorded_by: Set(Some(pm.id)),
            recorded_at: Set(now),
            version: Set(1),
            evidence_name: Set(None),
            evidence_file: Set(None),
        }
    };
    insert(&app.db, (1..=cases * 50).map(sr).collect()).await;
    let statuses = ["new", "in_progress", "fixed", "retest", "closed", "rejected"];
    let sev = ["critical", "high", "medium", "low"];
    let df = |n: i32| defect::ActiveModel {
        id: Set(n),
        project_id: Set(p),
        title: Set(format!("Defect {n}")),
        description: Set(None),
        severity: Set(sev[(n as usize) % 4].into()),
        module: Set("finance".into()),
        status: Set(statuses[(n as usize) % 6].into()),
        assignee_id: Set(Some(pm.id)),
        case_id: Set((n - 1) % cases + 1),
        step_id: Set(None),
        requirement_id: Set(Some(reqs[(n as usize) % reqs.len()])),
        run_id: Set(Some((n - 1) % (cases * 5) + 1)),
        version: Set(1),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    insert(&app.db, (1..=defects).map(df).collect()).await;
    if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        for t in ["test_cases", "test_steps", "test_cycles", "test_runs", "test_step_results", "defects"] {
            sea_orm::ConnectionTrait::execute_unprepared(
                &app.db,
                &format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"),
            )
            .await
            .expect("sequence");
            sea_orm::ConnectionTrait::execute_unprepared(&app.db, &format!("ANALYZE {t}")).await.expect("analyze");
        }
    }
    println!("seeded in {:?}", t.elapsed());

    for path in [
        format!("/projects/{p}/testing"),
        format!("/projects/{p}/testing/trace"),
        format!("/projects/{p}/testing/trace?flagged=1"),
        format!("/projects/{p}/testing/trace?page=9"),
        format!("/projects/{p}/testing/cycles"),
        format!("/projects/{p}/testing/cycles/3"),
        format!("/projects/{p}/testing/cycles/3?page=15"),
        format!("/projects/{p}/testing/defects"),
        format!("/projects/{p}/testing/defects?status=open&severity=critical&page=10"),
        format!("/projects/{p}/testing/cases?q=case+99"),
        format!("/projects/{p}/testing/runs/{}", cases * 5 / 2),
    ] {
        app.get(&path).await;
        let t = std::time::Instant::now();
        let n = 5;
        for _ in 0..n {
            let r = app.get(&path).await;
            assert_eq!(r.status().as_u16(), 200, "{path}");
            r.text().await.unwrap();
        }
        println!(
            "{:>8.1} ms  GET {}",
            t.elapsed().as_secs_f64() * 1000.0 / n as f64,
            path.replace(&format!("/projects/{p}"), "…")
        );
    }
    let t = std::time::Instant::now();
    let f = erp_rollout::testing::store::readiness_facts(&app.db, p).await.unwrap();
    println!("{:>8.1} ms  readiness_facts {f:?}", t.elapsed().as_secs_f64() * 1000.0);
    // The counts are the seeded ones: statuses cycle through six (closed and rejected last),
    // severities through four, so the open ones by severity are known.
    let mut open = [0u64; 4];
    for n in 1..=defects as usize {
        if n % 6 < 4 {
            open[n % 4] += 1;
        }
    }
    assert_eq!((f.cases, f.open_defects), (cases as u64, open));
    assert_eq!(
        f.runs_executed,
        (1..=cases as usize * 5).filter(|n| results[n % results.len()] != "not_run").count() as u64
    );
}
