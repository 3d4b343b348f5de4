//! Survey arithmetic, pure: SUS scores and grades, eNPS, KPI change and progress, small-group
//! suppression. (Placeholder until the reviewed version lands; same API.)

/// The ten SUS statements in English (Brooke 1996).
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

/// The ten SUS statements in Spanish.
pub const SUS_ITEMS_ES: [&str; 10] = [
    "Creo que me gustaría usar este sistema con frecuencia.",
    "Encontré el sistema innecesariamente complejo.",
    "Pensé que el sistema era fácil de usar.",
    "Creo que necesitaría el apoyo de un técnico para poder usar este sistema.",
    "Encontré que las diversas funciones de este sistema estaban bien integradas.",
    "Pensé que había demasiada inconsistencia en este sistema.",
    "Imagino que la mayoría de las personas aprendería a usar este sistema muy rápidamente.",
    "Encontré el sistema muy engorroso de usar.",
    "Me sentí muy seguro usando el sistema.",
    "Necesité aprender muchas cosas antes de poder empezar con este sistema.",
];

pub const ENPS_QUESTION_EN: &str = "How likely is it that you would recommend the new ERP to a colleague? (0 = not at all likely, 10 = extremely likely)";
pub const ENPS_QUESTION_ES: &str =
    "¿Qué probabilidad hay de que recomiende el nuevo ERP a un compañero? (0 = nada probable, 10 = muy probable)";

/// Brooke (1996): odd items contribute r − 1, even items 5 − r; the sum × 2.5 gives 0–100.
pub fn sus_score(answers: &[u8; 10]) -> Option<f64> {
    if answers.iter().any(|a| !(1..=5).contains(a)) {
        return None;
    }
    let sum: u32 =
        answers.iter().enumerate().map(|(i, &r)| if i % 2 == 0 { u32::from(r) - 1 } else { 5 - u32::from(r) }).sum();
    Some(f64::from(sum) * 2.5)
}

pub fn mean(scores: &[f64]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SusGrade {
    APlus,
    A,
    AMinus,
    BPlus,
    B,
    BMinus,
    CPlus,
    C,
    CMinus,
    D,
    F,
}

/// Sauro–Lewis curved grading scale (Quantifying the User Experience, 2nd ed., 2016).
pub fn sus_grade(score: f64) -> SusGrade {
    use SusGrade::*;
    const TABLE: [(f64, SusGrade); 10] = [
        (84.1, APlus),
        (80.8, A),
        (78.9, AMinus),
        (77.2, BPlus),
        (74.1, B),
        (72.6, BMinus),
        (71.1, CPlus),
        (65.0, C),
        (62.7, CMinus),
        (51.7, D),
    ];
    TABLE.iter().find(|(lo, _)| score >= *lo).map(|(_, g)| *g).unwrap_or(F)
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SusBand {
    BelowAverage,
    AboveAverage,
}

/// The average SUS across studies (Sauro 2011).
pub const SUS_AVERAGE: f64 = 68.0;

pub fn sus_band(score: f64) -> SusBand {
    if score >= SUS_AVERAGE { SusBand::AboveAverage } else { SusBand::BelowAverage }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nps {
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
    pub score: f64,
}

/// eNPS from 0–10 answers: % promoters (9–10) − % detractors (0–6).
pub fn nps(answers: &[u8]) -> Option<Nps> {
    if answers.is_empty() || answers.iter().any(|a| *a > 10) {
        return None;
    }
    let promoters = answers.iter().filter(|a| **a >= 9).count() as u32;
    let detractors = answers.iter().filter(|a| **a <= 6).count() as u32;
    let passives = answers.len() as u32 - promoters - detractors;
    let score = (f64::from(promoters) - f64::from(detractors)) * 100.0 / answers.len() as f64;
    Some(Nps { promoters, passives, detractors, score })
}

pub const NPS_MIN_ANSWERS: usize = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

pub fn kpi_change(baseline: f64, after: f64) -> Option<f64> {
    (baseline != 0.0 && baseline.is_finite() && after.is_finite()).then(|| (after - baseline) / baseline)
}

pub fn kpi_improvement(baseline: f64, after: f64, d: Direction) -> Option<f64> {
    kpi_change(baseline, after).map(|c| if d == Direction::LowerIsBetter { -c } else { c })
}

pub fn kpi_progress(baseline: f64, target: f64, current: f64) -> Option<f64> {
    if !(baseline.is_finite() && target.is_finite() && current.is_finite()) || target == baseline {
        return None;
    }
    Some(((current - baseline) / (target - baseline)).clamp(0.0, 1.0))
}

pub const MIN_GROUP: usize = 5;

pub fn visible(count: usize) -> bool {
    count >= MIN_GROUP
}
