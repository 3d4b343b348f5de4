//! Likely-duplicate decisions: a data steward marks a cluster of a trial load's report as one
//! customer ("same": merged in the cleaned file) or as different ones (no longer reported). The
//! decision is kept per pair of row fingerprints, so later loads of the object find it again; a
//! finished load can be checked again to apply new decisions at once. Also the clusters' CSV.

use super::loads::{data_load, stored_report};
use super::profile::{LikelyCluster, linkage::pair_key};
use crate::entities::{duplicate_decision as dd, trial_load};
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{CsrfForm, csv, flash};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Members of a cluster a decision covers at most (all their pairs are recorded).
pub const MAX_DECIDED_MEMBERS: usize = 20;

/// The object's decisions: (smaller fingerprint, larger fingerprint) → the same entity?
pub async fn decisions_of(db: &impl ConnectionTrait, object_id: i32) -> Result<HashMap<(u64, u64), bool>, DbErr> {
    let rows = dd::Entity::find().filter(dd::Column::ObjectId.eq(object_id)).all(db).await?;
    Ok(rows.into_iter().map(|d| (pair_key(d.fingerprint_a as u64, d.fingerprint_b as u64), d.same)).collect())
}

/// What a steward decided about a cluster (over its listed pairs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Open,
    Same,
    Different,
    Partly,
}

pub fn cluster_state(c: &LikelyCluster, decided: &HashMap<(u64, u64), bool>) -> State {
    let found: Vec<Option<bool>> =
        c.pairs.iter().map(|p| decided.get(&pair_key(p.fingerprints[0], p.fingerprints[1])).copied()).collect();
    if found.iter().all(|d| *d == Some(true)) {
        State::Same
    } else if found.iter().all(|d| *d == Some(false)) {
        State::Different
    } else if found.iter().any(Option::is_some) {
        State::Partly
    } else {
        State::Open
    }
}

