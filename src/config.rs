//! Settings come from the environment (and CLI flags); secrets never appear in `Debug` output.

use std::fmt;
use std::path::PathBuf;

/// A value that must not be logged.
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    StartTls,
    Tls,
}

#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub tls: SmtpTls,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub bind: String,
    /// Public URL used in emails and the setup link, e.g. `https://erp.example.com`.
    pub base_url: String,
    /// Set when served over TLS: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    pub smtp: Option<SmtpSettings>,
    pub mail_from: String,
    pub demo: bool,
    /// How often the email worker looks at the outbox.
    pub outbox_poll: std::time::Duration,
    /// Absolute session lifetime (hours).
    pub session_hours: i64,
    /// A session unused for this long ends (`ERP_SESSION_IDLE_MINUTES`, default 60).
    pub session_idle_minutes: i64,
    /// Milestone owners are reminded this many days before the due date (`ERP_REMINDER_DAYS`).
    pub reminder_days: i64,
    /// People booked on a training session are reminded this many hours before it starts
    /// (`ERP_TRAINING_REMINDER_HOURS`).
    pub training_reminder_hours: i64,
    /// Global roles that must use a second factor (`ERP_2FA_REQUIRED_ROLES`, default `admin,pm`;
    /// none in `--demo`, whose accounts have a published password anyway).
    pub mfa_required_roles: Vec<String>,
    /// Largest data-migration export accepted, in bytes (`ERP_UPLOAD_MAX_MB`, default 512).
    pub upload_max_bytes: u64,
}

