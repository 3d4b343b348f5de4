//! The rows of an uploaded spreadsheet (CSV): encoding and delimiter detected, header cells mapped
//! to known columns, blank rows skipped, a cap on the number of rows, each row with its line number
//! (quoted fields may span lines). Lines that cannot be read become errors, never a panic. The
//! importers (requirements, plan, KPI measurements) validate the cells.

use super::Lang;
use super::upload::RowError;
use crate::text::{decode_upload, sniff_delimiter};

pub struct Sheet<T> {
    pub cols: Vec<Option<T>>,
    pub rows: Vec<(u64, csv::StringRecord)>,
    /// Lines that could not be read, and the row cap if it was hit.
    pub errors: Vec<RowError>,
}

impl<T: Copy + PartialEq> Sheet<T> {
    /// Reads the file; `Err` when even the header line cannot be read.
    pub fn read(
        bytes: &[u8],
        column: impl Fn(&str) -> Option<T>,
        max_rows: usize,
        l: Lang,
    ) -> Result<Sheet<T>, RowError> {
        let (text, _) = decode_upload(bytes);
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(sniff_delimiter(&text))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = rdr.headers().map_err(|e| RowError {
            line: 1,
            message: l.f("The header line cannot be read: {0}", "No se puede leer la línea de cabecera: {0}", &[&e]),
        })?;
        let cols: Vec<Option<T>> = headers.iter().map(&column).collect();
        let mut sheet = Sheet { cols, rows: Vec::new(), errors: Vec::new() };
        for (i, rec) in rdr.records().enumerate() {
            let line = i as u64 + 2;
            if i >= max_rows {
                sheet.errors.push(RowError {
                    line,
                    message: l.f(
                        "At most {0} rows per import.",
                        "Como máximo {0} filas por importación.",
                        &[&max_rows],
                    ),
                });
                break;
            }
            match rec {
                Ok(r) if r.iter().all(str::is_empty) => {}
                Ok(r) => sheet.rows.push((r.position().map(|p| p.line()).unwrap_or(line), r)),
                Err(e) => sheet.errors.push(RowError {
                    line,
                    message: l.f("This line cannot be read: {0}", "Esta línea no se puede leer: {0}", &[&e]),
                }),
            }
        }
        Ok(sheet)
    }

    pub fn has(&self, c: T) -> bool {
        self.cols.contains(&Some(c))
    }

    /// The cell of column `c` in a row, or "" when the file has no such column.
    pub fn get<'a>(&self, rec: &'a csv::StringRecord, c: T) -> &'a str {
        self.cols.iter().position(|x| *x == Some(c)).and_then(|i| rec.get(i)).unwrap_or("")
    }
}
