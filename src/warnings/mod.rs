//! Live warnings: the guide's common errors watched on the project's data. Each warning states
//! the error, its evidence, the guide's remedy, severity and phase, and links to the records at
//! fault; the PM acknowledges or snoozes it with a reason, and it comes back if the evidence grows.
//! Rule texts and default thresholds are seeds; thresholds are project settings.

pub mod catalog;
pub mod dashboard;
pub mod digest;
pub mod evaluate;
pub mod evaluate_rollout;
pub mod form;
pub mod handlers;
pub mod portfolio;
pub mod readiness;
pub mod readiness_page;
pub mod state;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/warnings", web::get().to(handlers::page))
        .route("/projects/{id}/warnings.csv", web::get().to(handlers::export_csv))
        .route("/projects/{id}/warnings/settings", web::post().to(handlers::save_settings))
        .route("/projects/{id}/warnings/{rule}/acknowledge", web::post().to(handlers::acknowledge))
        .route("/projects/{id}/warnings/{rule}/snooze", web::post().to(handlers::snooze))
        .route("/projects/{id}/warnings/{rule}/reopen", web::post().to(handlers::reopen))
        .route("/projects/{id}/readiness", web::get().to(readiness_page::page))
        .route("/portfolio", web::get().to(portfolio::page));
}

/// One warning as shown: the finding, its rule, and what the PM decided.
pub struct Shown {
    pub finding: evaluate::Finding,
    pub rule: &'static catalog::Rule,
    pub state: state::Shown,
    pub decision: Option<crate::entities::warning_state::Model>,
}

/// Evaluates the project's rules and pairs each finding with the PM's last decision; open ones
/// first, by severity.
pub async fn current(
    db: &impl sea_orm::ConnectionTrait,
    p: &crate::entities::project::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Shown>, sea_orm::DbErr> {
    let th = evaluate::thresholds(db, p.id).await?;
    let findings = evaluate::evaluate(db, p, now, &th).await?;
    let mut decisions = state::states(db, p.id).await?;
    let mut out: Vec<Shown> = findings
        .into_iter()
        .filter_map(|f| {
            let rule = catalog::rule(f.rule)?;
            let decision = decisions.remove(f.rule);
            let s = state::shown(&f, decision.as_ref(), now);
            Some(Shown { finding: f, rule, state: s, decision })
        })
        .collect();
    out.sort_by_key(|w| (!state::is_open(&w.state), catalog::severity_rank(&w.rule.severity)));
    Ok(out)
}
