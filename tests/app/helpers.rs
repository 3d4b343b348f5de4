//! `spawn_app()` and `TestApp`: one method per endpoint, so tests read as sentences.

use erp_rollout::auth::{password, store};
use erp_rollout::clock::ManualClock;
use erp_rollout::config::{Settings, SmtpSettings};
use erp_rollout::startup::Application;
use reqwest::cookie::CookieStore;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::sync::{Arc, OnceLock};

pub const PASSWORD: &str = "a long test passphrase";

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
    pub state: Arc<erp_rollout::state::AppState>,
    pub settings: Settings,
    /// The server's clock: starts at the real time, tests move it forward.
    pub clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: i32,
    pub email: String,
}

/// Everything the servers of this test process log, kept so tests can read it (the anonymity
/// test looks for a person in it). Printed too when `TEST_LOG` is set.
static LOGS: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

/// The captured log output so far.
pub fn captured_logs() -> String {
    LOGS.lock().map(|l| String::from_utf8_lossy(&l).into_owned()).unwrap_or_default()
}

struct Capture;

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The newest 64 MiB: when full, the older half goes, so a test late in a long run still
        // finds its own lines (the suite's requests log far more than that in all).
        if let Ok(mut l) = LOGS.lock() {
            if l.len() + buf.len() > 64 * 1024 * 1024 {
                let half = l.len() / 2;
                l.drain(..half);
            }
            l.extend_from_slice(buf);
        }
        if std::env::var("TEST_LOG").is_ok() {
            eprint!("{}", String::from_utf8_lossy(buf));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_logs() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let filter = if std::env::var("TEST_LOG").is_ok() { "info,sqlx=warn" } else { "erp_rollout=debug,warn" };
        tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(|| Capture).init();
    });
}

/// A fresh database URL: SQLite in `dir`, or a new PostgreSQL database.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let name = format!("erp_test_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(format!("{}/postgres", base.trim_end_matches('/')))
                .await
                .expect("connect to PostgreSQL");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await.ok();
            format!("{}/{name}", base.trim_end_matches('/'))
        }
        _ => erp_rollout::config::default_sqlite_url(dir),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    init_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings {
        database_url: fresh_database(dir.path()).await,
        data_dir: dir.path().to_path_buf(),
        bind: "127.0.0.1:0".into(),
        base_url: "http://127.0.0.1".into(),
        secure_cookies: false,
        smtp: None,
        mail_from: "ERP Rollout <no-reply@test.example>".into(),
        demo: false,
        outbox_poll: std::time::Duration::from_millis(100),
        session_hours: 12,
        session_idle_minutes: 60,
        reminder_days: 3,
        training_reminder_hours: 24,
        upload_max_bytes: 8 * 1024 * 1024,
        // The second-factor policy has its own tests; the others sign in with a password.
        mfa_required_roles: Vec::new(),
    };
    configure(&mut settings);
    let clock = ManualClock::new(chrono::Utc::now());
    let app = Application::build(settings.clone(), Some(clock.clone())).await.expect("build app");
    let port = app.port();
    let state = app.state.clone();
    let db = state.db.clone();
    tokio::spawn(app.run_until_stopped());
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = client_with(jar.clone());
    TestApp { address: format!("http://127.0.0.1:{port}"), db, client, jar, state, settings, clock, _dir: dir }
}

pub fn client_with(jar: Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_provider(jar).build().expect("client")
}

