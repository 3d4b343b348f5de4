use super::super::normalize;
use super::*;

/// Runs rows of (line, values per slot) through an index and returns the pairs.
fn pairs(threshold: f64, rows: &[(u64, &[&str])]) -> Vec<LikelyPair> {
    let names = vec!["name".to_string(), "email".to_string()];
    let mut idx = LikelyIndex::new(threshold);
    for (line, values) in rows {
        for (slot, v) in values.iter().enumerate() {
            idx.add(slot, &normalize(v), *line, Some(*line));
        }
        idx.end_row(*line, &names);
    }
    idx.finish().0
}

#[test]
fn known_name_pair() {
    let found = pairs(0.92, &[(2, &["Distribuciones Turia SL"]), (3, &["Distribuciones Turia S.L"])]);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line_a, found[0].line_b, found[0].field.as_str()), (2, 3, "name"));
    // Equal after normalization.
    assert!((found[0].score - 1.0).abs() < 1e-12);
}

#[test]
fn known_email_pair() {
    // Same domain (through the blocking key); the local parts are compared.
    let score = strsim::jaro_winkler("jgarcia", "j.garcia");
    assert!(score >= 0.92, "{score}");
    let found = pairs(0.92, &[(2, &["Ana", "jgarcia@acme.es"]), (3, &["Pedro", "j.garcia@acme.es"])]);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line_a, found[0].line_b, found[0].field.as_str()), (2, 3, "email"));
    assert!((found[0].score - score).abs() < 1e-12);
}

