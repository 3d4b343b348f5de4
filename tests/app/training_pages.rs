//! Training pages a person reads: "My training" after attendance is taken, the coverage against its target.

use crate::helpers::{location, spawn_app};
use erp_rollout::clock::Clock;
use erp_rollout::entities::training_booking;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn a_person_marked_attended_during_a_session_sees_attended_not_booked() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let u = app.create_user("employee").await;
    app.add_member(p, u.id, "employee").await;
    let trainer = app.create_user("trainer").await;
    app.add_member(p, trainer.id, "trainer").await;
    let t = app.another_browser();
    t.login(&trainer.email).await;
    let day = (app.clock.now() + chrono::Duration::days(2)).date_naive();
    let fields = [
        ("title", "Invoicing".to_string()),
        ("module", "finance".into()),
        ("kind", "regular".into()),
        ("mode", "in_person".into()),
        ("starts_at", format!("{day}T09:00")),
        ("ends_at", format!("{day}T12:00")),
        ("tz", "UTC".into()),
        ("place", "Room 1".into()),
        ("capacity", "5".into()),
        ("cancel_cutoff_hours", "24".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = t.post(&format!("/projects/{p}/training"), &fields).await;
    let sid: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    let b = app.another_browser();
    b.login(&u.email).await;
    assert_eq!(b.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await.status().as_u16(), 303);
    let before = b.get(&format!("/projects/{p}/training/mine")).await.text().await.unwrap();
    let start = erp_rollout::training::store::get(&app.db, p, sid).await.unwrap().unwrap().starts_at;
    app.clock.set(start + chrono::Duration::hours(1));
    t.login(&trainer.email).await;
    b.login(&u.email).await;
    let booking = training_booking::Entity::find()
        .filter(training_booking::Column::UserId.eq(u.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let field = format!("a_{}", booking.id);
    let r = t.post(&format!("/projects/{p}/training/{sid}/attendance"), &[(field.as_str(), "attended")]).await;
    assert_eq!(r.status().as_u16(), 303);

    let during = b.get(&format!("/projects/{p}/training/mine")).await.text().await.unwrap();

    assert!(before.contains(r#"<span class="badge ok">Booked</span>"#), "{before}");
    let coming_up = &during[during.find("Coming up").unwrap()..during.find("Meant for you").unwrap()];
    assert!(coming_up.contains("Invoicing"), "the session has not ended yet: {coming_up}");
    assert!(coming_up.contains(r#"<span class="badge ok">Attended</span>"#) && !coming_up.contains("Booked"));
}

#[tokio::test]
async fn coverage_bars_mark_the_target_and_say_it_in_text() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let day = (app.clock.now() + chrono::Duration::days(3)).date_naive();
    let fields = [
        ("title", "Invoicing".to_string()),
        ("module", "finance".into()),
        ("kind", "regular".into()),
        ("mode", "in_person".into()),
        ("starts_at", format!("{day}T09:00")),
        ("ends_at", format!("{day}T12:00")),
        ("tz", "UTC".into()),
        ("place", "Room 2".into()),
        ("capacity", "5".into()),
        ("cancel_cutoff_hours", "24".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.post(&format!("/projects/{p}/training"), &fields).await.status().as_u16(), 303);

    let (status, page) = app.get_html(&format!("/projects/{p}/training/coverage")).await;

    assert_eq!(status, 200);
    assert!(page.contains(r#"<span class="target at80" aria-hidden="true"></span>"#), "{page}");
    assert!(page.contains(r#"<span class="visually-hidden"> · target 80 %</span>"#));
    assert!(page.contains("the dark line on each bar is the target of 80 %"));
}
