//! Data migration quality (phase 3, guide FAQ 3): migration objects with their target fields'
//! rules; CSV exports uploaded as dated trial loads, streamed to disk and profiled by a background
//! job (`jobs`) with the streaming profiler (`profile`); the report, its trend across loads, the
//! error and cleaned files (`outputs`); and the business owner's sign-off, which ticks the phase-3
//! checklist item and feeds the warnings and the readiness card.

pub mod bench;
pub mod duplicates;
mod duplicates_views;
pub mod jobs;
pub mod loads;
mod loads_views;
pub mod objects;
pub mod objects_form;
mod objects_views;
pub mod outputs;
pub mod profile;
pub mod quality;
pub mod rules;
pub mod store;
pub mod upload;

use crate::web::Lang;
use actix_web::web;
use profile::ErrorKind;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}/migration", web::get().to(objects::list))
        .route("/projects/{id}/migration", web::post().to(objects::create))
        .route("/projects/{id}/migration.csv", web::get().to(objects::export_csv))
        .route("/projects/{id}/migration/new", web::get().to(objects::new_page))
        .route("/projects/{id}/migration/{oid}", web::get().to(objects::show))
        .route("/projects/{id}/migration/{oid}", web::post().to(objects::update))
        .route("/projects/{id}/migration/{oid}/edit", web::get().to(objects::edit_page))
        .route("/projects/{id}/migration/{oid}/delete", web::get().to(objects::delete_page))
        .route("/projects/{id}/migration/{oid}/delete", web::post().to(objects::delete))
        .route("/projects/{id}/migration/{oid}/loads", web::post().to(loads::upload))
        .route("/projects/{id}/migration/{oid}/loads.csv", web::get().to(loads::export_csv))
        .route("/projects/{id}/migration/{oid}/loads/{lid}", web::get().to(loads::show))
        .route("/projects/{id}/migration/{oid}/loads/{lid}/files/{which}", web::get().to(loads::download))
        .route("/projects/{id}/migration/{oid}/loads/{lid}/signoff", web::post().to(loads::sign_off))
        .route("/projects/{id}/migration/{oid}/loads/{lid}/duplicates", web::post().to(duplicates::decide))
        .route("/projects/{id}/migration/{oid}/loads/{lid}/duplicates.csv", web::get().to(duplicates::export_csv))
        .route("/projects/{id}/migration/{oid}/loads/{lid}/recheck", web::post().to(duplicates::recheck));
}

/// The phase-3 checklist item a complete set of signed-off trial loads ticks.
pub const CHECKLIST_KEY: &str = "impl-trial-load";

pub fn kind_label(l: Lang, k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::Missing => l.t("required value missing", "falta un valor obligatorio"),
        ErrorKind::TooLong => l.t("value too long", "valor demasiado largo"),
        ErrorKind::BadEmail => l.t("invalid e-mail", "correo electrónico no válido"),
        ErrorKind::BadDate => l.t("invalid date", "fecha no válida"),
        ErrorKind::BadNumber => l.t("invalid whole number", "número entero no válido"),
        ErrorKind::BadDecimal => l.t("invalid decimal", "decimal no válido"),
        ErrorKind::BadPhone => l.t("invalid phone", "teléfono no válido"),
        ErrorKind::BadTaxId => l.t("invalid tax id", "NIF/NIE/CIF no válido"),
        ErrorKind::NotInList => l.t("value not in the list", "valor fuera de la lista"),
        ErrorKind::DuplicateValue => l.t("repeated value of a unique field", "valor repetido en un campo único"),
        ErrorKind::MalformedLine => malformed_label(l),
    }
}

pub fn malformed_label(l: Lang) -> &'static str {
    l.t("unreadable line", "línea ilegible")
}

pub const STATUSES: [&str; 4] = ["queued", "running", "done", "failed"];

pub fn status_label(l: Lang, s: &str) -> &'static str {
    match s {
        "queued" => l.t("Waiting", "En espera"),
        "running" => l.t("Checking", "Comprobando"),
        "done" => l.t("Checked", "Comprobada"),
        _ => l.t("Failed", "Fallida"),
    }
}

/// The message of a failed job from its stored code.
pub fn failure_text(l: Lang, code: &str) -> String {
    let (code, detail) = code.split_once(':').unwrap_or((code, ""));
    match code {
        "stalled" => l
            .f(
                "The check stopped {0} times (the server restarted or ran out of resources). Upload the file again.",
                "La comprobación se detuvo {0} veces (el servidor se reinició o se quedó sin recursos). Suba el archivo de nuevo.",
                &[&jobs::MAX_ATTEMPTS],
            ),
        "missing_file" => l
            .t("The uploaded file is no longer on the server. Upload it again.", "El archivo subido ya no está en el servidor. Súbalo de nuevo.")
            .into(),
        "empty" => l.t("The file is empty.", "El archivo está vacío.").into(),
        "not_csv" => l.t("The file is not a CSV text file.", "El archivo no es un CSV de texto.").into(),
        "header" => l.f("The header does not match the fields: {0}", "La cabecera no coincide con los campos: {0}", &[&detail]),
        "read" | "write" => l.f("The file could not be processed: {0}", "No se pudo procesar el archivo: {0}", &[&detail]),
        _ => l.t("The check failed unexpectedly.", "La comprobación falló inesperadamente.").into(),
    }
}
