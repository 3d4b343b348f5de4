//! The `erp-rollout` command line: serve, migrate, seed, backup, restore, keys, user add.

use clap::{Parser, Subcommand};
use erp_rollout::config::Settings;
use erp_rollout::startup::Application;
use erp_rollout::{auth, clock::Clock, db, seeds};
use std::io::Read;

#[derive(Parser)]
#[command(name = "erp-rollout", version, about = "Plan and track the rollout of an ERP system")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application (migrates and seeds first).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Load the demo rollout with a user of every role.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Upsert the catalogs; with --demo also the demo rollout; with --scale N synthetic data.
    Seed {
        #[arg(long)]
        demo: bool,
        #[arg(long)]
        scale: Option<u32>,
    },
    /// Benchmark the data-quality profiler on a generated export (rows × 12 columns).
    BenchProfile {
        #[arg(long, default_value_t = 100_000)]
        rows: u64,
        /// exact, likely, job or match (a market export with planted near-duplicates)
        #[arg(long, default_value = "job")]
        mode: String,
        /// Where the generated file (and the job's outputs) go.
        #[arg(long, default_value = "target/bench-profile")]
        dir: std::path::PathBuf,
    },
    /// SQLite: copy the database (consistent while the app runs) and the uploads into a new folder;
    /// the encryption key is left out on purpose.
    Backup { path: std::path::PathBuf },
    /// SQLite: put a backup's database and uploads back; the app must be stopped.
    Restore {
        path: std::path::PathBuf,
        /// Replace an existing database (it is kept beside, renamed).
        #[arg(long)]
        force: bool,
    },
    /// Encryption keys: print a new key entry, or re-encrypt everything with the current key.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Print a fresh key entry ID:BASE64 to put first in ERP_ENCRYPTION_KEYS.
    New {
        #[arg(long, default_value_t = 2)]
        id: u8,
    },
    /// Re-encrypt the encrypted fields and stored uploads with the current (first) key. With --add,
    /// first put a new key at the top of the default key file (data/encryption.key).
    Rotate {
        #[arg(long)]
        add: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["admin", "pm", "trainer", "employee"])]
        role: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing();
    match cli.command {
        Command::Serve { bind, demo } => {
            let settings = Settings::from_env(&bind, demo)?;
            let app = Application::build(settings, None).await?;
            erp_rollout::workers::spawn(app.state.clone())?;
            tracing::info!(port = app.port(), "ERP Rollout listening on {bind}");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let settings = Settings::from_env("127.0.0.1:8080", false)?;
            let conn = db::connect(&settings.database_url).await?;
            db::migrate(&conn).await?;
            println!("migrations applied");
        }
        Command::Seed { demo, scale } => {
            let settings = Settings::from_env("127.0.0.1:8080", demo)?;
            let conn = db::connect(&settings.database_url).await?;
            db::migrate(&conn).await?;
            let clock = erp_rollout::clock::SystemClock;
            let keys = erp_rollout::crypto::keys::load(&settings.data_dir)?;
            erp_rollout::startup::prepare_data(&conn, &settings, &clock, &keys).await?;
            if let Some(n) = scale {
                let hash = auth::password::hash(seeds::demo_password()).await?;
                let tx = db::begin_write(&conn).await?;
                erp_rollout::demo::scale::seed(&tx, n, &hash, clock.now()).await?;
                tx.commit().await?;
                println!("added {n} synthetic projects");
            }
            println!("seeded");
        }
        Command::BenchProfile { rows, mode, dir } => {
            println!("{}", erp_rollout::data_quality::bench::run(rows, &mode, &dir)?);
        }
        Command::Backup { path } => {
            let settings = Settings::from_env("127.0.0.1:8080", false)?;
            println!("{}", erp_rollout::maintenance::backup::backup(&settings, &path).await?);
        }
        Command::Restore { path, force } => {
            let settings = Settings::from_env("127.0.0.1:8080", false)?;
            println!("{}", erp_rollout::maintenance::restore::restore(&settings, &path, force).await?);
        }
        Command::Keys { command: KeysCommand::New { id } } => {
            println!("{}", erp_rollout::crypto::KeyRing::generate_entry(id).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        Command::Keys { command: KeysCommand::Rotate { add } } => {
            let settings = Settings::from_env("127.0.0.1:8080", false)?;
            if add {
                let id = erp_rollout::crypto::keys::add_key_to_file(&settings.data_dir)?;
                println!("added key {id} to {}", erp_rollout::crypto::keys::default_file(&settings.data_dir).display());
            }
            let keys = erp_rollout::crypto::keys::load(&settings.data_dir)?;
            let conn = db::connect(&settings.database_url).await?;
            db::migrate(&conn).await?;
            let dir = erp_rollout::data_quality::jobs::upload_dir(&settings);
            let r = erp_rollout::maintenance::rotate(&conn, &keys, &dir).await?;
            let detail = format!("key {}: {} fields, {} files re-encrypted", keys.current_id(), r.fields, r.files);
            let e = erp_rollout::security::audit::Event {
                action: "keys.rotated",
                detail: Some(detail.clone()),
                ..Default::default()
            };
            erp_rollout::security::audit::record(&conn, e, erp_rollout::clock::SystemClock.now()).await?;
            println!("{detail}; the older keys can be removed once no instance still runs with them");
        }
        Command::User { command: UserCommand::Add { email, name, role, password_stdin } } => {
            if !password_stdin {
                anyhow::bail!("pass --password-stdin and type the password on standard input");
            }
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            let errors = auth::form::validate_person(erp_rollout::web::Lang::En, &name, &email, Some(&password));
            if !errors.is_empty() {
                let msgs: Vec<String> = errors.iter().map(|(f, m)| format!("{f}: {m}")).collect();
                anyhow::bail!("{}", msgs.join("; "));
            }
            let settings = Settings::from_env("127.0.0.1:8080", false)?;
            let conn = db::connect(&settings.database_url).await?;
            db::migrate(&conn).await?;
            if auth::store::find_by_email(&conn, &email).await?.is_some() {
                anyhow::bail!("a user with email {email} already exists");
            }
            let hash = auth::password::hash(password).await?;
            let clock = erp_rollout::clock::SystemClock;
            let new =
                auth::store::NewUser { email: &email, name: &name, password_hash: hash, role: &role, locale: None };
            let u = auth::store::insert_user(&conn, new, clock.now()).await?;
            println!("created user {} ({}) with role {}", u.email, u.id, u.role);
        }
    }
    Ok(())
}