#[test]
fn emails_are_compared_on_the_local_part() {
    // As whole addresses these score 0.93 only thanks to the shared domain.
    assert!(strsim::jaro_winkler("pywkhl.yycjezd@empresa.com", "pywkql.dcewjdg@empresa.com") > 0.92);
    let found = pairs(0.92, &[(2, &["A", "pywkhl.yycjezd@empresa.com"]), (3, &["B", "pywkql.dcewjdg@empresa.com"])]);
    assert!(found.is_empty(), "{found:?}");
    // Another domain is another block.
    let found = pairs(0.92, &[(2, &["A", "jgarcia@acme.es"]), (3, &["B", "jgarcia@acme.com"])]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_typo_is_found_and_a_different_company_is_not() {
    let rows: &[(u64, &[&str])] = &[
        (2, &["Ferretería Hermanos López SA"]),
        (3, &["Distribuciones Turia SL"]),
        (4, &["Distribuidora Levantina SA"]),
        (5, &["Ferreteria Hermanos Lopes SA"]),
    ];
    let found = pairs(0.92, rows);
    // "Distribuciones Turia SL" and "Distribuidora Levantina SA" share a block but score below 0.92.
    let score = strsim::jaro_winkler("distribuciones turia sl", "distribuidora levantina sa");
    assert!(score < 0.92, "{score}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].line_a, found[0].line_b), (2, 5));
}

#[test]
fn rows_with_the_same_duplicate_key_are_not_likely_pairs() {
    let names = vec!["name".to_string()];
    let mut idx = LikelyIndex::new(0.9);
    idx.add(0, "acme iberica", 2, Some(42));
    idx.end_row(2, &names);
    idx.add(0, "acme iberica", 3, Some(42));
    idx.end_row(3, &names);
    idx.add(0, "acme iberica", 4, None);
    idx.end_row(4, &names);
    let (found, total) = idx.finish();
    assert_eq!(total, 2);
    assert_eq!(found.iter().map(|p| (p.line_a, p.line_b)).collect::<Vec<_>>(), vec![(2, 4), (3, 4)]);
}

#[test]
fn one_pair_per_row_pair_with_the_best_field() {
    let found = pairs(0.9, &[(2, &["Acme Iberica SL", "info@acme.es"]), (3, &["Acme Iberica S.L.", "info@acme.es"])]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].field, "name");
}

#[test]
fn blocks_keep_only_the_last_entries() {
    let names = vec!["name".to_string()];
    let mut idx = LikelyIndex::new(0.99);
    idx.add(0, "zzz unique target", 2, None);
    idx.end_row(2, &names);
    // 50 other values in the same prefix block ("zzz") push line 2 out of it; single words have no initials key.
    for i in 0..BLOCK_CAP as u64 {
        idx.add(0, &format!("zzz{i:03}qwertyuiop{}", i * 7), 3 + i, None);
        idx.end_row(3 + i, &names);
    }
    idx.add(0, "zzz unique target", 1000, None);
    idx.end_row(1000, &names);
    let (found, _) = idx.finish();
    // Still found through the initials key ("tuz"), which nothing else used.
    assert_eq!(found.iter().map(|p| (p.line_a, p.line_b)).collect::<Vec<_>>(), vec![(2, 1000)]);
}

#[test]
fn evicted_entries_are_not_found() {
    let names = vec!["name".to_string()];
    let mut idx = LikelyIndex::new(0.99);
    idx.add(0, "zzzsingleword", 2, None);
    idx.end_row(2, &names);
    for i in 0..BLOCK_CAP as u64 {
        idx.add(0, &format!("zzz{i:03}qwertyuiop"), 3 + i, None);
        idx.end_row(3 + i, &names);
    }
    idx.add(0, "zzzsingleword", 1000, None);
    idx.end_row(1000, &names);
    // Recall traded for bounded memory: line 2 left its only block.
    assert!(idx.finish().0.is_empty());
}

#[test]
fn block_ring_replaces_the_oldest() {
    let entry = |line| Entry::new(line, None, 0, 1, "x");
    let mut block = Block { entries: Vec::new(), next: 0 };
    for line in 0..(BLOCK_CAP as u64 + 3) {
        block.push(entry(line), true);
    }
    let mut lines: Vec<u64> = block.entries.iter().map(|e| e.line).collect();
    lines.sort_unstable();
    assert_eq!(lines, (3..BLOCK_CAP as u64 + 3).collect::<Vec<_>>());
    // Without growth, a small block rotates in place; an empty one ignores the entry.
    let mut small = Block { entries: vec![entry(1), entry(2)], next: 0 };
    assert!(!small.push(entry(3), false));
    assert!(!small.push(entry(4), false));
    assert!(!small.push(entry(5), false));
    assert_eq!(small.entries.iter().map(|e| e.line).collect::<Vec<_>>(), vec![5, 4]);
    let mut empty = Block { entries: Vec::new(), next: 0 };
    assert!(!empty.push(entry(1), false));
    assert!(empty.entries.is_empty());
}

#[test]
fn score_bound_never_underestimates() {
    let words = [
        "distribuciones turia sl",
        "distribuciones tudela sa",
        "jgarcia@acme.es",
        "j.garcia@acme.es",
        "ferreteria lopez",
        "lopez ferreteria",
        "abc",
        "abcd",
        "zzzz",
        "a",
    ];
    for a in words {
        for b in words {
            let la = a.chars().count() as u32;
            let lb = b.chars().count() as u32;
            let mask = b.chars().fold(0u64, |m, c| m | (1 << bucket(c)));
            let in_common = a.chars().filter(|&c| mask & (1 << bucket(c)) != 0).count() as u32;
            let prefix = a.chars().zip(b.chars()).take(4).take_while(|(x, y)| x == y).count();
            let bound = score_bound(la, lb, in_common, prefix);
            assert!(bound + 1e-9 >= strsim::jaro_winkler(a, b), "{a} / {b}");
        }
    }
}

#[test]
fn threshold_is_sanitized() {
    assert_eq!(LikelyIndex::new(f64::NAN).threshold, 1.0);
    assert_eq!(LikelyIndex::new(1.5).threshold, 1.0);
    assert_eq!(LikelyIndex::new(-1.0).threshold, 0.0);
}
