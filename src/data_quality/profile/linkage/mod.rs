//! Likely duplicates by record-level matching (Fellegi–Sunter, as in Splink or `recordlinkage`),
//! streaming and bounded.
//!
//! **Blocking.** While the file streams, each row is indexed under several keys: its name's three
//! rarest words (so far), its tax id, its phone's last 9 digits and its e-mail's mailbox. It is
//! compared with the earlier rows that share a key (at most [`BLOCK_CAP`] per key, the latest), so a
//! typo in one word, a missing tax id or a new e-mail address still meets its twin through another
//! key. The index keeps at most [`MAX_ENTRIES`] entries: beyond that the oldest rows leave it, and
//! rows farther apart than that window are not compared (the report says so).
//!
//! **Scoring.** A compared pair gets one weight per compared field (`compare`), summed with the prior
//! log2(λ / (1 − λ)), λ being the chance that two rows taken at random are the same entity if
//! [`DUPLICATE_SHARE`] of the rows have a twin; the match probability is 1 / (1 + 2^−weight). Pairs
//! are first scored with the frequencies seen so far and kept when at all plausible (at most
//! [`MAX_CANDIDATES`]), then scored again at the end with the whole file's frequencies.
//!
//! **Clusters** (`cluster`): pairs at or above the threshold, and pairs a data steward declared the
//! same, are joined into groups (A ~ B ~ C is one group); pairs declared different are left out.

mod cluster;
pub(crate) mod compare;
mod words;

use super::FieldType;
use super::dupes::BuildPreHashed;
use super::normalize::Fnv;
use super::report::{Evidence, LikelyCluster, LikelyPair, LikelySummary};
use compare::{Comparator, Frequencies, Record, Value};
use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;
use std::sync::Arc;

pub use compare::Level;

/// Latest rows kept per blocking key.
pub(crate) const BLOCK_CAP: usize = 50;
/// Entries (row × key) the index keeps; older rows leave it first.
pub(crate) const MAX_ENTRIES: usize = 1 << 20;
/// A mailbox seen more often than this is a shared one (`info@`): the whole address is the key.
const COMMON_MAILBOX: f64 = 20.0;
/// Candidate pairs kept for the final scoring.
pub(crate) const MAX_CANDIDATES: usize = 50_000;
/// Distinct values whose frequencies are counted exactly (later new values count as seen once).
const MAX_COUNTED: usize = 1 << 20;
/// Share of rows assumed to have a near-duplicate, for the prior.
pub(crate) const DUPLICATE_SHARE: f64 = 0.02;
/// A pair is kept for the final scoring when its provisional weight is at least this (p ≈ 0.2 %).
const KEEP_WEIGHT: f64 = -9.0;
/// Match probability of the "certain" and "probable" bands.
pub const CERTAIN: f64 = 0.99;
pub const PROBABLE: f64 = 0.90;

#[derive(Default)]
struct Counts {
    rows: u64,
    df: HashMap<u64, u32, BuildPreHashed>,
}

impl Frequencies for Counts {
    fn population(&self) -> f64 {
        (self.rows as f64).max(compare::MIN_POPULATION)
    }
    fn df(&self, hash: u64) -> f64 {
        f64::from(self.df.get(&hash).copied().unwrap_or(1).max(1))
    }
}

/// The frequencies while the file streams, with each token's information as of its row.
struct Provisional<'a>(&'a Counts);

impl Frequencies for Provisional<'_> {
    fn population(&self) -> f64 {
        self.0.population()
    }
    fn df(&self, hash: u64) -> f64 {
        self.0.df(hash)
    }
    fn token_info(&self, t: &compare::Token) -> f64 {
        f64::from(t.info)
    }
}

impl Counts {
    fn add(&mut self, hash: u64) {
        let full = self.df.len() >= MAX_COUNTED;
        match self.df.entry(hash) {
            MapEntry::Occupied(mut o) => *o.get_mut() = o.get().saturating_add(1),
            MapEntry::Vacant(v) if !full => {
                v.insert(1);
            }
            MapEntry::Vacant(_) => {}
        }
    }

    /// The prior weight: log2(λ / (1 − λ)).
    fn prior(&self) -> f64 {
        let lambda = (2.0 * DUPLICATE_SHARE / self.population()).min(0.5);
        (lambda / (1.0 - lambda)).log2()
    }
}

/// The likely-duplicate finder of one file.
pub(crate) struct Linker {
    names: Vec<String>,
    cmps: Vec<Comparator>,
    /// Slot of the first text field (the name): its rare words are blocking keys.
    name_slot: Option<usize>,
    threshold: f64,
    decisions: HashMap<(u64, u64), bool, std::hash::RandomState>,
    counts: Counts,
    index: Index,
    candidates: Vec<(Arc<Record>, Arc<Record>)>,
    dropped: u64,
    compared: u64,
    scratch: String,
    seen: Vec<u64>,
}

