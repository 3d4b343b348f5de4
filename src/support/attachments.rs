//! Attachments of a ticket: a screenshot or a document added from the ticket's page by whoever may
//! see it (the reporter or a triager), up to `MAX_FILES` of `MAX_BYTES` each, of a few harmless
//! kinds. They are always downloaded (never shown inline) as `application/octet-stream`, so a file
//! cannot run as a page of the site. Stored in the database, apart from the ticket row.

use super::tickets::visible;
use crate::entities::support_attachment;
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::upload::{self, UploadError};
use crate::web::{Lang, flash};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_FILES: u64 = 5;
pub const KINDS: [&str; 9] = ["png", "jpg", "jpeg", "gif", "pdf", "txt", "csv", "xlsx", "docx"];

/// A file name safe to store and to put back in a header: the last path part, printable ASCII
/// letters, digits, dot, dash and underscore, at most 100 characters; `None` for a kind not allowed.
pub fn clean_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .take(100)
        .collect();
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    KINDS.contains(&ext.as_str()).then_some(name)
}

/// (id, file name, size) of a ticket's attachments, without their bytes.
pub async fn list(db: &impl ConnectionTrait, ticket_id: i32) -> Result<Vec<(i32, String, i32)>, DbErr> {
    use support_attachment::Column as C;
    support_attachment::Entity::find()
        .select_only()
        .columns([C::Id, C::FileName, C::Size])
        .filter(C::TicketId.eq(ticket_id))
        .order_by_asc(C::Id)
        .into_tuple()
        .all(db)
        .await
}

fn refused(l: Lang, e: &UploadError) -> Option<String> {
    match e {
        UploadError::TooLarge => Some(l.f(
            "The file is larger than {0} MB.",
            "El archivo ocupa más de {0} MB.",
            &[&(MAX_BYTES / 1024 / 1024)],
        )),
        UploadError::App(_) => None,
    }
}

pub async fn upload(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    req: HttpRequest,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let (_, tid) = path.into_inner();
    let t = visible(&state, &auth, &acc, tid).await?;
    let l = auth.ctx.lang;
    let back = crate::urls::support_ticket(acc.project.id, t.id);
    let up = match upload::read(&req, payload, MAX_BYTES).await {
        Ok(u) => u,
        Err(e) => match refused(l, &e) {
            Some(msg) => return Ok(flash::error(&back, &msg)),
            None => {
                return Err(match e {
                    UploadError::App(a) => a,
                    UploadError::TooLarge => AppError::BadRequest("too large".into()),
                });
            }
        },
    };
    let name = clean_name(&up.file_name);
    let Some(name) = name.filter(|_| !up.file.is_empty()) else {
        return Ok(flash::error(
            &back,
            &l.f(
                "Choose a file of one of these kinds: {0}.",
                "Elija un archivo de uno de estos tipos: {0}.",
                &[&KINDS.join(", ")],
            ),
        ));
    };
    let count = support_attachment::Entity::find()
        .filter(support_attachment::Column::TicketId.eq(t.id))
        .count(&state.db)
        .await?;
    if count >= MAX_FILES {
        return Ok(flash::error(
            &back,
            &l.f("A ticket holds {0} files at most.", "Una incidencia admite {0} archivos como máximo.", &[&MAX_FILES]),
        ));
    }
    support_attachment::ActiveModel {
        ticket_id: Set(t.id),
        file_name: Set(name),
        size: Set(up.file.len() as i32),
        data: Set(up.file),
        uploaded_by: Set(Some(auth.user.id)),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(&back, l.t("File attached.", "Archivo adjuntado.")))
}

pub async fn download(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, tid, fid) = path.into_inner();
    let t = visible(&state, &auth, &acc, tid).await?;
    let a = support_attachment::Entity::find_by_id(fid)
        .filter(support_attachment::Column::TicketId.eq(t.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", a.file_name)))
        .body(a.data))
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn file_names_lose_their_path_and_odd_characters_and_only_some_kinds_pass() {
        assert_eq!(
            clean_name("C:\\Users\\ana\\Captura de pantalla (1).PNG").as_deref(),
            Some("Captura_de_pantalla__1_.PNG")
        );
        assert_eq!(clean_name("../../factura\"x\".pdf").as_deref(), Some("factura_x_.pdf"));
        assert_eq!(clean_name("virus.exe"), None);
        assert_eq!(clean_name("no_extension"), None);
    }
}
