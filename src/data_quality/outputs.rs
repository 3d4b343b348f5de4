//! The files a trial load produces beside its report, written while profiling (one pass):
//! every error with its line (`.errors.csv`), the cleaned rows — normalized values, one row per
//! duplicate key — ready for the ERP (`.clean.csv`), and the rows set aside with their reasons
//! (`.rejected.csv`). Each is written to a `.part` file and renamed when complete.
//!
//! The cleaned file's last column gives each row's source line. Rows a data steward declared the
//! same customer (likely-duplicate decisions, by fingerprint) are held back while the file streams
//! and written at the end as one row — the earliest one's values — listing every line merged.

use super::profile::{RowOutcome, RowSink};
use super::{kind_label, malformed_label};
use crate::crypto::{EncryptWriter, KeyRing};
use crate::web::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

pub const OUTPUTS: [&str; 3] = ["errors", "clean", "rejected"];

/// The path of one output of the upload stored at `source`.
pub fn output_path(source: &Path, which: &str) -> PathBuf {
    let mut name = source.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{which}.csv"));
    source.with_file_name(name)
}

fn part(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    path.with_file_name(name)
}

/// Counts of what went where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputCounts {
    /// Rows in the cleaned file.
    pub clean: u64,
    /// Valid rows left out of the cleaned file because an earlier row had the same duplicate key.
    pub merged: u64,
    /// Rows (and unreadable lines) in the rejected file.
    pub rejected: u64,
    /// Lines of the error file.
    pub errors: u64,
    /// Valid rows merged into another because a data steward declared them the same entity.
    #[serde(default)]
    pub merged_likely: u64,
}

/// Rows held back for merging at most (beyond, rows are written as they come).
const MAX_HELD: usize = 100_000;

/// One output: CSV, encrypted on its way to disk.
type Out = csv::Writer<EncryptWriter<File>>;

pub struct Outputs {
    lang: Lang,
    fields: Vec<String>,
    errors: Out,
    clean: Out,
    rejected: Out,
    written_keys: HashSet<u64>,
    /// Fingerprint pairs declared the same entity, and the fingerprints they name.
    same: Vec<(u64, u64)>,
    hold: HashSet<u64>,
    held: Vec<(u64, u64, Vec<String>)>,
    paths: Vec<PathBuf>,
    pub counts: OutputCounts,
    row: Vec<String>,
}

impl Outputs {
    /// `same`: fingerprint pairs a data steward declared the same entity (merged in the cleaned file).
    pub fn create(source: &Path, lang: Lang, keys: &KeyRing, same: &[(u64, u64)]) -> io::Result<Outputs> {
        let paths: Vec<PathBuf> = OUTPUTS.iter().map(|w| output_path(source, w)).collect();
        let open = |p: &Path| keys.encrypt_writer(File::create(part(p))?).map(csv::Writer::from_writer);
        // The rejected file keeps malformed rows as found, so its rows may be narrower or wider.
        let flexible = |p: &Path| {
            keys.encrypt_writer(File::create(part(p))?).map(|f| csv::WriterBuilder::new().flexible(true).from_writer(f))
        };
        Ok(Outputs {
            lang,
            fields: Vec::new(),
            errors: open(&paths[0])?,
            clean: open(&paths[1])?,
            rejected: flexible(&paths[2])?,
            written_keys: HashSet::new(),
            same: same.to_vec(),
            hold: same.iter().flat_map(|&(a, b)| [a, b]).collect(),
            held: Vec::new(),
            paths,
            counts: OutputCounts::default(),
            row: Vec::new(),
        })
    }

