//! Trial loads: the upload (streamed to disk, checked at once for what can be checked from the
//! start of the file, then queued for the profiler), the report page, the output downloads, the
//! history CSV and the business owner's sign-off.

use super::loads_views as views;
use super::objects::object_of;
use super::profile::{HeaderError, ProfileError, check_start};
use super::quality::{self, Snapshot};
use super::upload::{Received, TempFile, receive};
use super::{jobs, outputs, rules, store};
use crate::entities::{migration_object, trial_load, user};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::{CsrfForm, Lang, csv, flash, html};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// PMs, admins and the object's business owner see the data (example values, files) and upload.
pub fn can_handle_data(acc: &Access, o: &migration_object::Model, u: &user::Model) -> bool {
    acc.can_manage() || o.owner_id == Some(u.id)
}

fn header_message(l: Lang, h: &HeaderError) -> String {
    let mut parts = Vec::new();
    if !h.missing_required.is_empty() {
        parts.push(l.f(
            "required columns missing: {0}",
            "faltan columnas obligatorias: {0}",
            &[&h.missing_required.join(", ")],
        ));
    }
    if !h.unknown_columns.is_empty() {
        parts.push(l.f(
            "columns that match no field: {0}",
            "columnas que no corresponden a ningún campo: {0}",
            &[&h.unknown_columns.join(", ")],
        ));
    }
    if !h.duplicate_columns.is_empty() {
        parts.push(l.f("repeated columns: {0}", "columnas repetidas: {0}", &[&h.duplicate_columns.join(", ")]));
    }
    l.f(
        "The first line of the file does not match the object's fields ({0}). Rename the columns or edit the fields, then upload again.",
        "La primera línea del archivo no coincide con los campos del objeto ({0}). Cambie el nombre de las columnas o edite los campos y vuelva a subirlo.",
        &[&parts.join("; ")],
    )
}

fn start_message(l: Lang, e: &ProfileError) -> String {
    match e {
        ProfileError::Empty => l.t("The file is empty.", "El archivo está vacío.").into(),
        ProfileError::NotCsv => l
            .t(
                "This is not a CSV text file (a spreadsheet, a PDF or UTF-16 text?). Save it as “CSV UTF-8” or “CSV (comma or semicolon delimited)” and upload that.",
                "Esto no es un archivo CSV de texto (¿una hoja de cálculo, un PDF o texto UTF-16?). Guárdelo como «CSV UTF-8» o «CSV (delimitado por comas o punto y coma)» y suba ese archivo.",
            )
            .into(),
        ProfileError::Header(h) => header_message(l, h),
        ProfileError::Io(_) => l.t("The file could not be read.", "No se pudo leer el archivo.").into(),
    }
}

