//! Tests of `survey.rs`: eNPS, KPI change and progress, small-group suppression.
use super::*;

fn assert_close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-12, "expected {expected}, got {actual}");
}

fn assert_some_close(actual: Option<f64>, expected: f64) {
    match actual {
        Some(value) => assert_close(value, expected),
        None => panic!("expected Some({expected}), got None"),
    }
}

// ----- NPS --------------------------------------------------------------------------------

#[test]
fn enps_is_written_one_way_signed_with_one_decimal() {
    // Sales in the integration test: (3 − 1) / 6 = 33.33…; the warehouse (1 − 3) / 5 = −40.
    assert_eq!(enps_label(enps_score(3, 1, 6).unwrap()), "+33.3");
    assert_eq!(enps_label(enps_score(1, 3, 5).unwrap()), "-40.0");
    assert_eq!(enps_label(0.0), "0.0");
    assert_eq!(enps_label(-0.04), "0.0", "no signed zero");
    assert_eq!(enps_label(100.0), "+100.0");
    assert_eq!(enps_label(2.0 / 3.0 * 100.0), "+66.7");
}

// Reichheld (2003) / Bain & Company: promoters answer 9–10, passives 7–8, detractors 0–6;
// NPS = % promoters − % detractors. 10 answers with 5 promoters (50 %), 3 passives and
// 2 detractors (20 %) → 50 − 20 = +30.
#[test]
fn nps_worked_example() {
    let answers = [10, 9, 9, 10, 9, 8, 7, 8, 6, 0];
    assert_eq!(nps(&answers), Some(Nps { promoters: 5, passives: 3, detractors: 2, score: 30.0 }));
}

#[test]
fn nps_extremes() {
    let top = nps(&[10; 10]).unwrap();
    assert_eq!((top.promoters, top.passives, top.detractors, top.score), (10, 0, 0, 100.0));
    let bottom = nps(&[0; 10]).unwrap();
    assert_eq!((bottom.promoters, bottom.passives, bottom.detractors, bottom.score), (0, 0, 10, -100.0));
    // Only passives: they count in the total but not in the score.
    assert_eq!(nps(&[7, 8, 7, 8]).map(|n| n.score), Some(0.0));
}

// The category boundaries: 6 is a detractor, 7 and 8 passives, 9 a promoter.
#[test]
fn nps_category_boundaries() {
    for (answer, expected) in [(0u8, (0, 0, 1)), (6, (0, 0, 1)), (7, (0, 1, 0)), (8, (0, 1, 0)), (9, (1, 0, 0))] {
        let n = nps(&[answer]).unwrap();
        assert_eq!((n.promoters, n.passives, n.detractors), expected, "answer {answer}");
    }
}

#[test]
fn nps_invalid_is_none() {
    assert_eq!(nps(&[]), None);
    assert_eq!(nps(&[11]), None);
    assert_eq!(nps(&[10, 9, 11]), None);
    assert_eq!(nps(&[u8::MAX]), None);
}

// Non-round percentages: 1 promoter, 1 detractor, 1 passive → 0; 2 promoters of 3 → 66.67.
#[test]
fn nps_fractional_scores() {
    assert_eq!(nps(&[9, 5, 7]).map(|n| n.score), Some(0.0));
    assert_some_close(nps(&[9, 10, 7]).map(|n| n.score), 200.0 / 3.0);
    assert_some_close(nps(&[0, 1, 10]).map(|n| n.score), -100.0 / 3.0);
}

// Deterministic sweep: counts add up and the score stays in −100..=100.
#[test]
fn nps_property_sweep() {
    let mut state: u64 = 42;
    let mut next = move |m: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    for _ in 0..2_000 {
        let len = usize::try_from(next(60) + 1).unwrap();
        let answers: Vec<u8> = (0..len).map(|_| u8::try_from(next(11)).unwrap()).collect();
        let n = nps(&answers).unwrap();
        assert_eq!((n.promoters + n.passives + n.detractors) as usize, len);
        assert!((-100.0..=100.0).contains(&n.score), "{answers:?} → {}", n.score);
    }
}

#[test]
fn nps_min_answers_constant() {
    assert_eq!(NPS_MIN_ANSWERS, 30);
}

// ----- KPIs -------------------------------------------------------------------------------

// Baseline 10 → after 8 (e.g. days to close the month): the value fell by 20 %, which is a
// 20 % improvement when lower is better.
#[test]
fn kpi_lower_is_better() {
    assert_some_close(kpi_change(10.0, 8.0), -0.2);
    assert_some_close(kpi_improvement(10.0, 8.0, Direction::LowerIsBetter), 0.2);
    assert_some_close(kpi_improvement(10.0, 8.0, Direction::HigherIsBetter), -0.2);
}

