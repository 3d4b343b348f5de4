//! Drills with the real binary as child processes on one fresh database (a SQLite file, or PostgreSQL
//! with TEST_DATABASE_URL): two instances started at the same moment, a server killed mid-write, an
//! unusable data folder. Each is bounded: a few hundred requests, a few seconds.

use crate::helpers::{PASSWORD, SmtpSink, client_with, fresh_database, location, project_fields};
use reqwest::cookie::CookieStore;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_erp-rollout");

/// What the instances of one drill share: the database, the data folder, the keys, the SMTP server.
struct Site {
    dir: tempfile::TempDir,
    url: String,
    keys: String,
    smtp_port: Option<u16>,
}

impl Site {
    async fn new(smtp_port: Option<u16>) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database(dir.path()).await;
        let keys = erp_rollout::crypto::KeyRing::generate_entry(1).expect("key entry");
        Site { dir, url, keys, smtp_port }
    }

    /// `serve` on a free port, as a child process; `ready` waits until it listens.
    fn spawn(&self) -> Instance {
        self.spawn_with(false)
    }

    /// `serve --demo`, with no key in the environment: the instances share the data folder's key
    /// file, made by whichever starts first.
    fn spawn_demo(&self) -> Instance {
        self.spawn_with(true)
    }

    fn spawn_with(&self, demo: bool) -> Instance {
        let mut c = Command::new(BIN);
        c.args(["serve", "--bind", "127.0.0.1:0"]);
        if demo {
            c.arg("--demo").env_remove("ERP_ENCRYPTION_KEYS");
        } else {
            c.env("ERP_ENCRYPTION_KEYS", &self.keys);
        }
        c.env("DATABASE_URL", &self.url)
            .env("ERP_DATA_DIR", self.dir.path())
            .env_remove("ERP_ENCRYPTION_KEYS_FILE")
            .env("ERP_2FA_REQUIRED_ROLES", "")
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
            .env("NO_COLOR", "1");
        for k in ["SMTP_HOST", "SMTP_PORT", "SMTP_TLS", "SMTP_USERNAME", "SMTP_PASSWORD", "ERP_BASE_URL"] {
            c.env_remove(k);
        }
        if let Some(port) = self.smtp_port {
            c.env("SMTP_HOST", "127.0.0.1").env("SMTP_PORT", port.to_string()).env("SMTP_TLS", "none");
        }
        let mut child = c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start erp-rollout");
        let log = Arc::new(Mutex::new(String::new()));
        let out: Box<dyn Read + Send> = Box::new(child.stdout.take().expect("stdout"));
        let err: Box<dyn Read + Send> = Box::new(child.stderr.take().expect("stderr"));
        for pipe in [out, err] {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if let Ok(mut l) = log.lock() {
                        l.push_str(&line);
                        l.push('\n');
                    }
                }
            });
        }
        Instance { child, log, address: String::new() }
    }

    /// A person with a password, written straight into the database.
    async fn add_user(&self, role: &str) -> String {
        let db = erp_rollout::db::connect(&self.url).await.expect("connect");
        let email = format!("{role}-{}@test.example", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let hash = erp_rollout::auth::password::hash(PASSWORD.into()).await.expect("hash");
        let new =
            erp_rollout::auth::store::NewUser { email: &email, name: role, password_hash: hash, role, locale: None };
        erp_rollout::auth::store::insert_user(&db, new, chrono::Utc::now()).await.expect("insert user");
        db.close().await.ok();
        email
    }

    async fn requirement_titles(&self, project: i32) -> BTreeSet<String> {
        use erp_rollout::entities::requirement;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let db = erp_rollout::db::connect(&self.url).await.expect("connect");
        let rows = requirement::Entity::find()
            .filter(requirement::Column::ProjectId.eq(project))
            .all(&db)
            .await
            .expect("requirements");
        db.close().await.ok();
        rows.into_iter().map(|r| r.title).collect()
    }
}

/// One running `erp-rollout serve`; killed when dropped.
struct Instance {
    child: Child,
    log: Arc<Mutex<String>>,
    address: String,
}

