use crate::helpers::{location, spawn_app};
use erp_rollout::phases::store;

async fn start(app: &crate::helpers::TestApp, project: i32, key: &str) {
    let r = app.post(&format!("/projects/{project}/phases/{key}/start"), &[]).await;
    assert_eq!(r.status().as_u16(), 303, "start {key}");
}

async fn mandatory_items(app: &crate::helpers::TestApp, project: i32, key: &str) -> Vec<i32> {
    let phase = store::phase(&app.db, project, key).await.unwrap().unwrap();
    store::items(&app.db, phase.id).await.unwrap().into_iter().filter(|i| i.mandatory).map(|i| i.id).collect()
}

#[tokio::test]
async fn the_gate_refuses_to_close_while_a_mandatory_item_is_open() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Gate").await;
    start(&app, p, "needs_assessment").await;
    let mandatory = mandatory_items(&app, p, "needs_assessment").await;
    for id in &mandatory[1..] {
        app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "1")]).await;
    }

    let r = app.post(&format!("/projects/{p}/phases/needs_assessment/close"), &[]).await;

    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("1 mandatory item(s) are still open"));
    let phase = store::phase(&app.db, p, "needs_assessment").await.unwrap().unwrap();
    assert_eq!(phase.status, "in_progress");
}

#[tokio::test]
async fn the_gate_closes_once_every_mandatory_item_is_done() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Gate").await;
    start(&app, p, "selection").await;
    for id in mandatory_items(&app, p, "selection").await {
        let r = app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "1")]).await;
        assert_eq!(r.status().as_u16(), 303);
    }

    let r = app.post(&format!("/projects/{p}/phases/selection/close"), &[]).await;

    assert_eq!(r.status().as_u16(), 303);
    let phase = store::phase(&app.db, p, "selection").await.unwrap().unwrap();
    assert_eq!(phase.status, "closed");
    assert!(phase.override_reason.is_none());
}

#[tokio::test]
async fn an_override_needs_a_reason_and_is_recorded_and_shown() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Override").await;
    start(&app, p, "implementation").await;
    let path = format!("/projects/{p}/phases/implementation/close");

    let r = app.post(&path, &[("override_gate", "1"), ("reason", "because")]).await;
    assert_eq!(r.status().as_u16(), 422, "too short a reason");

    let reason = "Steering committee accepted the data-migration risk on 2027-03-02";
    let r = app.post(&path, &[("override_gate", "1"), ("reason", reason)]).await;
    assert_eq!(r.status().as_u16(), 303);

    let phase = store::phase(&app.db, p, "implementation").await.unwrap().unwrap();
    assert_eq!(phase.status, "closed");
    assert_eq!(phase.override_reason.as_deref(), Some(reason));
    assert_eq!(phase.override_by, Some(pm.id));
    let (_, page) = app.get_html(&format!("/projects/{p}/phases/implementation")).await;
    assert!(page.contains("Closed by override") && page.contains(reason));
    let (_, overview) = app.get_html(&format!("/projects/{p}")).await;
    assert!(overview.contains("closed by override"));
}

#[tokio::test]
async fn ticking_an_item_records_who_and_when_and_unticking_clears_it() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Ticks").await;
    let id = mandatory_items(&app, p, "training").await[0];

    app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "1")]).await;
    let item = store::item(&app.db, p, id).await.unwrap().unwrap();
    assert!(item.done && item.done_by == Some(pm.id) && item.done_at.is_some());
    let (_, page) = app.get_html(&format!("/projects/{p}/phases/training")).await;
    assert!(page.contains("Done by Test pm"));

    app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "0")]).await;
    let item = store::item(&app.db, p, id).await.unwrap().unwrap();
    assert!(!item.done && item.done_by.is_none());
}

