//! Everyone's own start page, `/home`, where sign-in lands: what the person has to do next in each
//! role they hold — learner, trainer, project manager — across their projects, with an empty state
//! and a next step for each list. An aggregate page (it reads training, feedback, the plan and the
//! readiness verdicts), so it sits above the features.

pub mod data;
pub mod views;

use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Auth, html};
use actix_web::{HttpResponse, http::StatusCode, web};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/home", web::get().to(page));
}

/// The panel a trainer or an employee sees on a project's home page: their own next steps there.
pub async fn project_panel(
    state: &AppState,
    ctx: &crate::web::Ctx,
    user_id: i32,
    project_id: i32,
    trainer_here: bool,
) -> AppResult<maud::Markup> {
    let h = data::gather(state, user_id, false, false).await?.only(project_id);
    Ok(views::project_panel(ctx.lang, &h, trainer_here, state.clock.now()))
}

pub async fn page(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let h = data::gather(&state, auth.user.id, auth.user.role == "admin", true).await?;
    Ok(html(StatusCode::OK, views::page(&auth, &h, state.clock.now())))
}
