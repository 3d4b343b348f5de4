//! Likely-duplicate detection without comparing every pair: blocking with bounded blocks.
//!
//! Each normalized value of a similar field gets one or two blocking keys:
//! * e-mail addresses (values with `@`): the first 4 letters/digits of the local part (ignoring `.`, `-`, `_`,
//!   `+`) plus the whole domain, so `jgarcia@acme.es` and `j.garcia@acme.es` share a block;
//! * other values: the first 3 characters (spaces ignored), and — with two or more words — the sorted initials
//!   of the first 6 words (`juan garcia lopez` and `garcia lopez juan` both give `gjl`).
//!
//! Values are cut to 64 characters; e-mail addresses are then compared on their local part only (the domain is
//! in the blocking key, and a long shared domain would inflate every score: `pywkhl.yycjezd@empresa.com` and
//! `pywkql.dcewjdg@empresa.com` score 0.93 as whole addresses).
//!
//! A block keeps only its last 50 entries (line, duplicate-key hash, compared text), and the whole
//! index at most [`MAX_ENTRIES`] entries: once full, new entries replace the oldest entry of an existing block
//! and new blocks are not created. A new value is compared with `strsim::jaro_winkler` only against the entries
//! of its own blocks, after a cheap upper bound on the score (lengths, characters in common, common prefix) has
//! ruled out hopeless candidates. **This trades recall for bounded memory and time**: pairs whose values share
//! no blocking key (e.g. a typo in the first letters of a name), or whose earlier row was pushed out of a busy
//! block, are not found. Memory is bounded by min(#blocks × 50, [`MAX_ENTRIES`]) entries of ≤ 64 characters
//! (measured: about 80 MB for 1 and 2 million generated customer rows alike).

use super::dupes::BuildPreHashed;
use super::normalize::Fnv;
use super::report::{LikelyPair, truncate_chars};
use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;
use std::sync::Arc;

/// Entries kept per block (the most recent ones).
pub(crate) const BLOCK_CAP: usize = 50;
/// Characters of a value kept (before an e-mail address is cut to its local part).
pub(crate) const MAX_VALUE_CHARS: usize = 64;
/// Entries kept in the whole index: with the blocks and the texts, typically 60–80 MB, at most about 100 MB.
pub(crate) const MAX_ENTRIES: usize = 1 << 19;
/// Pairs listed in the report.
pub(crate) const MAX_PAIRS: usize = 200;

#[derive(Clone)]
struct Entry {
    line: u64,
    /// Hash of the row's duplicate key (0: no key; a hash of 0 is stored as 1); rows with equal hashes are exact
    /// duplicates, not likely ones.
    dup: u64,
    /// Bit set of the character buckets in `value` (see [`bucket`]).
    mask: u64,
    /// Length of `value` in characters (at most [`MAX_VALUE_CHARS`]).
    chars: u32,
    /// First bytes of `value` (zero-padded): the common character prefix is at most their common prefix.
    head: [u8; 4],
    value: Arc<str>,
}

impl Entry {
    fn new(line: u64, dup: Option<u64>, mask: u64, chars: usize, value: &str) -> Self {
        let mut head = [0u8; 4];
        for (h, b) in head.iter_mut().zip(value.bytes()) {
            *h = b;
        }
        let chars = u32::try_from(chars).unwrap_or(u32::MAX);
        Entry { line, dup: dup.map_or(0, |h| h.max(1)), mask, chars, head, value: Arc::from(value) }
    }
}

struct Block {
    entries: Vec<Entry>,
    /// Next slot to overwrite once the block stops growing (the oldest entry).
    next: usize,
}

impl Block {
    /// Adds an entry, replacing the oldest one when full or when growth is not allowed. Returns whether it grew.
    fn push(&mut self, entry: Entry, can_grow: bool) -> bool {
        if can_grow && self.entries.len() < BLOCK_CAP {
            if self.entries.len() == self.entries.capacity() {
                // Grow by doubling, but never past the cap (plain doubling would reach 64 slots).
                let target = (self.entries.len() * 2).clamp(4, BLOCK_CAP);
                self.entries.reserve_exact(target - self.entries.len());
            }
            self.entries.push(entry);
            return true;
        }
        let len = self.entries.len();
        if let Some(slot) = self.entries.get_mut(self.next % len.max(1)) {
            *slot = entry;
            self.next = (self.next + 1) % len;
        }
        false
    }
}

/// The bounded similarity index (see the module documentation).
pub(crate) struct LikelyIndex {
    threshold: f64,
    blocks: HashMap<u64, Block, BuildPreHashed>,
    entries: usize,
    pairs: Vec<LikelyPair>,
    total: u64,
    /// Candidates of the current row: (earlier line, best score, field slot).
    row_best: Vec<(u64, f64, usize)>,
    /// Character buckets of the current value.
    buckets: Vec<u32>,
}

impl LikelyIndex {
    /// A new index reporting pairs with a score ≥ `threshold` (clamped to 0–1; NaN means 1).
    pub(crate) fn new(threshold: f64) -> Self {
        LikelyIndex {
            threshold: if threshold.is_nan() { 1.0 } else { threshold.clamp(0.0, 1.0) },
            blocks: HashMap::default(),
            entries: 0,
            pairs: Vec::new(),
            total: 0,
            row_best: Vec::new(),
            buckets: Vec::new(),
        }
    }