/// An unordered pair of fingerprints, smaller first.
pub fn pair_key(a: u64, b: u64) -> (u64, u64) {
    if a <= b { (a, b) } else { (b, a) }
}

impl Linker {
    /// `fields`: the compared fields' names and types, in slot order.
    /// `threshold`: the match probability from which pairs are reported; `decisions`: (fingerprint,
    /// fingerprint, the same entity?) of earlier decisions.
    pub(crate) fn new(fields: &[(String, FieldType)], threshold: f64, decisions: &[(u64, u64, bool)]) -> Linker {
        let cmps: Vec<Comparator> = fields.iter().map(|(_, k)| Comparator::of(k)).collect();
        let threshold = if threshold.is_nan() { 1.0 } else { threshold.clamp(0.0, 1.0) };
        Linker {
            names: fields.iter().map(|(n, _)| n.clone()).collect(),
            name_slot: cmps.iter().position(|c| *c == Comparator::Text),
            cmps,
            threshold,
            decisions: decisions.iter().map(|&(a, b, same)| (pair_key(a, b), same)).collect(),
            counts: Counts::default(),
            index: Index::default(),
            candidates: Vec::new(),
            dropped: 0,
            compared: 0,
            scratch: String::new(),
            seen: Vec::new(),
        }
    }

    /// Compares the row at `line` (its compared fields' clean values, in slot order) with the earlier
    /// rows that share a key, then indexes it. Returns its fingerprint (`None`: nothing to compare).
    pub(crate) fn add(&mut self, line: u64, dup: Option<u64>, clean: &[&str]) -> Option<u64> {
        let mut values: Vec<Value> = clean
            .iter()
            .zip(&self.cmps)
            .enumerate()
            .map(|(slot, (v, &c))| compare::value(slot, c, Some(slot) == self.name_slot, v, &mut self.scratch))
            .collect();
        if values.iter().all(|v| matches!(v, Value::Empty)) {
            return None;
        }
        let mut fp = Fnv::new();
        for v in &values {
            compare::counted(v, |h| fp.write(&h.to_le_bytes()));
            fp.write(&[0x1f]);
        }
        self.counts.rows += 1;
        for v in &values {
            compare::counted(v, |h| self.counts.add(h));
        }
        for v in &mut values {
            if let Value::Tokens(ts) = v {
                for t in ts {
                    t.info = self.counts.info(t.hash) as f32;
                }
            }
        }
        let record = Arc::new(Record::new(line, dup.map_or(0, |h| h.max(1)), fp.finish(), values, clean));
        let keys = self.keys(&record);
        self.seen.clear();
        let mut others: Vec<Arc<Record>> = Vec::new();
        for &key in &keys {
            self.index.visit(key, |other| {
                if other.line != line
                    && (record.dup == 0 || other.dup != record.dup)
                    && !self.seen.contains(&other.line)
                {
                    self.seen.push(other.line);
                    others.push(other.clone());
                }
            });
        }
        for other in others {
            self.compared += 1;
            let weight = self.counts.prior()
                + self.evidence(&other, &record, &Provisional(&self.counts)).iter().map(|e| e.1).sum::<f64>();
            if weight >= KEEP_WEIGHT {
                if self.candidates.len() < MAX_CANDIDATES {
                    self.candidates.push((other, record.clone()));
                } else {
                    self.dropped += 1;
                }
            }
        }
        for key in keys {
            self.index.push(key, &record);
        }
        Some(record.fingerprint)
    }

