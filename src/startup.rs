//! `Application::build` (used by `main` and by the tests) and the whole URL map on one screen.

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::state::AppState;
use crate::web::{assets, errors, middleware};
use crate::{
    account, admin, auth, crypto, cutover, data_quality, db, demo, feedback, health, home, needs, overview, phases,
    plan, projects, security, seeds, selection, support, testing, training, warnings,
};
use actix_web::middleware::{DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, dev::Server, web};
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::sync::Arc;

pub struct Application {
    port: u16,
    server: Server,
    pub state: Arc<AppState>,
}

/// Content-Security-Policy: our own scripts and styles only, no inline code, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

impl Application {
    /// Connects, migrates, seeds the catalogs (and the demo when asked), binds, and builds the server.
    pub async fn build(settings: Settings, clock: Option<Arc<dyn Clock>>) -> anyhow::Result<Application> {
        let clock = clock.unwrap_or_else(|| Arc::new(SystemClock));
        settings.check_data_dir()?;
        let conn = db::connect(&settings.database_url).await?;
        db::migrate(&conn).await?;
        let keys = Arc::new(crypto::keys::load(&settings.data_dir)?);
        prepare_data(&conn, &settings, clock.as_ref(), &keys).await?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let state = Arc::new(AppState { db: conn, settings: Arc::new(settings), clock, keys });
        let server = run(listener, state.clone())?;
        Ok(Application { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM/SIGINT; actix then stops accepting and lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Seeds the catalogs and, on a database without users, either the demo or a one-time setup link.
pub async fn prepare_data(
    conn: &DatabaseConnection,
    settings: &Settings,
    clock: &dyn Clock,
    keys: &crypto::KeyRing,
) -> anyhow::Result<()> {
    let tx = db::begin_write(conn).await?;
    // Instances started together seed one after the other (on SQLite the write lock already does).
    db::serialize_seeding(&tx).await?;
    seeds::catalog::seed(&tx).await?;
    seeds::backfill_search_text(&tx).await?;
    tx.commit().await?;
    if settings.demo {
        let hash = auth::password::hash(seeds::demo_password()).await?;
        let tx = db::begin_write(conn).await?;
        db::serialize_seeding(&tx).await?;
        let created = demo::rollout::seed(&tx, &hash, clock.now()).await?;
        tx.commit().await?;
        if created {
            demo::migration::uploads(conn, &data_quality::jobs::upload_dir(settings), clock.now(), keys).await?;
            tracing::info!("demo rollout created");
        }
    } else if auth::store::count_users(conn).await? == 0 {
        let token = auth::store::create_setup_token(conn, clock.now()).await?;
        let url = format!("{}/setup?token={token}", settings.base_url.trim_end_matches('/'));
        // Printed, not logged: the link is a credential and logs are kept longer than a terminal.
        println!("No account exists yet. Create the administrator here (valid 24 hours, once):\n  {url}");
    }
    Ok(())
}

fn run(listener: TcpListener, state: Arc<AppState>) -> anyhow::Result<Server> {
    let data = web::Data::from(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            // The go/no-go decision reads readiness, which sits a floor above the cutover feature.
            .app_data(web::Data::new(cutover::gonogo::ReadinessProbe(warnings::readiness::go_no_go_probe)))
            .app_data(web::FormConfig::default().limit(256 * 1024))
            .app_data(
                web::QueryConfig::default().error_handler(|e, _| crate::AppError::BadRequest(e.to_string()).into()),
            )
            .app_data(web::PathConfig::default().error_handler(|_, _| crate::AppError::NotFound.into()))
            .wrap(from_fn(middleware::refuse_control_characters))
            .wrap(from_fn(security::audit::record_requests))
            .wrap(ErrorHandlers::new().default_handler(errors::render))
            .wrap(from_fn(auth::middleware::context))
            .wrap(from_fn(middleware::request_id))
            .wrap(
                DefaultHeaders::new()
                    .add(("Content-Security-Policy", CSP))
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "same-origin"))
                    .add(("Cross-Origin-Opener-Policy", "same-origin"))
                    .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=()")),
            )
            .route("/healthz", web::get().to(health::healthz))
            .route(assets::CSS_PATH, web::get().to(assets::css))
            .configure(auth::routes) //     /  /login  /login/code  /logout  /setup
            .configure(account::routes) //  /account  sessions  password  2fa  /calendar/{token}
            .configure(admin::routes) //    /admin/users…  personal data  /admin/audit
            .configure(projects::routes) // /projects  /projects/{id}/edit  …/members
            .configure(home::routes) //     /home: everyone's start page
            .configure(overview::routes) // /projects/{id}: the project's home
            .configure(phases::routes) //   /projects/{id}/phases/{key}  /projects/{id}/items/{item}
            .configure(needs::routes) //    /projects/{id}/requirements…  /projects/{id}/kpis…
            .configure(selection::routes) // /projects/{id}/selection…
            .configure(plan::routes) //     /projects/{id}/milestones…  schedule  gantt  baselines  raci  org  customizations
            .configure(data_quality::routes) // /projects/{id}/migration…  objects  trial loads  files  sign-off
            .configure(training::routes) // /projects/{id}/training…  mine  coverage  resources
            .configure(warnings::routes) // /projects/{id}/warnings…
            .configure(cutover::routes) //  /projects/{id}/cutover…  runs  go/no-go
            .configure(feedback::routes) // /projects/{id}/feedback…  adjustments  surveys  kpi measurements  adoption
            .configure(testing::routes) //  /projects/{id}/testing…  cases  cycles  runs  defects  trace
            .configure(support::routes) //  /projects/{id}/support…  tickets  triage  knowledge base  trend and SLA
            .default_service(web::to(|| async { Err::<actix_web::HttpResponse, _>(crate::AppError::NotFound) }))
    })
    // Idle keep-alive connections stay open longer than a load balancer keeps its own (60 s is the
    // usual default): a server that closes first races the next request sent on that connection,
    // which the client or balancer then sees as a dropped request (actix's default is 5 s).
    .keep_alive(std::time::Duration::from_secs(75))
    .shutdown_timeout(20)
    .listen(listener)?
    .run();
    Ok(server)
}
