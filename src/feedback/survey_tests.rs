//! Tests of `survey.rs`: SUS scores, grades and bands against published worked examples.
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

// ----- SUS scoring -----------------------------------------------------------------------

// Hand-computed: odd items 4 → 3 each (15), even items 2 → 3 each (15); 30 × 2.5 = 75.
#[test]
fn sus_hand_computed_example() {
    assert_eq!(sus_score(&[4, 2, 4, 2, 4, 2, 4, 2, 4, 2]), Some(75.0));
}

// All neutral: every item contributes 2; 20 × 2.5 = 50.
#[test]
fn sus_all_threes_is_fifty() {
    assert_eq!(sus_score(&[3; 10]), Some(50.0));
}

#[test]
fn sus_best_and_worst() {
    assert_eq!(sus_score(&[5, 1, 5, 1, 5, 1, 5, 1, 5, 1]), Some(100.0));
    assert_eq!(sus_score(&[1, 5, 1, 5, 1, 5, 1, 5, 1, 5]), Some(0.0));
}

// Agreeing with everything (or disagreeing with everything) cancels out: the odd items give
// 5 × 4 and the even items 5 × 0 (or the reverse), so both are 20 × 2.5 = 50.
#[test]
fn sus_straight_lining_is_fifty() {
    assert_eq!(sus_score(&[5; 10]), Some(50.0));
    assert_eq!(sus_score(&[1; 10]), Some(50.0));
}

// Brooke (1996), section "Scoring SUS" (paraphrased): each item contributes 0..=4; for items
// 1, 3, 5, 7 and 9 the contribution is the scale position minus 1, for items 2, 4, 6, 8 and 10
// it is 5 minus the scale position; the sum of the contributions times 2.5 is the SUS score.
// Checked item by item from the all-3s baseline (50): moving one item from 3 to 5 adds
// +2 × 2.5 = +5 on an odd item and −2 × 2.5 = −5 on an even item.
#[test]
fn sus_brooke_item_polarity() {
    for item in 0..10 {
        let mut answers = [3u8; 10];
        answers[item] = 5;
        let expected = if item % 2 == 0 { 55.0 } else { 45.0 };
        assert_eq!(sus_score(&answers), Some(expected), "item {}", item + 1);
    }
}

// Brooke (1996), the scored example questionnaire in the chapter (reproduced as Figure 6.8
// in Tullis & Albert, "Measuring the User Experience", 2008): per-item score contributions
// 4, 1, 1, 4, 1, 2, 1, 1, 4, 3 — "Total score = 22", "SUS Score = 22 × 2.5 = 55".
// The raw answers giving those contributions are r = c + 1 on odd items and r = 5 − c on
// even items: 5, 4, 2, 1, 2, 3, 2, 4, 5, 2. (The published check is the total, 22 → 55; the
// item-by-item reading of the figure is ours.)
#[test]
fn sus_brooke_1996_example_is_55() {
    let contributions = [4u8, 1, 1, 4, 1, 2, 1, 1, 4, 3];
    assert_eq!(contributions.iter().map(|&c| u32::from(c)).sum::<u32>(), 22);
    let answers = [5, 4, 2, 1, 2, 3, 2, 4, 5, 2];
    assert_eq!(sus_score(&answers), Some(55.0));
}

#[test]
fn sus_out_of_range_is_none() {
    for position in 0..10 {
        for bad in [0u8, 6, 7, 10, 255] {
            let mut answers = [3u8; 10];
            answers[position] = bad;
            assert_eq!(sus_score(&answers), None, "answer {bad} at item {}", position + 1);
        }
    }
    assert_eq!(sus_score(&[0; 10]), None);
    assert_eq!(sus_score(&[u8::MAX; 10]), None);
}

// A deterministic pseudo-random sweep (64-bit LCG, Knuth's MMIX constants) over 10,000
// answer sets: the score is always in 0..=100, a multiple of 2.5, and equal to the
// straightforward sum-of-contributions formula.
#[test]
fn sus_property_sweep() {
    let mut state: u64 = 0x5eed_1996;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        // High bits of an LCG are the best distributed.
        (state >> 33) % 5
    };
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..10_000 {
        let mut answers = [0u8; 10];
        for a in answers.iter_mut() {
            *a = u8::try_from(next() + 1).unwrap();
        }
        let score = sus_score(&answers).unwrap();
        assert!((0.0..=100.0).contains(&score), "{answers:?} → {score}");
        let steps = score / 2.5;
        assert_eq!(steps.fract(), 0.0, "{answers:?} → {score} is not a multiple of 2.5");

        let odd: i32 = answers.iter().step_by(2).map(|&r| i32::from(r) - 1).sum();
        let even: i32 = answers.iter().skip(1).step_by(2).map(|&r| 5 - i32::from(r)).sum();
        assert_eq!(score, f64::from(odd + even) * 2.5);
        seen.insert(steps as u32);
    }
    // The sweep is not degenerate: it reaches most of the 41 possible scores.
    assert!(seen.len() > 30, "only {} distinct scores", seen.len());
}

// ----- mean -------------------------------------------------------------------------------

#[test]
fn mean_basic() {
    assert_eq!(mean(&[]), None);
    assert_eq!(mean(&[72.5]), Some(72.5));
    assert_eq!(mean(&[75.0, 50.0, 100.0]), Some(75.0));
    assert_some_close(mean(&[55.0, 60.0]), 57.5);
    assert!(mean(&[f64::NAN, 1.0]).is_some_and(f64::is_nan));
}

// ----- grades -----------------------------------------------------------------------------

