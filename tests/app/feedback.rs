//! Feedback, anonymity, surveys (SUS, eNPS, small-group suppression, one answer per wave) and KPI
//! measurements.

use crate::helpers::{TestApp, TestApp2, TestUser, captured_logs, location, spawn_app};
use erp_rollout::entities::{feedback, survey_answer};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

async fn member<'a>(app: &'a TestApp, p: i32, role: &str) -> (TestUser, TestApp2<'a>) {
    let u = app.create_user(role).await;
    app.add_member(p, u.id, role).await;
    let b = app.another_browser();
    b.login(&u.email).await;
    (u, b)
}

#[tokio::test]
async fn anonymous_feedback_leaves_no_trace_of_its_author_in_the_database_or_the_logs() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (u, b) = member(&app, p, "employee").await;
    let session = b.jar_cookie("erp_session").expect("a session cookie");
    let marker = format!("anon-marker-{}", uuid::Uuid::new_v4().simple());
    let body = format!("The invoice screen is slow ({marker})");

    let r = b
        .post(
            &format!("/projects/{p}/feedback"),
            &[("category", "performance"), ("module", "finance"), ("rating", "2"), ("body", &body), ("anonymous", "1")],
        )
        .await;

    assert_eq!(r.status().as_u16(), 200, "the receipt page");
    let request_id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(request_id.len(), 16, "the request had an id");
    let page = r.text().await.unwrap();
    let code = page.split("<strong>").nth(1).and_then(|s| s.split("</strong>").next()).unwrap().to_string();
    assert_eq!(code.len(), 19, "a code like XXXX-XXXX-XXXX-XXXX: {code}");
    let rows = feedback::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    let f = &rows[0];
    assert_eq!(f.author_id, None);
    assert_ne!(f.receipt_hash.as_deref(), Some(code.as_str()), "only a hash of the code is kept");
    assert_eq!(f.created_at.time(), chrono::NaiveTime::MIN, "the day only, no time to match with activity");
    let row_text = format!("{f:?}");
    assert!(!row_text.contains(&u.email) && !row_text.contains(&format!("Some({})", u.id)));
    assert_eq!(app.count(&format!("outbox WHERE to_addr = '{}'", u.email)).await, 0, "no email about it");
    let logs = captured_logs();
    assert!(logs.contains("signed in"), "the capture works: {}", logs.len());
    // No line at all for the submission: every line of a request carries its id (the suite's other
    // tests post named feedback to project ids like this one, so the path alone would not tell).
    let about: Vec<&str> = logs.lines().filter(|l| l.contains(&request_id)).collect();
    assert!(about.is_empty(), "no log line for the submission: {about:?}");
    assert!(!logs.contains(&session) && !logs.contains(&marker) && !logs.contains(&code));

    // The author follows it with the code, and sees nothing of it under "My feedback".
    let mine = b.get(&format!("/projects/{p}/feedback")).await;
    let logged_id = mine.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(captured_logs().contains(&logged_id), "an ordinary request is logged with its id");
    let mine = mine.text().await.unwrap();
    assert!(!mine.contains(&marker));
    let found = b.post(&format!("/projects/{p}/feedback/receipt"), &[("code", &code.to_lowercase())]).await;
    assert_eq!(found.status().as_u16(), 200);
    assert!(found.text().await.unwrap().contains(&marker));
    // The PM sees it as anonymous.
    let triage = app.get(&format!("/projects/{p}/feedback/{}", f.id)).await.text().await.unwrap();
    assert!(triage.contains("Anonymous") && !triage.contains(&u.email));
}

