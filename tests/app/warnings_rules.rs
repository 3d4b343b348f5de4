//! Warning rules, one by one: crafted data that triggers each, data that clears it, and the
//! boundary. Rules are evaluated directly, on the injected clock.

use crate::helpers::{TestApp, spawn_app};
use chrono::Duration;
use erp_rollout::clock::Clock;
use erp_rollout::entities::{feedback, milestone, project, survey_answer, survey_wave, training_session};
use erp_rollout::warnings::evaluate::{evaluate, thresholds};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// The rules that fire now, with their evidence count.
async fn fired(app: &TestApp, p: i32) -> Vec<(&'static str, i64)> {
    let proj = project::Entity::find_by_id(p).one(&app.db).await.unwrap().unwrap();
    let th = thresholds(&app.db, p).await.unwrap();
    evaluate(&app.db, &proj, app.clock.now(), &th).await.unwrap().into_iter().map(|f| (f.rule, f.count)).collect()
}

fn has(f: &[(&str, i64)], rule: &str) -> Option<i64> {
    f.iter().find(|(r, _)| *r == rule).map(|(_, n)| *n)
}

async fn set_go_live(app: &TestApp, p: i32, days_from_now: i64) {
    let d = (app.clock.now() + Duration::days(days_from_now)).date_naive();
    project::Entity::update_many()
        .col_expr(project::Column::GoLiveDate, Expr::value(d))
        .filter(project::Column::Id.eq(p))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn planning_rules_fire_on_missing_owners_overdue_work_and_a_short_plan() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await; // medium company: the guide's norm is 6 months
    let today = app.clock.now().date_naive();
    let yesterday = (today - Duration::days(1)).to_string();
    let due_today = today.to_string();
    let a = app.milestone(p, "Configure finance", "2027-01-04", "2027-05-28", None).await; // ~4.8 months

    let first = fired(&app, p).await;
    assert_eq!(has(&first, "milestones_without_owner"), Some(1));
    assert!(has(&first, "plan_shorter_than_norm").is_some(), "{first:?}");
    assert_eq!(has(&first, "overdue_milestones"), None);

    // Due today is not overdue; due yesterday is.
    app.milestone(p, "Due today", &due_today, &due_today, Some(pm.id)).await;
    assert_eq!(has(&fired(&app, p).await, "overdue_milestones"), None, "the boundary: due today");
    app.milestone(p, "Late", &yesterday, &yesterday, Some(pm.id)).await;
    // A seven-month plan clears the length rule; an owner clears the first one.
    app.milestone(p, "Go-live", "2027-08-02", "2027-08-02", Some(pm.id)).await;
    milestone::Entity::update_many()
        .col_expr(milestone::Column::OwnerId, Expr::value(Some(pm.id)))
        .filter(milestone::Column::Id.eq(a))
        .exec(&app.db)
        .await
        .unwrap();

    let after = fired(&app, p).await;
    assert_eq!(has(&after, "overdue_milestones"), Some(1));
    assert_eq!(has(&after, "milestones_without_owner"), None);
    assert_eq!(has(&after, "plan_shorter_than_norm"), None, "{after:?}");
}

