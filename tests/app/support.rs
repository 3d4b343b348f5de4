//! The hypercare support desk (issue 18): filing after the knowledge-base search, triage by the
//! PM and key users, the SLA clock on the injected time, the answer by e-mail, two triagers at
//! once, who may see which ticket.

use crate::helpers::{SmtpSink, TestApp, TestUser, location, spawn_app, spawn_app_with};
use erp_rollout::clock::Clock;
use erp_rollout::entities::{support_ticket, user};
use erp_rollout::support::store;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

impl TestApp {
    /// A medium ticket filed now (the server's clock) by `reporter`.
    pub async fn support_ticket(&self, project: i32, reporter: i32) -> i32 {
        let t = store::NewTicket {
            project_id: project,
            reporter_id: reporter,
            module: "finance".into(),
            severity: "medium".into(),
            title: "The invoice will not post".into(),
            description: "Posting an invoice gives error FI-042".into(),
        };
        store::insert(&self.db, t, self.clock.now()).await.expect("ticket").id
    }

    pub async fn support_article(&self, project: i32, published: bool) -> i32 {
        let now = self.clock.now();
        erp_rollout::entities::support_article::ActiveModel {
            project_id: Set(project),
            kind: Set("how_to".into()),
            module: Set("finance".into()),
            title: Set("Cómo contabilizar una factura".into()),
            body: Set("Abra Contabilidad › Facturas y pulse «Contabilizar».".into()),
            search_text: Set(erp_rollout::support::articles::search_text(
                "Cómo contabilizar una factura",
                "Abra Contabilidad › Facturas y pulse «Contabilizar».",
            )),
            published: Set(published),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("article")
        .id
    }

    pub async fn support_attachment(&self, ticket: i32) -> i32 {
        erp_rollout::entities::support_attachment::ActiveModel {
            ticket_id: Set(ticket),
            file_name: Set("captura.png".into()),
            size: Set(4),
            data: Set(b"\x89PNG".to_vec()),
            created_at: Set(self.clock.now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("attachment")
        .id
    }

    async fn ticket_row(&self, id: i32) -> support_ticket::Model {
        support_ticket::Entity::find_by_id(id).one(&self.db).await.expect("query").expect("ticket")
    }
}

/// A project of a signed-in PM with an employee member, signed in in another browser.
pub async fn desk(app: &TestApp) -> (i32, TestUser) {
    app.login_as("pm").await;
    let p = app.create_project("Hypercare").await;
    let employee = app.create_user("employee").await;
    app.add_member(p, employee.id, "employee").await;
    (p, employee)
}

fn version_of(html: &str) -> String {
    let at = html.find("name=\"version\" value=\"").expect("version field") + 22;
    html[at..].split('"').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn an_employee_files_a_ticket_sees_it_in_my_tickets_and_bad_input_is_kept_with_messages() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let b = app.another_browser();
    b.login(&employee.email).await;

    let r = b
        .post(
            &format!("/projects/{p}/support"),
            &[("module", "finance"), ("severity", "urgent"), ("title", "Cannot post"), ("description", "")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("Choose how serious it is.") && html.contains("Say what you did"), "{html}");
    assert!(html.contains("value=\"Cannot post\""), "the input is kept");

    let fields = [
        ("module", "finance"),
        ("severity", "high"),
        ("title", "Cannot post invoices"),
        ("description", "Error FI-042 on every invoice"),
    ];
    let r = b.post(&format!("/projects/{p}/support"), &fields).await;
    assert_eq!(r.status().as_u16(), 303);
    let id: i32 = location(&r).rsplit('/').next().unwrap().parse().unwrap();
    let t = app.ticket_row(id).await;
    assert_eq!((t.status.as_str(), t.reporter_id, t.severity.as_str()), ("new", Some(employee.id), "high"));
    assert_eq!(t.response_due_at, t.created_at + chrono::Duration::hours(4), "the default SLA for high");

    let html = b.get(&format!("/projects/{p}/support")).await.text().await.unwrap();
    assert!(html.contains("My tickets") && html.contains("Cannot post invoices"), "{html}");
    assert!(html.contains(">Support</a>"), "the Support tab is there for an employee");
}

#[tokio::test]
async fn the_new_ticket_page_offers_published_answers_first_ignoring_case_and_accents() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let published = app.support_article(p, true).await;
    let draft = app.support_article(p, false).await;
    let b = app.another_browser();
    b.login(&employee.email).await;

    let html = b.get(&format!("/projects/{p}/support/new?q=COMO+factura")).await.text().await.unwrap();
    assert!(html.contains(&format!("/support/articles/{published}\"")), "{html}");
    assert!(!html.contains(&format!("/support/articles/{draft}\"")), "drafts are not offered");
    assert!(html.contains("Send ticket"), "filing anyway is on the same page");
    let html = b.get(&format!("/projects/{p}/support/new?q=payroll")).await.text().await.unwrap();
    assert!(html.contains("No known issue or how-to answer matches"), "{html}");
    assert_eq!(b.get(&format!("/projects/{p}/support/articles/{draft}")).await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_key_user_triages_answers_with_an_article_and_resolves_and_the_reporter_reopens() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let key = app.create_user("employee").await;
    app.add_member(p, key.id, "employee").await;
    app.make_key_user(p, key.id).await;
    let article = app.support_article(p, true).await;
    let id = app.support_ticket(p, employee.id).await;
    let k = app.another_browser();
    k.login(&key.email).await;

    let html = k.get(&format!("/projects/{p}/support")).await.text().await.unwrap();
    assert!(html.contains("Support desk") && html.contains("The invoice will not post"), "{html}");
    app.clock.advance(chrono::Duration::minutes(30));
    let path = format!("/projects/{p}/support/{id}/triage");
    let kid = key.id.to_string();
    let r = k
        .post(
            &path,
            &[
                ("status", "acknowledged"),
                ("severity", "medium"),
                ("assignee_id", &kid),
                ("answer", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let t = app.ticket_row(id).await;
    assert_eq!(t.first_response_at, Some(t.created_at + chrono::Duration::minutes(30)));
    assert_eq!(t.assignee_id, Some(key.id));

    let r = k.post(&path, &[("status", "new"), ("severity", "medium"), ("version", "2")]).await;
    assert_eq!(r.status().as_u16(), 422, "no way back to new");
    let r = k.post(&path, &[("status", "resolved"), ("severity", "medium"), ("answer", ""), ("version", "2")]).await;
    assert_eq!(r.status().as_u16(), 422, "resolving needs an answer or an article");
    app.clock.advance(chrono::Duration::minutes(40));
    let aid = article.to_string();
    let r = k
        .post(
            &path,
            &[
                ("status", "resolved"),
                ("severity", "medium"),
                ("answer", "Use the posting button."),
                ("article_id", &aid),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", location(&r));
    let t = app.ticket_row(id).await;
    assert_eq!((t.status.as_str(), t.resolved_at), ("resolved", Some(t.created_at + chrono::Duration::minutes(70))));
    assert_eq!(t.article_id, Some(article));

    let b = app.another_browser();
    b.login(&employee.email).await;
    let html = b.get(&format!("/projects/{p}/support/{id}")).await.text().await.unwrap();
    assert!(html.contains("Use the posting button.") && html.contains("Cómo contabilizar una factura"), "{html}");
    let r = b.post(&format!("/projects/{p}/support/{id}/reply"), &[("body", "Still failing"), ("reopen", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let t = app.ticket_row(id).await;
    assert_eq!((t.status.as_str(), t.resolved_at), ("in_progress", None));

    // Resolved again, then too late to reopen.
    let v = t.version.to_string();
    k.post(
        &path,
        &[("status", "resolved"), ("severity", "medium"), ("answer", "Fixed the posting key."), ("version", &v)],
    )
    .await;
    app.clock.advance(chrono::Duration::days(8));
    b.login(&employee.email).await;
    let r = b.post(&format!("/projects/{p}/support/{id}/reply"), &[("body", "Again"), ("reopen", "1")]).await;
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(app.ticket_row(id).await.status, "resolved");
}

#[tokio::test]
async fn a_critical_ticket_is_at_risk_then_breached_as_the_clock_moves_and_the_breach_is_counted() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let b = app.another_browser();
    b.login(&employee.email).await;
    let fields = [
        ("module", "logistics"),
        ("severity", "critical"),
        ("title", "Shipping is down"),
        ("description", "No delivery note prints"),
    ];
    assert_eq!(b.post(&format!("/projects/{p}/support"), &fields).await.status().as_u16(), 303);
    let list = |sla: &str| format!("/projects/{p}/support?sla={sla}");

    assert!(app.get_html(&list("on_time")).await.1.contains("Shipping is down"));
    app.clock.advance(chrono::Duration::minutes(50));
    assert!(app.get_html(&list("at_risk")).await.1.contains("Shipping is down"));
    assert!(!app.get_html(&list("breached")).await.1.contains("Shipping is down"));
    app.clock.advance(chrono::Duration::minutes(20));
    let html = app.get_html(&list("breached")).await.1;
    assert!(html.contains("Shipping is down") && html.contains("1 open past the response time"), "{html}");

    let f = store::readiness_facts(&app.db, p, app.clock.now()).await.unwrap();
    assert_eq!((f.open_by_severity, f.response_breaches_open, f.resolution_breaches_open), ([1, 0, 0, 0], 1, 0));
    app.clock.advance(chrono::Duration::hours(8));
    let f = store::readiness_facts(&app.db, p, app.clock.now()).await.unwrap();
    assert_eq!((f.resolution_breaches_open, f.filed_last_7_days), (1, 1));
}

#[tokio::test]
async fn the_pm_sets_the_sla_hours_and_the_open_tickets_follow_them() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let id = app.support_ticket(p, employee.id).await;
    let mut fields: Vec<(String, String)> = Vec::new();
    for (s, (r, x)) in
        [("critical", ("0,5", "4")), ("high", ("2", "16")), ("medium", ("6", "48")), ("low", ("24", "120"))]
    {
        fields.push((format!("response_{s}"), r.into()));
        fields.push((format!("resolution_{s}"), x.into()));
    }
    let mut bad = fields.clone();
    bad[2].1 = "100".into();
    let as_refs = |v: &[(String, String)]| v.iter().map(|(a, b)| (a.clone(), b.clone())).collect::<Vec<_>>();
    let bad = as_refs(&bad);
    let bad: Vec<(&str, &str)> = bad.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = app.post(&format!("/projects/{p}/support/sla"), &bad).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("value=\"100\""), "the input is kept");
    let good: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(app.post(&format!("/projects/{p}/support/sla"), &good).await.status().as_u16(), 303);
    let t = app.ticket_row(id).await;
    assert_eq!(t.response_due_at, t.created_at + chrono::Duration::hours(6));
    assert_eq!(t.resolution_due_at, t.created_at + chrono::Duration::hours(48));
    let html = app.get_html(&format!("/projects/{p}/support/overview")).await.1;
    assert!(html.contains("value=\"0.5\"") && html.contains("<svg"), "{html}");
}

#[tokio::test]
async fn the_reporter_gets_the_answer_by_email_in_their_own_language() {
    let sink = SmtpSink::start().await;
    let smtp = sink.settings();
    let app = spawn_app_with(move |s| s.smtp = Some(smtp)).await;
    let (p, employee) = desk(&app).await;
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value("es"))
        .filter(user::Column::Id.eq(employee.id))
        .exec(&app.db)
        .await
        .unwrap();
    let id = app.support_ticket(p, employee.id).await;

    let r = app
        .post(
            &format!("/projects/{p}/support/{id}/triage"),
            &[
                ("status", "in_progress"),
                ("severity", "medium"),
                ("answer", "Estamos revisando la clave de contabilización."),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let sender = erp_rollout::email::sender::Sender::from_settings(&app.settings).unwrap();
    assert_eq!(erp_rollout::email::worker::drain_once(&app.state, &sender, "test").await.unwrap(), 1);
    let messages = sink.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains(&format!("To: {}", employee.email)), "{}", messages[0]);
    assert!(
        messages[0].contains("Subject: =?utf-8?") || messages[0].contains("Subject: Respuesta a su incidencia"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("El equipo de soporte ha respondido"), "{}", messages[0]);
}

#[tokio::test]
async fn two_triagers_saving_one_ticket_at_once_the_second_is_told_and_keeps_the_text() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let key = app.create_user("trainer").await;
    app.add_member(p, key.id, "trainer").await;
    app.make_key_user(p, key.id).await;
    let id = app.support_ticket(p, employee.id).await;
    let k = app.another_browser();
    k.login(&key.email).await;
    let page = format!("/projects/{p}/support/{id}");
    let v_pm = version_of(&app.get_html(&page).await.1);
    let v_key = version_of(&k.get(&page).await.text().await.unwrap());

    let path = format!("{page}/triage");
    let r = app
        .post(
            &path,
            &[("status", "acknowledged"), ("severity", "medium"), ("answer", "Looking at it."), ("version", &v_pm)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = k
        .post(
            &path,
            &[("status", "in_progress"), ("severity", "high"), ("answer", "My longer diagnosis"), ("version", &v_key)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("Someone else changed this ticket") && html.contains("My longer diagnosis"), "{html}");
    let t = app.ticket_row(id).await;
    assert_eq!((t.status.as_str(), t.severity.as_str()), ("acknowledged", "medium"), "the first save stands");
    let v = version_of(&html);
    let r = k
        .post(
            &path,
            &[("status", "in_progress"), ("severity", "high"), ("answer", "My longer diagnosis"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "saving again applies it");
    let t = app.ticket_row(id).await;
    assert_eq!(t.response_due_at, t.created_at + chrono::Duration::hours(4), "a new severity moves the due times");
}

#[tokio::test]
async fn an_employee_cannot_read_another_persons_ticket_nor_a_pm_another_projects() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let other = app.create_user("employee").await;
    app.add_member(p, other.id, "employee").await;
    let theirs = app.support_ticket(p, other.id).await;
    let b = app.another_browser();
    b.login(&employee.email).await;
    assert_eq!(b.get(&format!("/projects/{p}/support/{theirs}")).await.status().as_u16(), 404);
    let r = b.post(&format!("/projects/{p}/support/{theirs}/reply"), &[("body", "me too")]).await;
    assert_eq!(r.status().as_u16(), 404);
    assert!(
        !b.get(&format!("/projects/{p}/support?q=invoice"))
            .await
            .text()
            .await
            .unwrap()
            .contains("The invoice will not post")
    );
    assert_eq!(b.get(&format!("/projects/{p}/support.csv")).await.status().as_u16(), 403);

    let stranger = app.create_user("pm").await;
    let s = app.another_browser();
    s.login(&stranger.email).await;
    assert_eq!(s.get(&format!("/projects/{p}/support/{theirs}")).await.status().as_u16(), 404);
}