pub async fn upload(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    req: HttpRequest,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    if !can_handle_data(&acc, &o, &auth.user) {
        return Err(AppError::Forbidden);
    }
    let l = auth.ctx.lang;
    let limit = state.settings.upload_max_bytes;
    let (st, obj, ac, au) = (&state, &o, &acc, &auth);
    let fail = |status: StatusCode, message: String| async move {
        let (state, o, acc, auth) = (st, obj, ac, au);
        let loads = store::loads_of(&state.db, o.id).await?;
        let names = crate::phases::store::user_names(&state.db, o.owner_id.into_iter().collect()).await?;
        let page =
            super::objects_views::object_page(&auth.ctx, acc, &auth.user, o, &loads, &names, limit, Some(&message));
        Ok::<_, AppError>(html(status, page))
    };
    let dir = jobs::upload_dir(&state.settings);
    let (temp, name, size) = match receive(&req, payload, &dir, limit, &state.keys).await? {
        Received::File { temp, name, size } => (TempFile::new(temp), name, size),
        Received::NoFile => {
            let m = l.t("Choose the CSV export to check.", "Elija la exportación CSV que quiere comprobar.");
            return fail(StatusCode::UNPROCESSABLE_ENTITY, m.into()).await;
        }
        Received::TooLarge => {
            let m = l.f(
                "The file is larger than the {0} allowed. Split the export, or ask the administrator to raise ERP_UPLOAD_MAX_MB.",
                "El archivo supera los {0} permitidos. Divida la exportación o pida al administrador que aumente ERP_UPLOAD_MAX_MB.",
                &[&size_label(limit)],
            );
            return fail(StatusCode::PAYLOAD_TOO_LARGE, m).await;
        }
    };
    let snapshot = Snapshot { fields: rules::from_json(&o.rules), similarity_threshold: o.similarity_threshold };
    let spec = rules::to_spec(&snapshot.fields, snapshot.similarity_threshold);
    let path_to_check = temp.path().to_path_buf();
    let keys = state.keys.clone();
    let checked = web::block(move || {
        let f = std::fs::File::open(path_to_check).map_err(ProfileError::Io)?;
        check_start(spec, keys.decrypt_reader(std::io::BufReader::new(f)).map_err(ProfileError::Io)?)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    if let Err(e) = checked {
        if let ProfileError::Io(io) = &e {
            tracing::warn!(error = %io, "could not read an uploaded export");
        }
        return fail(StatusCode::UNPROCESSABLE_ENTITY, start_message(l, &e)).await;
    }
    let stored_name = format!("{}.csv", uuid::Uuid::new_v4().simple());
    let stored = dir.join(&stored_name);
    tokio::fs::rename(temp.path(), &stored).await.map_err(|e| AppError::Internal(e.into()))?;
    temp.forget();
    let inserted = trial_load::ActiveModel {
        object_id: Set(o.id),
        project_id: Set(acc.project.id),
        uploaded_by: Set(Some(auth.user.id)),
        file_name: Set(name),
        file_size: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        stored_name: Set(stored_name),
        lang: Set(l.code().to_string()),
        rules: Set(serde_json::to_string(&snapshot).map_err(|e| AppError::Internal(e.into()))?),
        status: Set("queued".into()),
        attempts: Set(0),
        progress_bytes: Set(0),
        error_total: Set(0),
        rows_read: Set(0),
        rows_valid: Set(0),
        exact_duplicates: Set(0),
        likely_duplicates: Set(0),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await;
    let load = match inserted {
        Ok(load) => load,
        Err(e) => {
            let _ = tokio::fs::remove_file(&stored).await;
            return Err(e.into());
        }
    };
    Ok(flash::success(
        &crate::urls::trial_load(acc.project.id, o.id, load.id),
        l.t(
            "File received. The check runs in the background; this page follows it.",
            "Archivo recibido. La comprobación se hace en segundo plano; esta página la sigue.",
        ),
    ))
}

/// "512 MB", or "64 KB" under a megabyte.
pub fn size_label(bytes: u64) -> String {
    if bytes >= 1024 * 1024 { format!("{} MB", bytes / 1024 / 1024) } else { format!("{} KB", bytes / 1024) }
}

pub(super) async fn load_of(state: &AppState, o: &migration_object::Model, lid: i32) -> AppResult<trial_load::Model> {
    store::load(&state.db, o.id, lid).await?.ok_or(AppError::NotFound)
}

/// The object and its load, for someone who may see the data (404 for another project's or an
/// unknown id first, then 403).
pub(super) async fn data_load(
    state: &AppState,
    acc: &Access,
    me: &user::Model,
    oid: i32,
    lid: i32,
) -> AppResult<(migration_object::Model, trial_load::Model)> {
    let o = object_of(state, acc, oid).await?;
    let load = load_of(state, &o, lid).await?;
    if !can_handle_data(acc, &o, me) {
        return Err(AppError::Forbidden);
    }
    Ok((o, load))
}

/// A finished load's report and output counts (decrypted), if it has one.
pub(super) fn stored_report(state: &AppState, load: &trial_load::Model) -> Option<quality::Stored> {
    let plain = state.keys.decrypt_str(load.report.as_deref()?, crate::crypto::keys::AAD_REPORT).ok()?;
    serde_json::from_str(&plain).ok()
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    band: String,
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
    query: web::Query<ShowQuery>,
) -> AppResult<HttpResponse> {
    let (_, oid, lid) = path.into_inner();
    let (o, load) = data_load(&state, &acc, &auth.user, oid, lid).await?;
    let stored = stored_report(&state, &load);
    let names = crate::phases::store::user_names(
        &state.db,
        [o.owner_id, load.signed_off_by, load.uploaded_by].into_iter().flatten().collect(),
    )
    .await?;
    let decided = super::duplicates::decisions_of(&state.db, o.id).await?;
    let band = super::profile::Band::ALL.into_iter().find(|b| b.code() == query.band);
    let dv = views::DupView { decided: &decided, band, can_decide: true };
    let body = views::report_page(&auth.ctx, &acc, &auth.user, &o, &load, stored.as_ref(), &names, dv);
    let mut resp = html(StatusCode::OK, body);
    if matches!(load.status.as_str(), "queued" | "running") {
        // The page follows the job without script: the browser reloads it every two seconds.
        resp.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("refresh"),
            actix_web::http::header::HeaderValue::from_static("2"),
        );
    }
    Ok(resp)
}

pub async fn download(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32, String)>,
) -> AppResult<HttpResponse> {
    let (_, oid, lid, which) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let load = load_of(&state, &o, lid).await?;
    if !outputs::OUTPUTS.contains(&which.as_str()) || load.status != "done" {
        return Err(AppError::NotFound);
    }
    if !can_handle_data(&acc, &o, &auth.user) {
        return Err(AppError::Forbidden);
    }
    let file_path = outputs::output_path(&jobs::upload_dir(&state.settings).join(&load.stored_name), &which);
    let file = std::fs::File::open(&file_path).map_err(|_| AppError::NotFound)?;
    let reader = state.keys.decrypt_reader(std::io::BufReader::new(file)).map_err(|e| AppError::Internal(e.into()))?;
    let stream = decrypting_stream(reader);
    let base: String =
        o.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{base}-load{}-{which}.csv\"", load.id)))
        .streaming(stream))
}

