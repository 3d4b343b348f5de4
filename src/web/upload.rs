//! Small file uploads (a spreadsheet of requirements, say): a multipart form read into memory up to
//! a limit, with the same CSRF check as `CsrfForm`.

use super::RequestCtx;
use super::csrf::tokens_match;
use crate::error::AppError;
use actix_multipart::Multipart;
use actix_web::{HttpMessage, HttpRequest};
use futures_util::StreamExt;
use std::collections::HashMap;

pub struct Upload {
    pub fields: HashMap<String, String>,
    /// The first file field's bytes; empty when none was chosen.
    pub file: Vec<u8>,
    /// The name the browser gave that file, if any.
    pub file_name: Option<String>,
}

#[derive(Debug)]
pub enum UploadError {
    TooLarge,
    App(AppError),
}

impl From<AppError> for UploadError {
    fn from(e: AppError) -> Self {
        UploadError::App(e)
    }
}

/// Reads every part; text fields are capped at 64 KiB, the file at `limit` bytes.
pub async fn read(req: &HttpRequest, mut payload: Multipart, limit: usize) -> Result<Upload, UploadError> {
    let expected = req.extensions().get::<RequestCtx>().map(|c| c.csrf.clone()).unwrap_or_default();
    let bad = |e: actix_multipart::MultipartError| UploadError::App(AppError::BadRequest(e.to_string()));
    let mut up = Upload { fields: HashMap::new(), file: Vec::new(), file_name: None };
    let mut seen_file = false;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(bad)?;
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_string);
        let is_file = file_name.is_some();
        let cap = if is_file { limit } else { 64 * 1024 };
        let mut buf = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad)?;
            if buf.len() + chunk.len() > cap {
                return Err(if is_file {
                    UploadError::TooLarge
                } else {
                    UploadError::App(AppError::BadRequest("field too large".into()))
                });
            }
            buf.extend_from_slice(&chunk);
        }
        if is_file {
            if !seen_file {
                up.file = buf;
                up.file_name = file_name;
                seen_file = true;
            }
        } else {
            up.fields.insert(name, String::from_utf8_lossy(&buf).into_owned());
        }
    }
    let token = up.fields.get("csrf_token").map(String::as_str).unwrap_or("");
    if !tokens_match(token, &expected) {
        return Err(UploadError::App(AppError::Csrf));
    }
    let bad = crate::text::control_fields(up.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !bad.is_empty() {
        return Err(UploadError::App(AppError::ControlCharacters(bad)));
    }
    Ok(up)
}

/// Why an import page could not even start parsing: the status and the message to show.
pub enum CsvFailure {
    Page(actix_web::http::StatusCode, String),
    App(AppError),
}

/// Reads the CSV file of an import form: too large (413) and no file chosen (422) become
/// messages for the page; a bad CSRF token or a broken body stays an `AppError`.
pub async fn read_csv(
    req: &HttpRequest,
    payload: Multipart,
    limit: usize,
    l: super::Lang,
) -> Result<Vec<u8>, CsvFailure> {
    use actix_web::http::StatusCode;
    match read(req, payload, limit).await {
        Ok(u) if !u.file.is_empty() => match control_line(&u.file) {
            None => Ok(u.file),
            Some(line) => Err(CsvFailure::Page(
                StatusCode::UNPROCESSABLE_ENTITY,
                l.f(
                    "Nothing was imported: line {0} holds a hidden control character (such as NUL) that cannot be \
                     stored. Remove it, or save the file again as \"CSV UTF-8\", and import it again.",
                    "No se ha importado nada: la línea {0} contiene un carácter de control oculto (como NUL) que \
                     no se puede guardar. Quítelo, o guarde el archivo de nuevo como \"CSV UTF-8\", e impórtelo otra vez.",
                    &[&line],
                ),
            )),
        },
        Ok(_) => Err(CsvFailure::Page(
            StatusCode::UNPROCESSABLE_ENTITY,
            l.t("Choose a CSV file to import.", "Elija un archivo CSV para importar.").into(),
        )),
        Err(UploadError::TooLarge) => Err(CsvFailure::Page(
            StatusCode::PAYLOAD_TOO_LARGE,
            l.f("The file is larger than {0} MB.", "El archivo supera {0} MB.", &[&(limit / 1024 / 1024)]),
        )),
        Err(UploadError::App(e)) => Err(CsvFailure::App(e)),
    }
}

/// The first line (from 1) of a small CSV file with a control byte other than tab and line breaks
/// (UTF-8 never uses bytes below 0x80 inside a character, so bytes are enough).
fn control_line(file: &[u8]) -> Option<usize> {
    let at = file.iter().position(|b| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || *b == 0x7f)?;
    Some(file[..at].iter().filter(|b| **b == b'\n').count() + 1)
}

/// The headline of an import that found `n` lines to correct.
pub fn nothing_imported(l: super::Lang, n: usize) -> String {
    l.f(
        "Nothing was imported: {0} line(s) need correcting.",
        "No se ha importado nada: hay que corregir {0} línea(s).",
        &[&n],
    )
}

/// One problem found in an uploaded file, at a line of it.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// The body of an import page: the failure message, the lines to correct, the help text and the
/// file form posting to `action`.
pub fn import_body(
    ctx: &super::Ctx,
    message: Option<&str>,
    errors: &[RowError],
    help: &str,
    action: &str,
    cancel: &str,
) -> maud::Markup {
    let l = ctx.lang;
    maud::html! {
        @if let Some(m) = message { div.flash.flash-error role="alert" { (m) } }
        @if !errors.is_empty() {
            table.report-errors {
                caption { (l.t("Lines to correct", "Líneas que corregir")) }
                thead { tr { th scope="col" { (l.t("Line", "Línea")) } th scope="col" { (l.t("Problem", "Problema")) } } }
                tbody { @for e in errors { tr { td { (e.line) } td { (e.message) } } } }
            }
        }
        div.card {
            p { (help) }
            form method="post" action=(action) enctype="multipart/form-data" {
                (super::components::csrf_field(ctx))
                div.field {
                    label for="f-file" { (l.t("CSV file", "Archivo CSV")) }
                    input #f-file type="file" name="file" accept=".csv,text/csv" required;
                }
                div.actions {
                    button type="submit" { (l.t("Import", "Importar")) }
                    a href=(cancel) { (l.t("Cancel", "Cancelar")) }
                }
            }
        }
    }
}
