//! Test management (issue 18): cases proving requirements, cycles with testers and an exit rule,
//! step-by-step runs and retests, defects and their flow, traceability, who sees what.

use crate::helpers::{TestApp, TestApp2, TestUser, location, spawn_app};
use erp_rollout::entities::{test_run, test_step};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};

pub(crate) async fn member<'a>(app: &'a TestApp, p: i32, role: &str) -> (TestUser, TestApp2<'a>) {
    let u = app.create_user(role).await;
    app.add_member(p, u.id, role).await;
    let b = app.another_browser();
    b.login(&u.email).await;
    (u, b)
}

pub(crate) fn id_from(r: &reqwest::Response) -> i32 {
    location(r)
        .rsplit('/')
        .next()
        .and_then(|s| s.split('#').next())
        .and_then(|s| s.parse().ok())
        .expect("id in Location")
}

impl TestApp {
    /// A test case with `steps` steps proving `req`, straight through the store.
    pub async fn test_case(&self, project: i32, req: i32, priority: &str, steps: usize) -> i32 {
        let input = erp_rollout::testing::form::CaseInput {
            title: format!("Case {}", uuid::Uuid::new_v4().simple()),
            module: "finance".into(),
            preconditions: None,
            priority: priority.into(),
            steps: (1..=steps)
                .map(|i| erp_rollout::testing::rules::StepText {
                    action: format!("Do {i}"),
                    expected: format!("Sees {i}"),
                })
                .collect(),
            requirements: vec![req],
        };
        erp_rollout::testing::store::create_case(&self.db, project, &input, None, chrono::Utc::now())
            .await
            .expect("case")
            .id
    }

    pub async fn test_cycle(&self, project: i32, kind: &str) -> i32 {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let input = erp_rollout::testing::form::CycleInput {
            name: format!("{kind} cycle"),
            kind: kind.into(),
            starts_on: d("2027-03-01"),
            ends_on: d("2027-03-31"),
            exit_all_must: true,
            exit_severity: "high".into(),
        };
        let pm = self.create_user("pm").await;
        erp_rollout::testing::store::create_cycle(&self.db, project, &input, pm.id, chrono::Utc::now())
            .await
            .expect("cycle")
            .id
    }

    pub async fn test_run(&self, project: i32, cycle: i32, case: i32, tester: Option<i32>) -> i32 {
        erp_rollout::testing::runs_store::start(&self.db, project, cycle, case, tester, chrono::Utc::now())
            .await
            .expect("run")
            .id
    }

    /// A fresh requirement, case, cycle and run of the project: (case, cycle, run).
    pub async fn test_fixture(&self, project: i32, tester: Option<i32>) -> (i32, i32, i32) {
        let req = self.requirement(project, "Invoices post to the ledger").await;
        let case = self.test_case(project, req, "must", 2).await;
        let cycle = self.test_cycle(project, "sit").await;
        (case, cycle, self.test_run(project, cycle, case, tester).await)
    }

    pub async fn defect(&self, project: i32, case: i32) -> i32 {
        let d = erp_rollout::testing::defects_store::NewDefect {
            title: "Total is wrong".into(),
            description: None,
            severity: "high".into(),
            module: "finance".into(),
            assignee_id: None,
            case_id: case,
            step_id: None,
            requirement_id: None,
            run_id: None,
        };
        erp_rollout::testing::defects_store::create(&self.db, project, d, None, chrono::Utc::now())
            .await
            .expect("defect")
            .id
    }

    pub async fn steps_of(&self, case: i32) -> Vec<i32> {
        test_step::Entity::find()
            .filter(test_step::Column::CaseId.eq(case))
            .order_by_asc(test_step::Column::Position)
            .all(&self.db)
            .await
            .expect("steps")
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    pub async fn run_row(&self, run: i32) -> test_run::Model {
        test_run::Entity::find_by_id(run).one(&self.db).await.expect("query").expect("run")
    }
}

pub(crate) async fn record(
    b: &TestApp2<'_>,
    p: i32,
    run: i32,
    step: i32,
    status: &str,
    version: &str,
) -> reqwest::Response {
    b.post(
        &format!("/projects/{p}/testing/runs/{run}/steps/{step}"),
        &[("status", status), ("actual", "as seen"), ("version", version)],
    )
    .await
}

#[tokio::test]
async fn a_pm_writes_a_case_runs_it_in_a_cycle_and_raises_a_defect_from_the_failed_step() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let req = app.requirement(p, "Invoices post to the ledger").await;
    let (tester, tb) = member(&app, p, "employee").await;

