//! Giving feedback: the form (named or anonymous), "My feedback" with the answers, and following
//! anonymous feedback with its receipt code.
//!
//! Anonymous means no link to the person anywhere: the row has no author, its time is kept to the
//! day (so it cannot be lined up with a session's last-seen time or a log line), nothing is logged
//! and no email is sent. The receipt code is shown once and only its SHA-256 is stored.

use super::CATEGORIES;
use super::form::{FeedbackForm, ReceiptForm};
use super::items_views::{detail, page_body};
use crate::entities::feedback;
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::training::MODULES;
use crate::web::middleware::unlogged;
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, FormErrors, flash, html, layout, token_hash};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub struct FeedbackInput {
    pub category: String,
    pub module: String,
    pub rating: i32,
    pub body: String,
    pub anonymous: bool,
}

impl FeedbackForm {
    pub fn validate(&self, l: crate::web::Lang) -> Result<FeedbackInput, FormErrors> {
        let mut e = FormErrors::new();
        if !CATEGORIES.contains(&self.category.as_str()) {
            e.add("category", l.t("Choose what it is about.", "Elija de qué trata."));
        }
        if !MODULES.contains(&self.module.as_str()) {
            e.add("module", l.t("Choose the part of the ERP.", "Elija la parte del ERP."));
        }
        let rating = self.rating.trim().parse::<i32>().ok().filter(|r| (1..=5).contains(r));
        if rating.is_none() {
            e.add("rating", l.t("Rate from 1 (very bad) to 5 (very good).", "Valore de 1 (muy mal) a 5 (muy bien)."));
        }
        let body = self.body.trim();
        if body.is_empty() || body.chars().count() > 4000 {
            e.add(
                "body",
                l.t(
                    "Tell us what happened or what you suggest (4000 characters at most).",
                    "Cuéntenos qué ha pasado o qué propone (4000 caracteres como máximo).",
                ),
            );
        }
        match (e.is_empty(), rating) {
            (true, Some(rating)) => Ok(FeedbackInput {
                category: self.category.clone(),
                module: self.module.clone(),
                rating,
                body: body.to_string(),
                anonymous: self.anonymous == "1",
            }),
            _ => Err(e),
        }
    }
}

/// A receipt code such as `7KQ2-MX4P-9D3F-H2W8` (about 78 bits), easy to read aloud.
fn receipt_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The code as stored: upper case, without dashes or spaces, hashed.
pub fn receipt_hash(code: &str) -> String {
    let clean: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    token_hash(&clean)
}

async fn mine(state: &AppState, project_id: i32, user_id: i32) -> AppResult<Vec<feedback::Model>> {
    Ok(feedback::Entity::find()
        .filter(feedback::Column::ProjectId.eq(project_id))
        .filter(feedback::Column::AuthorId.eq(user_id))
        .order_by_desc(feedback::Column::Id)
        .limit(200)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|f| readable(state, f))
        .collect())
}

/// The feedback with its text decrypted (it is stored encrypted, `crypto::keys::AAD_FEEDBACK`).
pub fn readable(state: &AppState, mut f: feedback::Model) -> feedback::Model {
    f.body = state
        .keys
        .decrypt_str(&f.body, crate::crypto::keys::AAD_FEEDBACK)
        .unwrap_or_else(|_| "[unreadable: not encrypted with a known key]".into());
    f
}

/// PMs get the triage list; everyone else the form and their own feedback.
pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<super::form::ListParams>,
) -> AppResult<HttpResponse> {
    if acc.can_manage() {
        return super::triage::list_page(&state, &auth, &acc, &q).await;
    }
    let rows = mine(&state, acc.project.id, auth.user.id).await?;
    Ok(html(StatusCode::OK, page_body(&auth.ctx, &acc, &rows, &FeedbackForm::default(), &FormErrors::new())))
}

