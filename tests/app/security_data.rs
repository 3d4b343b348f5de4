//! Security of the data (issue 9): encryption at rest with a planted marker found nowhere on disk,
//! key rotation, and the personal-data export and erasure with the audit log.

use crate::helpers::{PASSWORD, TestApp, location, spawn_app};
use crate::security::{audit_actions, enrol};
use erp_rollout::crypto::{KeyRing, keys, totp};
use erp_rollout::entities::{audit_log, feedback, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const MARKER: &str = "MARKER-PLAINTEXT-7f3a9c";

/// Every byte of the database (SQLite file and WAL) and of the upload folder.
fn bytes_on_disk(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![app.settings.data_dir.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != "encryption.key") {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out
}

#[tokio::test]
async fn sensitive_data_is_encrypted_at_rest_and_rotates_to_a_new_key() {
    let app = spawn_app().await;
    let pm = app.login_as("pm").await;
    let p = app.create_project("Rollout").await;
    // Feedback text, a migration export and a second-factor secret, each carrying the marker.
    let r = app
        .post(
            &format!("/projects/{p}/feedback"),
            &[
                ("category", "data"),
                ("module", "finance"),
                ("rating", "2"),
                ("body", &format!("The totals are wrong {MARKER}")),
                ("anonymous", ""),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let o = app.migration_object(p, Some(pm.id)).await;
    let csv = format!("code,name,tax_id,email\nC1,{MARKER} S.L.,12345678Z,info@pena.es\nC2,Otra,00000000T,{MARKER}\n");
    let r = app.upload(&format!("/projects/{p}/migration/{o}/loads"), "c.csv", csv.into_bytes()).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(erp_rollout::data_quality::jobs::run_once(&app.state, "t").await.unwrap());
    let (secret, _) = enrol(&app).await;
    let b32 = totp::secret_base32(&secret);

    // The app still reads all of it.
    let list = app.get(&format!("/projects/{p}/feedback?status=new")).await.text().await.unwrap();
    assert!(list.contains(MARKER), "the PM reads the feedback");
    let load = erp_rollout::entities::trial_load::Entity::find().one(&app.db).await.unwrap().unwrap();
    let base = format!("/projects/{p}/migration/{o}/loads/{}", load.id);
    assert!(app.get(&base).await.text().await.unwrap().contains(MARKER), "the report");
    assert!(app.get(&format!("{base}/files/clean")).await.text().await.unwrap().contains(MARKER), "the cleaned file");

    // Nothing on disk holds it: not the database, its WAL, the uploads or their outputs.
    let body = feedback::Entity::find().one(&app.db).await.unwrap().unwrap().body;
    assert!(body.starts_with("enc1:") && !body.contains(MARKER));
    assert!(load.report.as_deref().is_some_and(|r| r.starts_with("enc1:")));
    let files = bytes_on_disk(&app);
    assert!(files.iter().any(|(n, _)| n.ends_with(".clean.csv")));
    if app.settings.database_url.starts_with("sqlite:") {
        assert!(files.iter().any(|(n, _)| n.ends_with(".db")) && files.iter().any(|(n, _)| n.ends_with("-wal")));
    }
    for (name, bytes) in &files {
        for needle in [MARKER.as_bytes(), b32.as_bytes()] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{name} holds {}",
                String::from_utf8_lossy(needle)
            );
        }
    }

    // Rotation: a new first key; everything re-encrypted; the old key can go.
    let old = std::fs::read_to_string(keys::default_file(&app.settings.data_dir)).unwrap();
    let new_entry = KeyRing::generate_entry(2).unwrap();
    let both = KeyRing::parse(&format!("{new_entry}\n{old}")).unwrap();
    let dir = erp_rollout::data_quality::jobs::upload_dir(&app.settings);
    let r = erp_rollout::maintenance::rotate(&app.db, &both, &dir).await.unwrap();
    assert!(r.fields >= 3 && r.files >= 4, "{r:?}");
    assert_eq!(erp_rollout::maintenance::rotate(&app.db, &both, &dir).await.unwrap().fields, 0, "idempotent");
    let only_new = KeyRing::parse(&new_entry).unwrap();
    let body = feedback::Entity::find().one(&app.db).await.unwrap().unwrap().body;
    assert_eq!(KeyRing::key_id_of(&body), Some(2));
    assert!(only_new.decrypt_str(&body, keys::AAD_FEEDBACK).unwrap().contains(MARKER));
}

#[tokio::test]
async fn personal_data_is_exported_and_erased_with_records_kept() {
    let app = spawn_app().await;
    let u = app.create_user("employee").await;
    let b = app.another_browser();
    b.login(&u.email).await;
    let admin = app.login_as("admin").await;
    let p = app.create_project("Rollout").await;
    app.add_member(p, u.id, "employee").await;
    let r = b
        .post(
            &format!("/projects/{p}/feedback"),
            &[("category", "usability"), ("module", "finance"), ("rating", "4"), ("body", "Named feedback text")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let ms = app.milestone(p, "Owned", "2027-01-01", "2027-01-31", Some(u.id)).await;
    let (case, cycle, _) = app.test_fixture(p, None).await;
    let run = app.test_run(p, cycle, case, Some(u.id)).await;

    let r = app.get(&format!("/admin/users/{}/personal-data.json", u.id)).await;
    assert_eq!(r.status().as_u16(), 200);
    let json: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(json["user"]["email"], u.email.as_str());
    assert_eq!(json["named_feedback"][0]["body"], "Named feedback text", "decrypted for the person");
    assert_eq!(json["memberships"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["test_runs_assigned"][0]["id"], run, "the test runs they were given");
    assert!(json["user"].get("password_hash").is_none() && json["user"].get("totp_secret").is_none());

    assert_eq!(app.post(&format!("/admin/users/{}/anonymize", u.id), &[]).await.status().as_u16(), 303);
    let gone = user::Entity::find_by_id(u.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(gone.name, format!("Deleted user {}", u.id));
    assert!(gone.anonymized_at.is_some() && gone.disabled_at.is_some() && !gone.email.contains("test.example"));
    assert_eq!(location(&b.get("/projects").await), "/login", "signed out");
    assert_eq!(
        app.another_browser().post("/login", &[("email", &u.email), ("password", PASSWORD)]).await.status().as_u16(),
        401
    );
    let f = feedback::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(f.author_id, None, "named feedback became anonymous");
    let m = erp_rollout::entities::milestone::Entity::find_by_id(ms).one(&app.db).await.unwrap().unwrap();
    assert_eq!(m.owner_id, Some(u.id), "the plan keeps its owner, now “Deleted user”");
    // The audit log shows who did it; the admin page filters and exports it.
    let page = app.get("/admin/audit?action=gdpr.").await.text().await.unwrap();
    assert!(page.contains("gdpr.exported") && page.contains("gdpr.erased") && !page.contains("auth.login_failed"));
    let csv = app.get("/admin/audit.csv?action=gdpr.").await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let rows =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("gdpr.erased")).all(&app.db).await.unwrap();
    assert_eq!(rows[0].actor_id, Some(admin.id));
    // Exports are audited for every route — but not a private calendar address, whose path is a secret.
    assert!(audit_actions(&app).await.iter().any(|a| a == "data.exported"));
    let page = app.post("/account/calendar", &[]).await.text().await.unwrap();
    let url = page.split("/calendar/").nth(1).and_then(|s| s.split('"').next()).unwrap();
    let feed = reqwest::get(app.url(&format!("/calendar/{url}"))).await.unwrap();
    assert_eq!(feed.status().as_u16(), 200);
    let rows = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(rows.iter().all(|r| !r.target.as_deref().unwrap_or("").starts_with("/calendar/")));
}