/// A valid project form.
pub fn project_fields(name: &str) -> [(&str, &str); 6] {
    [
        ("name", name),
        ("company", "ACME Distribución S.A."),
        ("size", "medium"),
        ("sector", "distribution"),
        ("start_date", "2027-01-11"),
        ("go_live_date", "2027-10-01"),
    ]
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A value from this client's cookie jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.address).ok()?;
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split("; ").find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    }

    /// The CSRF token this client holds (visiting a page first if it has none yet).
    pub async fn csrf(&self) -> String {
        if self.cookie("erp_csrf").is_none() {
            self.get("/login").await;
        }
        self.cookie("erp_csrf").expect("csrf cookie")
    }

    /// POSTs a form with this client's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client.post(self.url(path)).form(&form).send().await.expect("POST")
    }

    /// POSTs a form without any CSRF token.
    pub async fn post_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(path)).form(fields).send().await.expect("POST")
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post("/login", &[("email", email), ("password", password)]).await
    }

    pub async fn logout(&self) -> reqwest::Response {
        self.post("/logout", &[]).await
    }

    /// The signed-in admin creates a Spanish-speaking user through the form.
    pub async fn admin_creates_user(&self, name: &str, email: &str, role: &str, password: &str) -> reqwest::Response {
        let fields = [("name", name), ("email", email), ("role", role), ("locale", "es"), ("password", password)];
        self.post("/admin/users", &fields).await
    }

    /// Creates a user directly in the database.
    pub async fn create_user(&self, role: &str) -> TestUser {
        let email = format!("{role}-{}@test.example", &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let hash = password::hash(PASSWORD.into()).await.expect("hash");
        let new = store::NewUser {
            email: &email,
            name: &format!("Test {role}"),
            password_hash: hash,
            role,
            locale: Some("en"),
        };
        let u = store::insert_user(&self.db, new, chrono::Utc::now()).await.expect("insert user");
        TestUser { id: u.id, email }
    }

    /// A second client (another browser) for the same server.
    pub fn another_browser(&self) -> TestApp2<'_> {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        TestApp2 { app: self, client: client_with(jar.clone()), jar }
    }

    pub async fn login_as(&self, role: &str) -> TestUser {
        let u = self.create_user(role).await;
        let r = self.login(&u.email, PASSWORD).await;
        assert_eq!(r.status().as_u16(), 303, "login as {role}");
        u
    }

    /// Creates a project through the UI as the signed-in user and returns its id.
    pub async fn create_project(&self, name: &str) -> i32 {
        let r = self.post("/projects", &project_fields(name)).await;
        assert_eq!(r.status().as_u16(), 303, "create project");
        location(&r).trim_start_matches("/projects/").parse().expect("project id in Location")
    }

    /// The first checklist item of a project's phase.
    pub async fn first_item(&self, project: i32, phase_key: &str) -> erp_rollout::entities::checklist_item::Model {
        let phase = erp_rollout::phases::store::phase(&self.db, project, phase_key)
            .await
            .expect("phase")
            .expect("phase exists");
        erp_rollout::phases::store::items(&self.db, phase.id).await.expect("items").remove(0)
    }

    /// Marks a member as a key user of the project (the members page's switch, straight in the table).
    pub async fn make_key_user(&self, project: i32, user: i32) {
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        erp_rollout::entities::membership::Entity::update_many()
            .col_expr(erp_rollout::entities::membership::Column::KeyUser, Expr::value(true))
            .filter(erp_rollout::entities::membership::Column::ProjectId.eq(project))
            .filter(erp_rollout::entities::membership::Column::UserId.eq(user))
            .exec(&self.db)
            .await
            .expect("key user");
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(self.db.get_database_backend(), sql))
            .await
            .expect("count")
            .expect("row");
        row.try_get::<i64>("", "n").expect("n")
    }

    /// Adds a user to a project with a role, directly.
    pub async fn add_member(&self, project_id: i32, user_id: i32, role: &str) {
        erp_rollout::projects::store::upsert_member(&self.db, project_id, user_id, role, chrono::Utc::now())
            .await
            .expect("member");
    }
}

/// Another browser talking to the same server.
pub struct TestApp2<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
}

impl TestApp2<'_> {
    /// A value from this browser's cookie jar.
    pub fn jar_cookie(&self, name: &str) -> Option<String> {
        self.cookie(name)
    }

    fn cookie(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.app.address).ok()?;
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split("; ").find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.app.url(path)).send().await.expect("GET")
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        if self.cookie("erp_csrf").is_none() {
            self.get("/login").await;
        }
        let token = self.cookie("erp_csrf").expect("csrf");
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client.post(self.app.url(path)).form(&form).send().await.expect("POST")
    }

    /// Creates a project through the UI as this browser's user and returns its id.
    pub async fn create_project(&self, name: &str) -> i32 {
        let fields = project_fields(name);
        let r = self.post("/projects", &fields).await;
        assert_eq!(r.status().as_u16(), 303, "create project");
        location(&r).trim_start_matches("/projects/").parse().expect("project id in Location")
    }

    pub async fn login(&self, email: &str) {
        let r = self.post("/login", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(r.status().as_u16(), 303);
    }
}

/// A minimal SMTP server on 127.0.0.1 that keeps every message it receives.
pub struct SmtpSink {
    pub port: u16,
    pub messages: Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let store = messages.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (r, mut w) = sock.into_split();
                    let mut lines = BufReader::new(r).lines();
                    let _ = w.write_all(b"220 sink.test ESMTP\r\n").await;
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                            b"250-sink.test\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = w.write_all(b"354 end with .\r\n").await;
                            let mut msg = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                msg.push_str(&l);
                                msg.push('\n');
                            }
                            if let Ok(mut m) = store.lock() {
                                m.push(msg);
                            }
                            b"250 queued\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 ok\r\n"
                        };
                        let _ = w.write_all(reply).await;
                    }
                });
            }
        });
        SmtpSink { port, messages }
    }

    pub fn settings(&self) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            username: None,
            password: None,
            tls: erp_rollout::config::SmtpTls::None,
        }
    }
}