#[tokio::test]
async fn named_feedback_is_triaged_answered_and_linked_to_an_adjustment() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let (_, b) = member(&app, p, "employee").await;
    let bad = b
        .post(
            &format!("/projects/{p}/feedback"),
            &[("category", "usability"), ("module", "finance"), ("rating", "6"), ("body", "  ")],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let bad_page = bad.text().await.unwrap();
    assert!(bad_page.contains("Rate from 1") && bad_page.contains("Tell us what happened"));
    assert_eq!(app.count("feedback").await, 0);

    b.post(
        &format!("/projects/{p}/feedback"),
        &[
            ("category", "usability"),
            ("module", "finance"),
            ("rating", "2"),
            ("body", "Too many clicks to post an invoice"),
        ],
    )
    .await;
    let f = feedback::Entity::find().one(&app.db).await.unwrap().unwrap();
    let adj = app
        .post(
            &format!("/projects/{p}/adjustments"),
            &[("title", "One-screen invoice posting"), ("made_on", "2027-03-10")],
        )
        .await;
    assert_eq!(adj.status().as_u16(), 303);
    let adj_id = erp_rollout::entities::adjustment::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    let triage = format!("/projects/{p}/feedback/{}/triage", f.id);

    let declined_silently = app.post(&triage, &[("status", "declined"), ("reply", ""), ("version", "1")]).await;
    let planned = app
        .post(
            &triage,
            &[
                ("status", "planned"),
                ("reply", "We are merging the two screens."),
                ("adjustment_id", &adj_id),
                ("version", "1"),
            ],
        )
        .await;
    let stale = app.post(&triage, &[("status", "done"), ("reply", "x"), ("version", "1")]).await;
    let mine = b.get(&format!("/projects/{p}/feedback")).await.text().await.unwrap();

    assert_eq!(declined_silently.status().as_u16(), 422);
    assert_eq!(planned.status().as_u16(), 303);
    assert_eq!(stale.status().as_u16(), 409, "a second PM with the old version is told");
    assert!(mine.contains("We are merging the two screens.") && mine.contains("Planned"));
    let saved = feedback::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((saved.status.as_str(), saved.adjustment_id.map(|a| a.to_string())), ("planned", Some(adj_id)));
    let csv = app.get(&format!("/projects/{p}/adjustments.csv")).await.text().await.unwrap();
    assert!(csv.contains("One-screen invoice posting,,1"), "{csv}");
}

async fn answer(b: &TestApp2<'_>, p: i32, w: i32, items: [&str; 10], enps: &str) -> reqwest::Response {
    let names = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"];
    let mut fields: Vec<(&str, &str)> = names.iter().copied().zip(items).collect();
    fields.push(("enps", enps));
    b.post(&format!("/projects/{p}/surveys/{w}"), &fields).await
}

#[tokio::test]
async fn survey_results_score_sus_and_enps_and_hide_groups_under_five() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let sales = app.org_unit(p, "Comercial").await;
    let stores = app.org_unit(p, "Almacén").await;
    let office = app.org_unit(p, "Oficina").await;
    let r = app.post(&format!("/projects/{p}/surveys"), &[("title", "30 days after go-live")]).await;
    let w: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    // Every answer sheet scores 75 (Brooke's rule: odd items 4 → 3 each, even items 2 → 3 each,
    // 30 × 2.5). eNPS in sales (6 people): 10, 10, 10, 7, 7, 5 → (3 − 1) / 6 = +33; in the
    // warehouse (5): 5, 5, 5, 7, 10 → (1 − 3) / 5 = −40; in the office (2): 9, 0. Overall 5
    // promoters and 5 detractors out of 13 → 0.
    let people = [
        (sales, "10"),
        (sales, "10"),
        (sales, "10"),
        (sales, "7"),
        (sales, "7"),
        (sales, "5"),
        (stores, "5"),
        (stores, "5"),
        (stores, "5"),
        (stores, "7"),
        (stores, "10"),
        (office, "9"),
        (office, "0"),
    ];
    for (dept, e) in people {
        let (u, b) = member(&app, p, "employee").await;
        erp_rollout::projects::store::set_department(&app.db, p, u.id, Some(dept)).await.unwrap();
        let r = answer(&b, p, w, ["4", "2", "4", "2", "4", "2", "4", "2", "4", "2"], e).await;
        assert_eq!(r.status().as_u16(), 303);
    }
    let (_, bad) = member(&app, p, "employee").await;
    let off_scale = answer(&bad, p, w, ["0", "2", "4", "2", "4", "2", "4", "2", "4", "9"], "11").await;

    let csv = app.get(&format!("/projects/{p}/surveys/{w}/results.csv")).await.text().await.unwrap();
    let page = app.get(&format!("/projects/{p}/surveys/{w}")).await.text().await.unwrap();

    assert_eq!(off_scale.status().as_u16(), 422);
    assert!(csv.contains("all,,13,75.0,0"), "{csv}");
    assert!(csv.contains("department,Comercial,6,75.0,33"), "{csv}");
    // The office (2) is under five; the warehouse (5) is hidden too, or "everyone − sales −
    // warehouse" would give the office's two answers away.
    assert!(!csv.contains("Almacén") && !csv.contains("Oficina"), "{csv}");
    assert!(csv.contains("department,(hidden),2,,"), "{csv}");
    assert!(page.contains("2 more group(s) hidden"));
    assert_eq!(app.count("survey_answers").await, 13);
    let answers = survey_answer::Entity::find().order_by_asc(survey_answer::Column::Id).all(&app.db).await.unwrap();
    assert!(answers.iter().all(|a| a.sus == 75.0));
}

