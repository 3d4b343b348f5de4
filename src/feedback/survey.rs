//! Scoring for post-rollout feedback surveys: the System Usability Scale (SUS), the employee Net
//! Promoter Score (eNPS), before/after KPI comparisons and small-group suppression.
//!
//! Everything here is pure and total: no function panics, and invalid input gives `None` (or, for
//! the grade and band look-ups, a documented fallback) instead of a wrong number.
//!
//! Sources:
//! - Brooke, J. (1996). "SUS: A 'quick and dirty' usability scale". In P. W. Jordan, B. Thomas,
//!   B. A. Weerdmeester & I. L. McClelland (Eds.), *Usability Evaluation in Industry*, pp. 189–194.
//!   London: Taylor & Francis.
//! - Sauro, J. (2011). *A Practical Guide to the System Usability Scale*. Denver: Measuring Usability.
//! - Sauro, J. & Lewis, J. R. (2016). *Quantifying the User Experience*, 2nd ed., Table 8.5.
//!   Cambridge, MA: Morgan Kaufmann.
//! - Sevilla-Gonzalez, M. D. R., Moreno Loaeza, L., Lazaro-Carrera, L. S., Bourguet Ramirez, B.,
//!   Vázquez Rodríguez, A., Peralta-Pedrero, M. L. & Almeda-Valdes, P. (2020). "Spanish Version of
//!   the System Usability Scale for the Assessment of Electronic Tools: Development and Validation".
//!   *JMIR Human Factors* 7(4):e21161. doi:10.2196/21161.
//! - Reichheld, F. F. (2003). "The One Number You Need to Grow". *Harvard Business Review* 81(12).

// ---------------------------------------------------------------------------------------------
// SUS
// ---------------------------------------------------------------------------------------------

/// Scores one SUS questionnaire: 10 answers on 1..=5, item 1 first.
///
/// Brooke (1996): odd items (1, 3, 5, 7, 9) contribute `r − 1`, even items (2, 4, 6, 8, 10)
/// contribute `5 − r`; each contribution is 0..=4, and the sum (0..=40) × 2.5 gives 0..=100.
/// The result is always a multiple of 2.5.
///
/// Returns `None` if any answer is outside 1..=5.
#[must_use]
pub fn sus_score(answers: &[u8; 10]) -> Option<f64> {
    let mut sum: u32 = 0;
    for (index, &answer) in answers.iter().enumerate() {
        if !(1..=5).contains(&answer) {
            return None;
        }
        // `index` is 0-based, so item 1 (odd, positively worded) has index 0.
        let contribution = if index % 2 == 0 { answer - 1 } else { 5 - answer };
        sum += u32::from(contribution);
    }
    Some(f64::from(sum) * 2.5)
}

/// Arithmetic mean of `scores`; `None` when the slice is empty.
///
/// Non-finite inputs are not filtered: a NaN in `scores` gives `Some(NaN)`.
#[must_use]
pub fn mean(scores: &[f64]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let sum: f64 = scores.iter().sum();
    Some(sum / scores.len() as f64)
}

/// A letter grade on the Sauro–Lewis curved grading scale for SUS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SusGrade {
    /// 84.1–100 (percentile 96–100).
    APlus,
    /// 80.8–84.0 (percentile 90–95).
    A,
    /// 78.9–80.7 (percentile 85–89).
    AMinus,
    /// 77.2–78.8 (percentile 80–84).
    BPlus,
    /// 74.1–77.1 (percentile 70–79).
    B,
    /// 72.6–74.0 (percentile 65–69).
    BMinus,
    /// 71.1–72.5 (percentile 60–64).
    CPlus,
    /// 65.0–71.0 (percentile 41–59); contains the average of 68.
    C,
    /// 62.7–64.9 (percentile 35–40).
    CMinus,
    /// 51.7–62.6 (percentile 15–34).
    D,
    /// 0–51.6 (percentile 0–14).
    F,
}

/// Lower bound of each grade, best grade first (Sauro & Lewis 2016, Table 8.5). Anything below
/// the last bound is an F.
const SUS_GRADE_LOWER_BOUNDS: [(f64, SusGrade); 10] = [
    (84.1, SusGrade::APlus),
    (80.8, SusGrade::A),
    (78.9, SusGrade::AMinus),
    (77.2, SusGrade::BPlus),
    (74.1, SusGrade::B),
    (72.6, SusGrade::BMinus),
    (71.1, SusGrade::CPlus),
    (65.0, SusGrade::C),
    (62.7, SusGrade::CMinus),
    (51.7, SusGrade::D),
];

