//! What the profiler concluded about each record, for writers of cleaned files and error reports.

use super::ErrorKind;
use std::io;

/// One data record after its checks.
pub struct RowOutcome<'a> {
    /// First line of the record in the file.
    pub line: u64,
    /// The record as read (header order).
    pub record: &'a csv::StringRecord,
    /// Per spec field: the clean value, or the trimmed raw value when it had an error ("" when absent).
    pub values: &'a [String],
    /// Per error of the row: the spec field index and the kind, in field order.
    pub errors: &'a [(usize, ErrorKind)],
    /// Hash of the normalized duplicate key (`None`: no key configured or all key values blank).
    pub key: Option<u64>,
    /// Whether an earlier record had the same duplicate key.
    pub repeated: bool,
    /// Hash of the compared values (`None`: none compared, or an exact duplicate), under which data
    /// stewards' likely-duplicate decisions are kept.
    pub fingerprint: Option<u64>,
}

/// Receives every record in file order. A write error stops profiling ([`super::ProfileError::Io`]).
pub trait RowSink {
    /// Called once, before any record: the file's header and the spec's field names.
    fn header(&mut self, file_header: &[String], fields: &[String]) -> io::Result<()>;
    /// A record that was checked field by field.
    fn row(&mut self, outcome: &RowOutcome<'_>) -> io::Result<()>;
    /// A record that could not be checked: wrong column count (the record is given) or a CSV error (none).
    fn malformed(&mut self, line: u64, message: &str, record: Option<&csv::StringRecord>) -> io::Result<()>;
}

/// The sink of a report-only run.
impl RowSink for () {
    fn header(&mut self, _: &[String], _: &[String]) -> io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: &RowOutcome<'_>) -> io::Result<()> {
        Ok(())
    }
    fn malformed(&mut self, _: u64, _: &str, _: Option<&csv::StringRecord>) -> io::Result<()> {
        Ok(())
    }
}
