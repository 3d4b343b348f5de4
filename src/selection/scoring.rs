//! The numbers behind ERP product selection, pure: weighted scores, evaluator disagreement, AHP
//! criterion weights with their consistency check, and how far a weight may move before the
//! winner changes.
//!
//! Scores are `[product][criterion]`; `None` means "not scored" and contributes 0 to a total, so
//! an unscored cell can only pull a product down (show coverage next to the total).

/// Evaluator spread (max − min on the 1–5 scale) from which a cell is flagged for discussion.
pub const DISAGREEMENT_SPREAD: f64 = 2.0;
/// Saaty's rule: judgements with a consistency ratio below this are accepted.
pub const CR_THRESHOLD: f64 = 0.10;
/// Saaty's fundamental scale, ascending; index `k` and `16 - k` are reciprocals.
#[rustfmt::skip]
pub const SAATY_SCALE: [f64; 17] = [
    1.0 / 9.0, 1.0 / 8.0, 1.0 / 7.0, 1.0 / 6.0, 1.0 / 5.0, 1.0 / 4.0, 1.0 / 3.0, 1.0 / 2.0,
    1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0,
];

const SCALE_TOL: f64 = 1e-9;
const POWER_TOL: f64 = 1e-12;
const POWER_MAX_ITER: usize = 1000;
/// Saaty's random index for n = 1..=10.
const RI: [f64; 10] = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];
/// Totals closer than this fraction of the largest total are tied, so float noise cannot decide
/// between products whose scores are mathematically equal.
const TIE_REL: f64 = 1e-12;
/// How close to 0 or 1 a weight counts as sitting on the edge of its range.
const EDGE: f64 = 1e-12;

/// Why weights cannot be normalized; indexes point at the offending weight.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightError {
    Negative(usize),
    NotFinite(usize),
    AllZero,
    Empty,
}

/// Scales non-negative weights to sum to 1.
pub fn normalize(weights: &[f64]) -> Result<Vec<f64>, WeightError> {
    if weights.is_empty() {
        return Err(WeightError::Empty);
    }
    if let Some(i) = weights.iter().position(|w| !w.is_finite()) {
        return Err(WeightError::NotFinite(i));
    }
    if let Some(i) = weights.iter().position(|&w| w < 0.0) {
        return Err(WeightError::Negative(i));
    }
    // Dividing by the largest first keeps the sum finite even for huge inputs.
    let max = weights.iter().copied().fold(0.0, f64::max);
    if max == 0.0 {
        return Err(WeightError::AllZero);
    }
    let sum: f64 = weights.iter().map(|w| w / max).sum();
    Ok(weights.iter().map(|w| w / max / sum).collect())
}

fn score_at(row: &[Option<f64>], c: usize) -> f64 {
    match row.get(c) {
        Some(Some(s)) if s.is_finite() => *s,
        _ => 0.0,
    }
}

/// Σ weightᵢ × scoreᵢ per product. `weights` should be normalized. A `None`, non-finite or missing
/// score counts as 0 (not scored); scores beyond the last weight are ignored.
pub fn weighted_totals(weights: &[f64], scores: &[Vec<Option<f64>>]) -> Vec<f64> {
    scores.iter().map(|row| weights.iter().enumerate().map(|(c, w)| w * score_at(row, c)).sum()).collect()
}

fn tie_quantum(totals: &[f64]) -> f64 {
    let scale = totals.iter().filter(|t| t.is_finite()).fold(0.0_f64, |m, t| m.max(t.abs()));
    if scale > 0.0 { scale * TIE_REL } else { TIE_REL }
}

/// Product indexes, best first. Totals equal to ~12 significant digits tie and keep index order;
/// non-finite totals come last.
pub fn ranking(totals: &[f64]) -> Vec<usize> {
    let quantum = tie_quantum(totals);
    let key = |t: f64| if t.is_finite() { (t / quantum).round() } else { f64::NEG_INFINITY };
    let mut order: Vec<usize> = (0..totals.len()).collect();
    // Stable sort, so ties keep index order.
    order.sort_by(|&a, &b| key(totals[b]).total_cmp(&key(totals[a])));
    order
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    pub spread: f64,
    pub disagreement: bool,
    pub count: usize,
}

