//! A headless Chromium driven through chromedriver, one of each per test: chromedriver on a free
//! port in a process group of its own, killed with its browsers when the test ends (passed or not),
//! and a temporary profile folder removed with it. Without the browser the tests skip, unless
//! `ERP_BROWSER_TESTS=required` (CI), where a missing browser fails them.

use super::axe::{self, Violation};
use crate::helpers::{TestApp, spawn_app_with};
use fantoccini::{Client, ClientBuilder, Locator, wd::TimeoutConfiguration};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Debian's paths; `ERP_CHROMEDRIVER` and `ERP_CHROMIUM` point elsewhere.
fn chromedriver() -> String {
    std::env::var("ERP_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

fn chromium() -> String {
    std::env::var("ERP_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// A running chromedriver; dropping it kills its whole process group (chromedriver and every
/// Chromium it started), so a failing test leaves no process behind.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let child = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        Driver { child, port, _profile: tempfile::tempdir().expect("profile dir") }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether the browser tests can run here; prints why not when they skip.
pub fn available() -> bool {
    let missing: Vec<String> =
        [chromedriver(), chromium()].into_iter().filter(|p| !std::path::Path::new(p).exists()).collect();
    if missing.is_empty() {
        return true;
    }
    let note = format!("{} missing (apt-get install chromium chromium-driver)", missing.join(" and "));
    assert!(std::env::var("ERP_BROWSER_TESTS").as_deref() != Ok("required"), "ERP_BROWSER_TESTS=required but {note}");
    // Past the test harness's capture, so that a passing run shows it too, once.
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "note: browser tests skipped: {note}");
    });
    false
}

/// One browser on one test server with the demo rollout, and the accessibility findings so far.
pub struct Browser {
    pub c: Client,
    pub app: TestApp,
    findings: Vec<(String, Violation)>,
    pages: usize,
    driver: Driver,
}

impl Browser {
    /// A demo server and a browser on it, or None (after a note) when there is no browser here.
    pub async fn start() -> Option<Browser> {
        if !available() {
            return None;
        }
        let driver = Driver::start();
        let app = spawn_app_with(|s| s.demo = true).await;
        let c = connect(&driver).await;
        c.update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(30)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("timeouts");
        Some(Browser { c, app, findings: Vec::new(), pages: 0, driver })
    }

    /// Opens a path of the test server and checks the page.
    pub async fn visit(&mut self, path: &str) {
        self.c.goto(&self.app.url(path)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
        self.check().await;
    }

    /// Checks the page the browser is on: it rendered (a heading, no error page) and what axe says.
    pub async fn check(&mut self) {
        let path = self.path().await;
        let h1 = self.text("h1").await;
        assert!(!h1.is_empty(), "{path} has a heading");
        // ERP_SCREENSHOTS=DIR keeps a picture of every page visited (how docs/screenshots are made).
        if let Some(dir) = std::env::var_os("ERP_SCREENSHOTS") {
            static SHOT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = SHOT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let slug: String = path.trim_matches('/').replace(['/', '?', '=', '&'], "-");
            if let Ok(png) = self.c.screenshot().await {
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{n:03}-{slug}.png")), png);
            }
        }
        for v in axe::run(&self.c).await.unwrap_or_else(|e| panic!("axe on {path}: {e}")) {
            self.findings.push((path.clone(), v));
        }
        self.pages += 1;
    }

    /// The current path and query.
    pub async fn path(&self) -> String {
        let u = self.c.current_url().await.expect("url");
        match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        }
    }

    /// The text of the first element matching a CSS selector ("" when there is none).
    pub async fn text(&self, css: &str) -> String {
        match self.c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The text of the whole page body.
    pub async fn body(&self) -> String {
        self.text("body").await
    }

    /// Clicks the first element matching a CSS selector and checks the page it leads to.
    pub async fn click(&mut self, css: &str) {
        let here = self.path().await;
        let e = self.c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} on {here}: {e}"));
        // Mark this document, so the next page is known by the mark being gone: a click may return
        // before the navigation it starts has replaced the page.
        self.c.execute("window.__erp_left = false;", vec![]).await.expect("mark the page");
        e.click().await.unwrap_or_else(|e| panic!("click {css} on {here}: {e}"));
        let next = "return window.__erp_left === undefined && document.readyState === 'complete';";
        for _ in 0..200 {
            if self.c.execute(next, vec![]).await.ok() == Some(serde_json::Value::Bool(true)) {
                return self.check().await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking {css} on {here} led to no new page in 10 s");
    }

    /// The href of the first link matching a CSS selector.
    pub async fn href(&self, css: &str) -> String {
        let here = self.path().await;
        let e = self.c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} on {here}: {e}"));
        e.attr("href").await.ok().flatten().unwrap_or_else(|| panic!("{css} on {here} has an href"))
    }

    /// The href (as written) of the first link in `main` whose text contains `text`.
    pub async fn link_to(&self, text: &str) -> String {
        let js = "return [...document.querySelectorAll('main a')].filter(a => a.textContent.includes(arguments[0])).map(a => a.getAttribute('href'))[0] || null;";
        let v = self.c.execute(js, vec![text.into()]).await.expect("links");
        let here = self.path().await;
        v.as_str().map(str::to_string).unwrap_or_else(|| panic!("a link to {text:?} on {here}"))
    }

    /// The first link in `main` to `prefix` followed by a number (a record's own page).
    pub async fn first_record(&self, prefix: &str) -> String {
        self.first_record_page(prefix, "").await
    }

    /// The first link in `main` to `prefix`, a number, then `suffix`.
    pub async fn first_record_page(&self, prefix: &str, suffix: &str) -> String {
        let js = "return [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'));";
        let v = self.c.execute(js, vec![]).await.expect("links");
        let here = self.path().await;
        let found = v.as_array().into_iter().flatten().filter_map(|h| h.as_str()).find(|h| {
            let id = h.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(suffix));
            id.is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
        });
        found.map(str::to_string).unwrap_or_else(|| panic!("a link to {prefix}<id>{suffix} on {here}"))
    }

    /// Clicks the submit button of the form posting to an action ending in `action_end`.
    pub async fn submit(&mut self, action_end: &str) {
        self.click(&format!("form[action$='{action_end}'] button[type=submit]")).await;
    }

    /// Signs in through the form with a demo account, and checks the sign-in page on the way.
    pub async fn sign_in(&mut self, email: &str) {
        self.visit("/login").await;
        let form = self.c.form(Locator::Css("form[action='/login']")).await.expect("sign-in form");
        form.set_by_name("email", email).await.expect("email");
        form.set_by_name("password", &erp_rollout::seeds::demo_password()).await.expect("password");
        self.submit("/login").await;
        assert_ne!(self.path().await, "/login", "{email} signed in: {}", self.body().await);
    }

    /// The first demo project's path, found by following its link from the project list.
    pub async fn main_project(&mut self) -> String {
        self.visit("/projects").await;
        let href = self.href("main a[href^='/projects/']:not([href$='new'])").await;
        href.trim_start_matches(&self.app.address).to_string()
    }

    /// How the page sits in the window: (page width, window width, where `main` starts), in CSS px,
    /// and the innermost elements reaching past the window's right edge (to name them in a failure).
    pub async fn layout(&self) -> ((i64, i64, i64), Vec<String>) {
        let js = r#"const w = document.documentElement.clientWidth;
            // Inside a box that scrolls sideways (absolutely placed ones escape a box that is not their containing block).
            const clipped = e => { if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) return false; for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= w + 1) return true; } return false; };
            const past = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1
                && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1)
                && !clipped(e));
            return [document.documentElement.scrollWidth, w,
                Math.round(document.querySelector('main').getBoundingClientRect().top + window.scrollY),
                past.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + (e.textContent || '').trim().slice(0, 40))];"#;
        let v = self.c.execute(js, vec![]).await.expect("layout");
        let n = |i: usize| v[i].as_i64().unwrap_or(i64::MAX);
        let past = v[3].as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect();
        ((n(0), n(1), n(2)), past)
    }

    /// Ends the session and the browser, then fails with every serious or critical finding.
    pub async fn finish(self) {
        let Browser { c, findings, pages, driver, .. } = self;
        let _ = c.close().await;
        drop(driver);
        let report: Vec<String> = findings.iter().map(|(page, v)| format!("{page}: {v}")).collect();
        assert!(
            report.is_empty(),
            "{} serious or critical axe violations on {pages} pages:\n{}",
            report.len(),
            report.join("\n")
        );
    }
}

async fn connect(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    let args = [
        "--headless=new".to_string(),
        // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
        "--no-sandbox".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-gpu".into(),
        "--disable-crash-reporter".into(),
        "--window-size=1280,1000".into(),
        "--lang=es".into(),
        format!("--user-data-dir={}", driver._profile.path().display()),
    ];
    caps.insert("browserName".into(), "chrome".into());
    caps.insert("goog:chromeOptions".into(), serde_json::json!({ "binary": chromium(), "args": args }));
    let url = format!("http://127.0.0.1:{}", driver.port);
    let mut last = None;
    // chromedriver takes a moment to listen.
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return c,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no chromedriver session on {url}: {last:?}");
}
