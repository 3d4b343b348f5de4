//! Training: sessions, the last-seat race, the wait-list, invitations, reminders, attendance, coverage, roles.

use crate::helpers::{SmtpSink, TestApp, TestApp2, TestUser, location, spawn_app, spawn_app_with};
use erp_rollout::clock::Clock;
use erp_rollout::email::{sender::Sender, worker::drain_once};
use erp_rollout::entities::{outbox, training_booking};
use icalendar::{Calendar, Component, EventLike, EventStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A project run by the signed-in PM, with a trainer who has their own browser.
async fn project_with_trainer(app: &TestApp) -> (i32, TestUser, TestApp2<'_>) {
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let trainer = app.create_user("trainer").await;
    app.add_member(p, trainer.id, "trainer").await;
    let b = app.another_browser();
    b.login(&trainer.email).await;
    (p, trainer, b)
}

/// The session form, in UTC, `days` from the server's today at 09:00 for three hours.
fn session_fields(app: &TestApp, title: &str, days: i64, capacity: &str) -> Vec<(&'static str, String)> {
    let day = (app.clock.now() + chrono::Duration::days(days)).date_naive();
    vec![
        ("title", title.to_string()),
        ("module", "finance".into()),
        ("kind", "regular".into()),
        ("mode", "in_person".into()),
        ("starts_at", format!("{day}T09:00")),
        ("ends_at", format!("{day}T12:00")),
        ("tz", "UTC".into()),
        ("place", "Sala 1; planta 2".into()),
        ("capacity", capacity.into()),
        ("cancel_cutoff_hours", "24".into()),
    ]
}

async fn post_fields(b: &TestApp2<'_>, path: &str, fields: &[(&'static str, String)]) -> reqwest::Response {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &f).await
}

/// Schedules a session as the trainer and returns its id.
async fn schedule(app: &TestApp, b: &TestApp2<'_>, p: i32, title: &str, days: i64, capacity: &str) -> i32 {
    let r = post_fields(b, &format!("/projects/{p}/training"), &session_fields(app, title, days, capacity)).await;
    assert_eq!(r.status().as_u16(), 303, "schedule {title}");
    location(&r).rsplit('/').next().unwrap().parse().unwrap()
}

async fn employee<'a>(app: &'a TestApp, p: i32) -> (TestUser, TestApp2<'a>) {
    let u = app.create_user("employee").await;
    app.add_member(p, u.id, "employee").await;
    let b = app.another_browser();
    b.login(&u.email).await;
    (u, b)
}

/// The flash message the next page shows after a redirect.
async fn flash(b: &TestApp2<'_>, r: reqwest::Response) -> String {
    assert_eq!(r.status().as_u16(), 303);
    b.get(&location(&r)).await.text().await.unwrap()
}

async fn statuses(app: &TestApp, sid: i32) -> Vec<(i32, String)> {
    training_booking::Entity::find()
        .filter(training_booking::Column::SessionId.eq(sid))
        .order_by_asc(training_booking::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| (b.user_id, b.status))
        .collect()
}