#[tokio::test]
async fn a_person_answers_a_wave_once_even_when_sending_five_times_at_once() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let w = app.survey_wave(p).await;
    let (_, b) = member(&app, p, "employee").await;

    let tries = futures_util::future::join_all(
        (0..5).map(|_| answer(&b, p, w, ["5", "1", "5", "1", "5", "1", "5", "1", "5", "1"], "9")),
    )
    .await;

    let codes: Vec<u16> = tries.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(codes.iter().filter(|c| **c == 303).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 4, "{codes:?}");
    assert_eq!((app.count("survey_answers").await, app.count("survey_participation").await), (1, 1));
}

#[tokio::test]
async fn kpi_measurements_accept_a_decimal_comma_chart_the_change_and_import_all_or_nothing() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let k = app.kpi(p).await; // Order processing time, 48 hours, lower is better.
    let base = format!("/projects/{p}/kpis/{k}/measurements");

    let bad = app.post(&base, &[("measured_on", "2027-05-01"), ("value", "doce")]).await;
    let good = app.post(&base, &[("measured_on", "01/06/2027"), ("value", "40,8"), ("note", "after go-live")]).await;
    let page = app.get(&base).await.text().await.unwrap();

    assert_eq!(bad.status().as_u16(), 422);
    assert_eq!(good.status().as_u16(), 303);
    assert!(page.contains("+15.0 % better"), "48 → 40.8 h is 15 % better");
    assert!(page.contains("<svg"));

    let upload = |csv: &'static str| {
        let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("m.csv");
        reqwest::multipart::Form::new().part("file", part)
    };
    let token = app.csrf().await;
    let broken = app
        .client
        .post(app.url(&format!("/projects/{p}/kpi-measurements/import")))
        .multipart(
            upload("indicador;fecha;valor\nOrder processing time;15/07/2027;38,5\nNo such KPI;2027-07-01;1\n")
                .text("csrf_token", token.clone()),
        )
        .send()
        .await
        .unwrap();
    let fine = app
        .client
        .post(app.url(&format!("/projects/{p}/kpi-measurements/import")))
        .multipart(upload("indicador;fecha;valor\norder processing time;15/07/2027;38,5\n").text("csrf_token", token))
        .send()
        .await
        .unwrap();

    assert_eq!(broken.status().as_u16(), 422);
    assert!(broken.text().await.unwrap().contains("No such KPI"));
    assert_eq!(fine.status().as_u16(), 303);
    assert_eq!(app.count("kpi_measurements").await, 2, "the broken file imported nothing");
    let csv = app.get(&format!("/projects/{p}/kpi-measurements.csv")).await.text().await.unwrap();
    assert!(csv.contains("2027-07-15,38.5,,48,-19.8,19.8"), "{csv}");
    let adoption = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    assert!(adoption.contains("Order processing time") && adoption.contains("19.8 % better"));
}

#[tokio::test]
async fn enps_reads_the_same_on_the_results_the_surveys_and_the_adoption_page_and_the_csv_keeps_it_unrounded() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let w = app.survey_wave(p).await;
    // 10, 10, 10, 7, 7, 5: (3 promoters − 1 detractor) / 6 = +33.33…
    for e in [10, 10, 10, 7, 7, 5] {
        let items = [4, 2, 4, 2, 4, 2, 4, 2, 4, 2];
        erp_rollout::feedback::surveys::answer_row(w, "employee".into(), None, &items, 75.0, Some(e))
            .insert(&app.db)
            .await
            .unwrap();
    }

    let results = app.get(&format!("/projects/{p}/surveys/{w}")).await.text().await.unwrap();
    let waves = app.get(&format!("/projects/{p}/surveys")).await.text().await.unwrap();
    let adoption = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    let csv = app.get(&format!("/projects/{p}/surveys/{w}/results.csv")).await.text().await.unwrap();

    for page in [&results, &waves, &adoption] {
        assert!(page.contains(">+33.3<") && !page.contains(">+33<") && !page.contains(">33.3<"), "{page}");
    }
    assert!(csv.contains(&format!("all,,6,75.0,{}\n", 200.0 / 6.0)), "unrounded: {csv}");
}

