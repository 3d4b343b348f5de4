//! ERP selection: blind scoring, reveal, results, AHP, fit, decision.

use crate::helpers::{TestApp, spawn_app};
use erp_rollout::selection::store;

/// A project with two shortlisted products, the default criteria, and the PM plus one employee as
/// evaluators. Returns (project, employee id, employee email).
async fn selection_project(app: &TestApp) -> (i32, i32, String) {
    let pm = app.login_as("pm").await;
    let p = app.create_project("Selection").await;
    let employee = app.create_user("employee").await;
    app.add_member(p, employee.id, "employee").await;
    let catalog = store::catalog(&app.db).await.unwrap();
    let r =
        app.post(&format!("/projects/{p}/selection/candidates"), &[("product_id", &catalog[0].id.to_string())]).await;
    assert_eq!(r.status().as_u16(), 303);
    let r = app
        .post(
            &format!("/projects/{p}/selection/candidates"),
            &[("product_id", ""), ("name", "Our own ERP"), ("vendor", "In-house")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    for u in [pm.id, employee.id] {
        let r = app.post(&format!("/projects/{p}/selection/evaluators"), &[("user_id", &u.to_string())]).await;
        assert_eq!(r.status().as_u16(), 303);
    }
    (p, employee.id, employee.email)
}

/// Every cell of the sheet set to `score`, with `comment` on the first.
async fn sheet(app: &TestApp, p: i32, score: &str, comment: &str) -> Vec<(String, String)> {
    let candidates = store::candidates(&app.db, p).await.unwrap();
    let criteria = store::criteria(&app.db, p).await.unwrap();
    let mut fields = Vec::new();
    for c in &candidates {
        for k in &criteria {
            fields.push((format!("s_{}_{}", c.id, k.id), score.to_string()));
        }
    }
    fields.push((format!("c_{}_{}", candidates[0].id, criteria[0].id), comment.to_string()));
    fields
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

#[tokio::test]
async fn an_evaluator_does_not_see_the_others_scores_until_the_pm_reveals_them() {
    let app = spawn_app().await;
    let (p, _, employee_email) = selection_project(&app).await;
    let employee = app.another_browser();
    employee.login(&employee_email).await;
    let pm_sheet = sheet(&app, p, "5", "PM-SECRET-COMMENT").await;
    assert_eq!(app.post(&format!("/projects/{p}/selection/scores"), &pairs(&pm_sheet)).await.status().as_u16(), 303);
    let emp_sheet = sheet(&app, p, "2", "EMPLOYEE-COMMENT").await;
    assert_eq!(
        employee.post(&format!("/projects/{p}/selection/scores"), &pairs(&emp_sheet)).await.status().as_u16(),
        303
    );

    let own = employee.get(&format!("/projects/{p}/selection/scores")).await.text().await.unwrap();
    let results_before = employee.get(&format!("/projects/{p}/selection/results")).await.text().await.unwrap();
    let csv_before = employee.get(&format!("/projects/{p}/selection/scores.csv")).await;
    let reveal = app.post(&format!("/projects/{p}/selection/reveal"), &[("confirm", "1")]).await;
    let results_after = employee.get(&format!("/projects/{p}/selection/results")).await.text().await.unwrap();
    let csv_after = employee.get(&format!("/projects/{p}/selection/scores.csv")).await.text().await.unwrap();

    assert!(own.contains("EMPLOYEE-COMMENT") && !own.contains("PM-SECRET-COMMENT"));
    assert!(results_before.contains("Scores are hidden") && !results_before.contains("3.50"));
    assert_eq!(csv_before.status().as_u16(), 303, "no CSV of scores before the reveal");
    assert_eq!(reveal.status().as_u16(), 303);
    assert!(results_after.contains("3.50"), "mean of 5 and 2 on every criterion");
    assert!(results_after.contains("disagreement"), "a spread of 3 is flagged");
    assert!(csv_after.contains("PM-SECRET-COMMENT") && csv_after.contains("EMPLOYEE-COMMENT"));
}

#[tokio::test]
async fn scores_outside_one_to_five_are_refused_and_nothing_is_saved() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    let mut fields = sheet(&app, p, "4", "").await;
    fields[1].1 = "6".into();

    let r = app.post(&format!("/projects/{p}/selection/scores"), &pairs(&fields)).await;

    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Scores go from 1 to 5"));
    assert_eq!(app.count("scores").await, 0);
}

#[tokio::test]
async fn a_member_who_is_not_an_evaluator_cannot_score() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    let outsider = app.create_user("employee").await;
    app.add_member(p, outsider.id, "employee").await;
    let b = app.another_browser();
    b.login(&outsider.email).await;
    let fields = sheet(&app, p, "4", "").await;

    let r = b.post(&format!("/projects/{p}/selection/scores"), &pairs(&fields)).await;

    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(app.count("scores").await, 0);
}

#[tokio::test]
async fn weights_that_are_negative_or_all_zero_are_refused() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    let criteria = store::criteria(&app.db, p).await.unwrap();
    let zero: Vec<(String, String)> = criteria.iter().map(|c| (format!("w_{}", c.id), "0".to_string())).collect();
    let mut negative = zero.clone();
    negative[0].1 = "-3".into();

    let r_zero = app.post(&format!("/projects/{p}/selection/weights"), &pairs(&zero)).await;
    let r_negative = app.post(&format!("/projects/{p}/selection/weights"), &pairs(&negative)).await;

    assert_eq!(r_zero.status().as_u16(), 422);
    assert!(r_zero.text().await.unwrap().contains("At least one weight must be above zero"));
    assert_eq!(r_negative.status().as_u16(), 422);
    assert!(store::criteria(&app.db, p).await.unwrap().iter().all(|c| c.weight > 0.0), "nothing saved");
}

