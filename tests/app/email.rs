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
async fn a_failed_delivery_is_retried_later() {
    // Point at a closed port: the send fails, the message stays pending with a later attempt.
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
    let m = erp_rollout::email::outbox::Message {
        to: "x@test.example".into(),
        subject: "s".into(),
        text: "t".into(),
        html: "h".into(),
        attachment: None,
    };
    erp_rollout::email::outbox::enqueue(&app.db, m, app.clock.now()).await.unwrap();
    let sender = Sender::from_settings(&app.settings).unwrap();

    assert_eq!(drain_once(&app.state, &sender, "w").await.unwrap(), 0);
    use sea_orm::EntityTrait;
    let row = erp_rollout::entities::outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status, "pending");
    assert_eq!(row.attempts, 1);
    assert!(row.next_attempt_at > app.clock.now());
    assert!(row.last_error.is_some());
}