// 80 → 90: (90 − 80) / 80 = +12.5 %.
#[test]
fn kpi_higher_is_better() {
    assert_eq!(kpi_change(80.0, 90.0), Some(0.125));
    assert_eq!(kpi_improvement(80.0, 90.0, Direction::HigherIsBetter), Some(0.125));
    assert_eq!(kpi_improvement(80.0, 90.0, Direction::LowerIsBetter), Some(-0.125));
    assert_eq!(kpi_change(80.0, 80.0), Some(0.0));
    assert_eq!(kpi_change(10.0, 0.0), Some(-1.0));
}

#[test]
fn kpi_change_invalid_is_none() {
    assert_eq!(kpi_change(0.0, 5.0), None);
    assert_eq!(kpi_change(-0.0, 5.0), None);
    assert_eq!(kpi_improvement(0.0, 5.0, Direction::HigherIsBetter), None);
    assert_eq!(kpi_change(f64::NAN, 5.0), None);
    assert_eq!(kpi_change(5.0, f64::NAN), None);
    assert_eq!(kpi_change(f64::INFINITY, 5.0), None);
    assert_eq!(kpi_change(5.0, f64::NEG_INFINITY), None);
    assert_eq!(kpi_improvement(5.0, f64::NAN, Direction::LowerIsBetter), None);
    // Overflow: finite inputs, infinite ratio.
    assert_eq!(kpi_change(f64::MIN_POSITIVE, f64::MAX), None);
}

// A negative baseline (e.g. a margin of −10) rising to −5 went up by 50 %.
#[test]
fn kpi_change_negative_baseline() {
    assert_some_close(kpi_change(-10.0, -5.0), 0.5);
    assert_some_close(kpi_improvement(-10.0, -5.0, Direction::HigherIsBetter), 0.5);
    assert_some_close(kpi_change(-10.0, -15.0), -0.5);
}

// Baseline 10, target 6 (lower is better), now 8: half-way.
#[test]
fn kpi_progress_examples() {
    assert_eq!(kpi_progress(10.0, 6.0, 8.0), Some(0.5));
    assert_eq!(kpi_progress(10.0, 6.0, 10.0), Some(0.0));
    assert_eq!(kpi_progress(10.0, 6.0, 6.0), Some(1.0));
    // Overshoot is reported as 1.0, moving the wrong way as 0.0.
    assert_eq!(kpi_progress(10.0, 6.0, 4.0), Some(1.0));
    assert_eq!(kpi_progress(10.0, 6.0, 12.0), Some(0.0));
    // Higher is better: 80 → target 90, now 85.
    assert_eq!(kpi_progress(80.0, 90.0, 85.0), Some(0.5));
    assert_eq!(kpi_progress(80.0, 90.0, 95.0), Some(1.0));
    assert_eq!(kpi_progress(80.0, 90.0, 70.0), Some(0.0));
    assert_some_close(kpi_progress(0.0, 3.0, 1.0), 1.0 / 3.0);
}

#[test]
fn kpi_progress_invalid_is_none() {
    assert_eq!(kpi_progress(10.0, 10.0, 8.0), None);
    assert_eq!(kpi_progress(f64::NAN, 6.0, 8.0), None);
    assert_eq!(kpi_progress(10.0, f64::NAN, 8.0), None);
    assert_eq!(kpi_progress(10.0, 6.0, f64::NAN), None);
    assert_eq!(kpi_progress(10.0, 6.0, f64::INFINITY), None);
    assert_eq!(kpi_progress(f64::NEG_INFINITY, 6.0, 8.0), None);
    // Overflowing arithmetic on finite inputs never panics and stays in range.
    for (b, t, c) in [
        (f64::MIN, f64::MAX, 0.0),
        (f64::MIN, f64::MAX, f64::MAX),
        (0.0, f64::MIN_POSITIVE, f64::MAX),
        (f64::MAX, f64::MIN, f64::MIN),
    ] {
        if let Some(p) = kpi_progress(b, t, c) {
            assert!((0.0..=1.0).contains(&p), "{b}, {t}, {c} → {p}");
        }
    }
}

// ----- anonymity --------------------------------------------------------------------------

#[test]
fn small_groups_are_hidden() {
    assert_eq!(MIN_GROUP, 5);
    assert!(!visible(0));
    assert!(!visible(4));
    assert!(visible(5));
    assert!(visible(6));
    assert!(visible(usize::MAX));
}