/// Mean and spread of the evaluators' scores for one product × criterion. Non-finite scores are
/// skipped; `None` when nothing is left.
pub fn spread(scores: &[f64]) -> Option<Spread> {
    let finite = || scores.iter().copied().filter(|s| s.is_finite());
    let count = finite().count();
    if count == 0 {
        return None;
    }
    let min = finite().fold(f64::INFINITY, f64::min);
    let max = finite().fold(f64::NEG_INFINITY, f64::max);
    let mean = finite().sum::<f64>() / count as f64;
    let spread = max - min;
    // The tolerance keeps e.g. 4.1 − 2.1 = 1.9999999999999996 flagged.
    Some(Spread { mean, min, max, spread, disagreement: spread >= DISAGREEMENT_SPREAD - SCALE_TOL, count })
}

/// `[product][criterion][evaluator]` raw scores to the `[product][criterion]` means that
/// [`weighted_totals`] takes; a cell nobody scored becomes `None`.
pub fn criterion_means(raw: &[Vec<Vec<f64>>]) -> Vec<Vec<Option<f64>>> {
    raw.iter().map(|row| row.iter().map(|cell| spread(cell).map(|s| s.mean)).collect()).collect()
}

fn saaty_index(v: f64) -> Option<usize> {
    SAATY_SCALE.iter().position(|s| (v - s).abs() <= SCALE_TOL)
}

/// Whether `v` is on Saaty's scale: 1..9 or 1/2..1/9, within 1e-9.
pub fn is_saaty(v: f64) -> bool {
    saaty_index(v).is_some()
}

/// The scale value closest to `v` on a log scale, since judgements are ratios (2 is as far from 1
/// as 1/2 is).
fn nearest_saaty(v: f64) -> f64 {
    let dist = |s: f64| (s.ln() - v.ln()).abs();
    SAATY_SCALE.iter().copied().fold(1.0, |best, s| if dist(s) < dist(best) { s } else { best })
}

/// Saaty's random index. His table stops at n = 10, so larger n reuse 1.49; later simulations put
/// RI slightly higher there, so the CR we report errs on the strict side.
pub fn random_index(n: usize) -> f64 {
    match n {
        0 => 0.0,
        1..=10 => RI[n - 1],
        _ => RI[9],
    }
}

/// Why a comparison matrix was refused; `(i, j)` is the first offending cell, row by row.
#[derive(Debug, Clone, PartialEq)]
pub enum AhpError {
    /// Rows of unequal length, or a judgement outside the n × n matrix.
    NotSquare,
    /// No criteria at all.
    TooSmall,
    /// Not 1..9 or 1/2..1/9 (e.g. 0, 10, 1/10, NaN).
    OffScale { i: usize, j: usize },
    /// a_ij · a_ji ≠ 1, or a diagonal other than 1.
    NotReciprocal { i: usize, j: usize },
}

/// The single judgement that disagrees most with the derived priorities.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub i: usize,
    pub j: usize,
    /// a_ij as entered.
    pub given: f64,
    /// w_i / w_j, the value that would agree with the priorities.
    pub consistent: f64,
    /// `consistent` rounded to the nearest scale value.
    pub suggested: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ahp {
    /// Principal eigenvector, summing to 1.
    pub priorities: Vec<f64>,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
    /// `cr < CR_THRESHOLD`.
    pub acceptable: bool,
    /// Set only when the judgements are not acceptable.
    pub worst: Option<Judgement>,
}

/// Builds a full reciprocal matrix from judgements `(i, j, a_ij)`: diagonal 1, a_ji = 1/a_ij,
/// missing pairs 1 (equal). Pairs may be given either way round; a later pair overrides an earlier.
pub fn matrix_from_upper(n: usize, upper: &[(usize, usize, f64)]) -> Result<Vec<Vec<f64>>, AhpError> {
    if n == 0 {
        return Err(AhpError::TooSmall);
    }
    let mut m = vec![vec![1.0; n]; n];
    for &(i, j, v) in upper {
        if i >= n || j >= n {
            return Err(AhpError::NotSquare);
        }
        let Some(k) = saaty_index(v) else { return Err(AhpError::OffScale { i, j }) };
        if i == j && k != 8 {
            return Err(AhpError::NotReciprocal { i, j });
        }
        // Exact scale values, so the reciprocal is exact too.
        m[i][j] = SAATY_SCALE[k];
        m[j][i] = SAATY_SCALE[16 - k];
    }
    Ok(m)
}

