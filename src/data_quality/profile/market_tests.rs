use super::*;
use crate::data_quality::profile::{Report, profile_reader};
use std::collections::HashSet;

/// (precision, recall, report) of the finder on one planted export.
fn measure(rows: u64, seed: u64) -> (f64, f64, Report, Truth) {
    let (bytes, truth) = export(rows, seed);
    let report = profile_reader(spec(), &bytes[..], |_| {}).expect("profiled");
    assert!(report.likely_duplicates_total <= 200, "every reported pair is listed: {}", report.likely_duplicates_total);
    let planted: HashSet<(u64, u64)> = truth.pairs.iter().map(|p| (p.0, p.1)).collect();
    let found: HashSet<(u64, u64)> = report.likely_duplicates.iter().map(|p| (p.line_a, p.line_b)).collect();
    let same = same_entity(&truth);
    let hits = planted.iter().filter(|p| found.contains(p)).count() as f64;
    let right = found.iter().filter(|p| same.contains(p)).count() as f64;
    let precision = if found.is_empty() { 1.0 } else { right / found.len() as f64 };
    (precision, hits / planted.len() as f64, report, truth)
}

/// Every pair of rows that are one customer: an original and its copies, and copies of one original.
fn same_entity(truth: &Truth) -> HashSet<(u64, u64)> {
    let mut out = HashSet::new();
    for a in &truth.pairs {
        out.insert((a.0, a.1));
        for b in truth.pairs.iter().filter(|b| b.0 == a.0 && b.1 > a.1) {
            out.insert((a.1, b.1));
        }
    }
    out
}

fn explain(report: &Report, truth: &Truth) -> String {
    let planted = same_entity(truth);
    let found: HashSet<(u64, u64)> = report.likely_duplicates.iter().map(|p| (p.line_a, p.line_b)).collect();
    let mut out = String::new();
    for p in report.likely_duplicates.iter().filter(|p| !planted.contains(&(p.line_a, p.line_b))) {
        out.push_str(&format!(
            "false positive {}~{} p={:.3} w={:.1}: {:?}\n",
            p.line_a,
            p.line_b,
            p.score,
            p.weight,
            p.evidence
                .iter()
                .map(|e| format!("{} {:?} {:.1} [{} | {}]", e.field, e.level, e.weight, e.a, e.b))
                .collect::<Vec<_>>()
        ));
    }
    for t in truth.pairs.iter().filter(|t| !found.contains(&(t.0, t.1))) {
        out.push_str(&format!("missed {}~{} ({})\n", t.0, t.1, t.2));
    }
    out
}

#[test]
fn planted_near_duplicates_are_found_with_precision_and_recall_of_at_least_95_percent() {
    for seed in [1, 2, 3] {
        let (precision, recall, report, truth) = measure(5_000, seed);
        assert_eq!(report.exact_duplicates, truth.exact_duplicates, "seed {seed}");
        assert!(
            precision >= 0.95 && recall >= 0.95,
            "seed {seed}: precision {precision:.3} recall {recall:.3}\n{}",
            explain(&report, &truth)
        );
    }
}

#[test]
fn every_kind_is_planted_and_look_alikes_are_not_reported() {
    let (_, truth) = export(5_000, 7);
    let kinds: HashSet<&str> = truth.pairs.iter().map(|p| p.2).collect();
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    assert_eq!(truth.pairs.len(), 30);
    assert_eq!(truth.look_alikes, 30);
}
