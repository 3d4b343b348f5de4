//! Line-break normalization so that the `csv` crate reports the right line numbers.
//!
//! `csv::Position::line` is wrong in two common cases: with CRLF line endings it lags one line per record
//! (rust-csv issue #395), and after skipped blank lines it points at the first blank line instead of the record.
//! [`LineNormalizer`] fixes both on the byte stream, before parsing:
//! * CRLF and lone CR (old Mac exports) become LF — so quoted values never contain CR;
//! * an empty line outside quotes becomes a line with one space, which the parser returns as a blank record (the
//!   profiler skips it) instead of silently skipping it.
//!
//! Quotes are tracked like the `csv` crate does (a `"` opens a quoted field only at the start of a field; `""`
//! inside quotes is an escaped quote), so line breaks inside quoted values are left alone.
//! CR, LF, `"` and the delimiters are single ASCII bytes in both UTF-8 and Windows-1252.

use std::io::{self, Read};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a line, outside quotes.
    LineStart,
    /// At the start of a field (after a delimiter).
    FieldStart,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a `"` inside a quoted field: an escaped quote or the end of the quotes.
    QuoteInQuoted,
}

/// A `Read` adapter that normalizes line breaks (see the module documentation).
pub(crate) struct LineNormalizer<R> {
    inner: R,
    delimiter: u8,
    state: State,
    /// The last byte was a CR: a LF right after it belongs to it.
    pending_cr: bool,
    raw: Box<[u8]>,
    /// Converted bytes not yet handed out: `out[pos..len]`.
    out: Box<[u8]>,
    pos: usize,
    len: usize,
}

impl<R: Read> LineNormalizer<R> {
    const RAW: usize = 16 * 1024;

    pub(crate) fn new(inner: R, delimiter: u8) -> Self {
        LineNormalizer {
            inner,
            delimiter,
            state: State::LineStart,
            pending_cr: false,
            raw: vec![0; Self::RAW].into_boxed_slice(),
            // Each byte gives at most two ("\n" → " \n"), plus one for a CR carried over from the last chunk.
            out: vec![0; 2 * Self::RAW + 2].into_boxed_slice(),
            pos: 0,
            len: 0,
        }
    }

    /// Appends one logical byte (line breaks already LF) to the output.
    fn put(&mut self, b: u8) {
        let next = match (self.state, b) {
            (State::LineStart, b'\n') => {
                self.out[self.len] = b' ';
                self.len += 1;
                State::LineStart
            }
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::LineStart | State::FieldStart | State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b'\n') => State::LineStart,
            (_, d) if d == self.delimiter => State::FieldStart,
            _ => State::Unquoted,
        };
        self.state = next;
        self.out[self.len] = b;
        self.len += 1;
    }

    /// Converts the next chunk of input; `len` stays 0 only at the end of the input or for a chunk of one CR.
    fn refill(&mut self) -> io::Result<usize> {
        self.pos = 0;
        self.len = 0;
        let n = loop {
            match self.inner.read(&mut self.raw) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        for i in 0..n {
            let b = self.raw[i];
            if std::mem::take(&mut self.pending_cr) {
                self.put(b'\n');
                if b == b'\n' {
                    continue;
                }
            }
            if b == b'\r' {
                self.pending_cr = true;
            } else {
                self.put(b);
            }
        }
        if n == 0 && std::mem::take(&mut self.pending_cr) {
            self.put(b'\n');
        }
        Ok(n)
    }
}

impl<R: Read> Read for LineNormalizer<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while self.pos == self.len {
            if self.refill()? == 0 && self.len == 0 {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.len - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