/// Grades a SUS score (one questionnaire or a mean) on the Sauro–Lewis curved grading scale.
///
/// Source: Sauro, J. & Lewis, J. R. (2016), *Quantifying the User Experience*, 2nd ed., Table 8.5:
/// A+ 84.1–100, A 80.8–84.0, A− 78.9–80.7, B+ 77.2–78.8, B 74.1–77.1, B− 72.6–74.0, C+ 71.1–72.5,
/// C 65.0–71.0, C− 62.7–64.9, D 51.7–62.6, F 0–51.6.
///
/// The published ranges stop at one decimal; a score gets the best grade whose lower bound it
/// reaches (`score >= lower bound`), so 84.05 is an A and 84.1 an A+. Scores above 100 grade as
/// A+; negative scores and NaN grade as F.
///
/// Not to be confused with the older scale in Sauro (2011), where an A starts at 80.3.
#[must_use]
pub fn sus_grade(score: f64) -> SusGrade {
    SUS_GRADE_LOWER_BOUNDS.iter().find(|(lower, _)| score >= *lower).map_or(SusGrade::F, |&(_, grade)| grade)
}

/// The grade as plain ASCII text: `"A+"`, `"A"`, `"A-"`, `"B+"`, … `"D"`, `"F"`.
#[must_use]
pub fn sus_grade_label(g: SusGrade) -> &'static str {
    match g {
        SusGrade::APlus => "A+",
        SusGrade::A => "A",
        SusGrade::AMinus => "A-",
        SusGrade::BPlus => "B+",
        SusGrade::B => "B",
        SusGrade::BMinus => "B-",
        SusGrade::CPlus => "C+",
        SusGrade::C => "C",
        SusGrade::CMinus => "C-",
        SusGrade::D => "D",
        SusGrade::F => "F",
    }
}

/// Whether a SUS score is below or above the average SUS score ([`SUS_AVERAGE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SusBand {
    /// Below 68.
    BelowAverage,
    /// 68 or above.
    AboveAverage,
}

/// The average SUS score: 68, the mean over 500 studies reported in Sauro (2011),
/// *A Practical Guide to the System Usability Scale* (about the 50th percentile).
pub const SUS_AVERAGE: f64 = 68.0;

/// Places a SUS score relative to [`SUS_AVERAGE`]: `>= 68` is above average. NaN is below average.
#[must_use]
pub fn sus_band(score: f64) -> SusBand {
    if score >= SUS_AVERAGE { SusBand::AboveAverage } else { SusBand::BelowAverage }
}

/// The ten SUS statements in English, item 1 first, in Brooke's (1996) original wording.
///
/// Odd items are worded positively and even items negatively; this order is what
/// [`sus_score`] assumes.
pub const SUS_ITEMS_EN: [&str; 10] = [
    "I think that I would like to use this system frequently.",
    "I found the system unnecessarily complex.",
    "I thought the system was easy to use.",
    "I think that I would need the support of a technical person to be able to use this system.",
    "I found the various functions in this system were well integrated.",
    "I thought there was too much inconsistency in this system.",
    "I would imagine that most people would learn to use this system very quickly.",
    "I found the system very cumbersome to use.",
    "I felt very confident using the system.",
    "I needed to learn a lot of things before I could get going with this system.",
];

/// The ten SUS statements in Spanish, item 1 first, from the validated version of
/// Sevilla-Gonzalez et al. (2020), *JMIR Human Factors* 7(4):e21161 (Multimedia Appendix 2).
///
/// Wording to be checked against the paper: this text was not copied from the appendix itself but
/// from several independent secondary transcriptions of it that agree word for word. It is kept
/// as transcribed, including "herramienta" (tool) where Brooke says "system" (the validated
/// version refers to "la herramienta") and the trailing full stop on items 1 and 3 only. The
/// polarity and order match [`SUS_ITEMS_EN`], so [`sus_score`] applies unchanged.
pub const SUS_ITEMS_ES: [&str; 10] = [
    "Me gustaría usar esta herramienta frecuentemente.",
    "Considero que esta herramienta es innecesariamente compleja",
    "Considero que la herramienta es fácil de usar.",
    "Considero necesario el apoyo de personal experto para poder utilizar esta herramienta",
    "Considero que las funciones de la herramienta están bien integradas",
    "Considero que la herramienta presenta muchas contradicciones",
    "Imagino que la mayoría de las personas aprenderían a usar esta herramienta rápidamente",
    "Considero que el uso de esta herramienta es tedioso",
    "Me sentí muy confiado al usar la herramienta",
    "Necesité saber bastantes cosas antes de poder empezar a usar esta herramienta",
];

// ---------------------------------------------------------------------------------------------
// eNPS
// ---------------------------------------------------------------------------------------------

/// The eNPS question in English, answered on 0..=10 (0 = not at all likely, 10 = extremely likely).
pub const ENPS_QUESTION_EN: &str = "How likely is it that you would recommend the new ERP to a colleague?";

/// The eNPS question in Spanish, answered on 0..=10 (0 = nada probable, 10 = muy probable).
/// A direct translation of [`ENPS_QUESTION_EN`], not a validated instrument.
pub const ENPS_QUESTION_ES: &str = "¿Con qué probabilidad recomendaría el nuevo ERP a un compañero?";

/// Result of [`nps`]: the three group counts and the score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nps {
    /// Answers of 9 or 10.
    pub promoters: u32,
    /// Answers of 7 or 8.
    pub passives: u32,
    /// Answers of 0 to 6.
    pub detractors: u32,
    /// % promoters − % detractors, in −100..=100.
    pub score: f64,
}

