use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status().as_u16(), 200);
    let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({"status": "ok", "database": "ok"}));
}