/// Priorities and consistency of a pairwise comparison matrix (a_ij: how much i dominates j).
pub fn ahp(matrix: &[Vec<f64>]) -> Result<Ahp, AhpError> {
    let n = matrix.len();
    if n == 0 {
        return Err(AhpError::TooSmall);
    }
    if matrix.iter().any(|row| row.len() != n) {
        return Err(AhpError::NotSquare);
    }
    for (i, row) in matrix.iter().enumerate() {
        for (j, &a) in row.iter().enumerate() {
            if !is_saaty(a) {
                return Err(AhpError::OffScale { i, j });
            }
            if (a * matrix[j][i] - 1.0).abs() > SCALE_TOL {
                return Err(AhpError::NotReciprocal { i, j });
            }
        }
    }
    Ok(analyse(matrix))
}

fn mat_vec(m: &[Vec<f64>], w: &[f64]) -> Vec<f64> {
    m.iter().map(|row| row.iter().zip(w).map(|(a, x)| a * x).sum()).collect()
}

/// The AHP arithmetic on an already validated positive reciprocal matrix.
fn analyse(m: &[Vec<f64>]) -> Ahp {
    let n = m.len();
    let mut w = vec![1.0 / n as f64; n];
    for _ in 0..POWER_MAX_ITER {
        let next = mat_vec(m, &w);
        let sum: f64 = next.iter().sum();
        let next: Vec<f64> = next.iter().map(|x| x / sum).collect();
        let change = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        w = next;
        if change < POWER_TOL {
            break;
        }
    }
    // Aw = λw with Σw = 1, so λ is the sum of Aw.
    let lambda_max: f64 = mat_vec(m, &w).iter().sum();
    // λmax ≥ n in exact arithmetic; the clamp only removes rounding noise.
    let ci = if n > 1 { ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0) } else { 0.0 };
    let cr = if n > 2 { ci / random_index(n) } else { 0.0 };
    let acceptable = cr < CR_THRESHOLD;
    let worst = if acceptable { None } else { worst_judgement(m, &w) };
    Ahp { priorities: w, lambda_max, ci, cr, acceptable, worst }
}

/// The pair i < j whose judgement deviates most, as a ratio either way, from w_i / w_j.
fn worst_judgement(m: &[Vec<f64>], w: &[f64]) -> Option<Judgement> {
    let mut worst: Option<(f64, Judgement)> = None;
    for i in 0..m.len() {
        for j in i + 1..m.len() {
            let e = m[i][j] * w[j] / w[i];
            let dev = e.max(1.0 / e);
            if worst.as_ref().is_none_or(|(d, _)| dev > *d) {
                let consistent = w[i] / w[j];
                let suggested = nearest_saaty(consistent);
                worst = Some((dev, Judgement { i, j, given: m[i][j], consistent, suggested }));
            }
        }
    }
    worst.map(|(_, j)| j)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub criterion: usize,
    /// Smallest signed change of this criterion's weight, in percentage points, that hands the lead
    /// to `new_leader` (the other weights rescale to keep the sum 1). 0 when already tied.
    pub delta_points: f64,
    /// The same change relative to the current weight, in %; `None` when the weight is 0.
    pub relative_pct: Option<f64>,
    pub new_leader: usize,
}

/// Weights after moving criterion `k` by `delta` (fraction, not points). The others keep their
/// proportions; if they are all 0 the freed weight is split equally, as there is no proportion to
/// keep. `None` when `k` is out of range, there is only one criterion, or the weight leaves [0, 1].
pub fn shift_weight(weights: &[f64], k: usize, delta: f64) -> Option<Vec<f64>> {
    let n = weights.len();
    let x = weights.get(k)? + delta;
    if n < 2 || !(-EDGE..=1.0 + EDGE).contains(&x) {
        return None;
    }
    let x = x.clamp(0.0, 1.0);
    let others: f64 = weights.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, w)| w).sum();
    let other = |w: f64| if others > EDGE { w * (1.0 - x) / others } else { (1.0 - x) / (n - 1) as f64 };
    Some(weights.iter().enumerate().map(|(j, &w)| if j == k { x } else { other(w) }).collect())
}