    let r = app
        .post(
            &format!("/projects/{p}/testing/cases"),
            &[
                ("title", "Post a supplier invoice"),
                ("module", "finance"),
                ("priority", "must"),
                ("preconditions", "A supplier exists"),
                ("steps", "Enter the invoice | It is saved as a draft\nPost it | Its status is Posted\nOpen the ledger | The entry is there"),
                (&format!("req_{req}"), "1"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let case = id_from(&r);
    let steps = app.steps_of(case).await;
    assert_eq!(steps.len(), 3, "three numbered steps");
    let (_, list) = app.get_html(&format!("/projects/{p}/testing/cases?q=supplier&module=finance")).await;
    assert!(list.contains("Post a supplier invoice"));
    let csv = app.get(&format!("/projects/{p}/testing/cases.csv")).await.text().await.unwrap();
    assert!(csv.contains("Post a supplier invoice") && csv.contains("Post it | Its status is Posted"), "{csv}");

    let r = app
        .post(
            &format!("/projects/{p}/testing/cycles"),
            &[
                ("name", "SIT 1 with migrated data"),
                ("kind", "sit"),
                ("starts_on", "2027-03-01"),
                ("ends_on", "2027-03-12"),
                ("exit_all_must", "1"),
                ("exit_severity", "high"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let cycle = id_from(&r);
    let r = app
        .post(
            &format!("/projects/{p}/testing/cycles/{cycle}/runs"),
            &[("case_id", &case.to_string()), ("tester_id", &tester.id.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let run = test_run::Entity::find().filter(test_run::Column::CycleId.eq(cycle)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(run.tester_id, Some(tester.id));

    // The tester finds it under My tests and executes it.
    let mine = tb.get(&format!("/projects/{p}/testing")).await.text().await.unwrap();
    assert!(mine.contains("Post a supplier invoice"), "My tests lists the run");
    assert_eq!(record(&tb, p, run.id, steps[0], "pass", "0").await.status().as_u16(), 303);
    assert_eq!(app.run_row(run.id).await.result, "in_progress");
    assert_eq!(record(&tb, p, run.id, steps[1], "fail", "0").await.status().as_u16(), 303);
    let row = app.run_row(run.id).await;
    assert_eq!(row.result, "failed", "any failed step fails the run");
    assert!(row.finished_on.is_some(), "executed today");

    // Raise a defect from the failed step: prefilled with the case, step and requirement.
    let form = tb
        .get(&format!("/projects/{p}/testing/defects/new?run={}&step={}", run.id, steps[1]))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("Step 2 fails: Post it"), "the title is prefilled");
    assert!(form.contains(&format!("value=\"{}\" selected", req)), "the requirement is prefilled");
    let r = tb
        .post(
            &format!("/projects/{p}/testing/defects"),
            &[
                ("title", "Posting fails"),
                ("severity", "critical"),
                ("module", "finance"),
                ("case_id", &case.to_string()),
                ("step_id", &steps[1].to_string()),
                ("requirement_id", &req.to_string()),
                ("run_id", &run.id.to_string()),
                ("assignee_id", &pm.id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let defect = id_from(&r);
    let (_, page) = app.get_html(&format!("/projects/{p}/testing/cycles/{cycle}")).await;
    assert!(
        page.contains("Not met") && page.contains("Open defects of severity High or worse: 1."),
        "the exit rule says why"
    );
    assert!(page.contains("<svg"), "burn-down charts");

    // The flow, with who and when.
    for to in ["in_progress", "fixed", "retest", "closed"] {
        let version =
            erp_rollout::testing::defects_store::get(&app.db, p, defect).await.unwrap().unwrap().version.to_string();
        let r = app
            .post(&format!("/projects/{p}/testing/defects/{defect}/status"), &[("status", to), ("version", &version)])
            .await;
        assert_eq!(r.status().as_u16(), 303, "to {to}");
    }
    assert_eq!(app.count(&format!("defect_events WHERE defect_id = {defect}")).await, 5);
    let csv = app.get(&format!("/projects/{p}/testing/defects.csv?status=closed")).await.text().await.unwrap();
    assert!(csv.contains("Posting fails"));
    let (status, sorted) = app.get_html(&format!("/projects/{p}/testing/cases?sort=priority&dir=desc")).await;
    assert!(status == 200 && sorted.contains("aria-sort=\"descending\""));
    assert_eq!(
        app.get(&format!("/projects/{p}/testing/defects?sort=severity&status=closed")).await.status().as_u16(),
        200
    );
    let runs_csv = app.get(&format!("/projects/{p}/testing/cycles/{cycle}/runs.csv")).await.text().await.unwrap();
    assert!(runs_csv.contains("failed"));
}

#[tokio::test]
async fn a_key_user_runs_cycles_with_the_pm_and_retests_while_an_employee_gets_403() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (key, kb) = member(&app, p, "employee").await;
    app.make_key_user(p, key.id).await;
    let (_, eb) = member(&app, p, "employee").await;
    let (case, cycle, run) = app.test_fixture(p, Some(key.id)).await;

    assert_eq!(kb.get(&format!("/projects/{p}/testing/cycles/{cycle}")).await.status().as_u16(), 200);
    assert_eq!(kb.get(&format!("/projects/{p}/testing/trace")).await.status().as_u16(), 200);
    let r = kb
        .post(
            &format!("/projects/{p}/testing/cycles"),
            &[
                ("name", "UAT wave 2"),
                ("kind", "uat"),
                ("starts_on", "2027-04-01"),
                ("ends_on", "2027-04-09"),
                ("exit_severity", "critical"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "a key user creates a cycle");
    for s in app.steps_of(case).await {
        assert_eq!(record(&kb, p, run, s, "pass", "0").await.status().as_u16(), 303);
    }
    assert_eq!(app.run_row(run).await.result, "passed");
    let r = kb.post(&format!("/projects/{p}/testing/runs/{run}/retest"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    let retest = id_from(&r);
    let new = app.run_row(retest).await;
    assert!(new.is_latest && new.attempt == 2 && new.result == "not_run");
    assert!(!app.run_row(run).await.is_latest, "the first attempt is kept as history");

    for path in [
        format!("/projects/{p}/testing/cases"),
        format!("/projects/{p}/testing/cycles/{cycle}"),
        format!("/projects/{p}/testing/trace"),
        format!("/projects/{p}/testing/runs/{run}"),
    ] {
        assert_eq!(eb.get(&path).await.status().as_u16(), 403, "{path}");
    }
    assert_eq!(eb.post(&format!("/projects/{p}/testing/cycles"), &[("name", "x")]).await.status().as_u16(), 403);
}

#[tokio::test]
async fn an_employee_sees_only_the_runs_and_defects_assigned_to_them() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (ana, ab) = member(&app, p, "employee").await;
    let (luis, _) = member(&app, p, "employee").await;
    let (_, _, mine) = app.test_fixture(p, Some(ana.id)).await;
    let (other_case, _, theirs) = app.test_fixture(p, Some(luis.id)).await;
    let theirs_case = app.run_row(theirs).await.case_id;
    assert_eq!(theirs_case, other_case);

    let (_, tab) = app.get_html(&format!("/projects/{p}")).await;
    assert!(tab.contains("Testing"), "the PM has the tab");
    let home = ab.get(&format!("/projects/{p}/testing")).await.text().await.unwrap();
    assert!(home.contains("My tests") && home.contains(&format!("/testing/runs/{mine}")));
    assert!(!home.contains(&format!("/testing/runs/{theirs}")), "not someone else's run");
    assert!(!home.contains("Traceability"), "no management links");
    assert_eq!(ab.get(&format!("/projects/{p}/testing/runs/{mine}")).await.status().as_u16(), 200);
    assert_eq!(ab.get(&format!("/projects/{p}/testing/runs/{theirs}")).await.status().as_u16(), 403);
    let step = app.steps_of(theirs_case).await[0];
    assert_eq!(record(&ab, p, theirs, step, "pass", "0").await.status().as_u16(), 403);

    // Defects: only those assigned to them (or reported by them).
    let assigned = app.defect(p, other_case).await;
    let hidden = app.defect(p, other_case).await;
    erp_rollout::entities::defect::Entity::update_many()
        .col_expr(erp_rollout::entities::defect::Column::AssigneeId, Expr::value(ana.id))
        .filter(erp_rollout::entities::defect::Column::Id.eq(assigned))
        .exec(&app.db)
        .await
        .unwrap();
    let _ = pm;
    let list = ab.get(&format!("/projects/{p}/testing/defects")).await.text().await.unwrap();
    assert!(list.contains("My defects") && list.contains(&format!("/testing/defects/{assigned}\"")));
    assert!(!list.contains(&format!("/testing/defects/{hidden}\"")));
    assert_eq!(ab.get(&format!("/projects/{p}/testing/defects/{hidden}")).await.status().as_u16(), 403);
    let r = ab
        .post(
            &format!("/projects/{p}/testing/defects/{assigned}/status"),
            &[("status", "in_progress"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "the assignee moves their defect");
}

#[tokio::test]
async fn the_matrix_flags_a_must_have_without_a_passing_case_and_shows_the_latest_result_per_cycle() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let covered = app.requirement(p, "Covered must-have").await;
    let _bare = app.requirement(p, "Bare must-have").await;
    let case = app.test_case(p, covered, "must", 1).await;
    let sit = app.test_cycle(p, "sit").await;
    let uat = app.test_cycle(p, "uat").await;
    let step = app.steps_of(case).await[0];
    let first = app.test_run(p, sit, case, Some(pm.id)).await;
    let b = app.another_browser();
    b.login(&pm.email).await;
    assert_eq!(record(&b, p, first, step, "fail", "0").await.status().as_u16(), 303);
    let facts = erp_rollout::testing::store::readiness_facts(&app.db, p).await.unwrap();
    assert_eq!((facts.must_requirements, facts.musts_without_passing_case), (2, 2), "failed is not passing");

    // Retest in the same cycle: the latest result is the retest's.
    let r = b.post(&format!("/projects/{p}/testing/runs/{first}/retest"), &[]).await;
    let second = id_from(&r);
    assert_eq!(record(&b, p, second, step, "remarks", "0").await.status().as_u16(), 303);
    app.test_run(p, uat, case, Some(pm.id)).await;

    // Two cases of one must-have: one passes, one fails — shown failed, but not flagged.
    let mixed = app.requirement(p, "Mixed must-have").await;
    for status in ["pass", "fail"] {
        let c = app.test_case(p, mixed, "must", 1).await;
        let run = app.test_run(p, sit, c, Some(pm.id)).await;
        assert_eq!(record(&b, p, run, app.steps_of(c).await[0], status, "0").await.status().as_u16(), 303);
    }

    let (_, page) = app.get_html(&format!("/projects/{p}/testing/trace")).await;
    let row = |title: &str| page.split("<tr").find(|r| r.contains(title)).unwrap_or_default().to_string();
    let c = row("Covered must-have");
    assert!(c.contains("Passed with remarks") && !c.contains("Failed"), "latest SIT result after the retest: {c}");
    assert!(c.contains("Not run"), "the UAT cycle's result");
    assert!(!c.contains("No passing case"));
    assert!(row("Bare must-have").contains("No passing case"));
    let m = row("Mixed must-have");
    assert!(m.contains("Failed") && !m.contains("No passing case"), "{m}");
    let (_, flagged) = app.get_html(&format!("/projects/{p}/testing/trace?flagged=1")).await;
    assert!(flagged.contains("Bare must-have") && !flagged.contains("Covered must-have"));
    let csv = app.get(&format!("/projects/{p}/testing/trace.csv")).await.text().await.unwrap();
    assert!(csv.contains("Bare must-have") && csv.contains("passed_remarks"), "{csv}");

    let f = erp_rollout::testing::store::readiness_facts(&app.db, p).await.unwrap();
    assert_eq!(f.musts_without_passing_case, 1);
    assert_eq!((f.cases, f.runs_executed, f.uat_cycles), (3, 4, 1));
    assert_eq!(f.latest_uat_exit_met, Some(false), "the UAT must-have case is not executed");
}
