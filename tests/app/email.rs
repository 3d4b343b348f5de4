use crate::helpers::{SmtpSink, spawn_app, spawn_app_with};
use erp_rollout::clock::Clock;
use erp_rollout::email::{sender::Sender, worker::drain_once};

#[tokio::test]
async fn a_welcome_email_reaches_the_smtp_server() {
    let sink = SmtpSink::start().await;
    let smtp = sink.settings();
    let app = spawn_app_with(move |s| s.smtp = Some(smtp)).await;
    app.login_as("admin").await;

    let r = app.admin_creates_user("Marta Formadora", "marta@test.example", "trainer", "una frase larga de paso").await;
    assert_eq!(r.status().as_u16(), 303);
    let sender = Sender::from_settings(&app.settings).unwrap();
    let sent = drain_once(&app.state, &sender, "test-worker").await.unwrap();

    assert_eq!(sent, 1);
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: marta@test.example"));
    assert!(messages[0].contains("Subject: Su cuenta de ERP Rollout"));
    assert_eq!(drain_once(&app.state, &sender, "test-worker").await.unwrap(), 0, "sent once only");
}

#[tokio::test]
async fn two_workers_never_send_the_same_message_twice() {
    let sink = SmtpSink::start().await;
    let smtp = sink.settings();
    let app = spawn_app_with(move |s| s.smtp = Some(smtp)).await;
    let now = app.clock.now();
    for i in 0..10 {
        let m = erp_rollout::email::outbox::Message {
            to: format!("p{i}@test.example"),
            subject: format!("n{i}"),
            text: "t".into(),
            html: "<p>t</p>".into(),
            attachment: None,
        };
        erp_rollout::email::outbox::enqueue(&app.db, m, now).await.unwrap();
    }
    let a = Sender::from_settings(&app.settings).unwrap();
    let b = Sender::from_settings(&app.settings).unwrap();

    let mut total = 0;
    loop {
        let (x, y) = tokio::join!(drain_once(&app.state, &a, "worker-a"), drain_once(&app.state, &b, "worker-b"));
        let round = x.unwrap() + y.unwrap();
        if round == 0 {
            break;
        }
        total += round;
    }

    assert_eq!(total, 10);
    let mut subjects: Vec<String> = sink
        .messages
        .lock()
        .unwrap()
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject:")).map(str::to_string))
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 10, "each message once");
    assert_eq!(sink.messages.lock().unwrap().len(), 10);
}

#[tokio::test]
async fn without_smtp_settings_messages_are_written_as_eml_files() {
    let app = spawn_app().await;
    let now = app.clock.now();
    let m = erp_rollout::email::outbox::Message {
        to: "x@test.example".into(),
        subject: "Hola".into(),
        text: "t".into(),
        html: "<p>t</p>".into(),
        attachment: None,
    };
    erp_rollout::email::outbox::enqueue(&app.db, m, now).await.unwrap();
    let sender = Sender::from_settings(&app.settings).unwrap();

    assert_eq!(drain_once(&app.state, &sender, "w").await.unwrap(), 1);
    let files: Vec<_> = std::fs::read_dir(app.settings.data_dir.join("mail")).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[tokio::test]
async fn while_smtp_is_down_mail_waits_with_a_growing_back_off_and_is_delivered_once_it_is_back() {
    // Point at a closed port: every send fails.
    let app = spawn_app_with(|s| {
        s.smtp = Some(erp_rollout::config::SmtpSettings {
            host: "127.0.0.1".into(),
            port: 1,
            username: None,
            password: None,
            tls: erp_rollout::config::SmtpTls::None,
        })
    })
    .await;
    app.login_as("admin").await;
    let r = app.admin_creates_user("Marta Formadora", "marta@test.example", "trainer", "una frase larga de paso").await;
    assert_eq!(r.status().as_u16(), 303, "the page that queues the mail answers as usual");
    let down = Sender::from_settings(&app.settings).unwrap();
    let welcome = || async {
        use erp_rollout::entities::outbox;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let rows = outbox::Entity::find().filter(outbox::Column::ToAddr.eq("marta@test.example")).all(&app.db).await;
        let mut rows = rows.unwrap();
        assert_eq!(rows.len(), 1, "one message, never duplicated");
        rows.remove(0)
    };

    let mut waits = Vec::new();
    for attempt in 1..=3 {
        assert_eq!(drain_once(&app.state, &down, "w").await.unwrap(), 0);
        let row = welcome().await;
        assert_eq!((row.status.as_str(), row.attempts), ("pending", attempt));
        assert!(row.last_error.is_some());
        assert_eq!(drain_once(&app.state, &down, "w").await.unwrap(), 0, "not tried again before it is due");
        assert_eq!(welcome().await.attempts, attempt);
        let wait = row.next_attempt_at - app.clock.now();
        // PostgreSQL keeps microseconds, the clock nanoseconds: round to whole seconds.
        waits.push((wait + chrono::Duration::milliseconds(500)).num_seconds());
        assert_eq!(app.get_html("/admin/users").await.0, 200, "pages answer while SMTP is down");
        app.clock.advance(wait);
    }
    assert_eq!(waits, [30, 60, 120], "the back-off doubles");

    let sink = SmtpSink::start().await;
    let mut back = app.settings.clone();
    back.smtp = Some(sink.settings());
    let up = Sender::from_settings(&back).unwrap();
    assert_eq!(drain_once(&app.state, &up, "w").await.unwrap(), 1);
    let row = welcome().await;
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 4));
    app.clock.advance(chrono::Duration::hours(2));
    assert_eq!(drain_once(&app.state, &up, "w").await.unwrap(), 0, "sent once");
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: marta@test.example"));
}
