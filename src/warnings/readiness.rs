//! Go-live readiness: a scorecard over the workstreams (plan, selection, data migration, training,
//! security, adoption, gates), each green / amber / red with its reasons — or *not assessed* when
//! nothing is tracked there yet — and the verdict GO / CONDITIONAL GO / NOT ASSESSED / NO-GO.
//! Absence of evidence never reads as readiness: a workstream is green only on evidence (a plan,
//! sessions, a security session, KPI baselines or a survey, migration objects), and a workstream
//! without any keeps the verdict from GO or CONDITIONAL GO (NO-GO within [`EVIDENCE_DAYS`] of
//! go-live). The card is pure (`score`); a snapshot per project and day keeps the history for the
//! chart, the portfolio and the weekly digest.

use super::Shown;
use super::state::is_open;
use crate::entities::{project_phase, readiness_snapshot, selection};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Light {
    Green,
    /// Nothing tracked in the workstream: no evidence either way.
    NotAssessed,
    Amber,
    Red,
}

impl Light {
    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::NotAssessed => "not_assessed",
            Light::Amber => "amber",
            Light::Red => "red",
        }
    }
}

pub const WORKSTREAMS: [&str; 9] =
    ["plan", "selection", "data_migration", "testing", "training", "security", "cutover", "adoption", "gates"];

/// Why a workstream has its colour: a rule (its evidence is the warning's) or a fixed reason.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    Warning {
        rule: String,
        open: bool,
    },
    NoDecision,
    /// Nothing tracked in this workstream yet (its key): the next step is to track it.
    NotTracked(&'static str),
    GateOpen(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    pub key: &'static str,
    pub light: Light,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Go,
    ConditionalGo,
    /// Some workstream has no evidence yet, and go-live is more than [`EVIDENCE_DAYS`] away.
    NotAssessed,
    NoGo,
}

/// Within this many days of go-live, a workstream with no evidence is a NO-GO.
pub const EVIDENCE_DAYS: i64 = 30;

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Go => "go",
            Verdict::ConditionalGo => "conditional",
            Verdict::NotAssessed => "not_assessed",
            Verdict::NoGo => "no_go",
        }
    }
}

/// What the scorecard needs besides the warnings.
pub struct Facts {
    pub days_to_go_live: i64,
    pub decided: bool,
    /// (phase key, closed?) in order.
    pub gates: Vec<(String, bool)>,
    /// Migration objects tracked on the data-migration page.
    pub migration_objects: u64,
    /// The evidence of the other workstreams: milestones, training sessions (any, and security
    /// awareness ones), and KPIs plus survey waves (adoption is measured against a baseline).
    pub milestones: u64,
    pub sessions: u64,
    pub security_sessions: u64,
    pub adoption_measures: u64,
    /// Test cases written and runs executed (testing is assessed once cases exist), and cutover
    /// tasks in the runbook with its finished rehearsals.
    pub test_cases: u64,
    pub test_runs: u64,
    pub cutover_tasks: u64,
    pub rehearsals: u64,
}

impl Facts {
    /// The workstreams with nothing tracked (selection and gates always have their own evidence:
    /// the decision and the gates' states).
    fn untracked(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (key, n) in [
            ("plan", self.milestones),
            ("data_migration", self.migration_objects),
            ("training", self.sessions),
            ("security", self.security_sessions),
            ("adoption", self.adoption_measures),
            ("testing", self.test_cases),
            ("cutover", self.cutover_tasks),
        ] {
            if n == 0 {
                out.push(key);
            }
        }
        out
    }
}

/// The workstream a warning rule counts against.
fn stream_of(rule_error: &str, rule_key: &str) -> &'static str {
    match (rule_error, rule_key) {
        (_, "no_security_training") => "security",
        (_, "untested_must_haves" | "open_severe_defects" | "uat_exit_not_met") => "testing",
        (_, "cutover_not_rehearsed" | "cutover_ends_after_go_live") => "cutover",
        ("lack_of_planning", "phase_started_before_gate") => "gates",
        ("lack_of_planning", _) | ("over_customization", _) => "plan",
        ("poor_selection", _) => "selection",
        ("neglected_training", _) => "training",
        ("weak_security", _) => "security",
        ("data_migration_errors", _) => "data_migration",
        _ => "adoption",
    }
}

