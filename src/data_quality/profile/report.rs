//! The profiling report and the bounded error tallies that build it.

use super::ErrorKind;
use serde::{Deserialize, Serialize};

/// Examples kept per error kind and field.
pub(crate) const MAX_EXAMPLES: usize = 5;
/// Characters kept of an example value.
pub(crate) const MAX_EXAMPLE_CHARS: usize = 80;

/// One example of an error: where it is and the offending value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorExample {
    /// Line number in the file (1-based; the header is line 1; a record spanning lines has its first line).
    pub line: u64,
    /// The value as found (trimmed), or the parser message for malformed lines, cut to 80 characters.
    pub value: String,
}

/// How often one kind of error occurred, with the first few examples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindErrors {
    /// The kind of error.
    pub kind: ErrorKind,
    /// How many values (or lines) had it.
    pub count: u64,
    /// Up to 5 examples, in file order.
    pub examples: Vec<ErrorExample>,
}

/// The errors found in one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors {
    /// The field name as written in the spec.
    pub field: String,
    /// Total errors of all kinds in this field.
    pub total: u64,
    /// Kinds that occurred (count > 0), in [`ErrorKind::ALL`] order.
    pub kinds: Vec<KindErrors>,
}

impl FieldErrors {
    /// How many errors of `kind` this field had.
    pub fn count(&self, kind: ErrorKind) -> u64 {
        self.kinds.iter().find(|k| k.kind == kind).map_or(0, |k| k.count)
    }

    /// The errors of `kind`, if any occurred.
    pub fn get(&self, kind: ErrorKind) -> Option<&KindErrors> {
        self.kinds.iter().find(|k| k.kind == kind)
    }
}

/// A group of rows with the same normalized duplicate key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The key values (trimmed, as written) of the first *repeated* row of the group, in `duplicate_key` order.
    /// The earliest row's text is not kept in memory; its values are equal to these after normalization.
    pub key: Vec<String>,
    /// Up to 10 line numbers, the first occurrence first.
    pub lines: Vec<u64>,
    /// Rows in the group, including the first occurrence.
    pub rows: u64,
}

/// Two rows that are probably the same entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikelyPair {
    /// The earlier row's line.
    pub line_a: u64,
    /// The later row's line.
    pub line_b: u64,
    /// The similar field with the best score.
    pub field: String,
    /// Jaro–Winkler similarity of the normalized values (0–1).
    pub score: f64,
}

/// The result of profiling one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Data rows read (excluding the header), malformed ones included.
    pub rows_read: u64,
    /// Blank lines and rows whose values are all blank (e.g. trailing `;;;;` rows of spreadsheet exports):
    /// skipped, not counted in `rows_read`.
    pub rows_blank: u64,
    /// Rows without any error (field errors, malformed line). Exact and likely duplicates are reported apart and
    /// do not make a row invalid (repeated values of `unique` fields do).
    pub rows_valid: u64,
    /// One entry per spec field, in spec order (fields without errors included, with `total` 0).
    pub field_errors: Vec<FieldErrors>,
    /// Malformed lines (kind [`ErrorKind::MalformedLine`]): wrong column count or CSV errors; such rows are not
    /// validated further.
    pub malformed: KindErrors,
    /// Rows whose normalized duplicate key equals an earlier row's (the first occurrence is not counted).
    pub exact_duplicates: u64,
    /// The first 100 duplicate groups, in order of their first repetition.
    pub duplicate_groups: Vec<DuplicateGroup>,
    /// Number of duplicate groups, including those beyond the first 100.
    pub duplicate_groups_total: u64,
    /// The first 200 likely-duplicate pairs (score ≥ threshold, not exact duplicates), in file order.
    pub likely_duplicates: Vec<LikelyPair>,
    /// Number of likely-duplicate pairs found, including those beyond the first 200.
    pub likely_duplicates_total: u64,
}

impl Report {
    /// The errors of the field named `field` (exact spec spelling).
    pub fn field(&self, field: &str) -> Option<&FieldErrors> {
        self.field_errors.iter().find(|f| f.field == field)
    }

    /// How many errors of `kind` the field named `field` had (0 if unknown).
    pub fn error_count(&self, field: &str, kind: ErrorKind) -> u64 {
        self.field(field).map_or(0, |f| f.count(kind))
    }
}

/// Bounded per-kind counters with examples for one field (or for malformed lines).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    counts: [u64; ErrorKind::ALL.len()],
    examples: [Vec<ErrorExample>; ErrorKind::ALL.len()],
}

impl Tally {
    pub(crate) fn add(&mut self, kind: ErrorKind, line: u64, value: &str) {
        let i = kind.index();
        self.counts[i] += 1;
        if self.examples[i].len() < MAX_EXAMPLES {
            let value = truncate_chars(value.trim(), MAX_EXAMPLE_CHARS).to_string();
            self.examples[i].push(ErrorExample { line, value });
        }
    }

    /// All kinds with a count, in [`ErrorKind::ALL`] order.
    pub(crate) fn into_kinds(self) -> Vec<KindErrors> {
        let Tally { counts, examples } = self;
        ErrorKind::ALL
            .into_iter()
            .zip(counts)
            .zip(examples)
            .filter(|((_, count), _)| *count > 0)
            .map(|((kind, count), examples)| KindErrors { kind, count, examples })
            .collect()
    }

    pub(crate) fn into_field(self, field: String) -> FieldErrors {
        let total = self.counts.iter().sum();
        FieldErrors { field, total, kinds: self.into_kinds() }
    }

    pub(crate) fn into_kind(self, kind: ErrorKind) -> KindErrors {
        let i = kind.index();
        let Tally { counts, mut examples } = self;
        KindErrors { kind, count: counts[i], examples: std::mem::take(&mut examples[i]) }
    }
}

/// The first `max` characters of `s`.
pub(crate) fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