/// Queued emails to `to`, oldest first.
async fn mails_to(app: &TestApp, to: &str) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::ToAddr.eq(to))
        .order_by_asc(outbox::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn parse(ics: &str) -> Calendar {
    ics.parse().expect("the .ics parses")
}

#[tokio::test]
async fn fifty_people_booking_ten_seats_at_once_get_ten_seats_and_forty_wait_list_places() {
    let app = spawn_app().await;
    let (p, _, trainer) = project_with_trainer(&app).await;
    let sid = schedule(&app, &trainer, p, "Facturación", 7, "10").await;
    let mut people = Vec::new();
    for _ in 0..50 {
        people.push(employee(&app, p).await);
    }
    let path = format!("/projects/{p}/training/{sid}/signup");

    let answers = futures_util::future::join_all(people.iter().map(|(_, b)| b.post(&path, &[]))).await;

    assert!(answers.iter().all(|r| r.status().as_u16() == 303), "every sign-up is answered");
    let rows = statuses(&app, sid).await;
    assert_eq!(rows.len(), 50, "one row per person");
    assert_eq!(rows.iter().filter(|(_, s)| s == "booked").count(), 10);
    assert_eq!(rows.iter().filter(|(_, s)| s == "waitlisted").count(), 40);
    let invitations = app.count("outbox WHERE attachment_type LIKE 'text/calendar%method=REQUEST'").await;
    assert_eq!((invitations, app.count("outbox").await), (10, 50), "ten invitations, forty wait-list notes");
}

#[tokio::test]
async fn a_freed_seat_goes_to_the_first_person_waiting_with_an_email_and_an_invitation() {
    let sink = SmtpSink::start().await;
    let smtp = sink.settings();
    let app = spawn_app_with(move |s| s.smtp = Some(smtp)).await;
    let (p, trainer_user, trainer) = project_with_trainer(&app).await;
    let sid = schedule(&app, &trainer, p, "Cobros; remesas, y devoluciones", 5, "1").await;
    let (a, ab) = employee(&app, p).await;
    let (b, bb) = employee(&app, p).await;
    let (c, cb) = employee(&app, p).await;
    let path = format!("/projects/{p}/training/{sid}");

    let first = flash(&ab, ab.post(&format!("{path}/signup"), &[]).await).await;
    let second = flash(&bb, bb.post(&format!("{path}/signup"), &[]).await).await;
    cb.post(&format!("{path}/signup"), &[]).await;
    let again = flash(&bb, bb.post(&format!("{path}/signup"), &[]).await).await;
    ab.post(&format!("{path}/withdraw"), &[("confirm", "1")]).await;

    assert!(first.contains("You have a seat"));
    assert!(second.contains("number 1 on the wait-list"));
    assert!(again.contains("already on the wait-list"), "a double sign-up is refused");
    let rows = statuses(&app, sid).await;
    assert_eq!(rows, vec![(a.id, "cancelled".into()), (b.id, "booked".into()), (c.id, "waitlisted".into())]);

    let promoted = mails_to(&app, &b.email).await;
    assert_eq!(
        promoted.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        ["Wait-list: Cobros; remesas, y devoluciones", "A seat is yours: Cobros; remesas, y devoluciones"]
    );
    let invite = parse(promoted[1].attachment_body.as_deref().unwrap());
    let event = invite.events().next().unwrap();
    let start = erp_rollout::training::store::get(&app.db, p, sid).await.unwrap().unwrap().starts_at;
    assert_eq!(invite.property_value("METHOD"), Some("REQUEST"));
    assert_eq!(event.get_uid(), Some(format!("training-{sid}@127.0.0.1").as_str()));
    assert_eq!(event.get_summary(), Some("Cobros; remesas, y devoluciones"), "escaping round-trips");
    assert_eq!(event.get_location(), Some("Sala 1; planta 2"));
    assert_eq!(event.property_value("DTSTART"), Some(start.format("%Y%m%dT%H%M%SZ").to_string().as_str()));
    assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    assert_eq!(event.property_value("ORGANIZER"), Some(format!("mailto:{}", trainer_user.email).as_str()));
    let attendees = event.multi_properties().get("ATTENDEE").expect("an attendee");
    assert_eq!(attendees.iter().map(|a| a.value()).collect::<Vec<_>>(), [format!("mailto:{}", b.email)]);
    assert_eq!(attendees[0].params().get("PARTSTAT").map(|p| p.value()), Some("ACCEPTED"));
    let left = mails_to(&app, &a.email).await;
    let cancel = parse(left[1].attachment_body.as_deref().unwrap());
    assert_eq!(cancel.property_value("METHOD"), Some("CANCEL"));
    assert_eq!(cancel.events().next().unwrap().get_status(), Some(EventStatus::Cancelled));

    let sender = Sender::from_settings(&app.settings).unwrap();
    while drain_once(&app.state, &sender, "w").await.unwrap() > 0 {}
    let delivered = sink.messages.lock().unwrap().clone();
    let to_b: Vec<&String> = delivered.iter().filter(|m| m.contains(&format!("To: {}", b.email))).collect();
    assert_eq!(to_b.len(), 2, "both emails reached the SMTP server");
    assert!(
        to_b.iter()
            .any(|m| m.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST")
                && m.contains("invite.ics"))
    );
}

#[tokio::test]
async fn a_changed_session_keeps_its_uid_raises_its_sequence_and_a_cancelled_one_is_withdrawn_from_calendars() {
    let app = spawn_app().await;
    let (p, _, trainer) = project_with_trainer(&app).await;
    let sid = schedule(&app, &trainer, p, "Compras", 6, "5").await;
    let (a, ab) = employee(&app, p).await;
    ab.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await;
    let feed_page = ab.post("/account/calendar", &[]).await.text().await.unwrap();
    let feed_url = feed_page
        .split("value=\"")
        .find(|s| s.starts_with("http"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let feed_path = format!("/calendar/{}", feed_url.split("/calendar/").nth(1).unwrap());

    let mut later = session_fields(&app, "Compras", 8, "5");
    later.push(("version", "1".into()));
    let saved = post_fields(&trainer, &format!("/projects/{p}/training/{sid}"), &later).await;
    let download = ab.get(&format!("/projects/{p}/training/{sid}/session.ics")).await.text().await.unwrap();
    let feed = reqwest::get(app.url(&feed_path)).await.unwrap().text().await.unwrap();
    let cancelled = trainer.post(&format!("/projects/{p}/training/{sid}/cancel"), &[]).await;
    let late = flash(&ab, ab.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await).await;

    assert_eq!(saved.status().as_u16(), 303);
    assert_eq!(cancelled.status().as_u16(), 303);
    let mails = mails_to(&app, &a.email).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["Booked: Compras", "Changed: Compras", "Cancelled: Compras"]);
    let seqs: Vec<(String, String, String)> = mails
        .iter()
        .map(|m| {
            let c = parse(m.attachment_body.as_deref().unwrap());
            let e = c.events().next().unwrap();
            (
                c.property_value("METHOD").unwrap().to_string(),
                e.get_uid().unwrap().to_string(),
                e.property_value("SEQUENCE").unwrap().to_string(),
            )
        })
        .collect();
    let uid = format!("training-{sid}@127.0.0.1");
    assert_eq!(
        seqs,
        [
            ("REQUEST".into(), uid.clone(), "1".into()),
            ("REQUEST".into(), uid.clone(), "2".into()),
            ("CANCEL".into(), uid.clone(), "3".into())
        ]
    );
    let d = parse(&download);
    assert_eq!(d.events().next().unwrap().property_value("SEQUENCE"), Some("2"));
    let f = parse(&feed);
    assert!(f.events().any(|e| e.get_uid() == Some(uid.as_str())), "the personal feed lists the session");
    assert!(late.contains("This session is cancelled"), "no sign-up to a cancelled session");
}

#[tokio::test]
async fn bad_session_input_gets_clear_messages_and_saves_nothing() {
    let app = spawn_app().await;
    let (p, _, trainer) = project_with_trainer(&app).await;
    let mut bad = session_fields(&app, "Almacén", 4, "0");
    bad.retain(|(k, _)| *k != "ends_at" && *k != "mode");
    bad.push(("ends_at", (app.clock.now() + chrono::Duration::days(3)).date_naive().to_string() + "T10:00"));
    bad.push(("mode", "online".into()));
    bad.push(("meeting_url", "javascript:alert(1)".into()));

    let r = post_fields(&trainer, &format!("/projects/{p}/training"), &bad).await;

    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("must end after it starts"));
    assert!(page.contains("https:// or http://"));
    assert!(page.contains("from 1 to 10,000"));
    assert_eq!(app.count("training_sessions").await, 0);

    // Capacity below the people already booked.
    let sid = schedule(&app, &trainer, p, "Almacén", 4, "3").await;
    for _ in 0..2 {
        let (_, b) = employee(&app, p).await;
        b.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await;
    }
    let mut smaller = session_fields(&app, "Almacén", 4, "1");
    smaller.push(("version", "1".into()));
    let r = post_fields(&trainer, &format!("/projects/{p}/training/{sid}"), &smaller).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("cannot go below 2"));

    // Sign-up once the session has started; withdrawing after the cut-off.
    let (late_user, late) = employee(&app, p).await;
    let (booked_user, booked) = employee(&app, p).await;
    booked.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await;
    let start = erp_rollout::training::store::get(&app.db, p, sid).await.unwrap().unwrap().starts_at;
    // Sessions expire as the clock moves, so people sign in again.
    app.clock.set(start - chrono::Duration::hours(2));
    booked.login(&booked_user.email).await;
    let cutoff = flash(&booked, booked.post(&format!("/projects/{p}/training/{sid}/withdraw"), &[]).await).await;
    app.clock.set(start + chrono::Duration::minutes(5));
    late.login(&late_user.email).await;
    let started = flash(&late, late.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await).await;
    assert!(cutoff.contains("cancellation cut-off passed"));
    assert!(started.contains("already started"));
    assert_eq!(app.count("training_bookings WHERE status = 'booked'").await, 3);
}