#[tokio::test]
async fn an_evidence_link_must_be_http_or_https() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Evidence").await;
    let id = mandatory_items(&app, p, "evaluation").await[0];
    let item = store::item(&app.db, p, id).await.unwrap().unwrap();
    let version = item.version.to_string();

    let r = app
        .post(
            &format!("/projects/{p}/items/{id}"),
            &[
                ("title", &item.title_en),
                ("evidence_url", "javascript:alert(1)"),
                ("version", &version),
                ("mandatory", "on"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Use a full http:// or https:// link."));

    let r = app
        .post(
            &format!("/projects/{p}/items/{id}"),
            &[
                ("title", &item.title_en),
                ("evidence_url", "https://intranet.example/minutes.pdf"),
                ("note", "Signed"),
                ("version", &version),
                ("mandatory", "on"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let item = store::item(&app.db, p, id).await.unwrap().unwrap();
    assert_eq!(item.evidence_url.as_deref(), Some("https://intranet.example/minutes.pdf"));
    assert_eq!(item.note.as_deref(), Some("Signed"));
}

#[tokio::test]
async fn two_pms_editing_one_item_do_not_overwrite_each_other_silently() {
    let app = spawn_app().await;
    let first = app.login_as("pm").await;
    let p = app.create_project("Together").await;
    let second = app.create_user("pm").await;
    app.add_member(p, second.id, "pm").await;
    let other = app.another_browser();
    other.login(&second.email).await;
    let _ = first;
    let id = mandatory_items(&app, p, "selection").await[0];
    let v = store::item(&app.db, p, id).await.unwrap().unwrap().version.to_string();

    let r1 = app.post(&format!("/projects/{p}/items/{id}"), &[("title", "First PM wording"), ("version", &v)]).await;
    let r2 = other.post(&format!("/projects/{p}/items/{id}"), &[("title", "Second PM wording"), ("version", &v)]).await;

    assert_eq!(r1.status().as_u16(), 303);
    assert_eq!(r2.status().as_u16(), 409);
    let body = r2.text().await.unwrap();
    assert!(body.contains("Someone else changed this item"));
    assert!(body.contains("Second PM wording"), "the loser's text is kept in the form");
    let item = store::item(&app.db, p, id).await.unwrap().unwrap();
    assert_eq!(item.title_en, "First PM wording");
}

#[tokio::test]
async fn a_pm_adds_rewords_and_deletes_checklist_items() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Edit").await;
    let phase = store::phase(&app.db, p, "implementation").await.unwrap().unwrap();
    let before = store::items(&app.db, phase.id).await.unwrap().len();

    let r = app.post(&format!("/projects/{p}/phases/implementation/items"), &[("title", "")]).await;
    assert_eq!(r.status().as_u16(), 422, "an empty item is a field error");
    let r = app
        .post(
            &format!("/projects/{p}/phases/implementation/items"),
            &[("title", "Freeze the chart of accounts"), ("mandatory", "on")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let items = store::items(&app.db, phase.id).await.unwrap();
    assert_eq!(items.len(), before + 1);
    let new = items.iter().find(|i| i.title_en == "Freeze the chart of accounts").unwrap();
    assert!(new.mandatory);

    assert_eq!(
        app.get(&format!("/projects/{p}/items/{}/delete", new.id)).await.status().as_u16(),
        200,
        "a confirmation page"
    );
    let r = app.post(&format!("/projects/{p}/items/{}/delete", new.id), &[]).await;
    assert_eq!(location(&r), format!("/projects/{p}/phases/implementation"));
    assert_eq!(store::items(&app.db, phase.id).await.unwrap().len(), before);
}

#[tokio::test]
async fn a_phase_must_be_started_before_it_can_be_closed() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Order").await;

    let r = app
        .post(
            &format!("/projects/{p}/phases/evaluation/close"),
            &[("override_gate", "1"), ("reason", "We are sure about this one")],
        )
        .await;

    assert_eq!(r.status().as_u16(), 303);
    let page = app.get(&location(&r)).await.text().await.unwrap();
    assert!(page.contains("Start the phase before closing it."));
    assert_eq!(store::phase(&app.db, p, "evaluation").await.unwrap().unwrap().status, "not_started");
}

#[tokio::test]
async fn a_closed_phases_checklist_is_frozen_until_it_is_reopened() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Frozen").await;
    start(&app, p, "training").await;
    let path = format!("/projects/{p}/phases/training/close");
    let r = app.post(&path, &[("override_gate", "1"), ("reason", "Trainer sessions booked for next month")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let id = mandatory_items(&app, p, "training").await[0];

    let r = app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "1")]).await;
    let page = app.get(&location(&r)).await.text().await.unwrap();
    assert!(page.contains("reopen it to change its checklist"));
    assert!(!store::item(&app.db, p, id).await.unwrap().unwrap().done);
    let r = app.post(&format!("/projects/{p}/phases/training/items"), &[("title", "Sneaked in")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = app.get_html(&format!("/projects/{p}/phases/training")).await;
    assert!(!page.contains("Sneaked in"));

    app.post(&format!("/projects/{p}/phases/training/reopen"), &[]).await;
    app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "1")]).await;
    assert!(store::item(&app.db, p, id).await.unwrap().unwrap().done);
    let (_, overview) = app.get_html(&format!("/projects/{p}")).await;
    assert!(!overview.contains("closed by override"), "a reopened phase is not shown as closed");
}

/// The gate and a concurrent untick never leave a phase closed (without override) with an open
/// mandatory item, whichever wins.
#[tokio::test]
async fn a_concurrent_untick_cannot_sneak_past_the_gate() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Race").await;
    start(&app, p, "selection").await;
    let mandatory = mandatory_items(&app, p, "selection").await;
    let token = app.csrf().await;
    for round in 0..8 {
        for id in &mandatory {
            app.post(&format!("/projects/{p}/items/{id}/done"), &[("done", "1")]).await;
        }
        let victim = mandatory[round % mandatory.len()];
        let close = app
            .client
            .post(app.url(&format!("/projects/{p}/phases/selection/close")))
            .form(&[("csrf_token", token.as_str())]);
        let untick = app
            .client
            .post(app.url(&format!("/projects/{p}/items/{victim}/done")))
            .form(&[("done", "0"), ("csrf_token", token.as_str())]);
        let (a, b) = tokio::join!(close.send(), untick.send());
        assert!(a.unwrap().status().as_u16() < 500 && b.unwrap().status().as_u16() < 500);

        let phase = store::phase(&app.db, p, "selection").await.unwrap().unwrap();
        let items = store::items(&app.db, phase.id).await.unwrap();
        if phase.status == "closed" {
            assert!(items.iter().all(|i| !i.mandatory || i.done), "round {round}: closed with an open mandatory item");
            app.post(&format!("/projects/{p}/phases/selection/reopen"), &[]).await;
        }
    }
}
