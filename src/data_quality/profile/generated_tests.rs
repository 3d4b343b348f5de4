//! End-to-end tests on generated customer files with planted problems. Throughput is measured by
//! `erp-rollout bench-profile` (`bench/profile.sh`), not here.

use super::sample::*;
use super::*;

const PLAN: Plan =
    Plan { bad_emails: 37, bad_dates: 23, missing_tax_ids: 19, exact_dups: 11, likely_pairs: 13, repeated_codes: 7 };

/// File line of data row `i` (header on line 1, no embedded line breaks).
fn line(i: u64) -> u64 {
    i + 1
}

#[test]
fn ten_thousand_rows_with_planted_errors() {
    let bytes = csv_file(10_000, &PLAN);
    let report = profile_reader(customer_spec(), &bytes[..], |_| {}).unwrap();

    assert_eq!(report.rows_read, 10_000);
    assert_eq!(report.malformed.count, 0);
    assert_eq!(report.error_count("email", ErrorKind::BadEmail), 37);
    assert_eq!(report.error_count("fecha_alta", ErrorKind::BadDate), 23);
    assert_eq!(report.error_count("nif", ErrorKind::Missing), 19);
    assert_eq!(report.error_count("código", ErrorKind::DuplicateValue), 7);
    let total_errors: u64 = report.field_errors.iter().map(|f| f.total).sum();
    assert_eq!(total_errors, 37 + 23 + 19 + 7, "{:#?}", report.field_errors);
    assert_eq!(report.rows_valid, 10_000 - 37 - 23 - 19 - 7);

    // Examples point at the planted lines.
    let bad_email = report.field("email").unwrap().get(ErrorKind::BadEmail).unwrap();
    let expected: Vec<u64> = (0..5).map(|k| line(PERIOD * k + BAD_EMAIL_AT)).collect();
    assert_eq!(bad_email.examples.iter().map(|e| e.line).collect::<Vec<_>>(), expected);

    // Exact duplicates differing only in case, accents and spacing.
    assert_eq!(report.exact_duplicates, 11);
    assert_eq!(report.duplicate_groups_total, 11);
    assert_eq!(report.duplicate_groups.len(), 11);
    for (k, group) in report.duplicate_groups.iter().enumerate() {
        let k = k as u64;
        assert_eq!(group.lines, vec![line(PERIOD * k + DUP_SOURCE_AT), line(PERIOD * k + DUP_AT)]);
        assert_eq!(group.rows, 2);
        assert_eq!(normalize(&group.key[0]), normalize(&base_row(PERIOD * k + DUP_SOURCE_AT)[1]));
    }

    // Likely duplicates: exactly the planted re-keyed customers (a typo in the name), each its own group.
    let mut pairs: Vec<(u64, u64)> = report.likely_duplicates.iter().map(|p| (p.line_a, p.line_b)).collect();
    pairs.sort_unstable();
    let expected: Vec<(u64, u64)> =
        (0..13).map(|k| (line(PERIOD * k + LIKELY_SOURCE_AT), line(PERIOD * k + LIKELY_AT))).collect();
    assert_eq!(pairs, expected);
    assert_eq!(report.likely_duplicates_total, 13);
    assert_eq!(report.likely.clusters_total, 13);
    for p in &report.likely_duplicates {
        assert!(p.score >= 0.99, "certain: {p:?}");
        let name = p.evidence.iter().find(|e| e.field == "nombre").expect("the name is compared");
        assert_eq!(name.level, super::linkage::Level::Near, "{p:?}");
        assert!(p.evidence.iter().any(|e| e.field == "nif" && e.level == super::linkage::Level::Same));
    }
}

#[test]
fn planted_variants_look_as_intended() {
    let source = base_row(DUP_SOURCE_AT);
    let dup = planted_row(DUP_AT, &PLAN);
    assert_ne!(source[1], dup[1]);
    assert_eq!(normalize(&source[1]), normalize(&dup[1]));
    assert_ne!(source[2], dup[2]);
    let likely = planted_row(LIKELY_AT, &PLAN);
    let original = base_row(LIKELY_SOURCE_AT);
    assert_eq!(likely[1].chars().count(), original[1].chars().count());
    let differing = likely[1].chars().zip(original[1].chars()).filter(|(a, b)| a != b).count();
    assert_eq!(differing, 1, "{} / {}", likely[1], original[1]);
    assert_eq!(likely[2..5], original[2..5], "re-keyed: tax id, e-mail and phone kept");
    assert_ne!(likely[0], original[0]);
}

#[test]
fn the_generated_reader_streams_the_same_bytes() {
    let mut streamed = Vec::new();
    std::io::Read::read_to_end(&mut GeneratedCsv::new(500, PLAN), &mut streamed).unwrap();
    assert_eq!(streamed, csv_file(500, &PLAN));
}