/// For each criterion, the smallest weight change that changes the top-ranked product, or `None`
/// when no weight in [0, 1] does. `weights` should be normalized; scores as in [`weighted_totals`].
pub fn sensitivity(weights: &[f64], scores: &[Vec<Option<f64>>]) -> Vec<Option<Sensitivity>> {
    let totals = weighted_totals(weights, scores);
    let Some(&leader) = ranking(&totals).first() else { return vec![None; weights.len()] };
    let tol = tie_quantum(&totals);
    (0..weights.len()).map(|k| tipping_point(weights, scores, k, leader, tol)).collect()
}

/// A product's total as a line in x, the new weight of criterion k: T(x) = x·s + (1 − x)·r, where
/// r is its score on the other criteria under their rescaled weights (see [`shift_weight`]).
fn line(weights: &[f64], row: &[Option<f64>], k: usize) -> (f64, f64) {
    let others: f64 = weights.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, w)| w).sum();
    let rest = (0..weights.len()).filter(|&j| j != k);
    let r = if others > EDGE {
        rest.map(|j| weights[j] * score_at(row, j)).sum::<f64>() / others
    } else {
        rest.map(|j| score_at(row, j)).sum::<f64>() / (weights.len() - 1) as f64
    };
    (score_at(row, k), r)
}

struct Crossing {
    delta: f64,
    /// +1 when the weight must rise, −1 when it must fall.
    dir: f64,
    /// How fast the challenger gains past the crossing; the fastest takes the lead.
    gain: f64,
    product: usize,
}

fn tipping_point(
    weights: &[f64],
    scores: &[Vec<Option<f64>>],
    k: usize,
    leader: usize,
    tol: f64,
) -> Option<Sensitivity> {
    if weights.len() < 2 {
        return None; // the only criterion's weight is pinned at 1
    }
    let x0 = weights[k];
    let (sl, rl) = line(weights, &scores[leader], k);
    let mut best: Option<Crossing> = None;
    for (p, row) in scores.iter().enumerate().filter(|&(p, _)| p != leader) {
        let (sp, rp) = line(weights, row, k);
        // Gap to the leader, T_p − T_leader = a + b·x: linear, so one crossing at most.
        let (a, b) = (rp - rl, (sp - sl) - (rp - rl));
        if b.abs() <= tol {
            continue; // parallel: the gap never closes
        }
        let tied = (a + b * x0).abs() <= tol;
        let x = if tied { x0 } else { -a / b };
        let dir = if tied { b.signum() } else { (x - x0).signum() };
        let inside = x > EDGE && x < 1.0 - EDGE;
        // On the edge p can only draw level, which hands it the lead only by index order; a tie
        // at the current weight counts when the weight can move p's way.
        let feasible = if tied { (dir > 0.0 && x0 < 1.0 - EDGE) || (dir < 0.0 && x0 > EDGE) } else { inside };
        let on_edge_win = !tied && (0.0..=1.0).contains(&x) && !inside && p < leader;
        if !(feasible || on_edge_win) {
            continue;
        }
        let c = Crossing { delta: x - x0, dir, gain: dir * (sp - rp), product: p };
        if best.as_ref().is_none_or(|bst| closer(&c, bst)) {
            best = Some(c);
        }
    }
    best.map(|c| Sensitivity {
        criterion: k,
        delta_points: c.delta * 100.0,
        relative_pct: (x0 > 0.0).then(|| c.delta / x0 * 100.0),
        new_leader: c.product,
    })
}

/// Nearest crossing first; at equal distance a rise beats a fall, then the faster gainer, then
/// the lower index (the caller iterates in index order).
fn closer(c: &Crossing, best: &Crossing) -> bool {
    let (d, bd) = (c.delta.abs(), best.delta.abs());
    if (d - bd).abs() > EDGE {
        d < bd
    } else if c.dir != best.dir {
        c.dir > best.dir
    } else {
        c.gain > best.gain + EDGE
    }
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