impl Settings {
    /// Reads the environment. `bind` and `demo` come from the CLI.
    pub fn from_env(bind: &str, demo: bool) -> anyhow::Result<Self> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(env("ERP_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = env("DATABASE_URL").unwrap_or_else(|| default_sqlite_url(&data_dir));
        let smtp = match env("SMTP_HOST") {
            None => None,
            Some(host) => {
                let tls = match env("SMTP_TLS").as_deref() {
                    Some("none") => SmtpTls::None,
                    Some("tls") => SmtpTls::Tls,
                    Some("starttls") | None => SmtpTls::StartTls,
                    Some(other) => anyhow::bail!("SMTP_TLS must be none, starttls or tls, not {other}"),
                };
                let port = match env("SMTP_PORT") {
                    Some(p) => p.parse()?,
                    None => match tls {
                        SmtpTls::Tls => 465,
                        SmtpTls::StartTls => 587,
                        SmtpTls::None => 25,
                    },
                };
                Some(SmtpSettings {
                    host,
                    port,
                    username: env("SMTP_USERNAME"),
                    password: env("SMTP_PASSWORD").map(Secret::new),
                    tls,
                })
            }
        };
        let base_url = env("ERP_BASE_URL").unwrap_or_else(|| format!("http://{bind}"));
        // Served over HTTPS unless told otherwise: Secure, `__Host-` cookies.
        let secure_cookies = match env("ERP_COOKIE_SECURE").as_deref() {
            Some("1" | "true") => true,
            Some(_) => false,
            None => base_url.starts_with("https://"),
        };
        Ok(Self {
            database_url,
            data_dir,
            bind: bind.to_string(),
            base_url,
            secure_cookies,
            smtp,
            mail_from: env("MAIL_FROM").unwrap_or_else(|| "ERP Rollout <no-reply@localhost>".into()),
            demo,
            outbox_poll: std::time::Duration::from_secs(2),
            session_hours: 12,
            session_idle_minutes: match env("ERP_SESSION_IDLE_MINUTES") {
                Some(m) => m
                    .parse()
                    .ok()
                    .filter(|m| (5..=1440).contains(m))
                    .ok_or_else(|| anyhow::anyhow!("ERP_SESSION_IDLE_MINUTES must be 5 to 1440"))?,
                None => 60,
            },
            reminder_days: match env("ERP_REMINDER_DAYS") {
                Some(d) => d
                    .parse()
                    .ok()
                    .filter(|d| (0..=90).contains(d))
                    .ok_or_else(|| anyhow::anyhow!("ERP_REMINDER_DAYS must be 0 to 90"))?,
                None => 3,
            },
            training_reminder_hours: match env("ERP_TRAINING_REMINDER_HOURS") {
                Some(h) => h
                    .parse()
                    .ok()
                    .filter(|h| (1..=720).contains(h))
                    .ok_or_else(|| anyhow::anyhow!("ERP_TRAINING_REMINDER_HOURS must be 1 to 720"))?,
                None => 24,
            },
            mfa_required_roles: match std::env::var("ERP_2FA_REQUIRED_ROLES") {
                Ok(v) => {
                    let roles: Vec<String> =
                        v.split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
                    if let Some(bad) =
                        roles.iter().find(|r| !["admin", "pm", "trainer", "employee"].contains(&r.as_str()))
                    {
                        anyhow::bail!("ERP_2FA_REQUIRED_ROLES: unknown role {bad} (admin, pm, trainer, employee)");
                    }
                    roles
                }
                Err(_) if demo => Vec::new(),
                Err(_) => vec!["admin".into(), "pm".into()],
            },
            upload_max_bytes: match env("ERP_UPLOAD_MAX_MB") {
                Some(m) => {
                    m.parse::<u64>()
                        .ok()
                        .filter(|m| (1..=102_400).contains(m))
                        .ok_or_else(|| anyhow::anyhow!("ERP_UPLOAD_MAX_MB must be 1 to 102400"))?
                        * 1024
                        * 1024
                }
                None => 512 * 1024 * 1024,
            },
        })
    }

    /// Makes sure the data folder exists and takes writes, so that a wrong `ERP_DATA_DIR`, a
    /// read-only mount or a full disk stops the start with a sentence naming the folder, instead of
    /// a bare OS error or a failure later, in the middle of someone's upload.
    pub fn check_data_dir(&self) -> anyhow::Result<()> {
        use anyhow::Context;
        let dir = &self.data_dir;
        let what = || {
            format!(
                "the data folder {} cannot be used: set ERP_DATA_DIR to a writable folder with free space",
                dir.display()
            )
        };
        std::fs::create_dir_all(dir).with_context(what)?;
        let probe = dir.join(format!(".write-check-{}", std::process::id()));
        let written = std::fs::write(&probe, b"ok\n");
        std::fs::remove_file(&probe).ok();
        written.with_context(what)
    }

    pub fn session_cookie(&self) -> &'static str {
        if self.secure_cookies { "__Host-erp_session" } else { "erp_session" }
    }

    /// The cookie that carries a one-shot message to the next page (set by handlers as
    /// `web::flash::COOKIE`, renamed by the request middleware).
    pub fn flash_cookie(&self) -> &'static str {
        if self.secure_cookies { "__Host-erp_flash" } else { "erp_flash" }
    }

    /// The language chosen before signing in (the EN / ES links of the sign-in page, and the
    /// language of the session that just signed out); a signed-in person's setting comes first.
    pub fn lang_cookie(&self) -> &'static str {
        if self.secure_cookies { "__Host-erp_lang" } else { "erp_lang" }
    }

    /// The cookie that carries a pending second-factor challenge between the two sign-in steps.
    pub fn mfa_cookie(&self) -> &'static str {
        if self.secure_cookies { "__Host-erp_mfa" } else { "erp_mfa" }
    }

    /// Whether people of this global role must use a second factor.
    pub fn mfa_required_for(&self, role: &str) -> bool {
        self.mfa_required_roles.iter().any(|r| r == role)
    }

    pub fn csrf_cookie(&self) -> &'static str {
        if self.secure_cookies { "__Host-erp_csrf" } else { "erp_csrf" }
    }

    /// The public host name (for calendar UIDs), from `base_url`.
    pub fn host(&self) -> String {
        url::Url::parse(&self.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "erp-rollout".into())
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

pub fn default_sqlite_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("erp-rollout.db").display())
}