#[test]
fn grade_examples_from_brief() {
    assert_eq!(sus_grade(68.0), SusGrade::C);
    assert_eq!(sus_grade(84.1), SusGrade::APlus);
    assert_eq!(sus_grade(51.6), SusGrade::F);
    assert_eq!(sus_grade(51.7), SusGrade::D);
}

// Sauro & Lewis (2016), Table 8.5: each grade starts at its published lower bound, and the
// published upper bound (one decimal lower than the next grade's lower bound) is still in it.
#[test]
fn grade_every_boundary() {
    let table = [
        (84.1, 100.0, SusGrade::APlus),
        (80.8, 84.0, SusGrade::A),
        (78.9, 80.7, SusGrade::AMinus),
        (77.2, 78.8, SusGrade::BPlus),
        (74.1, 77.1, SusGrade::B),
        (72.6, 74.0, SusGrade::BMinus),
        (71.1, 72.5, SusGrade::CPlus),
        (65.0, 71.0, SusGrade::C),
        (62.7, 64.9, SusGrade::CMinus),
        (51.7, 62.6, SusGrade::D),
        (0.0, 51.6, SusGrade::F),
    ];
    for (low, high, grade) in table {
        assert_eq!(sus_grade(low), grade, "lower bound {low}");
        assert_eq!(sus_grade(high), grade, "upper bound {high}");
    }
    // Between the one-decimal ranges: below a lower bound is the grade beneath.
    assert_eq!(sus_grade(84.05), SusGrade::A);
    assert_eq!(sus_grade(64.99), SusGrade::CMinus);
}

// A mean that lands exactly on a bound must not fall short through rounding. Sums of SUS
// scores (multiples of 2.5) are exact in f64 and division is correctly rounded, so
// (24 × 85 + 62.5) / 25 = 2102.5 / 25 is the same f64 as the literal 84.1.
#[test]
fn grade_of_a_mean_on_a_boundary() {
    let mut scores = vec![85.0; 24];
    scores.push(62.5);
    let m = mean(&scores).unwrap();
    assert_eq!(m, 84.1);
    assert_eq!(sus_grade(m), SusGrade::APlus);
}

#[test]
fn grade_out_of_range_inputs() {
    assert_eq!(sus_grade(100.0), SusGrade::APlus);
    assert_eq!(sus_grade(150.0), SusGrade::APlus);
    assert_eq!(sus_grade(f64::INFINITY), SusGrade::APlus);
    assert_eq!(sus_grade(0.0), SusGrade::F);
    assert_eq!(sus_grade(-5.0), SusGrade::F);
    assert_eq!(sus_grade(f64::NEG_INFINITY), SusGrade::F);
    assert_eq!(sus_grade(f64::NAN), SusGrade::F);
}

#[test]
fn grade_labels() {
    let expected = [
        (SusGrade::APlus, "A+"),
        (SusGrade::A, "A"),
        (SusGrade::AMinus, "A-"),
        (SusGrade::BPlus, "B+"),
        (SusGrade::B, "B"),
        (SusGrade::BMinus, "B-"),
        (SusGrade::CPlus, "C+"),
        (SusGrade::C, "C"),
        (SusGrade::CMinus, "C-"),
        (SusGrade::D, "D"),
        (SusGrade::F, "F"),
    ];
    for (grade, label) in expected {
        assert_eq!(sus_grade_label(grade), label);
        assert!(label.is_ascii());
    }
}

// ----- band -------------------------------------------------------------------------------

// Sauro (2011): the average SUS score is 68; at or above it is above average.
#[test]
fn band_around_average() {
    assert_eq!(sus_band(SUS_AVERAGE), SusBand::AboveAverage);
    assert_eq!(sus_band(68.0), SusBand::AboveAverage);
    assert_eq!(sus_band(100.0), SusBand::AboveAverage);
    assert_eq!(sus_band(67.5), SusBand::BelowAverage);
    assert_eq!(sus_band(67.99), SusBand::BelowAverage);
    assert_eq!(sus_band(0.0), SusBand::BelowAverage);
    assert_eq!(sus_band(f64::NAN), SusBand::BelowAverage);
    // The average itself is a C, the middle of the curve.
    assert_eq!(sus_grade(SUS_AVERAGE), SusGrade::C);
}

// ----- questionnaire text ------------------------------------------------------------------

#[test]
fn sus_items_text() {
    assert_eq!(SUS_ITEMS_EN[0], "I think that I would like to use this system frequently.");
    assert_eq!(SUS_ITEMS_EN[1], "I found the system unnecessarily complex.");
    assert_eq!(SUS_ITEMS_EN[7], "I found the system very cumbersome to use.");
    assert_eq!(SUS_ITEMS_EN[9], "I needed to learn a lot of things before I could get going with this system.");
    for item in SUS_ITEMS_EN {
        assert!(item.contains("system"), "{item}");
        assert_eq!(item, item.trim());
    }
    for item in SUS_ITEMS_ES {
        assert!(item.contains("herramienta"), "{item}");
        assert_eq!(item, item.trim());
    }
    assert_eq!(SUS_ITEMS_ES[0], "Me gustaría usar esta herramienta frecuentemente.");
    assert_eq!(SUS_ITEMS_ES[7], "Considero que el uso de esta herramienta es tedioso");
}

#[test]
fn enps_question_text() {
    assert_eq!(ENPS_QUESTION_EN, "How likely is it that you would recommend the new ERP to a colleague?");
    assert!(ENPS_QUESTION_ES.starts_with('¿') && ENPS_QUESTION_ES.ends_with('?'));
    assert!(ENPS_QUESTION_ES.contains("ERP"));
}
