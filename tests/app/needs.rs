//! Requirements and KPI baselines.

use crate::helpers::{location, spawn_app};

fn requirement<'a>(title: &'a str, area: &'a str, priority: &'a str) -> [(&'a str, &'a str); 6] {
    [
        ("title", title),
        ("area", area),
        ("priority", priority),
        ("description", ""),
        ("process", "order to cash"),
        ("owner_id", ""),
    ]
}

#[tokio::test]
async fn a_pm_adds_requirements_and_finds_them_by_area_priority_and_search() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Needs").await;
    for (t, a, pr) in [("Facturación electrónica", "finance", "must"), ("Lot tracking", "inventory", "could")] {
        let r = app.post(&format!("/projects/{p}/requirements"), &requirement(t, a, pr)).await;
        assert_eq!(r.status().as_u16(), 303);
    }

    let (_, by_search) = app.get_html(&format!("/projects/{p}/requirements?q=FACTURACION")).await;
    let (_, by_area) = app.get_html(&format!("/projects/{p}/requirements?area=inventory")).await;
    let (_, by_priority) = app.get_html(&format!("/projects/{p}/requirements?priority=must&sort=priority")).await;
    let csv = app.get(&format!("/projects/{p}/requirements.csv")).await.text().await.unwrap();

    assert!(by_search.contains("Facturación electrónica") && !by_search.contains("Lot tracking"));
    assert!(by_area.contains("Lot tracking") && !by_area.contains("Facturación"));
    assert!(by_priority.contains("Facturación") && !by_priority.contains("Lot tracking"));
    assert!(csv.starts_with("id,area,title") && csv.contains("Lot tracking,,could,order to cash"));
}

#[tokio::test]
async fn a_requirement_without_a_title_or_with_an_unknown_priority_is_refused_and_not_saved() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Needs").await;

    let r = app.post(&format!("/projects/{p}/requirements"), &requirement(" ", "finance", "urgent")).await;

    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("Write the requirement") && body.contains("Choose a priority"));
    assert_eq!(app.count("requirements").await, 0);
}

#[tokio::test]
async fn the_second_of_two_pms_saving_one_requirement_is_told_it_changed_meanwhile() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Needs").await;
    let id = app.requirement(p, "Original").await;
    let path = format!("/projects/{p}/requirements/{id}");
    let mut first = requirement("First edit", "finance", "must").to_vec();
    first.push(("version", "1"));
    let mut second = requirement("Second edit", "finance", "must").to_vec();
    second.push(("version", "1"));

    let r1 = app.post(&path, &first).await;
    let r2 = app.post(&path, &second).await;

    assert_eq!(r1.status().as_u16(), 303);
    assert_eq!(r2.status().as_u16(), 409);
    assert!(r2.text().await.unwrap().contains("Second edit"), "the second person's text is kept in the form");
    let saved = erp_rollout::needs::store::get(&app.db, p, id).await.unwrap().unwrap();
    assert_eq!(saved.title, "First edit");
}

#[tokio::test]
async fn a_spanish_excel_csv_in_windows_1252_is_imported() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Needs").await;
    let mut bytes = b"T\xedtulo;\xc1rea;Prioridad;Proceso\r\n".to_vec();
    bytes.extend_from_slice(b"Facturaci\xf3n electr\xf3nica;Finanzas;Imprescindible;Del pedido al cobro\r\n");
    bytes.extend_from_slice(b"\"Lotes;\ny caducidades\";Inventario;Deseable;\r\n");

    let r = app.upload(&format!("/projects/{p}/requirements/import"), "requisitos.csv", bytes).await;

    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap_or_default());
    let rows = erp_rollout::needs::store::all(&app.db, p).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].title, "Facturación electrónica");
    assert_eq!(rows[1].title, "Lotes;\ny caducidades");
}

#[tokio::test]
async fn an_import_with_broken_rows_lists_each_line_and_saves_nothing() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Needs").await;
    let text = "title,area,priority\nGood one,finance,must\n,finance,must\nBad area,astrology,must\n";

    let r = app.upload(&format!("/projects/{p}/requirements/import"), "r.csv", text.as_bytes().to_vec()).await;

    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("Nothing was imported: 2 line(s)"));
    assert!(body.contains("<td>3</td>") && body.contains("<td>4</td>") && body.contains("astrology"));
    assert_eq!(app.count("requirements").await, 0);
}

#[tokio::test]
async fn a_kpi_baseline_accepts_a_decimal_comma_and_refuses_words() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("KPIs").await;
    let path = format!("/projects/{p}/kpis");
    let base = [
        ("template_key", "order-processing-time"),
        ("name", ""),
        ("unit", ""),
        ("direction", ""),
        ("baseline_date", "2026-01-31"),
        ("target_value", ""),
    ];

    let mut bad = base.to_vec();
    bad.push(("baseline_value", "forty"));
    let r_bad = app.post(&path, &bad).await;
    let mut good = base.to_vec();
    good.push(("baseline_value", "48,5"));
    let r_good = app.post(&path, &good).await;

    assert_eq!(r_bad.status().as_u16(), 422);
    assert_eq!(r_good.status().as_u16(), 303);
    assert_eq!(location(&r_good), path);
    let kpis = erp_rollout::needs::kpis::all(&app.db, p).await.unwrap();
    assert_eq!(kpis.len(), 1);
    assert_eq!(kpis[0].baseline_value, 48.5);
    assert_eq!(kpis[0].name, "Order processing time");
    assert_eq!(kpis[0].direction, "lower_is_better");
}