/// Pure: the card. An open high warning makes its workstream red, an open medium one amber; a
/// warning the PM set aside counts as amber at most (the risk is known and accepted).
pub fn score(shown: &[Shown], f: &Facts) -> (Vec<Stream>, Verdict) {
    let mut streams: Vec<Stream> =
        WORKSTREAMS.iter().map(|k| Stream { key: k, light: Light::Green, reasons: Vec::new() }).collect();
    let mut raise = |key: &str, light: Light, reason: Reason| {
        if let Some(s) = streams.iter_mut().find(|s| s.key == key) {
            s.light = s.light.max(light);
            s.reasons.push(reason);
        }
    };
    for w in shown {
        let open = is_open(&w.state);
        let light = match (open, w.rule.severity.as_str()) {
            (true, "high") => Light::Red,
            _ => Light::Amber,
        };
        raise(stream_of(&w.rule.error, &w.rule.key), light, Reason::Warning { rule: w.rule.key.clone(), open });
    }
    if !f.decided {
        raise("selection", if f.days_to_go_live <= 90 { Light::Red } else { Light::Amber }, Reason::NoDecision);
    }
    // Nothing tracked is no evidence of readiness: not assessed (the rules take over near go-live).
    for key in f.untracked() {
        raise(key, Light::NotAssessed, Reason::NotTracked(key));
    }
    for (key, closed) in &f.gates {
        if !closed && matches!(key.as_str(), "needs_assessment" | "selection" | "implementation") {
            raise(
                "gates",
                if f.days_to_go_live <= 14 { Light::Red } else { Light::Amber },
                Reason::GateOpen(key.clone()),
            );
        }
    }
    let worst = streams.iter().map(|s| s.light).max().unwrap_or(Light::Green);
    let unassessed = streams.iter().any(|s| s.light == Light::NotAssessed);
    let verdict = match worst {
        Light::Red => Verdict::NoGo,
        _ if unassessed && f.days_to_go_live <= EVIDENCE_DAYS => Verdict::NoGo,
        _ if unassessed => Verdict::NotAssessed,
        Light::Amber => Verdict::ConditionalGo,
        Light::Green | Light::NotAssessed => Verdict::Go,
    };
    (streams, verdict)
}

pub async fn facts(
    db: &impl ConnectionTrait,
    p: &crate::entities::project::Model,
    now: DateTime<Utc>,
) -> Result<Facts, DbErr> {
    use crate::entities::{kpi, migration_object, milestone, survey_wave, training_session};
    use sea_orm::PaginatorTrait;
    let decided = selection::Entity::find_by_id(p.id).one(db).await?.is_some_and(|s| s.chosen_candidate_id.is_some());
    let mut phases = project_phase::Entity::find().filter(project_phase::Column::ProjectId.eq(p.id)).all(db).await?;
    phases.sort_by_key(|ph| ph.position);
    let sessions = || training_session::Entity::find().filter(training_session::Column::ProjectId.eq(p.id));
    let testing = crate::testing::store::readiness_facts(db, p.id).await?;
    let cutover = crate::cutover::store::readiness_facts(db, p, now).await?;
    Ok(Facts {
        days_to_go_live: (p.go_live_date - now.date_naive()).num_days(),
        decided,
        gates: phases.into_iter().map(|ph| (ph.phase_key, ph.status == "closed")).collect(),
        migration_objects: migration_object::Entity::find()
            .filter(migration_object::Column::ProjectId.eq(p.id))
            .count(db)
            .await?,
        milestones: milestone::Entity::find().filter(milestone::Column::ProjectId.eq(p.id)).count(db).await?,
        sessions: sessions().count(db).await?,
        security_sessions: sessions().filter(training_session::Column::Kind.eq("security")).count(db).await?,
        adoption_measures: kpi::Entity::find().filter(kpi::Column::ProjectId.eq(p.id)).count(db).await?
            + survey_wave::Entity::find().filter(survey_wave::Column::ProjectId.eq(p.id)).count(db).await?,
        test_cases: testing.cases,
        test_runs: testing.runs_executed,
        cutover_tasks: cutover.tasks,
        rehearsals: cutover.rehearsals_finished,
    })
}

