//! [`profile_reader`]: encoding and delimiter detection, decoding, CSV parsing and profiling of one file.

use super::encoding::{Windows1252Reader, decode_windows_1252, detect_encoding, sniff_delimiter};
use super::lines::LineNormalizer;
use super::profiler::Profiler;
use super::report::Report;
use super::sink::RowSink;
use super::{Encoding, ProfileError, Spec};
use std::borrow::Cow;
use std::io::{self, Cursor, Read};

/// Bytes examined to detect the encoding and the delimiter.
const HEAD_LEN: usize = 64 * 1024;
/// Bytes between two progress reports.
const PROGRESS_EVERY: u64 = 64 * 1024;
/// Signatures of files users upload by mistake: PDF, ZIP (xlsx, ods), OLE (xls, doc).
const BINARY_SIGNATURES: [&[u8]; 3] = [b"%PDF-", b"PK\x03\x04", b"\xD0\xCF\x11\xE0"];

/// Profiles a whole CSV file read from `reader`, streaming.
///
/// Reads the first 64 KiB to detect the encoding ([`detect_encoding`]) and the delimiter ([`sniff_delimiter`]),
/// then parses everything with the `csv` crate (flexible column counts, quoted fields with line breaks), decoding
/// Windows-1252 on the fly and skipping a UTF-8 byte-order mark. The first record is the header. Each data record
/// goes to a [`Profiler`] with its first line number; line breaks are normalized first so that these numbers are
/// right (see the `lines` module). Blank lines and rows whose values are all blank are skipped (counted in
/// [`Report::rows_blank`]). CSV errors (such as invalid UTF-8 in a file whose first 64 KiB were valid UTF-8) are
/// counted as malformed lines and reading goes on.
///
/// `progress` receives the number of bytes read so far about every 64 KiB, and once more with the total at the
/// end of the input.
///
/// Errors: [`ProfileError::Empty`] for an empty (or whitespace-only) file, [`ProfileError::NotCsv`] for binary
/// data (NUL bytes or many control characters in the first 64 KiB, or a PDF/ZIP/OLE signature),
/// [`ProfileError::Header`] when the header does not match the spec, [`ProfileError::Io`] when reading fails.
pub fn profile_reader<R: Read>(spec: Spec, reader: R, progress: impl FnMut(u64)) -> Result<Report, ProfileError> {
    profile_reader_to(spec, reader, progress, &mut ())
}

/// Checks what can be checked from the start of a file without reading it all: not empty, text, and a header
/// that matches the spec. The upload form uses it to answer at once.
pub fn check_start<R: Read>(spec: Spec, reader: R) -> Result<(), ProfileError> {
    start(spec, reader, |_| {}, &mut (), true).map(|_| ())
}

/// [`profile_reader`], telling `sink` what was concluded about every record (for cleaned files and error lists).
/// A write error of the sink stops profiling with [`ProfileError::Io`].
pub fn profile_reader_to<R: Read, S: RowSink>(
    spec: Spec,
    reader: R,
    progress: impl FnMut(u64),
    sink: &mut S,
) -> Result<Report, ProfileError> {
    start(spec, reader, progress, sink, false)?.ok_or(ProfileError::Empty)
}

/// Detection, then the header (and the records unless `header_only`).
fn start<R: Read, S: RowSink>(
    spec: Spec,
    mut reader: R,
    progress: impl FnMut(u64),
    sink: &mut S,
    header_only: bool,
) -> Result<Option<Report>, ProfileError> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    (&mut reader).take(HEAD_LEN as u64).read_to_end(&mut head).map_err(ProfileError::Io)?;
    let encoding = detect_encoding(&head);
    let bom = if encoding == Encoding::Utf8Bom { 3 } else { 0 };
    let delimiter = {
        let body = &head[bom..];
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(ProfileError::Empty);
        }
        if looks_binary(body) {
            return Err(ProfileError::NotCsv);
        }
        let text: Cow<'_, str> = match encoding {
            Encoding::Windows1252 => Cow::Owned(decode_windows_1252(body)),
            Encoding::Utf8 | Encoding::Utf8Bom => String::from_utf8_lossy(body),
        };
        sniff_delimiter(&text)
    };
    let mut cursor = Cursor::new(head);
    cursor.set_position(bom as u64);
    let counting = Counting {
        inner: cursor.chain(reader),
        count: bom as u64,
        next: PROGRESS_EVERY,
        progress,
        last_reported: None,
    };
    let source = LineNormalizer::new(counting, delimiter);
    match encoding {
        Encoding::Windows1252 => run(spec, Windows1252Reader::new(source), delimiter, sink, header_only),
        Encoding::Utf8 | Encoding::Utf8Bom => run(spec, source, delimiter, sink, header_only),
    }
}

/// NUL bytes, a known binary signature, or more than 1% control characters (other than tab, CR, LF, FF).
fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) || BINARY_SIGNATURES.iter().any(|s| head.starts_with(s)) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    controls * 100 > head.len()
}

/// Parses the CSV and feeds the profiler (after the header, nothing when `header_only`).
fn run<T: Read, S: RowSink>(
    spec: Spec,
    source: T,
    delimiter: u8,
    sink: &mut S,
    header_only: bool,
) -> Result<Option<Report>, ProfileError> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(HEAD_LEN)
        .from_reader(source);
    let mut record = csv::StringRecord::new();
    let header: Vec<String> = loop {
        match csv.read_record(&mut record) {
            Ok(true) if record.iter().all(|v| v.trim().is_empty()) => continue,
            Ok(true) => break record.iter().map(str::to_string).collect(),
            Ok(false) => return Err(ProfileError::Empty),
            Err(e) => return Err(fatal(e)),
        }
    };
    let mut profiler = Profiler::new(spec, &header).map_err(ProfileError::Header)?;
    if header_only {
        return Ok(None);
    }
    sink.header(&header, &profiler.field_names()).map_err(ProfileError::Io)?;
    let mut last_error_at = None;
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                profiler.push_to(line, &record, sink).map_err(ProfileError::Io)?;
            }
            Err(e) => {
                let line = e.position().map_or_else(|| csv.position().line(), |p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::Io(_) => return Err(fatal(e)),
                    csv::ErrorKind::Utf8 { .. } => String::from("invalid UTF-8 text (mixed encodings?)"),
                    _ => e.to_string(),
                };
                // Never spin on an error that does not advance the parser.
                let at = csv.position().byte();
                if last_error_at == Some(at) {
                    break;
                }
                last_error_at = Some(at);
                profiler.push_malformed(line, &message);
                sink.malformed(line, &message, None).map_err(ProfileError::Io)?;
            }
        }
    }
    Ok(Some(profiler.finish()))
}

/// A CSV error that stops profiling: a read error, or any error in the header (not CSV text).
fn fatal(e: csv::Error) -> ProfileError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ProfileError::Io(io),
        _ => ProfileError::NotCsv,
    }
}

/// Counts the raw bytes read and reports progress.
struct Counting<R, F> {
    inner: R,
    count: u64,
    /// Byte count at which to report next.
    next: u64,
    progress: F,
    last_reported: Option<u64>,
}

impl<R: Read, F: FnMut(u64)> Read for Counting<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        let at_end = n == 0 && !buf.is_empty();
        if (at_end || self.count >= self.next) && self.last_reported != Some(self.count) {
            (self.progress)(self.count);
            self.last_reported = Some(self.count);
            self.next = self.count + PROGRESS_EVERY;
        }
        Ok(n)
    }
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