/// Records `same` for every pair of `fingerprints` (the newest decision wins).
async fn record(
    db: &impl ConnectionTrait,
    load: &trial_load::Model,
    user_id: i32,
    fingerprints: &[u64],
    same: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut rows = Vec::new();
    for (i, &a) in fingerprints.iter().enumerate().take(MAX_DECIDED_MEMBERS) {
        for &b in fingerprints.iter().take(MAX_DECIDED_MEMBERS).skip(i + 1) {
            let (a, b) = pair_key(a, b);
            rows.push(dd::ActiveModel {
                project_id: Set(load.project_id),
                object_id: Set(load.object_id),
                fingerprint_a: Set(a as i64),
                fingerprint_b: Set(b as i64),
                same: Set(same),
                load_id: Set(Some(load.id)),
                decided_by: Set(Some(user_id)),
                decided_at: Set(now),
                ..Default::default()
            });
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    use dd::Column as C;
    dd::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([C::ObjectId, C::FingerprintA, C::FingerprintB])
                .update_columns([C::Same, C::LoadId, C::DecidedBy, C::DecidedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    /// The cluster's first line.
    #[serde(default)]
    cluster: String,
    #[serde(default)]
    decision: String,
}

pub async fn decide(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    let (_, oid, lid) = path.into_inner();
    let (o, load) = data_load(&state, &acc, &auth.user, oid, lid).await?;
    let l = auth.ctx.lang;
    let page = crate::urls::trial_load(acc.project.id, o.id, load.id);
    let same = match form.decision.as_str() {
        "same" => true,
        "different" => false,
        _ => return Ok(flash::error(&page, l.t("Choose “same” or “different”.", "Elija «el mismo» o «distintos»."))),
    };
    let first: Option<u64> = form.cluster.trim().parse().ok();
    let report = stored_report(&state, &load).map(|s| s.report);
    let cluster = report.as_ref().and_then(|r| r.likely_clusters.iter().find(|c| c.lines.first() == first.as_ref()));
    let Some(cluster) = cluster else {
        return Ok(flash::error(
            &page,
            l.t(
                "That group is not in this load's report (the load may have been checked again). Look at the list again.",
                "Ese grupo no está en el informe de esta carga (puede que se haya comprobado de nuevo). Vuelva a mirar la lista.",
            ),
        ));
    };
    record(&state.db, &load, auth.user.id, &cluster.fingerprints, same, state.clock.now()).await?;
    // A decision covers the group's first MAX_DECIDED_MEMBERS rows; the message names those.
    let lines = cluster.lines.iter().take(MAX_DECIDED_MEMBERS).map(u64::to_string).collect::<Vec<_>>().join(", ");
    let message = if same {
        l.f(
            "Recorded: lines {0} are one record. The cleaned file of the next trial load merges them; to merge them in this load's file now, check it again.",
            "Anotado: las líneas {0} son un mismo registro. El archivo depurado de la próxima carga las fusiona; para fusionarlas ya en el de esta carga, compruébela de nuevo.",
            &[&lines],
        )
    } else {
        l.f(
            "Recorded: lines {0} are different records. Later trial loads no longer list them.",
            "Anotado: las líneas {0} son registros distintos. Las próximas cargas ya no las listarán.",
            &[&lines],
        )
    };
    let anchor = format!("{page}#dup-{}", cluster.lines.first().copied().unwrap_or(0));
    Ok(flash::success(&anchor, &message))
}

/// Queues a finished, not signed-off load again, so its report and files follow the decisions.
pub async fn recheck(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let (_, oid, lid) = path.into_inner();
    let (o, load) = data_load(&state, &acc, &auth.user, oid, lid).await?;
    let l = auth.ctx.lang;
    let page = crate::urls::trial_load(acc.project.id, o.id, load.id);
    use trial_load::Column as C;
    let n = trial_load::Entity::update_many()
        .col_expr(C::Status, Expr::value("queued"))
        .col_expr(C::Attempts, Expr::value(0))
        .col_expr(C::ProgressBytes, Expr::value(0i64))
        .col_expr(C::Worker, Expr::value(Option::<String>::None))
        .col_expr(C::Error, Expr::value(Option::<String>::None))
        .col_expr(C::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(C::Id.eq(load.id))
        .filter(C::Status.eq("done"))
        .filter(C::SignedOffAt.is_null())
        .exec(&state.db)
        .await?
        .rows_affected;
    if n == 0 {
        return Ok(flash::error(
            &page,
            l.t(
                "Only a finished load that is not signed off can be checked again. Upload a new export instead.",
                "Solo se puede volver a comprobar una carga terminada y sin aprobar. Suba una exportación nueva.",
            ),
        ));
    }
    Ok(flash::success(
        &page,
        l.t(
            "Checking the load again with the decisions taken so far.",
            "Volviendo a comprobar la carga con las decisiones tomadas hasta ahora.",
        ),
    ))
}

/// The clusters of a load's report as CSV: one line per listed pair, with the evidence.
pub async fn export_csv(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, oid, lid) = path.into_inner();
    let (o, load) = data_load(&state, &acc, &auth.user, oid, lid).await?;
    let report = stored_report(&state, &load).map(|s| s.report).ok_or(AppError::NotFound)?;
    let decided = decisions_of(&state.db, o.id).await?;
    let mut w = csv::writer();
    let mut head = ["group", "band", "group_lines", "decision", "line_a", "line_b", "probability", "weight_bits"]
        .map(String::from)
        .to_vec();
    for f in &report.likely.compared {
        head.extend([format!("{f}_a"), format!("{f}_b"), format!("{f}_level"), format!("{f}_bits")]);
    }
    w.write_record(&head).map_err(csv::io)?;
    for c in &report.likely_clusters {
        let decision = match cluster_state(c, &decided) {
            State::Open => "",
            State::Same => "same",
            State::Different => "different",
            State::Partly => "partly",
        };
        let lines = c.lines.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
        for p in &c.pairs {
            let mut row = vec![
                c.lines.first().map(u64::to_string).unwrap_or_default(),
                c.band.code().to_string(),
                lines.clone(),
                decision.to_string(),
                p.line_a.to_string(),
                p.line_b.to_string(),
                p.score.to_string(),
                p.weight.to_string(),
            ];
            for e in &p.evidence {
                row.extend([csv::safe(&e.a), csv::safe(&e.b), e.level.code().to_string(), e.weight.to_string()]);
            }
            w.write_record(&row).map_err(csv::io)?;
        }
    }
    csv::response(&format!("likely-duplicates-load{}.csv", load.id), w)
}