impl Instance {
    /// Waits for the "listening" line (which carries the port), or reports how the process ended.
    async fn ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(port) = listening_port(&self.log()) {
                self.address = format!("http://127.0.0.1:{port}");
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                tokio::time::sleep(Duration::from_millis(200)).await; // let the pipes drain
                return Err(format!("exited with {status}:\n{}", self.log()));
            }
            if Instant::now() > deadline {
                return Err(format!("not listening after 60 s:\n{}", self.log()));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, in-flight requests are cut.
    fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

fn listening_port(log: &str) -> Option<u16> {
    let line = log.lines().find(|l| l.contains("ERP Rollout listening"))?;
    let plain: String = strip_ansi(line);
    let rest = &plain[plain.find("port=")? + 5..];
    rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            out.push(c);
        }
    }
    out
}

/// A browser whose cookies go to every instance (cookies are per host, not per port).
#[derive(Clone)]
struct Browser {
    client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Browser {
    fn new() -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Browser { client: client_with(jar.clone()), jar }
    }

    fn cookie(&self, base: &str, name: &str) -> Option<String> {
        let header = self.jar.cookies(&reqwest::Url::parse(base).ok()?)?;
        header.to_str().ok()?.split("; ").find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    async fn post(&self, base: &str, path: &str, fields: &[(&str, &str)]) -> reqwest::Result<reqwest::Response> {
        if self.cookie(base, "erp_csrf").is_none() {
            self.client.get(format!("{base}/login")).send().await?;
        }
        let token = self.cookie(base, "erp_csrf").unwrap_or_default();
        let mut form = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client.post(format!("{base}{path}")).form(&form).send().await
    }
}

/// A GET carrying only the given session cookie, by a client with no jar.
async fn get_with_session(base: &str, path: &str, session: &str) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    client.get(format!("{base}{path}")).header("cookie", format!("erp_session={session}")).send().await.expect("GET")
}

#[tokio::test]
async fn two_instances_started_together_on_one_empty_database_share_sessions_and_send_each_email_once() {
    let sink = SmtpSink::start().await;
    let site = Site::new(Some(sink.port)).await;
    let (mut a, mut b) = (site.spawn(), site.spawn());
    let (ready_a, ready_b) = tokio::join!(a.ready(), b.ready());
    ready_a.expect("instance A starts");
    ready_b.expect("instance B starts");
    let admin = site.add_user("admin").await;

    let browser = Browser::new();
    let r = browser.post(&a.address, "/login", &[("email", &admin), ("password", PASSWORD)]).await.expect("login");
    assert_eq!(r.status().as_u16(), 303, "signed in on A");
    let session = browser.cookie(&a.address, "erp_session").expect("session cookie");
    assert_eq!(get_with_session(&b.address, "/projects", &session).await.status().as_u16(), 200, "A's session on B");

    let mut expected = Vec::new();
    for i in 0..6 {
        let base = if i % 2 == 0 { &a.address } else { &b.address };
        let email = format!("person{i}@test.example");
        let name = format!("Person {i}");
        let password = "una frase larga de paso";
        let fields = [
            ("name", name.as_str()),
            ("email", &email),
            ("role", "employee"),
            ("locale", "en"),
            ("password", password),
        ];
        let r = browser.post(base, "/admin/users", &fields).await.expect("create user");
        assert_eq!(r.status().as_u16(), 303, "user {i} created");
        expected.push(format!("To: {email}"));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.messages.lock().map(|m| m.len()).unwrap_or(0) < expected.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Both workers poll every 2 s: give each another round to send a message twice.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let mut received: Vec<String> = sink
        .messages
        .lock()
        .expect("messages")
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("To: ")).map(str::to_string))
        .collect();
    received.sort();
    assert_eq!(received, expected, "every welcome email arrives exactly once");

    let r = browser.post(&b.address, "/logout", &[]).await.expect("logout");
    assert_eq!(r.status().as_u16(), 303);
    let r = get_with_session(&a.address, "/projects", &session).await;
    assert_eq!(r.status().as_u16(), 303, "signing out on B ends the session on A");
    assert!(location(&r).starts_with("/login"), "{}", location(&r));
}

/// Posts up to `max` requirements, stopping when the server stops answering; records each one it
/// acknowledged (303).
async fn write_until_cut(
    b: Browser,
    base: String,
    project: i32,
    tag: String,
    max: usize,
    acked: Arc<Mutex<Vec<String>>>,
) {
    for i in 0..max {
        let title = format!("{tag}-{i}");
        let fields = [
            ("title", title.as_str()),
            ("area", "finance"),
            ("priority", "must"),
            ("description", ""),
            ("process", ""),
            ("owner_id", ""),
        ];
        match b.post(&base, &format!("/projects/{project}/requirements"), &fields).await {
            Ok(r) if r.status().as_u16() == 303 => acked.lock().expect("acked").push(title),
            Ok(r) => panic!("{title} answered {}", r.status()),
            Err(_) => return,
        }
    }
}