#[tokio::test]
async fn the_adoption_page_without_open_feedback_says_so_and_what_to_do_instead_of_zero_bars() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;

    let none = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    let item = app.feedback_item(p, None).await;
    let yesterday = erp_rollout::clock::Clock::now(&*app.clock) - chrono::Duration::days(1);
    let set = |c: feedback::Column, v: sea_orm::Value| {
        feedback::Entity::update_many()
            .col_expr(c, sea_orm::sea_query::Expr::value(v))
            .filter(feedback::Column::Id.eq(item))
    };
    set(feedback::Column::CreatedAt, yesterday.into()).exec(&app.db).await.unwrap();
    let one = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    set(feedback::Column::Status, "done".into()).exec(&app.db).await.unwrap();
    let answered = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    assert_eq!(app.post("/account", &[("name", "Paula PM"), ("locale", "es")]).await.status().as_u16(), 303);
    let spanish = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();

    assert!(none.contains("No feedback yet.") && none.contains(&format!("href=\"/projects/{p}/feedback\"")));
    assert!(!none.contains("(0/1)") && !none.contains("(0/0)"), "no empty bars");
    assert!(one.contains("(1/1)") && !one.contains("No feedback yet."));
    assert!(answered.contains("Nothing is open") && !answered.contains("(0/"));
    assert!(spanish.contains("No hay nada abierto"), "translated");
}

#[tokio::test]
async fn the_feedback_form_asks_for_the_part_of_the_erp_and_the_rating_instead_of_assuming_them() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    // Not the first project: the anonymity test reads the process-wide logs for POSTs to project 1's feedback.
    app.create_project("Another").await;
    let p = app.create_project("Rollout").await;
    let (_, b) = member(&app, p, "employee").await;

    let form = b.get(&format!("/projects/{p}/feedback")).await.text().await.unwrap();
    let fields = [("category", "usability"), ("module", ""), ("rating", ""), ("body", "Posting is slow")];
    let refused = b.post(&format!("/projects/{p}/feedback"), &fields).await;
    let status = refused.status().as_u16();
    let page = refused.text().await.unwrap();

    for name in ["module", "rating"] {
        let select =
            format!(r#"<select id="f-{name}" name="{name}" required><option value="" selected>Choose…</option>"#);
        assert!(form.contains(&select), "{name} starts empty and is required: {form}");
        let marked = format!(r#"<label for="f-{name}">"#);
        let label = &form[form.find(&marked).unwrap()..];
        assert!(label[..label.find("</label>").unwrap()].contains(r#"class="req""#), "{name} is marked required");
    }
    assert!(!form.contains(r#"value="general" selected"#), "no module chosen for the user");
    assert_eq!(status, 422);
    assert!(page.contains("Choose the part of the ERP.") && page.contains("Rate from 1 (very bad) to 5 (very good)."));
    assert_eq!(feedback::Entity::find().all(&app.db).await.unwrap().len(), 0);
}

#[tokio::test]
async fn the_survey_lists_missing_answers_in_question_order_with_large_answer_targets() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let r = app.post(&format!("/projects/{p}/surveys"), &[("title", "After go-live")]).await;
    let w: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    let (_, b) = member(&app, p, "employee").await;

    let refused = answer(&b, p, w, ["4", "", "", "", "", "", "", "", "", ""], "").await;
    let page = refused.text().await.unwrap();

    let at = |n: usize| page.find(&format!(r##"<a href="#f-q{n}">Answer statement {n} "##)).unwrap();
    assert!(at(2) < at(3) && at(9) < at(10), "q10 comes last, not after q1");
    assert!(at(10) < page.find(r##"<a href="#f-enps">"##).unwrap());
    assert!(
        page.contains(r#"<label class="inline"><input type="radio" name="q1" value="4" checked>"#),
        "labels wrap their radios"
    );
}
