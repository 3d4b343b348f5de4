//! Streaming CSV data-quality profiler for ERP data-migration trial loads.
//!
//! A user uploads a CSV export (customers, items, vendors…) for a migration object whose target fields have
//! rules ([`Spec`]). The profiler reads the file once, streaming, and produces a [`Report`]:
//!
//! * per-field validation errors (missing values, bad e-mails, dates, numbers, phones, Spanish tax ids, enum values,
//!   over-long values, repeated values in unique fields) with counts and a few examples each;
//! * malformed lines (wrong column count, CSV errors such as invalid UTF-8);
//! * exact duplicates on a normalized duplicate key;
//! * likely duplicates by record-level matching (field-by-field evidence, blocking on several keys,
//!   clusters), see the `linkage` module.
//!
//! Memory does not grow with the file except for the duplicate indexes: one `u64` hash (plus a line number) per
//! row for exact duplicates and unique fields, and the bounded likely-duplicate index (see the `linkage` module).
//!
//! Everything here is pure: no I/O besides the `Read` handed to [`profile_reader`], no global state, no panics.

mod dupes;
mod encoding;
mod lines;
pub mod linkage;
mod normalize;
mod profiler;
mod reader;
mod report;
mod sink;
mod taxid;
mod validate;

#[cfg(test)]
#[path = "generated_tests.rs"]
mod generated_tests;
pub mod market;
pub mod sample;

pub use encoding::{Windows1252Reader, decode_windows_1252, detect_encoding, sniff_delimiter};
pub use normalize::{fnv1a64, normalize, normalize_email};
pub use profiler::Profiler;
pub use reader::{check_start, profile_reader, profile_reader_to};
pub use report::{
    Band, DuplicateGroup, ErrorExample, Evidence, FieldErrors, KindErrors, LikelyCluster, LikelyPair, LikelySummary,
    Report,
};
pub use sink::{RowOutcome, RowSink};
pub use validate::validate;

use std::fmt;

/// The kind of value a target field expects; selects the validator used by [`validate()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// Free text; only `max_len` (if any) is checked.
    Text,
    /// An e-mail address (pragmatic check: one `@`, non-empty local part, a domain with a dot, no spaces).
    Email,
    /// A calendar date: `YYYY-MM-DD`, `DD/MM/YYYY`, `D/M/YYYY`, `DD-MM-YYYY` or `DD.MM.YYYY`; cleaned to ISO.
    Date,
    /// An integer with optional sign and Spanish-style thousands separators (`.`, `,` or space).
    Number,
    /// A decimal number such as `1.234,56`, `1,234.56`, `1234,5`; cleaned to `1234.56`.
    Decimal,
    /// A phone number with 9–15 digits, optional leading `+`, spaces, dashes, dots and parentheses.
    Phone,
    /// A Spanish tax id: NIF, NIE or CIF, with check character verification.
    TaxId,
    /// One of a fixed list of values, matched case- and accent-insensitively; cleaned to the list's spelling.
    Enum(Vec<String>),
}

/// The rules of one target field of the migration object.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRule {
    /// Field name, matched against the CSV header case- and accent-insensitively (spaces and punctuation ignored).
    pub name: String,
    /// Expected kind of value.
    pub kind: FieldType,
    /// Whether an empty value is an error ([`ErrorKind::Missing`]); a required field must also be in the header.
    pub required: bool,
    /// Maximum length in characters of the cleaned value ([`ErrorKind::TooLong`]).
    pub max_len: Option<usize>,
    /// Whether a (normalized) value may appear only once in the file ([`ErrorKind::DuplicateValue`]).
    pub unique: bool,
}

/// What the profiler checks for one migration object.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The target fields and their rules.
    pub fields: Vec<FieldRule>,
    /// Field names whose normalized values together identify a duplicate.
    pub duplicate_key: Vec<String>,
    /// Fields compared for likely duplicates (e.g. name, tax id, email, phone, city).
    pub similar_fields: Vec<String>,
    /// Match probability (0–1) from which a pair is reported as a likely duplicate, e.g. 0.5.
    pub match_threshold: f64,
    /// Pairs a data steward decided on in earlier loads: (fingerprint, fingerprint, the same entity?).
    pub duplicate_decisions: Vec<(u64, u64, bool)>,
}

/// Character encoding of an uploaded file, as guessed by [`detect_encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 starting with the byte-order mark `EF BB BF` (stripped before parsing).
    Utf8Bom,
    /// Windows-1252 (a superset of ISO-8859-1 for printable characters), decoded on the fly.
    Windows1252,
}