pub async fn submit(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let input = match form.validate(l) {
        Ok(i) => i,
        Err(e) => {
            let rows = mine(&state, acc.project.id, auth.user.id).await?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page_body(&auth.ctx, &acc, &rows, &form, &e)));
        }
    };
    let now = state.clock.now();
    let (author, receipt, created_at) = if input.anonymous {
        // The day only: a precise time could be matched with a session's last activity.
        let day = now.date_naive().and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or(now);
        (None, Some(receipt_code()), day)
    } else {
        (Some(auth.user.id), None, now)
    };
    feedback::ActiveModel {
        project_id: Set(acc.project.id),
        author_id: Set(author),
        receipt_hash: Set(receipt.as_deref().map(receipt_hash)),
        category: Set(input.category),
        module: Set(input.module),
        rating: Set(input.rating),
        body: Set(state
            .keys
            .encrypt_str(&input.body, crate::crypto::keys::AAD_FEEDBACK)
            .map_err(|e| AppError::Internal(e.into()))?),
        status: Set("new".into()),
        version: Set(1),
        created_at: Set(created_at),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let Some(code) = receipt else {
        return Ok(flash::success(
            &crate::urls::feedback(acc.project.id),
            l.t("Thank you. The project team will answer here.", "Gracias. El equipo del proyecto le responderá aquí."),
        ));
    };
    // Shown once, on this page; never in a URL, a cookie or a log.
    let title = l.t("Anonymous feedback sent", "Opinión anónima enviada");
    let body = html! {
        h1 { (title) }
        div.card {
            p { (l.t("Thank you. Keep this receipt code to read the answer later; it is the only link to your feedback and it is not shown again.",
                     "Gracias. Guarde este código para leer la respuesta más adelante; es el único vínculo con su opinión y no se vuelve a mostrar.")) }
            p.receipt { strong { (code) } }
            p { a href=(crate::urls::feedback(acc.project.id)) { (l.t("Back to feedback", "Volver a opiniones")) } }
        }
    };
    Ok(unlogged(html(StatusCode::OK, layout::page(&auth.ctx, title, body))))
}

/// Anonymous feedback, found by its receipt code.
pub async fn receipt(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<ReceiptForm>,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let found = feedback::Entity::find()
        .filter(feedback::Column::ProjectId.eq(acc.project.id))
        .filter(feedback::Column::ReceiptHash.eq(receipt_hash(&form.code)))
        .one(&state.db)
        .await?
        .map(|f| readable(&state, f));
    let title = l.t("Your anonymous feedback", "Su opinión anónima");
    let (status, body) = match found {
        Some(f) => (StatusCode::OK, html! { h1 { (title) } div.card { (detail(&auth.ctx, &f)) } }),
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            html! {
                h1 { (title) }
                div.flash.flash-error role="alert" { p { (l.t("No feedback of this project has that receipt code. Check it and try again.", "Ninguna opinión de este proyecto tiene ese código. Revíselo e inténtelo de nuevo.")) } }
                p { a href=(crate::urls::feedback(acc.project.id)) { (l.t("Back to feedback", "Volver a opiniones")) } }
            },
        ),
    };
    Ok(html(status, layout::page(&auth.ctx, title, body)))
}

/// One item: its author (if named and the caller) or a PM.
pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, fid) = path.into_inner();
    let f = feedback::Entity::find_by_id(fid)
        .filter(feedback::Column::ProjectId.eq(acc.project.id))
        .one(&state.db)
        .await?
        .map(|f| readable(&state, f))
        .ok_or(AppError::NotFound)?;
    if !acc.can_manage() && f.author_id != Some(auth.user.id) {
        return Err(AppError::NotFound);
    }
    if acc.can_manage() {
        return super::triage::item_page(&state, &auth, &acc, &f, &FormErrors::new(), StatusCode::OK).await;
    }
    let l = auth.ctx.lang;
    let title = l.t("My feedback", "Mi opinión");
    let body = html! {
        (crumbs(&auth.ctx, &acc.project, &[(l.t("Feedback", "Opiniones"), Some(crate::urls::feedback(acc.project.id))), (title, None)]))
        h1 { (title) }
        div.card { (detail(&auth.ctx, &f)) }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
