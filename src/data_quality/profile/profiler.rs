//! The streaming profiler: feed it one record at a time, then take the report.

use super::dupes::{ExactIndex, Seen, UniqueIndex};
use super::linkage::Linker;
use super::normalize::{Fnv, header_key, normalize, normalize_into};
use super::report::{Report, Tally};
use super::sink::{RowOutcome, RowSink};
use super::validate::validate_cow;
use super::{ErrorKind, FieldRule, FieldType, HeaderError, Spec};
use std::borrow::Cow;
use std::collections::HashMap;

/// Separator between the normalized parts of a duplicate key.
const KEY_SEPARATOR: char = '\u{1f}';

/// State of one spec field.
struct Column {
    rule: FieldRule,
    /// Position in the CSV header (`None`: optional field absent from the file).
    index: Option<usize>,
    /// Enum fields: normalized option → the list's spelling.
    options: Option<HashMap<String, String>>,
    tally: Tally,
    unique: Option<UniqueIndex>,
}

/// Streaming data-quality profiler. Create it with the header, [`push`](Profiler::push) every data record in
/// file order, then [`finish`](Profiler::finish). Memory stays bounded apart from the duplicate indexes.
pub struct Profiler {
    columns: Vec<Column>,
    /// Number of header columns.
    width: usize,
    /// Spec field indexes of the duplicate key.
    key_columns: Vec<usize>,
    /// Spec field indexes of the compared fields.
    similar_columns: Vec<usize>,
    exact: ExactIndex,
    likely: Linker,
    rows_read: u64,
    rows_blank: u64,
    rows_valid: u64,
    malformed: Tally,
    /// Per column: the clean value of the current row (or the raw trimmed value when invalid).
    values: Vec<String>,
    /// (spec field index, kind) of the current row's errors.
    errors: Vec<(usize, ErrorKind)>,
    key: String,
    scratch: String,
}

