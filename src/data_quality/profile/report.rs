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
    /// The compared field that weighed most for the match.
    pub field: String,
    /// Match probability (0–1). Reports made before record-level matching hold a Jaro–Winkler similarity.
    pub score: f64,
    /// The match weight in bits (prior plus every field's weight); the probability is 1 / (1 + 2^−weight).
    #[serde(default)]
    pub weight: f64,
    /// The two rows' fingerprints (hash of their compared values), which decisions are kept under.
    #[serde(default)]
    pub fingerprints: [u64; 2],
    /// A data steward's decision on this pair, when profiled (`Some(true)`: the same entity).
    #[serde(default)]
    pub decided: Option<bool>,
    /// Field-by-field evidence, in the order the fields are compared.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// How one compared field weighed in a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub field: String,
    pub level: super::linkage::Level,
    /// Weight in bits: positive for agreement, negative for disagreement, 0 when a value is missing.
    pub weight: f64,
    /// The two values (cut to 48 characters).
    pub a: String,
    pub b: String,
}

/// How sure the finder is about a cluster (by its strongest pair): at least 99 %, 90 %, or the
/// object's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Certain,
    Probable,
    Possible,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Certain, Band::Probable, Band::Possible];

    pub fn code(self) -> &'static str {
        match self {
            Band::Certain => "certain",
            Band::Probable => "probable",
            Band::Possible => "possible",
        }
    }
}

/// Rows that are probably one entity: connected by likely-duplicate pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikelyCluster {
    /// The rows' lines, ascending.
    pub lines: Vec<u64>,
    /// The rows' fingerprints, in the order of `lines`.
    pub fingerprints: Vec<u64>,
    pub band: Band,
    /// The strongest pair's match probability.
    pub best: f64,
    /// Up to 20 pairs, the strongest first.
    pub pairs: Vec<LikelyPair>,
    /// Pairs in the cluster.
    pub pairs_total: u64,
}

/// What the likely-duplicate finder rested on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LikelySummary {
    /// Whether record-level matching made this report (older reports compared single fields).
    pub record_level: bool,
    /// The fields compared.
    pub compared: Vec<String>,
    /// The match probability from which pairs are reported.
    pub threshold: f64,
    /// Rows with at least one compared value.
    pub rows_compared: u64,
    /// Index entries that left the window (0: every row could meet every earlier one).
    pub rows_retired: u64,
    /// Pairs compared field by field while the file streamed.
    pub pairs_compared: u64,
    /// Plausible pairs not kept because the candidate store was full (0: none lost).
    pub candidates_dropped: u64,
    /// Pairs above the threshold left out because a data steward declared them different.
    pub decided_different: u64,
    pub pairs_total: u64,
    pub clusters_total: u64,
    /// Clusters per band: certain, probable, possible.
    pub bands: [u64; 3],
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
    /// The 200 strongest likely-duplicate pairs (match probability ≥ threshold, not exact duplicates).
    pub likely_duplicates: Vec<LikelyPair>,
    /// Number of likely-duplicate pairs found, including those beyond the first 200.
    pub likely_duplicates_total: u64,
    /// The strongest 300 clusters of likely duplicates.
    #[serde(default)]
    pub likely_clusters: Vec<LikelyCluster>,
    /// What the finder compared, its totals and its limits.
    #[serde(default)]
    pub likely: LikelySummary,
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
