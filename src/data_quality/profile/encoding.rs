//! Encoding detection, Windows-1252 decoding and delimiter sniffing.

use super::Encoding;
use std::io::{self, Read};

/// Unicode code points of Windows-1252 bytes 0x80–0x9F. The five bytes that Windows-1252 leaves undefined
/// (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control with the same value, as browsers do.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', // 0x80
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}', // 0x88
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', // 0x90
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}', // 0x98
];

/// Guesses the encoding of a file from its first bytes: a UTF-8 BOM gives [`Encoding::Utf8Bom`]; otherwise
/// valid UTF-8 (a multi-byte character cut at the very end of `head` is allowed) gives [`Encoding::Utf8`];
/// anything else is taken as [`Encoding::Windows1252`].
pub fn detect_encoding(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8Bom;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        // `error_len() == None`: the input ends in the middle of a (so far valid) character.
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Maps one Windows-1252 byte to its character.
pub(crate) fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Decodes Windows-1252 bytes to a `String` (every byte maps to a character, so this cannot fail).
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    out.extend(bytes.iter().map(|&b| cp1252_char(b)));
    out
}

/// A `Read` adapter that decodes Windows-1252 bytes from `inner` into UTF-8 on the fly, with a small fixed buffer.
pub struct Windows1252Reader<R> {
    inner: R,
    raw: Box<[u8]>,
    /// Decoded bytes not yet handed out: `decoded[pos..len]`.
    decoded: Box<[u8]>,
    pos: usize,
    len: usize,
}

impl<R: Read> Windows1252Reader<R> {
    const RAW: usize = 16 * 1024;

    /// Wraps a reader of Windows-1252 bytes.
    pub fn new(inner: R) -> Self {
        Windows1252Reader {
            inner,
            raw: vec![0; Self::RAW].into_boxed_slice(),
            // Each Windows-1252 byte becomes at most 3 UTF-8 bytes.
            decoded: vec![0; Self::RAW * 3].into_boxed_slice(),
            pos: 0,
            len: 0,
        }
    }

    /// Returns the wrapped reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn refill(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        let mut len = 0;
        for &b in &self.raw[..n] {
            if b < 0x80 {
                self.decoded[len] = b;
                len += 1;
            } else {
                len += cp1252_char(b).encode_utf8(&mut self.decoded[len..]).len();
            }
        }
        self.pos = 0;
        self.len = len;
        Ok(())
    }
}

impl<R: Read> Read for Windows1252Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.pos == self.len {
            self.refill()?;
        }
        let n = buf.len().min(self.len - self.pos);
        buf[..n].copy_from_slice(&self.decoded[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Candidate delimiters, in order of preference on ties.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];
/// Lines examined by [`sniff_delimiter`].
const SNIFF_LINES: usize = 20;

/// Guesses the delimiter (`,`, `;` or tab) from the first lines of the file.
///
/// Counts each candidate outside double quotes on up to 20 records (a quoted line break does not end a record;
/// LF, CRLF and CR all end lines).
/// A candidate must occur in the first line (the header); the winner is the one whose count in the following
/// lines most often equals the header's, then the one with the higher header count; ties prefer `,` then `;`.
/// The last line is ignored when the text has more than one line and does not end with a line break (it may be
/// cut). Defaults to `,` (e.g. a single-column file).
pub fn sniff_delimiter(head_text: &str) -> u8 {
    let lines = count_per_line(head_text.as_bytes());
    let Some(header) = lines.first() else {
        return b',';
    };
    let mut best: Option<(usize, usize, usize)> = None; // (consistent lines, header count, candidate index)
    for (i, &count) in header.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let consistent = lines.iter().filter(|l| l[i] == count).count();
        if best.is_none_or(|(c, h, _)| (consistent, count) > (c, h)) {
            best = Some((consistent, count, i));
        }
    }
    best.map_or(b',', |(_, _, i)| DELIMITERS[i])
}

/// Per record, how many times each delimiter candidate occurs outside quotes.
fn count_per_line(text: &[u8]) -> Vec<[usize; 3]> {
    let mut lines = Vec::new();
    let mut current = [0usize; 3];
    let mut in_quotes = false;
    let mut has_content = false;
    for &b in text {
        if b == b'"' {
            in_quotes = !in_quotes;
            has_content = true;
            continue;
        }
        if in_quotes {
            continue;
        }
        if b == b'\n' || b == b'\r' {
            if has_content {
                lines.push(current);
                if lines.len() == SNIFF_LINES {
                    return lines;
                }
            }
            current = [0; 3];
            has_content = false;
        } else if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            current[i] += 1;
            has_content = true;
        } else if !b.is_ascii_whitespace() {
            has_content = true;
        }
    }
    if has_content && lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
#[path = "encoding_tests.rs"]
mod tests;