impl Profiler {
    /// Matches the header against the spec. Names are compared with [`normalize`] ignoring spaces, so `E-mail`,
    /// `EMAIL` and `e mail` all match a field `email`. Blank header columns are ignored. Fails when a required field
    /// has no column, a non-blank column matches no field, or a column appears twice.
    /// `duplicate_key` and `similar_fields` entries that name no spec field are ignored.
    pub fn new(spec: Spec, header: &[String]) -> Result<Profiler, HeaderError> {
        let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
        let mut error = HeaderError::default();
        let mut position: HashMap<&str, usize> = HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            if key.is_empty() {
                continue;
            }
            let name = header[i].trim().to_string();
            if position.insert(key, i).is_some() && !error.duplicate_columns.contains(&name) {
                error.duplicate_columns.push(name);
            }
        }
        let field_keys: Vec<String> = spec.fields.iter().map(|f| header_key(&f.name)).collect();
        for (i, key) in keys.iter().enumerate() {
            if !key.is_empty() && !field_keys.contains(key) {
                error.unknown_columns.push(header[i].trim().to_string());
            }
        }
        let mut columns = Vec::with_capacity(spec.fields.len());
        for (rule, key) in spec.fields.into_iter().zip(&field_keys) {
            let index = position.get(key.as_str()).copied();
            if index.is_none() && rule.required {
                error.missing_required.push(rule.name.clone());
            }
            let options = match &rule.kind {
                FieldType::Enum(list) => {
                    // The first spelling wins when two options normalize alike, as in `validate`.
                    let mut map = HashMap::new();
                    for option in list {
                        map.entry(normalize(option)).or_insert_with(|| option.clone());
                    }
                    Some(map)
                }
                _ => None,
            };
            let unique = rule.unique.then(UniqueIndex::default);
            columns.push(Column { rule, index, options, tally: Tally::default(), unique });
        }
        if !error.is_empty() {
            return Err(error);
        }
        let resolve = |names: &[String]| -> Vec<usize> {
            let mut out = Vec::new();
            for name in names {
                let key = header_key(name);
                if let Some(i) = field_keys.iter().position(|k| *k == key).filter(|i| !out.contains(i)) {
                    out.push(i);
                }
            }
            out
        };
        let key_columns = resolve(&spec.duplicate_key);
        let similar_columns = resolve(&spec.similar_fields);
        let compared: Vec<(String, FieldType)> =
            similar_columns.iter().map(|&i| (columns[i].rule.name.clone(), columns[i].rule.kind.clone())).collect();
        let likely = Linker::new(&compared, spec.match_threshold, &spec.duplicate_decisions);
        let values = vec![String::new(); columns.len()];
        Ok(Profiler {
            columns,
            width: header.len(),
            key_columns,
            similar_columns,
            exact: ExactIndex::default(),
            likely,
            rows_read: 0,
            rows_blank: 0,
            rows_valid: 0,
            malformed: Tally::default(),
            values,
            errors: Vec::new(),
            key: String::new(),
            scratch: String::new(),
        })
    }

    /// The spec's field names, in spec order.
    pub fn field_names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.rule.name.clone()).collect()
    }

    /// Profiles one data record starting at file line `line`. A record whose values are all blank is skipped
    /// (counted in [`Report::rows_blank`]). A record with fewer columns than the header, or with more and any extra
    /// value non-blank (trailing empty columns such as `a;b;c;` are tolerated), counts as a
    /// [`ErrorKind::MalformedLine`] and is not checked further.
    pub fn push(&mut self, line: u64, record: &csv::StringRecord) {
        // The unit sink cannot fail.
        let _ = self.push_to(line, record, &mut ());
    }

    /// [`push`](Profiler::push), telling `sink` what was concluded about the record.
    pub fn push_to(&mut self, line: u64, record: &csv::StringRecord, sink: &mut impl RowSink) -> std::io::Result<()> {
        if record.iter().all(|v| v.trim().is_empty()) {
            self.rows_blank += 1;
            return Ok(());
        }
        let len = record.len();
        if len < self.width || (len > self.width && record.iter().skip(self.width).any(|v| !v.trim().is_empty())) {
            let message = format!("expected {} columns, found {}", self.width, len);
            self.push_malformed(line, &message);
            return sink.malformed(line, &message, Some(record));
        }
        self.rows_read += 1;
        let row_ok = self.check_fields(line, record);
        self.rows_valid += u64::from(row_ok);
        let (dup, repeated) = self.check_duplicate(line, record);
        let mut fingerprint = None;
        if !repeated && !self.similar_columns.is_empty() {
            let values = &self.values;
            let compared: Vec<&str> = self.similar_columns.iter().map(|&ci| values[ci].as_str()).collect();
            fingerprint = self.likely.add(line, dup, &compared);
        }
        sink.row(&RowOutcome {
            line,
            record,
            values: &self.values,
            errors: &self.errors,
            key: dup,
            repeated,
            fingerprint,
        })
    }

    /// Records a line that could not be parsed as CSV (counted as a row read, never valid).
    pub fn push_malformed(&mut self, line: u64, message: &str) {
        self.rows_read += 1;
        self.malformed.add(ErrorKind::MalformedLine, line, message);
    }

    /// Validates every field of the row, storing clean values in `self.values`. Returns whether all were valid.
    fn check_fields(&mut self, line: u64, record: &csv::StringRecord) -> bool {
        let mut row_ok = true;
        self.errors.clear();
        for (ci, (col, value)) in self.columns.iter_mut().zip(self.values.iter_mut()).enumerate() {
            value.clear();
            let raw = col.index.and_then(|i| record.get(i)).unwrap_or("");
            let result = match &col.options {
                Some(options) => check_enum(options, raw, &mut self.scratch),
                None => validate_cow(&col.rule.kind, raw),
            };
            let error = match result {
                Ok(None) => col.rule.required.then_some(ErrorKind::Missing),
                Ok(Some(clean)) => {
                    value.push_str(&clean);
                    check_clean(col, &clean, &mut self.scratch)
                }
                Err(kind) => {
                    value.push_str(raw.trim());
                    Some(kind)
                }
            };
            if let Some(kind) = error {
                col.tally.add(kind, line, raw);
                self.errors.push((ci, kind));
                row_ok = false;
            }
        }
        row_ok
    }

    /// Exact-duplicate check. Returns the row's key hash (`None` when the key is empty or not configured) and
    /// whether the row repeats an earlier one.
    fn check_duplicate(&mut self, line: u64, record: &csv::StringRecord) -> (Option<u64>, bool) {
        if self.key_columns.is_empty() {
            return (None, false);
        }
        self.key.clear();
        let mut any = false;
        for (n, &ci) in self.key_columns.iter().enumerate() {
            if n > 0 {
                self.key.push(KEY_SEPARATOR);
            }
            normalize_into(&self.values[ci], &mut self.scratch);
            any |= !self.scratch.is_empty();
            self.key.push_str(&self.scratch);
        }
        if !any {
            return (None, false);
        }
        let mut h = Fnv::new();
        h.write(self.key.as_bytes());
        let hash = h.finish();
        let (columns, key_columns) = (&self.columns, &self.key_columns);
        let shown = || {
            let raw = |ci: usize| columns[ci].index.and_then(|i| record.get(i)).unwrap_or("").trim().to_string();
            key_columns.iter().map(|&ci| raw(ci)).collect()
        };
        let seen = self.exact.observe(hash, line, shown);
        (Some(hash), seen != Seen::First)
    }

    /// Ends profiling and builds the report.
    pub fn finish(self) -> Report {
        let (exact_duplicates, duplicate_groups, duplicate_groups_total) = self.exact.finish();
        let (likely_duplicates, likely, likely_clusters) = self.likely.finish();
        Report {
            rows_read: self.rows_read,
            rows_blank: self.rows_blank,
            rows_valid: self.rows_valid,
            field_errors: self.columns.into_iter().map(|c| c.tally.into_field(c.rule.name)).collect(),
            malformed: self.malformed.into_kind(ErrorKind::MalformedLine),
            exact_duplicates,
            duplicate_groups,
            duplicate_groups_total,
            likely_duplicates_total: likely.pairs_total,
            likely_duplicates,
            likely_clusters,
            likely,
        }
    }
}

/// Enum check through the precomputed option index.
fn check_enum<'a>(
    options: &HashMap<String, String>,
    raw: &str,
    scratch: &mut String,
) -> Result<Option<Cow<'a, str>>, ErrorKind> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    normalize_into(raw, scratch);
    match options.get(scratch.as_str()) {
        Some(spelling) => Ok(Some(Cow::Owned(spelling.clone()))),
        None => Err(ErrorKind::NotInList),
    }
}

/// Length and uniqueness checks of a valid, clean value.
fn check_clean(col: &mut Column, clean: &str, scratch: &mut String) -> Option<ErrorKind> {
    if col.rule.max_len.is_some_and(|max| clean.chars().count() > max) {
        return Some(ErrorKind::TooLong);
    }
    let unique = col.unique.as_mut()?;
    normalize_into(clean, scratch);
    let mut h = Fnv::new();
    h.write(scratch.as_bytes());
    (!unique.insert(h.finish())).then_some(ErrorKind::DuplicateValue)
}

#[cfg(test)]
#[path = "profiler_tests.rs"]
mod tests;