/// Below this many answers an NPS is too noisy to report as a number on its own; the report
/// should warn. The function [`nps`] still computes it.
pub const NPS_MIN_ANSWERS: usize = 30;

/// eNPS from 0..=10 answers: % promoters (9–10) − % detractors (0–6), passives (7–8) count only
/// in the total. The score is in −100..=100.
///
/// Definition: Reichheld (2003), "The One Number You Need to Grow", *Harvard Business Review*;
/// Bain & Company's Net Promoter System.
///
/// Returns `None` when `answers` is empty, when any answer is above 10, or when there are more
/// than `u32::MAX` answers (the counts would not fit).
#[must_use]
pub fn nps(answers: &[u8]) -> Option<Nps> {
    let total = u32::try_from(answers.len()).ok()?;
    if total == 0 {
        return None;
    }
    let (mut promoters, mut passives, mut detractors) = (0u32, 0u32, 0u32);
    for &answer in answers {
        // The counts cannot overflow: each is at most `total`, which fits in u32.
        match answer {
            0..=6 => detractors += 1,
            7..=8 => passives += 1,
            9..=10 => promoters += 1,
            _ => return None,
        }
    }
    let score = enps_score(u64::from(promoters), u64::from(detractors), u64::from(total))?;
    Some(Nps { promoters, passives, detractors, score })
}

/// eNPS from counts (the SQL aggregates give counts, not answers): % promoters − % detractors.
/// `None` without answers.
pub fn enps_score(promoters: u64, detractors: u64, answers: u64) -> Option<f64> {
    (answers > 0).then(|| 100.0 * (promoters as f64 - detractors as f64) / answers as f64)
}

/// The one way the UI writes an eNPS (results tables, the adoption chart): signed, one decimal,
/// "0.0" for zero. Exports keep the unrounded value instead.
pub fn enps_label(score: f64) -> String {
    let tenths = (score * 10.0).round() / 10.0;
    if tenths == 0.0 { "0.0".into() } else { format!("{tenths:+.1}") }
}

// ---------------------------------------------------------------------------------------------
// KPIs
// ---------------------------------------------------------------------------------------------

/// Which way a KPI should move to count as better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// More is better (e.g. orders processed per day).
    HigherIsBetter,
    /// Less is better (e.g. days to close the month, error rate).
    LowerIsBetter,
}

/// Relative change (after − baseline) / |baseline| as a fraction (0.25 = +25 %).
///
/// For the usual positive baseline this is exactly (after − baseline) / baseline. The absolute
/// value only matters for a negative baseline, where it keeps the sign meaning "went up".
///
/// Returns `None` when `baseline` is 0, when either value is not finite, or when the result — or
/// the result as a percentage, which is how it is shown and exported — overflows to infinity.
#[must_use]
pub fn kpi_change(baseline: f64, after: f64) -> Option<f64> {
    if !baseline.is_finite() || !after.is_finite() || baseline == 0.0 {
        return None;
    }
    let change = (after - baseline) / baseline.abs();
    (change * 100.0).is_finite().then_some(change)
}

/// The change counted in the good direction: positive means improvement (the sign of
/// [`kpi_change`] is flipped for [`Direction::LowerIsBetter`]). `None` in the same cases as
/// [`kpi_change`].
#[must_use]
pub fn kpi_improvement(baseline: f64, after: f64, d: Direction) -> Option<f64> {
    let change = kpi_change(baseline, after)?;
    Some(match d {
        Direction::HigherIsBetter => change,
        Direction::LowerIsBetter => -change,
    })
}

/// Progress from baseline to target as a fraction clamped to 0.0..=1.0:
/// (current − baseline) / (target − baseline). Works for both directions: a target below the
/// baseline means lower is better. Overshooting the target reports 1.0; moving away from it
/// reports 0.0.
///
/// Returns `None` when `target == baseline`, when any value is not finite, or when the
/// arithmetic overflows to an undefined result.
#[must_use]
pub fn kpi_progress(baseline: f64, target: f64, current: f64) -> Option<f64> {
    if !baseline.is_finite() || !target.is_finite() || !current.is_finite() || target == baseline {
        return None;
    }
    let progress = (current - baseline) / (target - baseline);
    if progress.is_nan() {
        return None;
    }
    Some(progress.clamp(0.0, 1.0))
}

// ---------------------------------------------------------------------------------------------
// Anonymity
// ---------------------------------------------------------------------------------------------

/// Small-group suppression for anonymity: groups with fewer than `MIN_GROUP` answers are hidden.
pub const MIN_GROUP: usize = 5;

/// Whether a group with `count` answers may be shown: `count >= MIN_GROUP`.
#[must_use]
pub fn visible(count: usize) -> bool {
    count >= MIN_GROUP
}

#[cfg(test)]
#[path = "survey_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "survey_more_tests.rs"]
mod more_tests;
