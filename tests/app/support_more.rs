//! The support desk, continued: CSV, the trend and facts, attachments, the data export, the demo.

use crate::helpers::{spawn_app, spawn_app_with};
use erp_rollout::clock::Clock;
use erp_rollout::entities::support_ticket;
use erp_rollout::support::store;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::support::desk;

#[tokio::test]
async fn the_desk_exports_the_filtered_tickets_as_csv_safe_against_formulas() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let b = app.another_browser();
    b.login(&employee.email).await;
    let fields =
        [("module", "finance"), ("severity", "low"), ("title", "=HYPERLINK(\"x\")"), ("description", "A question")];
    assert_eq!(b.post(&format!("/projects/{p}/support"), &fields).await.status().as_u16(), 303);
    app.support_ticket(p, employee.id).await;
    let r = app.get(&format!("/projects/{p}/support.csv?severity=low")).await;
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("'=HYPERLINK") && text.contains(",low,"), "{text}");
}

#[tokio::test]
async fn the_weekly_trend_counts_tickets_and_the_median_time_to_resolve() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let a = app.support_ticket(p, employee.id).await;
    app.support_ticket(p, employee.id).await;
    let now = app.clock.now();
    support_ticket::Entity::update_many()
        .col_expr(support_ticket::Column::Status, Expr::value("resolved"))
        .col_expr(support_ticket::Column::ResolvedAt, Expr::value(Some(now + chrono::Duration::hours(6))))
        .filter(support_ticket::Column::Id.eq(a))
        .exec(&app.db)
        .await
        .unwrap();
    let later = now + chrono::Duration::hours(7);
    let weeks = store::weekly_trend(&app.db, p, later).await.unwrap();
    assert_eq!(weeks.len(), store::TREND_WEEKS);
    assert_eq!(weeks.iter().map(|w| w.filed).sum::<i64>(), 2);
    assert_eq!(weeks.iter().filter_map(|w| w.median_resolution_hours).collect::<Vec<_>>(), vec![6.0]);
    let f = store::readiness_facts(&app.db, p, later).await.unwrap();
    assert_eq!((f.open_by_severity[2], f.median_resolution_hours_4_weeks), (1, Some(6.0)));
}

#[tokio::test]
async fn the_demo_rollout_carries_the_pilot_groups_tickets_and_a_knowledge_base() {
    let app = spawn_app_with(|s| s.demo = true).await;
    let b = app.another_browser();
    let password = erp_rollout::seeds::demo_password();
    assert_eq!(b.post("/login", &[("email", "pm@demo.example"), ("password", &password)]).await.status().as_u16(), 303);
    let p = erp_rollout::entities::project::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let html = b.get(&format!("/projects/{p}/support?status=all")).await.text().await.unwrap();
    assert!(html.contains("Delivery notes do not print") && html.contains("vacaciones"), "{html}");
    let f = store::readiness_facts(&app.db, p, app.clock.now()).await.unwrap();
    assert_eq!(f.open_by_severity.iter().sum::<i64>(), 3);
    assert!(f.resolution_breaches_open >= 1, "{f:?}");
    let e = app.another_browser();
    assert_eq!(
        e.post("/login", &[("email", "employee@demo.example"), ("password", &password)]).await.status().as_u16(),
        303
    );
    let html = e.get(&format!("/projects/{p}/support/new?q=factura+PROVEEDOR")).await.text().await.unwrap();
    assert!(html.contains("intracomunitaria"), "{html}");
}

#[tokio::test]
async fn a_persons_data_export_includes_the_tickets_they_reported() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let id = app.support_ticket(p, employee.id).await;
    app.login_as("admin").await;
    let r = app.get(&format!("/admin/users/{}/personal-data.json", employee.id)).await;
    assert_eq!(r.status().as_u16(), 200);
    let json: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(json["support_tickets_reported"][0]["id"], id);
}

#[tokio::test]
async fn the_reporter_attaches_a_screenshot_which_the_triagers_download_and_nobody_else_sees() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let id = app.support_ticket(p, employee.id).await;
    let b = app.another_browser();
    b.login(&employee.email).await;
    let url = app.url(&format!("/projects/{p}/support/{id}/attachments"));
    let send = |name: &'static str, bytes: Vec<u8>| {
        let token = b.jar_cookie("erp_csrf").expect("csrf");
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token)
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        b.client.post(url.clone()).multipart(form).send()
    };
    let r = send("virus.exe", b"MZ".to_vec()).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r = send("C:\\fakepath\\Captura de pantalla.png", b"\x89PNG-bytes".to_vec()).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(app.count("support_attachments").await, 1, "the .exe was refused");
    let html = b.get(&format!("/projects/{p}/support/{id}")).await.text().await.unwrap();
    assert!(html.contains("Captura_de_pantalla.png"), "{html}");
    let fid: i32 = {
        let at = html.find("/attachments/").unwrap() + 13;
        html[at..].split('"').next().unwrap().parse().unwrap()
    };

    let r = app.get(&format!("/projects/{p}/support/{id}/attachments/{fid}")).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\x89PNG-bytes");
    let other = app.create_user("employee").await;
    app.add_member(p, other.id, "employee").await;
    let o = app.another_browser();
    o.login(&other.email).await;
    assert_eq!(o.get(&format!("/projects/{p}/support/{id}/attachments/{fid}")).await.status().as_u16(), 404);
}

#[tokio::test]
async fn the_adoption_page_charts_the_weekly_tickets_and_time_to_resolve_once_there_are_any() {
    let app = spawn_app().await;
    let (p, employee) = desk(&app).await;
    let page = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    assert!(page.contains("No support ticket in the last 12 weeks"), "an empty state with the way: {page}");

    app.support_ticket(p, employee.id).await;
    let page = app.get(&format!("/projects/{p}/adoption")).await.text().await.unwrap();
    assert!(
        page.contains("Support tickets filed per week") && page.contains("Median hours to resolve a ticket"),
        "{page}"
    );
    assert!(!page.contains("No support ticket in the last 12 weeks"));
}