    /// Compares the normalized `value` of similar field number `slot` of the row at `line` against its blocks,
    /// remembering candidates for [`LikelyIndex::end_row`], then adds it to its blocks.
    pub(crate) fn add(&mut self, slot: usize, value: &str, line: u64, dup: Option<u64>) {
        let value = truncate_chars(value, MAX_VALUE_CHARS);
        let keys = block_keys(slot, value);
        // E-mail addresses share their domain through the blocking key: only local parts are compared.
        let value = value.split_once('@').map_or(value, |(local, _)| local);
        if value.is_empty() {
            return;
        }
        self.buckets.clear();
        self.buckets.extend(value.chars().map(bucket));
        let mask = self.buckets.iter().fold(0u64, |m, &b| m | (1 << b));
        let entry = Entry::new(line, dup, mask, self.buckets.len(), value);
        let LikelyIndex { threshold, blocks, row_best, buckets, .. } = self;
        let (threshold, bound_threshold) = (*threshold, *threshold - 1e-9);
        for key in keys.iter().flatten() {
            let Some(block) = blocks.get(key) else { continue };
            for e in &block.entries {
                if (entry.dup != 0 && e.dup == entry.dup) || e.line == line {
                    continue;
                }
                // Bounds first, from the entry's inline fields only (reading its text is a cache miss): a bucket
                // of this value missing from the other accounts for at least one unmatched character.
                let prefix = entry.head.iter().zip(&e.head).take_while(|(a, b)| a == b).count();
                let missing = (entry.mask & !e.mask).count_ones();
                if score_bound(entry.chars, e.chars, entry.chars.saturating_sub(missing), prefix) < bound_threshold {
                    continue;
                }
                let in_common = buckets.iter().filter(|&&b| e.mask & (1 << b) != 0).count() as u32;
                if score_bound(entry.chars, e.chars, in_common, prefix) < bound_threshold {
                    continue;
                }
                // The same earlier row may be met again through the other key: `row_best` keeps one score.
                let score = strsim::jaro_winkler(value, &e.value);
                if score >= threshold {
                    match row_best.iter_mut().find(|c| c.0 == e.line) {
                        Some(c) if c.1 >= score => {}
                        Some(c) => *c = (e.line, score, slot),
                        None => row_best.push((e.line, score, slot)),
                    }
                }
            }
        }
        for key in keys.into_iter().flatten() {
            let can_grow = self.entries < MAX_ENTRIES;
            let grew = match self.blocks.entry(key) {
                MapEntry::Occupied(mut o) => o.get_mut().push(entry.clone(), can_grow),
                MapEntry::Vacant(v) if can_grow => {
                    v.insert(Block { entries: vec![entry.clone()], next: 0 });
                    true
                }
                MapEntry::Vacant(_) => false,
            };
            self.entries += usize::from(grew);
        }
    }

    /// Emits the current row's pairs (one per earlier row, with its best field). `names` maps slots to field names.
    pub(crate) fn end_row(&mut self, line: u64, names: &[String]) {
        self.row_best.sort_by_key(|c| c.0);
        for &(line_a, score, slot) in &self.row_best {
            self.total += 1;
            if self.pairs.len() < MAX_PAIRS {
                let field = names.get(slot).cloned().unwrap_or_default();
                self.pairs.push(LikelyPair { line_a, line_b: line, field, score });
            }
        }
        self.row_best.clear();
    }

    /// (pairs shown, total pairs found)
    pub(crate) fn finish(self) -> (Vec<LikelyPair>, u64) {
        (self.pairs, self.total)
    }
}

/// Upper bound of the Jaro–Winkler score of two strings of `la` and `lb` characters when at most `in_common`
/// characters of the first one occur in the second and they share a prefix of `prefix` characters.
fn score_bound(la: u32, lb: u32, in_common: u32, prefix: usize) -> f64 {
    let m = f64::from(in_common.min(lb));
    if m == 0.0 {
        return 0.0;
    }
    let jaro = (m / f64::from(la) + m / f64::from(lb) + 1.0) / 3.0;
    jaro + 0.1 * prefix.min(4) as f64 * (1.0 - jaro)
}

/// Character bucket (0–63) for the character bit sets; equal characters always share a bucket.
fn bucket(c: char) -> u32 {
    match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        ' ' => 36,
        _ => 37 + (c as u32 % 27),
    }
}

/// The blocking keys of a normalized value (see the module documentation), hashed with the field slot.
fn block_keys(slot: usize, value: &str) -> [Option<u64>; 2] {
    let start = |tag: u8| {
        let mut h = Fnv::new();
        h.write(&(slot as u64).to_le_bytes());
        h.write(&[tag]);
        h
    };
    if let Some((local, domain)) = value.split_once('@') {
        let mut h = start(b'e');
        let mut buf = [0u8; 4];
        for c in local.chars().filter(|c| c.is_alphanumeric()).take(4) {
            h.write(c.encode_utf8(&mut buf).as_bytes());
        }
        h.write(b"@");
        h.write(domain.as_bytes());
        return [Some(h.finish()), None];
    }
    let mut prefix = start(b'p');
    let mut buf = [0u8; 4];
    for c in value.chars().filter(|&c| c != ' ').take(3) {
        prefix.write(c.encode_utf8(&mut buf).as_bytes());
    }
    let mut initials: Vec<char> = value.split(' ').filter_map(|w| w.chars().next()).take(6).collect();
    let initials_key = (initials.len() >= 2).then(|| {
        initials.sort_unstable();
        let mut h = start(b't');
        for c in initials {
            h.write(c.encode_utf8(&mut buf).as_bytes());
        }
        h.finish()
    });
    [Some(prefix.finish()), initials_key]
}

#[cfg(test)]
#[path = "similar_tests.rs"]
mod tests;