#[tokio::test]
async fn customization_share_fires_above_twenty_percent_not_at_it() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    for i in 0..5 {
        app.requirement(p, &format!("Requirement {i}")).await;
    }
    app.customization(p).await;
    assert_eq!(has(&fired(&app, p).await, "customization_share"), None, "1 of 5 is exactly 20 %");
    app.customization(p).await;
    assert_eq!(has(&fired(&app, p).await, "customization_share"), Some(2));
    // A threshold of 50 % (a project setting) clears it.
    let r = app.post(&format!("/projects/{p}/warnings/settings"), &[("customization_share_max", "50")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(has(&fired(&app, p).await, "customization_share"), None);
    let bad = app.post(&format!("/projects/{p}/warnings/settings"), &[("customization_share_max", "lots")]).await;
    assert_eq!(bad.status().as_u16(), 422);
}

#[tokio::test]
async fn training_rules_watch_sessions_security_and_coverage_near_go_live() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    assert_eq!(has(&fired(&app, p).await, "no_training_sessions"), None, "go-live is months away");
    set_go_live(&app, p, 20).await;
    let f = fired(&app, p).await;
    assert!(has(&f, "no_training_sessions").is_some() && has(&f, "no_security_training").is_some(), "{f:?}");

    let sid = app.training_session(p, None, 10).await;
    let employee = app.create_user("employee").await;
    let other = app.create_user("employee").await;
    app.add_member(p, employee.id, "employee").await;
    app.add_member(p, other.id, "employee").await;
    let f = fired(&app, p).await;
    assert_eq!(has(&f, "no_training_sessions"), None);
    assert!(has(&f, "no_security_training").is_some(), "a regular session is not security awareness");
    assert!(has(&f, "training_coverage").is_some(), "nobody trained 20 days before go-live");

    training_session::Entity::update_many()
        .col_expr(training_session::Column::Kind, Expr::value("security"))
        .filter(training_session::Column::Id.eq(sid))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(has(&fired(&app, p).await, "no_security_training"), None);
    set_go_live(&app, p, 31).await;
    assert_eq!(has(&fired(&app, p).await, "training_coverage"), None, "31 days out is outside the 30-day window");
}

