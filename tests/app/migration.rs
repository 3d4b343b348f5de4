//! Data migration quality: the object form, the upload → job → report flow with a planted file
//! whose counts are known, the downloads, the trend, the sign-off ticking the checklist, bad
//! uploads refused with nothing saved, stalled jobs resumed or failed, and the warning rule.

use crate::helpers::{TestApp, location, spawn_app, spawn_app_with};
use chrono::Duration;
use erp_rollout::clock::Clock;
use erp_rollout::data_quality::jobs;
use erp_rollout::entities::{project, trial_load};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The object form: seven fields in English, with the rules the planted file breaks.
fn object_form(name: &str, owner: i32, version: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("name", name),
        ("kind", "customers"),
        ("source_system", "CRM"),
        ("expected_count", "10"),
        ("similarity", "92"),
        ("max_invalid_pct", "2"),
        ("max_duplicate_pct", "1"),
        ("version", version),
        ("f0_name", "code"),
        ("f0_kind", "text"),
        ("f0_required", "on"),
        ("f0_unique", "on"),
        ("f0_max", "10"),
        ("f1_name", "name"),
        ("f1_kind", "text"),
        ("f1_required", "on"),
        ("f1_dupkey", "on"),
        ("f1_similar", "on"),
        ("f2_name", "tax id"),
        ("f2_kind", "tax_id"),
        ("f2_required", "on"),
        ("f2_dupkey", "on"),
        ("f3_name", "email"),
        ("f3_kind", "email"),
        ("f4_name", "country"),
        ("f4_kind", "enum"),
        ("f4_options", "España, Portugal"),
        ("f5_name", "since"),
        ("f5_kind", "date"),
        ("f6_name", "credit"),
        ("f6_kind", "decimal"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    f.push(("owner_id".into(), owner.to_string()));
    f
}

/// Windows-1252 for the Latin-1 letters used here.
fn cp1252(s: &str) -> Vec<u8> {
    s.chars().map(|c| u8::try_from(u32::from(c)).expect("latin-1")).collect()
}

/// Nine records, semicolon-separated, Windows-1252, one quoted name over two lines:
/// line 4 repeats line 2 (case and accents), line 5 has five bad values, line 6 misses the name,
/// line 7 repeats code C1, line 8's name equals line 3's with another tax id (a likely duplicate),
/// line 11 has two columns.
const PLANTED: &str = "Code;Name;Tax ID;E-mail;Country;Since;Credit\r\n\
C1;Ferretería Peña S.L.;12345678Z;info@pena.es;España;15/03/2020;1.234,50\r\n\
C2;Construcciones Núñez;00000000T;NUNEZ@EXAMPLE.COM;Portugal;2021-01-31;500\r\n\
C3;FERRETERÍA PEÑA S.L.;12345678z;otro@pena.es;espana;01/01/2019;0\r\n\
C4;Distribuciones Ruiz;12345678A;bad-email;Francia;31/02/2020;abc\r\n\
C5;;11111111H;ok@ruiz.es;España;;\r\n\
C1;Talleres Gómez;22222222J;taller@gomez.es;Portugal;;\r\n\
C7;Construcciones Nuñez;33333333P;nunez2@example.com;Portugal;;\r\n\
C8;\"Almacenes\r\ndel Sur\";44444444A;sur@alm.es;España;;\r\n\
C9;Solo dos\r\n";

async fn load_row(app: &TestApp, id: i32) -> trial_load::Model {
    trial_load::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

fn id_in(loc: &str) -> i32 {
    loc.rsplit('/').next().and_then(|s| s.parse().ok()).expect("id in Location")
}

async fn upload(app: &TestApp, p: i32, o: i32, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.upload(&format!("/projects/{p}/migration/{o}/loads"), name, bytes).await
}

#[tokio::test]
async fn an_export_is_profiled_in_the_background_with_exact_counts_files_trend_and_sign_off() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let owner = app.create_user("employee").await;
    app.add_member(p, owner.id, "employee").await;

    // The object, through its form.
    let form = object_form("Clientes CRM", owner.id, "0");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.post(&format!("/projects/{p}/migration"), &pairs).await;
    assert_eq!(r.status().as_u16(), 303);
    let o = id_in(&location(&r));
    // The same name again is refused with a message, not a 500.
    let r = app.post(&format!("/projects/{p}/migration"), &pairs).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("already has an object with that name"));

    // Upload: answered at once, checked in the background.
    let r = upload(&app, p, o, "clientes.csv", cp1252(PLANTED)).await;
    assert_eq!(r.status().as_u16(), 303);
    let first = id_in(&location(&r));
    let page = format!("/projects/{p}/migration/{o}/loads/{first}");
    let r = app.get(&page).await;
    assert_eq!(r.headers().get("refresh").and_then(|v| v.to_str().ok()), Some("2"), "the page follows the job");
    assert!(r.text().await.unwrap().contains("Waiting for its turn"));
    assert!(jobs::run_once(&app.state, "test").await.unwrap());
    assert!(!jobs::run_once(&app.state, "test").await.unwrap(), "nothing else queued");

    let l = load_row(&app, first).await;
    assert_eq!(l.status, "done", "{:?}", l.error);
    assert_eq!((l.rows_read, l.rows_valid, l.exact_duplicates, l.error_total), (9, 5, 1, 8));
    assert!(l.likely_duplicates >= 1);
    assert_eq!(l.progress_bytes, l.file_size);
    let html = app.get(&page).await.text().await.unwrap();
    for needle in [
        "invalid tax id",
        "12345678A",
        "value not in the list",
        "Francia",
        "invalid date",
        "31/02/2020",
        "required value missing",
        "repeated value of a unique field",
        "unreadable line",
        "This load cannot be signed off",
        "<svg",
    ] {
        assert!(html.contains(needle), "report lacks {needle}");
    }

    // The three files.
    let (app_ref, page_ref) = (&app, &page);
    let get = |which: &'static str| async move {
        app_ref.get(&format!("{page_ref}/files/{which}")).await.text().await.unwrap()
    };
    let errors = get("errors").await;
    assert_eq!(errors.lines().count(), 1 + 8, "{errors}");
    assert!(errors.contains("5,tax id,bad_tax_id,invalid tax id,12345678A"), "{errors}");
    let clean = get("clean").await;
    let mut rdr = csv::Reader::from_reader(clean.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4, "5 valid rows, line 4 merged into line 2: {clean}");
    assert_eq!(&rows[0][5], "2020-03-15", "dates in ISO");
    assert_eq!(&rows[0][6], "1234.50", "decimal point");
    assert_eq!(&rows[0][4], "España", "the list's spelling");
    assert!(rows[3][1].starts_with("Almacenes") && rows[3][1].ends_with("\ndel Sur"), "a quoted line break survives");
    let rejected = get("rejected").await;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(rejected.as_bytes());
    let lines: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(lines, ["5", "6", "7", "11"]);

    // The owner cannot sign off a load below the thresholds.
    let owner_browser = app.another_browser();
    owner_browser.login(&owner.email).await;
    let r = owner_browser.post(&format!("{page}/signoff"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(load_row(&app, first).await.signed_off_at.is_none());

    // A corrected export (UTF-8 with BOM, commas): clean.
    let fixed = "\u{feff}code,name,tax id,email,country,since,credit\n\
                 C1,Ferretería Peña S.L.,12345678Z,info@pena.es,España,15/03/2020,\"1.234,50\"\n\
                 C2,Construcciones Núñez,00000000T,nunez@example.com,Portugal,2021-01-31,500\n";
    let r = upload(&app, p, o, "clientes-v2.csv", fixed.as_bytes().to_vec()).await;
    let second = id_in(&location(&r));
    assert!(jobs::run_once(&app.state, "test").await.unwrap());
    let l2 = load_row(&app, second).await;
    assert_eq!((l2.rows_read, l2.rows_valid, l2.exact_duplicates), (2, 2, 0));
    let object_page = app.get(&format!("/projects/{p}/migration/{o}")).await.text().await.unwrap();
    assert!(object_page.contains("Valid rows per trial load"), "the trend chart");
    assert!(object_page.contains("Meets thresholds") && object_page.contains("Below thresholds"));

    // Only the business owner signs off; that ticks the phase-3 item (the only object).
    let second_page = format!("/projects/{p}/migration/{o}/loads/{second}");
    assert_eq!(
        app.post(&format!("{second_page}/signoff"), &[]).await.status().as_u16(),
        403,
        "the PM is not the owner"
    );
    let r = owner_browser.post(&format!("{second_page}/signoff"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(load_row(&app, second).await.signed_off_at.is_some());
    let item = erp_rollout::entities::checklist_item::Entity::find()
        .filter(erp_rollout::entities::checklist_item::Column::ProjectId.eq(p))
        .filter(erp_rollout::entities::checklist_item::Column::TemplateKey.eq("impl-trial-load"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(item.done && item.done_by == Some(owner.id));

    // Two PMs editing the object: the stale form gets 409 and keeps its input.
    let edited = object_form("Clientes CRM (v2)", owner.id, "1");
    let pairs: Vec<(&str, &str)> = edited.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(app.post(&format!("/projects/{p}/migration/{o}"), &pairs).await.status().as_u16(), 303);
    let r = app.post(&format!("/projects/{p}/migration/{o}"), &pairs).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("Clientes CRM (v2)"));

    // Exports: objects and loads.
    let objects_csv = app.get(&format!("/projects/{p}/migration.csv")).await.text().await.unwrap();
    assert!(objects_csv.contains("Clientes CRM (v2),customers,CRM"), "{objects_csv}");
    assert!(objects_csv.trim_end().ends_with("true,true"), "{objects_csv}");
    let loads_csv = app.get(&format!("/projects/{p}/migration/{o}/loads.csv")).await.text().await.unwrap();
    assert_eq!(loads_csv.lines().count(), 3);

    // Employees who are not the owner see the history, not the data.
    let other = app.create_user("employee").await;
    app.add_member(p, other.id, "employee").await;
    let b = app.another_browser();
    b.login(&other.email).await;
    assert_eq!(b.get(&page).await.status().as_u16(), 403);
    assert_eq!(b.get(&format!("{page}/files/clean")).await.status().as_u16(), 403);
    assert_eq!(b.get(&format!("/projects/{p}/migration/{o}")).await.status().as_u16(), 200);
}

#[tokio::test]
async fn bad_uploads_get_a_clear_message_and_leave_nothing_behind() {
    let app = spawn_app_with(|s| s.upload_max_bytes = 64 * 1024).await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let o = app.migration_object(p, None).await;
    let good = app.trial_load(p, o).await;
    let uploads = jobs::upload_dir(&app.state.settings);
    let files_before = std::fs::read_dir(&uploads).unwrap().count();

    let cases: [(&str, Vec<u8>, u16, &str); 7] = [
        ("", Vec::new(), 422, "Choose the CSV export"),
        ("empty.csv", Vec::new(), 422, "The file is empty"),
        ("blank.csv", b"\n\n  \n".to_vec(), 422, "The file is empty"),
        ("report.pdf", b"%PDF-1.7\n%binary".to_vec(), 422, "not a CSV text file"),
        ("utf16.csv", "code,name\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect(), 422, "not a CSV text file"),
        (
            "wrong.csv",
            b"codigo;razon social;nif\nC1;A;12345678Z\n".to_vec(),
            422,
            "required columns missing: code, name, tax_id",
        ),
        ("huge.csv", vec![b'a'; 200 * 1024], 413, "larger than the 64 KB allowed"),
    ];
    for (name, bytes, status, message) in cases {
        let r = upload(&app, p, o, name, bytes).await;
        assert_eq!(r.status().as_u16(), status, "{name}");
        let body = r.text().await.unwrap();
        assert!(body.contains(message), "{name}: {message}");
    }
    // A forged request (no token) is refused before anything is written.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"a,b\n".to_vec()).file_name("x.csv"));
    let r =
        app.client.post(app.url(&format!("/projects/{p}/migration/{o}/loads"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);

    assert_eq!(app.count("trial_loads").await, 1, "only the earlier load");
    assert_eq!(std::fs::read_dir(&uploads).unwrap().count(), files_before, "no temporary file left");
    assert_eq!(load_row(&app, good).await.status, "done", "the earlier load is intact");
    // Deleting the object takes its loads and every file with it.
    assert!(std::fs::read_dir(&uploads).unwrap().count() >= 4, "the upload and its three outputs");
    assert_eq!(app.post(&format!("/projects/{p}/migration/{o}/delete"), &[]).await.status().as_u16(), 303);
    assert_eq!(app.count("trial_loads").await, 0);
    assert_eq!(std::fs::read_dir(&uploads).unwrap().count(), 0, "no file left behind");
}

#[tokio::test]
async fn a_stalled_job_is_resumed_then_failed_after_three_attempts_and_a_missing_file_fails() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let o = app.migration_object(p, None).await;
    let done = app.trial_load(p, o).await;
    let now = app.clock.now();
    let stale = |id: i32, attempts: i32| {
        trial_load::Entity::update_many()
            .col_expr(trial_load::Column::Status, Expr::value("running"))
            .col_expr(trial_load::Column::Worker, Expr::value("a-dead-instance"))
            .col_expr(trial_load::Column::Attempts, Expr::value(attempts))
            .col_expr(trial_load::Column::HeartbeatAt, Expr::value(now - Duration::minutes(5)))
            .filter(trial_load::Column::Id.eq(id))
            .exec(&app.db)
    };
    // A job whose instance died: queued again and finished by this one.
    stale(done, 1).await.unwrap();
    assert!(jobs::run_once(&app.state, "survivor").await.unwrap());
    let l = load_row(&app, done).await;
    assert_eq!((l.status.as_str(), l.attempts, l.rows_read), ("done", 2, 1));
    // A live job (recent heartbeat) is left alone.
    trial_load::Entity::update_many()
        .col_expr(trial_load::Column::Status, Expr::value("running"))
        .col_expr(trial_load::Column::HeartbeatAt, Expr::value(now - Duration::seconds(10)))
        .filter(trial_load::Column::Id.eq(done))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(!jobs::run_once(&app.state, "survivor").await.unwrap());
    assert_eq!(load_row(&app, done).await.status, "running");
    // Three attempts: failed, with a message on its page.
    stale(done, 3).await.unwrap();
    assert!(!jobs::run_once(&app.state, "survivor").await.unwrap());
    let l = load_row(&app, done).await;
    assert_eq!((l.status.as_str(), l.error.as_deref()), ("failed", Some("stalled")));
    let html = app.get(&format!("/projects/{p}/migration/{o}/loads/{done}")).await.text().await.unwrap();
    assert!(html.contains("The check stopped 3 times"));

    // The file vanished (a disk was swapped): failed, not a crash.
    let again = app.trial_load(p, o).await;
    let stored = load_row(&app, again).await.stored_name;
    std::fs::remove_file(jobs::upload_dir(&app.state.settings).join(stored)).unwrap();
    stale(again, 1).await.unwrap();
    assert!(jobs::run_once(&app.state, "survivor").await.unwrap());
    let l = load_row(&app, again).await;
    assert_eq!((l.status.as_str(), l.error.as_deref()), ("failed", Some("missing_file")));
}

#[tokio::test]
async fn objects_without_a_recent_clean_load_warn_near_go_live() {
    use erp_rollout::warnings::evaluate::{evaluate, thresholds};
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    let proj = project::Entity::find_by_id(p).one(&app.db).await.unwrap().unwrap();
    let th = thresholds(&app.db, p).await.unwrap();
    let at =
        |days_before: i64| (proj.go_live_date - Duration::days(days_before)).and_hms_opt(9, 0, 0).unwrap().and_utc();
    let fired = |now| {
        let (db, proj, th) = (&app.db, &proj, &th);
        async move { evaluate(db, proj, now, th).await.unwrap().into_iter().map(|f| (f.rule, f.count)).collect::<Vec<_>>() }
    };
    assert!(fired(at(120)).await.iter().all(|(r, _)| !r.contains("migration")), "far from go-live");
    assert!(fired(at(60)).await.contains(&("no_migration_objects", 0)));
    let o = app.migration_object(p, None).await;
    app.migration_object(p, None).await;
    let load = app.trial_load(p, o).await;
    // The clean load finished today, long before the window: both objects are stale near go-live.
    assert!(fired(at(10)).await.contains(&("stale_trial_loads", 2)));
    trial_load::Entity::update_many()
        .col_expr(trial_load::Column::FinishedAt, Expr::value(at(15)))
        .filter(trial_load::Column::Id.eq(load))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(fired(at(10)).await.contains(&("stale_trial_loads", 1)));
}
