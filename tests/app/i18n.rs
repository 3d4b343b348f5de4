use crate::helpers::{TestApp, spawn_app};

async fn page_in(app: &TestApp, path: &str, accept_language: &str) -> String {
    let r = app.client.get(app.url(path)).header("Accept-Language", accept_language).send().await.unwrap();
    r.text().await.unwrap()
}

#[tokio::test]
async fn pages_follow_the_browsers_language() {
    let app = spawn_app().await;
    let es = page_in(&app, "/login", "es-ES,es;q=0.9").await;
    let en = page_in(&app, "/login", "en-GB,en;q=0.9").await;
    assert!(es.contains("Iniciar sesión") && es.contains("lang=\"es\""));
    assert!(en.contains("Sign in") && en.contains("lang=\"en\""));
}

#[tokio::test]
async fn the_users_setting_wins_over_the_browser() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let r = app.post("/account", &[("name", "Paula PM"), ("locale", "es")]).await;
    assert_eq!(r.status().as_u16(), 303);

    let page = page_in(&app, "/projects", "en").await;
    assert!(page.contains("Proyectos de implantación"));
    let bad = app.post("/account", &[("name", "Paula PM"), ("locale", "fr")]).await;
    assert_eq!(bad.status().as_u16(), 422);
    assert!(bad.text().await.unwrap().contains("Elija un idioma de la lista."));
}

#[tokio::test]
async fn error_pages_are_translated_and_carry_a_reference() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/no/such/page")).header("Accept-Language", "es").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.headers().contains_key("x-request-id"));
    let body = r.text().await.unwrap();
    assert!(body.contains("Página no encontrada") && body.contains("Referencia"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/login", "/no/such/page", "/healthz", erp_rollout::web::assets::CSS_PATH] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h.get("content-security-policy").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("referrer-policy"), "{path}");
    }
    app.login_as("employee").await;
    let r = app.get("/projects").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
}