#[tokio::test]
async fn reminders_go_once_the_set_hours_before_and_a_moved_session_is_reminded_again() {
    let app = spawn_app().await;
    let (p, trainer_user, trainer) = project_with_trainer(&app).await;
    let sid = schedule(&app, &trainer, p, "Producción", 3, "4").await;
    let (a, ab) = employee(&app, p).await;
    ab.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await;
    let start = erp_rollout::training::store::get(&app.db, p, sid).await.unwrap().unwrap().starts_at;
    let run = || erp_rollout::training::reminders::run(&app.state);

    app.clock.set(start - chrono::Duration::hours(25));
    let early = run().await.unwrap();
    app.clock.set(start - chrono::Duration::hours(23));
    let due = run().await.unwrap();
    let again = run().await.unwrap();
    trainer.login(&trainer_user.email).await;
    let mut moved = session_fields(&app, "Producción", 2, "4");
    moved.push(("version", "1".into()));
    assert_eq!(post_fields(&trainer, &format!("/projects/{p}/training/{sid}"), &moved).await.status().as_u16(), 303);
    let new_start = erp_rollout::training::store::get(&app.db, p, sid).await.unwrap().unwrap().starts_at;
    let before_move = run().await.unwrap();
    app.clock.set(new_start - chrono::Duration::hours(1));
    let after_move = run().await.unwrap();

    assert_eq!((early, due, again, before_move, after_move), (0, 1, 0, 0, 1));
    let subjects: Vec<String> = mails_to(&app, &a.email).await.into_iter().map(|m| m.subject).collect();
    assert_eq!(subjects.iter().filter(|s| s.starts_with("Reminder:")).count(), 2);
}