#[tokio::test]
async fn resistance_rules_watch_unanswered_feedback_and_sus() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let now = app.clock.now();
    let item = |days: i64| feedback::ActiveModel {
        project_id: Set(p),
        category: Set("usability".into()),
        module: Set("finance".into()),
        rating: Set(2),
        body: Set("slow".into()),
        status: Set("new".into()),
        version: Set(1),
        created_at: Set(now - Duration::days(days)),
        ..Default::default()
    };
    item(13).insert(&app.db).await.unwrap();
    assert_eq!(has(&fired(&app, p).await, "unanswered_feedback"), None);
    item(15).insert(&app.db).await.unwrap();
    assert_eq!(has(&fired(&app, p).await, "unanswered_feedback"), Some(1));

    let w = survey_wave::ActiveModel {
        project_id: Set(p),
        title: Set("Pilot".into()),
        opened_on: Set(now.date_naive()),
        status: Set("open".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let answer = |sus: f64| survey_answer::ActiveModel {
        wave_id: Set(w.id),
        role: Set("employee".into()),
        q1: Set(3),
        q2: Set(3),
        q3: Set(3),
        q4: Set(3),
        q5: Set(3),
        q6: Set(3),
        q7: Set(3),
        q8: Set(3),
        q9: Set(3),
        q10: Set(3),
        sus: Set(sus),
        enps: Set(Some(7)),
        ..Default::default()
    };
    for _ in 0..4 {
        answer(50.0).insert(&app.db).await.unwrap();
    }
    assert_eq!(has(&fired(&app, p).await, "low_sus"), None, "four answers are not shown, so not judged");
    answer(50.0).insert(&app.db).await.unwrap();
    assert_eq!(has(&fired(&app, p).await, "low_sus"), Some(5));
    for _ in 0..5 {
        answer(86.0).insert(&app.db).await.unwrap();
    }
    assert_eq!(has(&fired(&app, p).await, "low_sus"), None, "a mean of exactly 68 is not below 68");
}

#[tokio::test]
async fn selection_gate_attendance_and_satisfaction_rules_fire_and_clear_at_their_boundaries() {
    use erp_rollout::entities::{project_phase, score, selection, training_booking};
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;

    // A phase under way while an earlier gate is open.
    let set_phase = |key: &'static str, status: &'static str| {
        let db = app.db.clone();
        async move {
            project_phase::Entity::update_many()
                .col_expr(project_phase::Column::Status, Expr::value(status))
                .filter(project_phase::Column::ProjectId.eq(p))
                .filter(project_phase::Column::PhaseKey.eq(key))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    set_phase("needs_assessment", "in_progress").await;
    set_phase("selection", "in_progress").await;
    assert_eq!(has(&fired(&app, p).await, "phase_started_before_gate"), Some(1));
    set_phase("needs_assessment", "closed").await;
    assert_eq!(has(&fired(&app, p).await, "phase_started_before_gate"), None);

    // A decision scored by one evaluator, who gave CRM integration a 2.
    let c = app.candidate(p, "Odoo").await;
    selection::ActiveModel { project_id: Set(p), chosen_candidate_id: Set(Some(c)), ..Default::default() }
        .insert(&app.db)
        .await
        .unwrap();
    let crm = erp_rollout::entities::criterion::Entity::find()
        .filter(erp_rollout::entities::criterion::Column::ProjectId.eq(p))
        .filter(erp_rollout::entities::criterion::Column::Key.eq("crm_integration"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let give = |evaluator: i32, value: i32| score::ActiveModel {
        project_id: Set(p),
        candidate_id: Set(c),
        criterion_id: Set(crm.id),
        evaluator_id: Set(evaluator),
        score: Set(value),
        updated_at: Set(app.clock.now()),
        ..Default::default()
    };
    let e1 = app.create_user("employee").await;
    let e2 = app.create_user("employee").await;
    give(e1.id, 2).insert(&app.db).await.unwrap();
    let f = fired(&app, p).await;
    assert_eq!((has(&f, "few_evaluators"), has(&f, "weak_crm_integration")), (Some(1), Some(1)));
    give(e2.id, 4).insert(&app.db).await.unwrap();
    let f = fired(&app, p).await;
    assert_eq!(
        (has(&f, "few_evaluators"), has(&f, "weak_crm_integration")),
        (None, None),
        "two evaluators; a mean of exactly 3"
    );

    // Attendance: 10 booked at a session that ended, 6 came (60 % < 70 %), then 7 (70 %).
    let sid = app.training_session(p, None, 20).await;
    training_session::Entity::update_many()
        .col_expr(training_session::Column::StartsAt, Expr::value(app.clock.now() - Duration::days(2)))
        .col_expr(
            training_session::Column::EndsAt,
            Expr::value(app.clock.now() - Duration::days(2) + Duration::hours(3)),
        )
        .filter(training_session::Column::Id.eq(sid))
        .exec(&app.db)
        .await
        .unwrap();
    let mut bookings = Vec::new();
    for i in 0..10 {
        let u = app.create_user("employee").await;
        let b = training_booking::ActiveModel {
            session_id: Set(sid),
            user_id: Set(u.id),
            status: Set("booked".into()),
            attendance: Set(Some(if i < 6 { "attended" } else { "no_show" }.into())),
            signed_up_at: Set(app.clock.now()),
            updated_at: Set(app.clock.now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        bookings.push(b.id);
    }
    assert_eq!(has(&fired(&app, p).await, "low_attendance"), Some(10));
    training_booking::Entity::update_many()
        .col_expr(training_booking::Column::Attendance, Expr::value("partial"))
        .filter(training_booking::Column::Id.eq(bookings[6]))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(has(&fired(&app, p).await, "low_attendance"), None, "70 % is not below 70 %");

    // Satisfaction: five ratings of 4 last month, then this month 4, 4, 4, 4, 3 (−0.2: fine) and
    // two more 2s (3.43: −0.57, falling).
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2027-03-20T12:00:00Z").unwrap().with_timezone(&chrono::Utc));
    let rate = |day: &str, rating: i32| feedback::ActiveModel {
        project_id: Set(p),
        category: Set("usability".into()),
        module: Set("finance".into()),
        rating: Set(rating),
        body: Set("x".into()),
        status: Set("done".into()),
        version: Set(1),
        created_at: Set(chrono::DateTime::parse_from_rfc3339(&format!("{day}T10:00:00Z"))
            .unwrap()
            .with_timezone(&chrono::Utc)),
        ..Default::default()
    };
    for r in [4, 4, 4, 4, 4] {
        rate("2027-02-15", r).insert(&app.db).await.unwrap();
    }
    for r in [4, 4, 4, 4, 3] {
        rate("2027-03-10", r).insert(&app.db).await.unwrap();
    }
    assert_eq!(has(&fired(&app, p).await, "falling_satisfaction"), None);
    for r in [2, 2] {
        rate("2027-03-11", r).insert(&app.db).await.unwrap();
    }
    assert_eq!(has(&fired(&app, p).await, "falling_satisfaction"), Some(7));
}
