//! Exact-duplicate and unique-value indexes.
//!
//! Both keep one entry per distinct key: the 64-bit FNV-1a hash of the normalized key (and, for duplicate keys,
//! the first line number). Row text is never stored, except the displayed key of the first 100 duplicate groups.
//! Two different keys with the same 64-bit hash would be taken as equal; for a million rows the chance of that
//! is about 3 in 100 million.

use super::report::DuplicateGroup;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Duplicate groups shown in the report.
pub(crate) const MAX_GROUPS: usize = 100;
/// Line numbers kept per shown group.
pub(crate) const MAX_GROUP_LINES: usize = 10;

/// Hasher for keys that already are good 64-bit hashes: applies the MurmurHash3 finalizer to spread FNV's bits.
#[derive(Default, Clone, Copy)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are used; fold any other input in FNV style to stay correct.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type BuildPreHashed = BuildHasherDefault<PreHashed>;

/// Set of value hashes of one `unique` field.
#[derive(Default)]
pub(crate) struct UniqueIndex {
    seen: HashSet<u64, BuildPreHashed>,
}

impl UniqueIndex {
    /// Records a value hash; returns `false` if it was already there (a repeated value).
    pub(crate) fn insert(&mut self, hash: u64) -> bool {
        self.seen.insert(hash)
    }
}

/// Flag in [`ExactIndex::first_line`] values: the key has been repeated at least once.
const REPEATED: u64 = 1 << 63;

/// What [`ExactIndex::observe`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// First row with this key.
    First,
    /// The key appeared before, first at this line.
    Repeat(u64),
}

/// Exact duplicate detection on hashed, normalized duplicate keys.
#[derive(Default)]
pub(crate) struct ExactIndex {
    /// Key hash → first line (with [`REPEATED`] set once repeated).
    first_line: HashMap<u64, u64, BuildPreHashed>,
    /// Key hash → index in `groups`, for the groups shown in the report.
    shown: HashMap<u64, usize, BuildPreHashed>,
    groups: Vec<DuplicateGroup>,
    groups_total: u64,
    duplicates: u64,
}

impl ExactIndex {
    /// Records a row's key hash. `key_values` gives the displayed key; it is only called for a new shown group.
    pub(crate) fn observe(&mut self, hash: u64, line: u64, key_values: impl FnOnce() -> Vec<String>) -> Seen {
        let first = match self.first_line.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(line & !REPEATED);
                return Seen::First;
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let stored = *o.get();
                *o.get_mut() = stored | REPEATED;
                stored
            }
        };
        let first_line = first & !REPEATED;
        self.duplicates += 1;
        if first & REPEATED == 0 {
            self.groups_total += 1;
            if self.groups.len() < MAX_GROUPS {
                self.shown.insert(hash, self.groups.len());
                self.groups.push(DuplicateGroup { key: key_values(), lines: vec![first_line], rows: 1 });
            }
        }
        if let Some(group) = self.shown.get(&hash).and_then(|&i| self.groups.get_mut(i)) {
            group.rows += 1;
            if group.lines.len() < MAX_GROUP_LINES {
                group.lines.push(line);
            }
        }
        Seen::Repeat(first_line)
    }

    /// (exact duplicate rows, shown groups, total groups)
    pub(crate) fn finish(self) -> (u64, Vec<DuplicateGroup>, u64) {
        (self.duplicates, self.groups, self.groups_total)
    }
}

#[cfg(test)]
#[path = "dupes_tests.rs"]
mod tests;
