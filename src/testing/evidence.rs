//! An evidence file on a recorded step (a screenshot, a PDF of the document produced): uploaded by
//! whoever may execute the run, stored encrypted under the data folder's `uploads/evidence` with a
//! random name, downloaded as an attachment (never shown inline, so a file cannot run as a page).

use super::runs_store;
use crate::entities::{test_step, test_step_result as tsr};
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::flash;
use crate::web::upload::{self, UploadError};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::io::{Read, Write};
use std::path::PathBuf;

const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Where evidence files live (copied by the backup with the other uploads, re-encrypted by the
/// key rotation).
pub fn dir(settings: &crate::config::Settings) -> PathBuf {
    crate::data_quality::jobs::upload_dir(settings).join(SUBDIR)
}

/// The folder under the uploads that holds evidence files.
pub const SUBDIR: &str = "evidence";

/// The run (404 outside the project, 403 for who may not execute it), the step of its case, and
/// the result recorded on it (404 when the step has none yet).
async fn target(
    state: &AppState,
    m: &Member,
    run: i32,
    step: i32,
) -> AppResult<(crate::entities::test_run::Model, tsr::Model)> {
    let run = runs_store::get(&state.db, m.acc.project.id, run).await?.ok_or(AppError::NotFound)?;
    if !(m.acc.can_coordinate() || run.tester_id == Some(m.auth.user.id)) {
        return Err(AppError::Forbidden);
    }
    let step = test_step::Entity::find_by_id(step)
        .filter(test_step::Column::CaseId.eq(run.case_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let result = tsr::Entity::find()
        .filter(tsr::Column::RunId.eq(run.id))
        .filter(tsr::Column::StepId.eq(step.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((run, result))
}

pub async fn upload(
    m: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
    req: HttpRequest,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let (_, run_id, step_id) = path.into_inner();
    let (run, result) = target(&state, &m, run_id, step_id).await?;
    let l = m.auth.ctx.lang;
    let back = format!("{}#step-{}", crate::urls::test_run(m.acc.project.id, run.id), step_id);
    let up = match upload::read(&req, payload, MAX_BYTES).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            return Ok(flash::error(&back, l.t("The file is larger than 10 MB.", "El archivo supera 10 MB.")));
        }
        Err(UploadError::App(e)) => return Err(e),
    };
    if up.file.is_empty() {
        return Ok(flash::error(&back, l.t("Choose a file to attach.", "Elija un archivo para adjuntar.")));
    }
    let name =
        if up.file_name.trim().is_empty() { l.t("evidence", "evidencia").to_string() } else { up.file_name.clone() };
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/'))
        .take(120)
        .collect();
    let stored = crate::web::random_token()[..32].to_string();
    let folder = dir(&state.settings);
    let keys = state.keys.clone();
    let bytes = up.file;
    let file_path = folder.join(&stored);
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::create_dir_all(&folder)?;
        let tmp = file_path.with_extension("part");
        let mut w = keys.encrypt_writer(std::fs::File::create(&tmp)?)?;
        w.write_all(&bytes)?;
        w.finish()?.sync_all()?;
        std::fs::rename(&tmp, &file_path)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|e| AppError::Internal(e.into()))?;
    tsr::Entity::update_many()
        .col_expr(tsr::Column::EvidenceName, Expr::value(Some(name)))
        .col_expr(tsr::Column::EvidenceFile, Expr::value(Some(stored)))
        .filter(tsr::Column::Id.eq(result.id))
        .exec(&state.db)
        .await?;
    if let Some(old) = result.evidence_file {
        let _ = std::fs::remove_file(dir(&state.settings).join(old));
    }
    Ok(flash::success(&back, l.t("Evidence attached to the step.", "Evidencia adjuntada al paso.")))
}

pub async fn download(
    m: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, run_id, step_id) = path.into_inner();
    let (_, result) = target(&state, &m, run_id, step_id).await?;
    let (Some(stored), Some(name)) = (result.evidence_file, result.evidence_name) else {
        return Err(AppError::NotFound);
    };
    if !stored.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let file_path = dir(&state.settings).join(stored);
    let keys = state.keys.clone();
    let bytes = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        keys.decrypt_reader(std::io::BufReader::new(std::fs::File::open(file_path)?))?.read_to_end(&mut out)?;
        Ok(out)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(|_| AppError::NotFound)?;
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{ascii}\"")))
        .body(bytes))
}