/// The file's plaintext as a response body, decrypted 64 KiB at a time on a blocking thread.
fn decrypting_stream<R: std::io::Read + Send + 'static>(
    mut reader: R,
) -> impl futures_util::Stream<Item = Result<web::Bytes, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        loop {
            let mut buf = vec![0u8; 64 * 1024];
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    buf.truncate(n);
                    if tx.blocking_send(Ok(web::Bytes::from(buf))).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    break;
                }
            }
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) })
}

pub async fn export_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, oid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let loads = store::loads_of(&state.db, o.id).await?;
    let mut w = csv::writer();
    w.write_record([
        "load",
        "uploaded_at",
        "file",
        "bytes",
        "status",
        "rows_read",
        "rows_valid",
        "valid_pct",
        "errors",
        "exact_duplicates",
        "likely_duplicates",
        "finished_at",
        "meets_thresholds",
        "signed_off_at",
    ])
    .map_err(csv::io)?;
    for x in &loads {
        let t = |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
        w.write_record([
            x.id.to_string(),
            x.created_at.to_rfc3339(),
            csv::safe(&x.file_name),
            x.file_size.to_string(),
            x.status.clone(),
            x.rows_read.to_string(),
            x.rows_valid.to_string(),
            format!("{:.2}", quality::valid_pct(x)),
            x.error_total.to_string(),
            x.exact_duplicates.to_string(),
            x.likely_duplicates.to_string(),
            t(x.finished_at),
            quality::meets(x, &o).to_string(),
            t(x.signed_off_at),
        ])
        .map_err(csv::io)?;
    }
    csv::response(&format!("trial-loads-{}.csv", o.id), w)
}

pub async fn sign_off(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let (_, oid, lid) = path.into_inner();
    let o = object_of(&state, &acc, oid).await?;
    let load = load_of(&state, &o, lid).await?;
    if o.owner_id != Some(auth.user.id) {
        return Err(AppError::Forbidden);
    }
    let l = auth.ctx.lang;
    let back = crate::urls::trial_load(acc.project.id, o.id, load.id);
    if !quality::meets(&load, &o) {
        return Ok(flash::error(
            &back,
            l.t(
                "This load does not meet the object's thresholds, so it cannot be signed off.",
                "Esta carga no cumple los umbrales del objeto, así que no se puede aprobar.",
            ),
        ));
    }
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let n = trial_load::Entity::update_many()
        .col_expr(trial_load::Column::SignedOffBy, Expr::value(auth.user.id))
        .col_expr(trial_load::Column::SignedOffAt, Expr::value(now))
        .filter(trial_load::Column::Id.eq(load.id))
        .filter(trial_load::Column::SignedOffAt.is_null())
        .exec(&tx)
        .await?
        .rows_affected;
    let facts = store::facts(&tx, acc.project.id, now).await?;
    let all_signed = facts.objects > 0 && facts.not_signed_off.is_empty();
    if all_signed {
        crate::phases::store::tick_by_key(&tx, acc.project.id, super::CHECKLIST_KEY, auth.user.id, now).await?;
    }
    tx.commit().await?;
    let message = match (n, all_signed) {
        (0, _) => l.t("This load was already signed off.", "Esta carga ya estaba aprobada."),
        (_, true) => l.t(
            "Signed off. Every migration object now has a signed-off trial load: the checklist item of the implementation phase is ticked.",
            "Aprobada. Todos los objetos de migración tienen ya una carga de prueba aprobada: se ha marcado el punto de la lista de la fase de implantación.",
        ),
        (_, false) => l.t("Signed off.", "Aprobada."),
    };
    Ok(flash::success(&back, message))
}