    /// Blocking keys: every two of the name's three rarest words so far (one typo leaves a pair
    /// intact; a pair of common surnames is still selective), the tax id, the phone, and the
    /// mailbox — or, for a common mailbox such as `info@`, the whole address.
    fn keys(&self, r: &Record) -> Vec<u64> {
        let mut keys = Vec::with_capacity(6);
        for (slot, v) in r.values.iter().enumerate() {
            match v {
                Value::Tokens(ts) if Some(slot) == self.name_slot => {
                    let mut words: Vec<(f64, usize, u64)> = ts
                        .iter()
                        .filter(|t| t.text.chars().count() >= 3)
                        .map(|t| (self.counts.df(t.hash), usize::MAX - t.text.len(), t.hash))
                        .collect();
                    words.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    words.truncate(3);
                    if words.len() == 1 {
                        keys.push(words[0].2);
                    }
                    for (i, a) in words.iter().enumerate() {
                        for b in &words[i + 1..] {
                            keys.push(
                                (a.2.min(b.2) ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(31).wrapping_add(a.2.max(b.2)),
                            );
                        }
                    }
                }
                Value::Id { hash, .. } if matches!(self.cmps[slot], Comparator::TaxId | Comparator::Phone) => {
                    keys.push(*hash)
                }
                Value::Email { hash, local, local_hash, .. } if local.len() >= 3 => {
                    keys.push(if self.counts.df(*local_hash) <= COMMON_MAILBOX { *local_hash } else { *hash })
                }
                _ => {}
            }
        }
        keys
    }

    /// Field-by-field evidence of a pair: (slot, weight, level).
    fn evidence(&self, a: &Record, b: &Record, f: &impl Frequencies) -> Vec<(usize, f64, Level)> {
        self.cmps
            .iter()
            .enumerate()
            .map(|(slot, &c)| {
                let (level, w) = compare::compare(c, Some(slot) == self.name_slot, &a.values[slot], &b.values[slot], f);
                (slot, w, level)
            })
            .collect()
    }

    /// Scores the candidates with the whole file's frequencies and groups the pairs.
    pub(crate) fn finish(self) -> (Vec<LikelyPair>, LikelySummary, Vec<LikelyCluster>) {
        let prior = self.counts.prior();
        let mut pairs = Vec::new();
        let mut decided_different = 0u64;
        for (a, b) in &self.candidates {
            let ev = self.evidence(a, b, &self.counts);
            let weight = prior + ev.iter().map(|e| e.1).sum::<f64>();
            let score = 1.0 / (1.0 + (-weight).exp2());
            let decision = self.decisions.get(&pair_key(a.fingerprint, b.fingerprint)).copied();
            if decision == Some(false) {
                decided_different += u64::from(score >= self.threshold);
                continue;
            }
            if score < self.threshold && decision != Some(true) {
                continue;
            }
            let best = ev.iter().max_by(|x, y| x.1.total_cmp(&y.1)).map_or(0, |e| e.0);
            let evidence = ev
                .iter()
                .map(|&(slot, weight, level)| Evidence {
                    field: self.names[slot].clone(),
                    level,
                    weight,
                    a: a.shown(slot).to_string(),
                    b: b.shown(slot).to_string(),
                })
                .collect();
            pairs.push(LikelyPair {
                line_a: a.line,
                line_b: b.line,
                field: self.names[best].clone(),
                score,
                weight,
                fingerprints: [a.fingerprint, b.fingerprint],
                decided: decision,
                evidence,
            });
        }
        let summary = LikelySummary {
            record_level: true,
            compared: self.names.clone(),
            threshold: self.threshold,
            rows_compared: self.counts.rows,
            rows_retired: self.index.retired(),
            candidates_dropped: self.dropped,
            pairs_compared: self.compared,
            decided_different,
            ..LikelySummary::default()
        };
        cluster::group(pairs, summary)
    }
}

/// The blocking index: a ring of the latest [`MAX_ENTRIES`] entries (row × key), each linked to
/// the previous entry of its key, and each key's newest entry. No allocation per key; an entry
/// overwritten in the ring ends its key's chain.
#[derive(Default)]
struct Index {
    ring: Vec<(Option<Arc<Record>>, u64)>,
    heads: HashMap<u64, u64, BuildPreHashed>,
    next: u64,
}

const NONE: u64 = u64::MAX;

impl Index {
    fn live(&self, seq: u64) -> bool {
        seq != NONE && seq < self.next && seq + MAX_ENTRIES as u64 >= self.next
    }

    /// Calls `f` with the latest rows (at most [`BLOCK_CAP`]) indexed under `key`, newest first.
    fn visit(&self, key: u64, mut f: impl FnMut(&Arc<Record>)) {
        let mut seq = self.heads.get(&key).copied().unwrap_or(NONE);
        for _ in 0..BLOCK_CAP {
            if !self.live(seq) {
                return;
            }
            let (record, prev) = &self.ring[(seq % MAX_ENTRIES as u64) as usize];
            if let Some(r) = record {
                f(r);
            }
            seq = *prev;
        }
    }

    fn push(&mut self, key: u64, record: &Arc<Record>) {
        let prev = self.heads.get(&key).copied().filter(|&s| self.live(s)).unwrap_or(NONE);
        let slot = (Some(record.clone()), prev);
        let pos = (self.next % MAX_ENTRIES as u64) as usize;
        if pos < self.ring.len() {
            self.ring[pos] = slot;
        } else {
            self.ring.push(slot);
        }
        self.heads.insert(key, self.next);
        self.next += 1;
        // Keys whose entries all left the ring are forgotten now and then.
        if self.heads.len() > 2 * MAX_ENTRIES {
            let (next, cap) = (self.next, MAX_ENTRIES as u64);
            self.heads.retain(|_, s| *s + cap >= next);
        }
    }

    /// Entries that left the ring.
    fn retired(&self) -> u64 {
        self.next.saturating_sub(MAX_ENTRIES as u64)
    }
}

#[cfg(test)]
#[path = "linkage_tests.rs"]
mod tests;
