//! The project a request is about, as extractors: `Member` (signed in, and a member of the project
//! in the path, or an admin) and `Manager` (the same, and may manage it: its PM or an admin). Each
//! returns the signed-in person and their `Access` with the project row. A person who is not a
//! member gets 404, so other projects are not revealed; a member who may not manage gets 403.
//! `child` finds a row by id *within* the project, so an id from another project is a 404 too.

use super::access::{Access, access};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Auth;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PrimaryKeyTrait, QueryFilter};

/// A member of the project in the path (`/projects/{id}/…`).
pub struct Member {
    pub auth: Auth,
    pub acc: Access,
}

/// A member who may manage the project in the path.
pub struct Manager {
    pub auth: Auth,
    pub acc: Access,
}

/// The project id of the route: every project route is `/projects/{id}/…`.
fn project_id(req: &HttpRequest) -> Option<i32> {
    req.match_info().get("id")?.parse().ok()
}

/// Reads what it needs from the request now; the returned future owns it (one allocation, by the
/// caller's `Box::pin`).
fn resolve(req: &HttpRequest, p: &mut Payload) -> impl Future<Output = AppResult<(Auth, Access)>> + 'static {
    let auth = Auth::from_request(req, p).into_inner();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let id = project_id(req);
    async move {
        let mut auth = auth?;
        let state = state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("application state missing")))?;
        let acc = access(&state.db, &auth.user, id.ok_or(AppError::NotFound)?).await?;
        auth.ctx.project_role = Some(acc.role.key());
        Ok((auth, acc))
    }
}

impl FromRequest for Member {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, AppResult<Self>>;
    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let f = resolve(req, p);
        Box::pin(async move { f.await.map(|(auth, acc)| Member { auth, acc }) })
    }
}

impl FromRequest for Manager {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, AppResult<Self>>;
    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let f = resolve(req, p);
        Box::pin(async move {
            let (auth, acc) = f.await?;
            acc.require_manage()?;
            Ok(Manager { auth, acc })
        })
    }
}

/// The row of `E` with this id that belongs to the project (`col` is its project column), else 404.
pub async fn child<E>(db: &impl ConnectionTrait, acc: &Access, col: E::Column, id: i32) -> AppResult<E::Model>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i32>,
{
    E::find_by_id(id).filter(col.eq(acc.project.id)).one(db).await?.ok_or(AppError::NotFound)
}
