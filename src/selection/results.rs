//! The selection result: means per cell, weighted totals, ranking, disagreement, sensitivity and
//! must-have coverage, computed from a handful of queries by the pure functions in `scoring`.

use super::scoring::{self, Sensitivity, Spread};
use super::store;
use crate::entities::{candidate, criterion, score, selection};
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;

#[derive(Default, Clone, Debug)]
pub struct Coverage {
    pub musts: usize,
    pub standard: usize,
    pub configuration: usize,
    pub customization: usize,
    pub gap: usize,
}

impl Coverage {
    /// Must-haves met without custom code (standard or configuration), in percent.
    pub fn covered_pct(&self) -> f64 {
        pct(self.standard + self.configuration, self.musts)
    }
    pub fn customization_pct(&self) -> f64 {
        pct(self.customization, self.musts)
    }
    pub fn assessed(&self) -> usize {
        self.standard + self.configuration + self.customization + self.gap
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 * 100.0 / d as f64 }
}

pub struct Results {
    pub selection: selection::Model,
    pub candidates: Vec<candidate::Model>,
    pub criteria: Vec<criterion::Model>,
    /// Normalized weights, or why they cannot be normalized.
    pub weights: Result<Vec<f64>, scoring::WeightError>,
    /// [candidate][criterion] evaluator scores.
    pub cells: Vec<Vec<Spread>>,
    pub means: Vec<Vec<Option<f64>>>,
    pub totals: Vec<f64>,
    pub ranking: Vec<usize>,
    pub sensitivity: Vec<Option<Sensitivity>>,
    pub coverage: Vec<Coverage>,
    /// (user id, name, cells scored).
    pub evaluators: Vec<(i32, String, usize)>,
    pub scores: Vec<score::Model>,
    /// Who recorded the decision.
    pub decided_by: Option<String>,
}

impl Results {
    pub fn revealed(&self) -> bool {
        self.selection.revealed_at.is_some()
    }
    pub fn cells_per_evaluator(&self) -> usize {
        self.candidates.len() * self.criteria.len()
    }
    pub fn leader(&self) -> Option<&candidate::Model> {
        self.ranking.first().map(|&i| &self.candidates[i])
    }
}

pub async fn compute(db: &impl ConnectionTrait, project_id: i32) -> Result<Results, DbErr> {
    let selection = store::selection(db, project_id).await?;
    let candidates = store::candidates(db, project_id).await?;
    let criteria = store::criteria(db, project_id).await?;
    let evaluators = store::evaluators(db, project_id).await?;
    let scores = store::scores(db, project_id, None).await?;
    let (musts, fit_counts) = store::must_fit_counts(db, project_id).await?;

    let ci: HashMap<i32, usize> = candidates.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let ki: HashMap<i32, usize> = criteria.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut raw: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); criteria.len()]; candidates.len()];
    let mut per_evaluator: HashMap<i32, usize> = HashMap::new();
    for s in &scores {
        if let (Some(&c), Some(&k)) = (ci.get(&s.candidate_id), ki.get(&s.criterion_id)) {
            raw[c][k].push(s.score as f64);
            *per_evaluator.entry(s.evaluator_id).or_default() += 1;
        }
    }
    let spreads: Vec<Vec<Option<Spread>>> =
        raw.iter().map(|row| row.iter().map(|v| scoring::spread(v)).collect()).collect();
    let means: Vec<Vec<Option<f64>>> =
        spreads.iter().map(|row| row.iter().map(|s| s.as_ref().map(|s| s.mean)).collect()).collect();
    let cells =
        spreads.into_iter().map(|row| row.into_iter().map(|s| s.unwrap_or_else(empty_spread)).collect()).collect();
    let weights = scoring::normalize(&criteria.iter().map(|c| c.weight).collect::<Vec<_>>());
    let (totals, ranking, sensitivity) = match &weights {
        Ok(w) if !candidates.is_empty() => {
            let totals = scoring::weighted_totals(w, &means);
            let ranking = scoring::ranking(&totals);
            let sens = if candidates.len() > 1 { scoring::sensitivity(w, &means) } else { vec![None; w.len()] };
            (totals, ranking, sens)
        }
        _ => (vec![0.0; candidates.len()], (0..candidates.len()).collect(), vec![None; criteria.len()]),
    };
    let coverage = coverage(musts as usize, &candidates, &fit_counts);
    let decided_by = crate::needs::store::owner_names(db, selection.decided_by.into_iter()).await?.into_values().next();
    let evaluators =
        evaluators.into_iter().map(|(id, name)| (id, name, per_evaluator.get(&id).copied().unwrap_or(0))).collect();
    Ok(Results {
        selection,
        candidates,
        criteria,
        weights,
        cells,
        means,
        totals,
        ranking,
        sensitivity,
        coverage,
        evaluators,
        scores,
        decided_by,
    })
}

fn empty_spread() -> Spread {
    Spread { mean: 0.0, min: 0.0, max: 0.0, spread: 0.0, disagreement: false, count: 0 }
}

fn coverage(musts: usize, candidates: &[candidate::Model], counts: &[(i32, String, i64)]) -> Vec<Coverage> {
    candidates
        .iter()
        .map(|c| {
            let mut cov = Coverage { musts, ..Default::default() };
            for (_, level, n) in counts.iter().filter(|(cid, _, _)| *cid == c.id) {
                let n = *n as usize;
                match level.as_str() {
                    "standard" => cov.standard += n,
                    "configuration" => cov.configuration += n,
                    "customization" => cov.customization += n,
                    _ => cov.gap += n,
                }
            }
            cov
        })
        .collect()
}

async fn load(state: &AppState, acc: Access) -> AppResult<(Access, Results)> {
    let r = compute(&state.db, acc.project.id).await?;
    Ok((acc, r))
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (acc, r) = load(&state, acc).await?;
    Ok(html(StatusCode::OK, super::results_views::results(&auth.ctx, &acc, &r, false)))
}

pub async fn report(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (acc, r) = load(&state, acc).await?;
    Ok(html(StatusCode::OK, super::results_views::results(&auth.ctx, &acc, &r, true)))
}

/// Every score with its evaluator and comment: only once the PM has revealed them.
pub async fn export_csv(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let (acc, r) = load(&state, acc).await?;
    let l = auth.ctx.lang;
    if !r.revealed() {
        return Ok(flash::error(
            &format!("{}/results", crate::urls::selection(acc.project.id)),
            l.t(
                "Scores are hidden until the project manager reveals them.",
                "Las puntuaciones están ocultas hasta que el jefe de proyecto las muestre.",
            ),
        ));
    }
    let cand: HashMap<i32, &str> = r.candidates.iter().map(|c| (c.id, c.name.as_str())).collect();
    let crit: HashMap<i32, &str> = r.criteria.iter().map(|c| (c.id, super::criterion_name(l, c))).collect();
    let eval: HashMap<i32, &str> = r.evaluators.iter().map(|e| (e.0, e.1.as_str())).collect();
    let mut w = csv::writer();
    w.write_record(["product", "criterion", "evaluator", "score", "comment", "updated_at"]).map_err(csv::io)?;
    for s in &r.scores {
        w.write_record([
            csv::safe(cand.get(&s.candidate_id).copied().unwrap_or("")),
            csv::safe(crit.get(&s.criterion_id).copied().unwrap_or("")),
            csv::safe(eval.get(&s.evaluator_id).copied().unwrap_or("")),
            s.score.to_string(),
            csv::safe(s.comment.as_deref().unwrap_or("")),
            s.updated_at.to_rfc3339(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("selection-scores.csv", w)
}