#[tokio::test]
async fn inconsistent_pairwise_judgements_warn_and_point_at_the_worst_one() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    let c = store::criteria(&app.db, p).await.unwrap();
    // a ≫ b, b ≫ c, but c ≫ a: a circular preference.
    let mut fields: Vec<(String, String)> = Vec::new();
    for (i, a) in c.iter().enumerate() {
        for b in &c[i + 1..] {
            fields.push((format!("p_{}_{}", a.id, b.id), "1".into()));
        }
    }
    let set = |f: &mut Vec<(String, String)>, a: i32, b: i32, v: &str| {
        if let Some(x) = f.iter_mut().find(|x| x.0 == format!("p_{a}_{b}")) {
            x.1 = v.into();
        }
    };
    set(&mut fields, c[0].id, c[1].id, "9");
    set(&mut fields, c[1].id, c[2].id, "9");
    set(&mut fields, c[0].id, c[2].id, "1/9");
    let mut off_scale = fields.clone();
    off_scale[0].1 = "10".into();
    fields.push(("action".into(), "apply".into()));

    let r_off = app.post(&format!("/projects/{p}/selection/ahp"), &pairs(&off_scale)).await;
    let r = app.post(&format!("/projects/{p}/selection/ahp"), &pairs(&fields)).await;
    let (_, page) = app.get_html(&format!("/projects/{p}/selection/ahp")).await;

    assert_eq!(r_off.status().as_u16(), 422);
    assert_eq!(r.status().as_u16(), 303);
    assert!(page.contains("The judgements are inconsistent"), "CR ≥ 0.10 warns");
    assert!(page.contains("Review “"), "the worst judgement is named");
    let weights: Vec<f64> = store::criteria(&app.db, p).await.unwrap().iter().map(|c| c.weight).collect();
    assert!((weights.iter().sum::<f64>() - 100.0).abs() < 0.5, "applied AHP weights sum to 100: {weights:?}");
}

#[tokio::test]
async fn the_decision_after_the_reveal_ticks_the_selection_checklist_item() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    let fields = sheet(&app, p, "4", "").await;
    app.post(&format!("/projects/{p}/selection/scores"), &pairs(&fields)).await;
    let winner = store::candidates(&app.db, p).await.unwrap()[0].id.to_string();
    let decide = [("candidate_id", winner.as_str()), ("rationale", "Best functional fit and a native CRM connector.")];

    let too_early = app.post(&format!("/projects/{p}/selection/decision"), &decide).await;
    app.post(&format!("/projects/{p}/selection/reveal"), &[("confirm", "1")]).await;
    let short = app
        .post(&format!("/projects/{p}/selection/decision"), &[("candidate_id", winner.as_str()), ("rationale", "ok")])
        .await;
    let done = app.post(&format!("/projects/{p}/selection/decision"), &decide).await;
    let late_score = app.post(&format!("/projects/{p}/selection/scores"), &pairs(&fields)).await;

    assert_eq!(too_early.status().as_u16(), 422);
    assert_eq!(short.status().as_u16(), 422);
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(late_score.status().as_u16(), 303, "scoring after the reveal is refused with a message");
    let sel = store::selection(&app.db, p).await.unwrap();
    assert_eq!(sel.chosen_candidate_id.map(|c| c.to_string()), Some(winner));
    let phase = erp_rollout::phases::store::phase(&app.db, p, "selection").await.unwrap().unwrap();
    let items = erp_rollout::phases::store::items(&app.db, phase.id).await.unwrap();
    assert!(items.iter().any(|i| i.template_key.as_deref() == Some("sel-decision-rationale") && i.done));
    let (_, report) = app.get_html(&format!("/projects/{p}/selection/report")).await;
    assert!(report.contains("Best functional fit") && report.contains("<svg"));
}

#[tokio::test]
async fn the_fit_matrix_gives_must_have_coverage_per_product() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    let musts = [app.requirement(p, "R1").await, app.requirement(p, "R2").await];
    let cands = store::candidates(&app.db, p).await.unwrap();
    let f = |r: i32, c: i32| format!("f_{r}_{c}");
    let fields = [
        (f(musts[0], cands[0].id), "standard".to_string()),
        (f(musts[1], cands[0].id), "customization".to_string()),
        (f(musts[0], cands[1].id), "gap".to_string()),
    ];

    let r = app.post(&format!("/projects/{p}/selection/fit"), &pairs(&fields)).await;
    let results = erp_rollout::selection::results::compute(&app.db, p).await.unwrap();

    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(results.coverage[0].covered_pct(), 50.0);
    assert_eq!(results.coverage[0].customization_pct(), 50.0);
    assert_eq!(results.coverage[1].gap, 1);
}

#[tokio::test]
async fn the_fit_matrix_scrolls_in_its_own_box_with_the_requirements_column_fixed() {
    let app = spawn_app().await;
    let (p, _, _) = selection_project(&app).await;
    app.requirement(p, "R1").await;

    let (status, page) = app.get_html(&format!("/projects/{p}/selection/fit")).await;

    assert_eq!(status, 200);
    let region = r#"<div class="table-scroll sticky-first" role="region" tabindex="0" aria-label="Requirement fit"><table class="matrix">"#;
    assert!(page.contains(region), "{page}");
}