/// Records today's readiness (one row per project and day; the last change of the day wins).
pub async fn snapshot(
    db: &impl ConnectionTrait,
    project_id: i32,
    day: NaiveDate,
    streams: &[Stream],
    verdict: Verdict,
    shown: &[Shown],
) -> Result<(), DbErr> {
    let count = |l: Light| streams.iter().filter(|s| s.light == l).count() as i32;
    let warnings: Vec<String> =
        shown.iter().filter(|w| is_open(&w.state)).map(|w| format!("{}:{}", w.rule.key, w.finding.count)).collect();
    let existing = readiness_snapshot::Entity::find()
        .filter(readiness_snapshot::Column::ProjectId.eq(project_id))
        .filter(readiness_snapshot::Column::Day.eq(day))
        .one(db)
        .await?;
    if existing.is_some_and(|e| {
        e.verdict == verdict.key()
            && (e.greens, e.ambers, e.reds, e.unassessed)
                == (count(Light::Green), count(Light::Amber), count(Light::Red), count(Light::NotAssessed))
            && e.warnings == warnings.join(",")
    }) {
        // Unchanged since the last view today: no write (a page view must not queue on the lock).
        return Ok(());
    }
    readiness_snapshot::Entity::insert(readiness_snapshot::ActiveModel {
        project_id: Set(project_id),
        day: Set(day),
        verdict: Set(verdict.key().into()),
        greens: Set(count(Light::Green)),
        unassessed: Set(count(Light::NotAssessed)),
        ambers: Set(count(Light::Amber)),
        reds: Set(count(Light::Red)),
        open_warnings: Set(warnings.len() as i32),
        warnings: Set(warnings.join(",")),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([readiness_snapshot::Column::ProjectId, readiness_snapshot::Column::Day])
            .update_columns([
                readiness_snapshot::Column::Verdict,
                readiness_snapshot::Column::Greens,
                readiness_snapshot::Column::Ambers,
                readiness_snapshot::Column::Reds,
                readiness_snapshot::Column::Unassessed,
                readiness_snapshot::Column::OpenWarnings,
                readiness_snapshot::Column::Warnings,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The daily pass: takes today's snapshot of up to `batch` projects that have none yet (projects
/// nobody opened today still get their point in the history). Returns how many were taken.
pub async fn snapshot_due(state: &crate::state::AppState, batch: u64) -> anyhow::Result<usize> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let now = state.clock.now();
    let today = now.date_naive();
    let done = Query::select()
        .column(readiness_snapshot::Column::ProjectId)
        .from(readiness_snapshot::Entity)
        .and_where(Expr::col(readiness_snapshot::Column::Day).eq(today))
        .to_owned();
    let due = crate::entities::project::Entity::find()
        .filter(crate::entities::project::Column::Id.not_in_subquery(done))
        .order_by_asc(crate::entities::project::Column::Id)
        .limit(batch)
        .all(&state.db)
        .await?;
    let n = due.len();
    for p in due {
        let shown = super::current(&state.db, &p, now).await?;
        let f = facts(&state.db, &p, now).await?;
        let (streams, verdict) = score(&shown, &f);
        snapshot(&state.db, p.id, today, &streams, verdict, &shown).await?;
    }
    Ok(n)
}

/// The last `n` snapshots of a project, oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    project_id: i32,
    n: u64,
) -> Result<Vec<readiness_snapshot::Model>, DbErr> {
    let mut rows = readiness_snapshot::Entity::find()
        .filter(readiness_snapshot::Column::ProjectId.eq(project_id))
        .order_by_desc(readiness_snapshot::Column::Day)
        .limit(n)
        .all(db)
        .await?;
    rows.reverse();
    Ok(rows)
}

/// Readiness as a number for the chart: green 2, amber 1, red and not assessed 0, over all
/// workstreams, in %.
pub fn percent(s: &readiness_snapshot::Model) -> f64 {
    let total = (s.greens + s.ambers + s.reds + s.unassessed).max(1) as f64;
    f64::from(s.greens * 2 + s.ambers) * 50.0 / total
}

/// The readiness verdict and score now, for the cutover's go/no-go decision (which records them
/// as plain values); registered as `cutover::gonogo::ReadinessProbe` in `startup.rs`, since the
/// cutover feature sits on a floor below this module.
pub fn go_no_go_probe<'a>(
    state: &'a crate::state::AppState,
    p: &'a crate::entities::project::Model,
    now: DateTime<Utc>,
) -> crate::cutover::gonogo::ReadinessFuture<'a> {
    Box::pin(async move {
        let shown = super::current(&state.db, p, now).await?;
        let f = facts(&state.db, p, now).await?;
        let (streams, verdict) = score(&shown, &f);
        let points: i32 =
            streams.iter().map(|s| if s.light == Light::Green { 2 } else { i32::from(s.light == Light::Amber) }).sum();
        let total = streams.len().max(1) as f64;
        Ok(crate::cutover::gonogo::Readiness {
            key: verdict.key().into(),
            score: Some(f64::from(points) * 50.0 / total),
        })
    })
}

#[cfg(test)]
#[path = "readiness_tests.rs"]
mod tests;