#[tokio::test]
async fn trainers_run_their_own_sessions_and_employees_never_see_a_roster() {
    let app = spawn_app().await;
    let (p, trainer_user, trainer) = project_with_trainer(&app).await;
    let sid = schedule(&app, &trainer, p, "Ventas", 2, "5").await;
    let other = app.create_user("trainer").await;
    app.add_member(p, other.id, "trainer").await;
    let ob = app.another_browser();
    ob.login(&other.email).await;
    let (a, ab) = employee(&app, p).await;
    let (_, bb) = employee(&app, p).await;
    ab.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await;
    let path = format!("/projects/{p}/training/{sid}");

    let other_edit = ob.get(&format!("{path}/edit")).await.status().as_u16();
    let other_roster = ob.get(&format!("{path}/roster.csv")).await.status().as_u16();
    let pm_roster = app.get(&format!("{path}/roster.csv")).await.text().await.unwrap();
    let employee_page = bb.get(&path).await.text().await.unwrap();
    let employee_roster = bb.get(&format!("{path}/roster.csv")).await.status().as_u16();
    let too_early = flash(&trainer, trainer.post(&format!("{path}/attendance"), &[]).await).await;

    assert_eq!((other_edit, other_roster, employee_roster), (403, 403, 403));
    assert!(pm_roster.contains(&a.email));
    assert!(!employee_page.contains(&a.email), "another employee's booking stays private");
    assert!(too_early.contains("once the session has started"));

    let start = erp_rollout::training::store::get(&app.db, p, sid).await.unwrap().unwrap().starts_at;
    app.clock.set(start + chrono::Duration::hours(1));
    trainer.login(&trainer_user.email).await;
    let booking = training_booking::Entity::find()
        .filter(training_booking::Column::UserId.eq(a.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let field = format!("a_{}", booking.id);
    let saved =
        flash(&trainer, trainer.post(&format!("{path}/attendance"), &[(field.as_str(), "attended")]).await).await;
    assert!(saved.contains("Attendance saved for 1"));
    let coverage = trainer.get(&format!("/projects/{p}/training/coverage.csv")).await.text().await.unwrap();
    assert!(coverage.contains("finance,employee,2,1,50"), "{coverage}");
}

#[tokio::test]
async fn sessions_for_a_department_are_offered_to_its_people_only() {
    let app = spawn_app().await;
    let (p, _, trainer) = project_with_trainer(&app).await;
    let sales = app.org_unit(p, "Comercial").await;
    let stores = app.org_unit(p, "Almacén").await;
    let (seller, sb) = employee(&app, p).await;
    let (keeper, kb) = employee(&app, p).await;
    erp_rollout::projects::store::set_department(&app.db, p, seller.id, Some(sales)).await.unwrap();
    erp_rollout::projects::store::set_department(&app.db, p, keeper.id, Some(stores)).await.unwrap();
    let mut fields = session_fields(&app, "CRM para comerciales", 5, "5");
    fields.push(("role_employee", "1".into()));
    let dept = format!("dept_{sales}");
    fields.push((Box::leak(dept.into_boxed_str()), "1".into()));
    let r = post_fields(&trainer, &format!("/projects/{p}/training"), &fields).await;
    let sid: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();

    let seller_mine = sb.get(&format!("/projects/{p}/training/mine")).await.text().await.unwrap();
    let keeper_mine = kb.get(&format!("/projects/{p}/training/mine")).await.text().await.unwrap();
    let refused = flash(&kb, kb.post(&format!("/projects/{p}/training/{sid}/signup"), &[]).await).await;
    let keeper_list = kb.get(&format!("/projects/{p}/training?for=1")).await.text().await.unwrap();

    assert!(seller_mine.contains("CRM para comerciales"));
    assert!(!keeper_mine.contains("CRM para comerciales"));
    assert!(!keeper_list.contains("CRM para comerciales"));
    assert!(refused.contains("meant for other roles or departments"));
    assert_eq!(app.count("training_bookings").await, 0);
}

#[tokio::test]
async fn the_library_takes_web_links_only_and_shows_them_on_the_module_sessions() {
    let app = spawn_app().await;
    let (p, _, trainer) = project_with_trainer(&app).await;
    let sid = schedule(&app, &trainer, p, "Cierre contable", 5, "5").await;
    let base = format!("/projects/{p}/training/resources");

    let bad = trainer.post(&base, &[("title", "Manual"), ("module", "finance"), ("url", "javascript:alert(1)")]).await;
    let good = trainer
        .post(
            &base,
            &[("title", "Manual de cierre"), ("module", "finance"), ("url", "https://learn.example.com/cierre")],
        )
        .await;
    let (_, eb) = employee(&app, p).await;
    let not_allowed = eb.post(&base, &[("title", "X"), ("module", "finance"), ("url", "https://x.example")]).await;
    let page = eb.get(&format!("/projects/{p}/training/{sid}")).await.text().await.unwrap();

    assert_eq!(bad.status().as_u16(), 422);
    assert_eq!(good.status().as_u16(), 303);
    assert_eq!(not_allowed.status().as_u16(), 403);
    assert!(page.contains("https://learn.example.com/cierre") && page.contains("Manual de cierre"));
    assert_eq!(app.count("training_resources").await, 1);
}
