use super::*;
use std::hash::BuildHasher;

fn key(n: u64) -> impl FnOnce() -> Vec<String> {
    move || vec![format!("key {n}")]
}

#[test]
fn exact_index_counts_repeats_and_groups() {
    let mut idx = ExactIndex::default();
    assert_eq!(idx.observe(1, 2, key(1)), Seen::First);
    assert_eq!(idx.observe(2, 3, key(2)), Seen::First);
    assert_eq!(idx.observe(1, 4, key(1)), Seen::Repeat(2));
    assert_eq!(idx.observe(1, 5, key(1)), Seen::Repeat(2));
    assert_eq!(idx.observe(2, 6, key(2)), Seen::Repeat(3));
    let (dups, groups, total) = idx.finish();
    assert_eq!(dups, 3);
    assert_eq!(total, 2);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0], DuplicateGroup { key: vec!["key 1".into()], lines: vec![2, 4, 5], rows: 3 });
    assert_eq!(groups[1], DuplicateGroup { key: vec!["key 2".into()], lines: vec![3, 6], rows: 2 });
}

#[test]
fn exact_index_bounds_groups_and_lines() {
    let mut idx = ExactIndex::default();
    let mut line = 1;
    for h in 0..150u64 {
        for _ in 0..20 {
            line += 1;
            idx.observe(h, line, key(h));
        }
    }
    let (dups, groups, total) = idx.finish();
    assert_eq!(dups, 150 * 19);
    assert_eq!(total, 150);
    assert_eq!(groups.len(), MAX_GROUPS);
    assert!(groups.iter().all(|g| g.lines.len() == MAX_GROUP_LINES && g.rows == 20));
}

#[test]
fn exact_index_display_key_is_only_built_for_shown_groups() {
    let mut idx = ExactIndex::default();
    let mut built = 0;
    for h in 0..120u64 {
        idx.observe(h, 1, Vec::new);
        idx.observe(h, 2, || {
            built += 1;
            Vec::new()
        });
        idx.observe(h, 3, || {
            built += 1;
            Vec::new()
        });
    }
    assert_eq!(built, MAX_GROUPS);
}

#[test]
fn unique_index() {
    let mut u = UniqueIndex::default();
    assert!(u.insert(7));
    assert!(u.insert(8));
    assert!(!u.insert(7));
}

#[test]
fn prehashed_spreads_sequential_keys() {
    let b = BuildPreHashed::default();
    let top: std::collections::HashSet<u64> = (0..1000u64).map(|n| b.hash_one(n) >> 57).collect();
    // All 128 values of the top 7 bits (used by the hash table's control bytes) appear.
    assert_eq!(top.len(), 128);
}