#[tokio::test]
async fn every_acknowledged_write_survives_a_server_killed_mid_stream() {
    let site = Site::new(None).await;
    let mut server = site.spawn();
    server.ready().await.expect("server starts");
    let pm = site.add_user("pm").await;
    let browser = Browser::new();
    let r = browser.post(&server.address, "/login", &[("email", &pm), ("password", PASSWORD)]).await.expect("login");
    assert_eq!(r.status().as_u16(), 303);
    let r = browser.post(&server.address, "/projects", &project_fields("Crash drill")).await.expect("project");
    let project: i32 = location(&r).trim_start_matches("/projects/").parse().expect("project id");

    let acked = Arc::new(Mutex::new(Vec::new()));
    for (cycle, target) in [(0, 80), (1, 160)] {
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let (b, base, tag) = (browser.clone(), server.address.clone(), format!("c{cycle}-w{w}"));
                tokio::spawn(write_until_cut(b, base, project, tag, 400, acked.clone()))
            })
            .collect();
        let deadline = Instant::now() + Duration::from_secs(20);
        while acked.lock().expect("acked").len() < target && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        for w in writers {
            w.await.expect("writer");
        }
        server = site.spawn();
        server.ready().await.expect("server restarts on the same database");
    }
    write_until_cut(browser.clone(), server.address.clone(), project, "after".into(), 40, acked.clone()).await;

    let acked = acked.lock().expect("acked").clone();
    assert!(acked.len() >= 200, "{} writes acknowledged", acked.len());
    let stored = site.requirement_titles(project).await;
    let lost: Vec<&String> = acked.iter().filter(|t| !stored.contains(*t)).collect();
    assert!(lost.is_empty(), "acknowledged but lost after SIGKILL: {lost:?}");
}

/// Two `--demo` instances started together on one empty database and one data folder, with no key
/// in the environment: one seeds the demo while the other waits (on PostgreSQL both used to find
/// no demo and insert it), and both use the one key file that won, so feedback written through
/// either is readable through both.
#[tokio::test]
async fn two_demo_instances_started_together_seed_one_demo_and_agree_on_one_key() {
    let site = Site::new(None).await;
    let (mut a, mut b) = (site.spawn_demo(), site.spawn_demo());
    let (ra, rb) = tokio::join!(a.ready(), b.ready());
    ra.expect("instance A starts");
    rb.expect("instance B starts");
    let db = erp_rollout::db::connect(&site.url).await.expect("connect");
    let projects = {
        use sea_orm::EntityTrait;
        erp_rollout::entities::project::Entity::find().all(&db).await.expect("projects")
    };
    db.close().await.ok();
    let p = projects.iter().map(|p| p.id).min().expect("the demo project");
    let password = erp_rollout::seeds::demo_password();
    let mut marks = Vec::new();
    for (n, server) in [&a, &b].into_iter().enumerate() {
        let employee = Browser::new();
        let login = [("email", "employee@demo.example"), ("password", password.as_str())];
        let r = employee.post(&server.address, "/login", &login).await.expect("login");
        assert_eq!(r.status().as_u16(), 303);
        let mark = format!("written through instance {n} {}", uuid::Uuid::new_v4().simple());
        let fields = [("category", "performance"), ("module", "finance"), ("rating", "3"), ("body", mark.as_str())];
        let r = employee.post(&server.address, &format!("/projects/{p}/feedback"), &fields).await.expect("feedback");
        assert!(r.status().as_u16() < 400, "feedback through instance {n}: {}", r.status());
        marks.push(mark);
    }
    for server in [&a, &b] {
        let pm = Browser::new();
        let login = [("email", "pm@demo.example"), ("password", password.as_str())];
        let r = pm.post(&server.address, "/login", &login).await.expect("login");
        assert_eq!(r.status().as_u16(), 303);
        let page = pm.client.get(format!("{}/projects/{p}/feedback", server.address)).send().await.expect("list");
        let page = page.text().await.expect("body");
        for mark in &marks {
            assert!(page.contains(mark), "{mark} readable through {}", server.address);
        }
        assert!(!page.contains("[unreadable"), "every body decrypts through {}", server.address);
    }
}