/// A data-quality problem found in a value or a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A required field is empty.
    Missing,
    /// The cleaned value has more characters than `max_len`.
    TooLong,
    /// Not a valid e-mail address.
    BadEmail,
    /// Not a valid date in an accepted format, or not a real calendar day.
    BadDate,
    /// Not a valid integer.
    BadNumber,
    /// Not a valid decimal number.
    BadDecimal,
    /// Not a valid phone number.
    BadPhone,
    /// Not a valid Spanish NIF, NIE or CIF.
    BadTaxId,
    /// Not one of the allowed values of an enum field.
    NotInList,
    /// The value of a unique field repeats an earlier row's value (after normalization).
    DuplicateValue,
    /// The line has the wrong number of columns, or could not be parsed as CSV.
    MalformedLine,
}

impl ErrorKind {
    /// Every kind, in declaration order (the order used in reports).
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::Missing,
        ErrorKind::TooLong,
        ErrorKind::BadEmail,
        ErrorKind::BadDate,
        ErrorKind::BadNumber,
        ErrorKind::BadDecimal,
        ErrorKind::BadPhone,
        ErrorKind::BadTaxId,
        ErrorKind::NotInList,
        ErrorKind::DuplicateValue,
        ErrorKind::MalformedLine,
    ];

    /// Position of this kind in [`ErrorKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable code for files and stored reports (`bad_email`…).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Missing => "missing",
            ErrorKind::TooLong => "too_long",
            ErrorKind::BadEmail => "bad_email",
            ErrorKind::BadDate => "bad_date",
            ErrorKind::BadNumber => "bad_number",
            ErrorKind::BadDecimal => "bad_decimal",
            ErrorKind::BadPhone => "bad_phone",
            ErrorKind::BadTaxId => "bad_tax_id",
            ErrorKind::NotInList => "not_in_list",
            ErrorKind::DuplicateValue => "duplicate_value",
            ErrorKind::MalformedLine => "malformed_line",
        }
    }

    /// A short English description for user-facing reports.
    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::Missing => "required value missing",
            ErrorKind::TooLong => "value too long",
            ErrorKind::BadEmail => "invalid e-mail",
            ErrorKind::BadDate => "invalid date",
            ErrorKind::BadNumber => "invalid number",
            ErrorKind::BadDecimal => "invalid decimal",
            ErrorKind::BadPhone => "invalid phone",
            ErrorKind::BadTaxId => "invalid tax id",
            ErrorKind::NotInList => "value not in list",
            ErrorKind::DuplicateValue => "duplicate value",
            ErrorKind::MalformedLine => "malformed line",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The CSV header does not match the [`Spec`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderError {
    /// Required fields of the spec that no header column matches.
    pub missing_required: Vec<String>,
    /// Non-blank header columns that match no field of the spec.
    pub unknown_columns: Vec<String>,
    /// Header columns that appear more than once (after normalization).
    pub duplicate_columns: Vec<String>,
}

impl HeaderError {
    fn is_empty(&self) -> bool {
        self.missing_required.is_empty() && self.unknown_columns.is_empty() && self.duplicate_columns.is_empty()
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.missing_required.is_empty() {
            parts.push(format!("missing required columns: {}", self.missing_required.join(", ")));
        }
        if !self.unknown_columns.is_empty() {
            parts.push(format!("unknown columns: {}", self.unknown_columns.join(", ")));
        }
        if !self.duplicate_columns.is_empty() {
            parts.push(format!("repeated columns: {}", self.duplicate_columns.join(", ")));
        }
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for HeaderError {}

/// Why [`profile_reader`] could not produce a report.
#[derive(Debug)]
pub enum ProfileError {
    /// The file is empty (or only whitespace / a byte-order mark).
    Empty,
    /// The file is clearly not CSV text (e.g. binary data with NUL bytes, a spreadsheet or a PDF).
    NotCsv,
    /// The header does not match the spec.
    Header(HeaderError),
    /// Reading the input failed.
    Io(std::io::Error),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Empty => f.write_str("the file is empty"),
            ProfileError::NotCsv => f.write_str("the file is not a CSV text file"),
            ProfileError::Header(e) => write!(f, "the header does not match: {e}"),
            ProfileError::Io(e) => write!(f, "read error: {e}"),
        }
    }
}

impl std::error::Error for ProfileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ProfileError::Header(e) => Some(e),
            ProfileError::Io(e) => Some(e),
            _ => None,
        }
    }
}
