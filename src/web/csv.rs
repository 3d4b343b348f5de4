//! CSV downloads: formula-safe cells and the attachment response.

use crate::error::{AppError, AppResult};
use actix_web::HttpResponse;

/// Neutralises spreadsheet formulas in user text (CSV injection).
pub fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
}

/// Maps a csv write error (only possible on a broken in-memory writer) to a 500.
pub fn io(e: csv::Error) -> AppError {
    AppError::Internal(e.into())
}

pub fn response(filename: &str, w: csv::Writer<Vec<u8>>) -> AppResult<HttpResponse> {
    let bytes = w.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .body(bytes))
}