    /// Writes the held rows, one per group of rows declared the same (in order of first line).
    fn write_merged(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        let present: HashMap<u64, usize> = held.iter().enumerate().map(|(i, h)| (h.1, i)).collect();
        let mut group: Vec<usize> = (0..held.len()).collect();
        fn root(g: &mut [usize], mut i: usize) -> usize {
            while g[i] != i {
                g[i] = g[g[i]];
                i = g[i];
            }
            i
        }
        for (a, b) in &self.same {
            if let (Some(&i), Some(&j)) = (present.get(a), present.get(b)) {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri.max(rj)] = ri.min(rj);
            }
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); held.len()];
        for i in 0..held.len() {
            let r = root(&mut group, i);
            members[r].push(i);
        }
        for m in members.iter().filter(|m| !m.is_empty()) {
            let first = &held[m[0]];
            let lines: Vec<String> = m.iter().map(|&i| held[i].0.to_string()).collect();
            self.counts.clean += 1;
            self.counts.merged_likely += m.len() as u64 - 1;
            let mut row = first.2.clone();
            row.push(lines.join(", "));
            self.clean.write_record(&row).map_err(io_err)?;
        }
        Ok(())
    }

    /// Flushes the files and gives them their final names.
    pub fn finish(mut self) -> io::Result<OutputCounts> {
        self.write_merged()?;
        for w in [self.errors, self.clean, self.rejected] {
            let sealed = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?.finish()?;
            sealed.sync_all()?;
        }
        for p in &self.paths {
            std::fs::rename(part(p), p)?;
        }
        Ok(self.counts)
    }

    /// Removes whatever was written (a failed run).
    pub fn discard(source: &Path) {
        for w in OUTPUTS {
            let p = output_path(source, w);
            let _ = std::fs::remove_file(part(&p));
            let _ = std::fs::remove_file(p);
        }
    }

    fn error_line(&mut self, line: u64, field: &str, code: &str, label: &str, value: &str) -> io::Result<()> {
        self.counts.errors += 1;
        // People open this file in a spreadsheet: values that look like formulas are neutralized.
        let value = crate::web::csv::safe(value);
        self.errors
            .write_record([line.to_string().as_str(), field, code, label, value.as_str()])
            .map_err(io::Error::other)
    }
}

fn io_err(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

impl RowSink for Outputs {
    fn header(&mut self, file_header: &[String], fields: &[String]) -> io::Result<()> {
        let l = self.lang;
        self.fields = fields.to_vec();
        self.errors
            .write_record([
                l.t("line", "línea"),
                l.t("field", "campo"),
                l.t("error", "error"),
                l.t("description", "descripción"),
                l.t("value", "valor"),
            ])
            .map_err(io_err)?;
        let mut clean_head = fields.to_vec();
        clean_head.push(l.t("source_lines", "líneas_origen").to_string());
        self.clean.write_record(&clean_head).map_err(io_err)?;
        let mut head = vec![l.t("line", "línea").to_string()];
        head.extend(file_header.iter().cloned());
        head.push(l.t("errors", "errores").to_string());
        self.rejected.write_record(&head).map_err(io_err)
    }

    fn row(&mut self, o: &RowOutcome<'_>) -> io::Result<()> {
        if o.errors.is_empty() {
            let first = o.key.is_none_or(|k| self.written_keys.insert(k));
            if first {
                if o.fingerprint.is_some_and(|f| self.hold.contains(&f)) && self.held.len() < MAX_HELD {
                    self.held.push((o.line, o.fingerprint.unwrap_or(0), o.values.to_vec()));
                    return Ok(());
                }
                self.counts.clean += 1;
                self.row.clear();
                self.row.extend(o.values.iter().cloned());
                self.row.push(o.line.to_string());
                return self.clean.write_record(&self.row).map_err(io_err);
            }
            self.counts.merged += 1;
            return Ok(());
        }
        let l = self.lang;
        let mut reasons = Vec::with_capacity(o.errors.len());
        for &(fi, kind) in o.errors {
            let field = self.fields.get(fi).cloned().unwrap_or_default();
            let label = kind_label(l, kind);
            let value = o.values.get(fi).map(String::as_str).unwrap_or("");
            self.error_line(o.line, &field, kind.code(), label, value)?;
            reasons.push(format!("{field}: {label}"));
        }
        self.counts.rejected += 1;
        self.row.clear();
        self.row.push(o.line.to_string());
        self.row.extend(o.record.iter().map(str::to_string));
        self.row.push(reasons.join("; "));
        self.rejected.write_record(&self.row).map_err(io_err)
    }

    fn malformed(&mut self, line: u64, message: &str, record: Option<&csv::StringRecord>) -> io::Result<()> {
        let label = malformed_label(self.lang);
        self.error_line(line, "", "malformed_line", label, message)?;
        self.counts.rejected += 1;
        self.row.clear();
        self.row.push(line.to_string());
        if let Some(r) = record {
            self.row.extend(r.iter().map(str::to_string));
        }
        self.row.push(format!("{label}: {message}"));
        self.rejected.write_record(&self.row).map_err(io_err)
    }
}
