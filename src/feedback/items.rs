//! Giving feedback: the form (named or anonymous), "My feedback" with the answers, and following
//! anonymous feedback with its receipt code.
//!
//! Anonymous means no link to the person anywhere: the row has no author, its time is kept to the
//! day (so it cannot be lined up with a session's last-seen time or a log line), nothing is logged
//! and no email is sent. The receipt code is shown once and only its SHA-256 is stored.

use super::form::{FeedbackForm, ReceiptForm};
use super::{CATEGORIES, category_label, status_class, status_label};
use crate::entities::feedback;
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::training::{MODULES, module_label};
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, select};
use crate::web::middleware::unlogged;
use crate::web::nav::crumbs;
use crate::web::{CsrfForm, Ctx, FormErrors, flash, html, layout, token_hash};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
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

fn form_card(ctx: &Ctx, project_id: i32, form: &FeedbackForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let categories: Vec<(&str, &str)> = CATEGORIES.iter().map(|c| (*c, category_label(l, c))).collect();
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let ratings = [("", "—"), ("5", "5 ★★★★★"), ("4", "4 ★★★★"), ("3", "3 ★★★"), ("2", "2 ★★"), ("1", "1 ★")];
    html! {
        div.card {
            (error_summary(l, e))
            form method="post" action=(crate::urls::feedback(project_id)) novalidate {
                (csrf_field(ctx))
                div.grid {
                    (select("category", l.t("About", "Sobre"), &categories, &form.category, e))
                    (select("module", l.t("Part of the ERP", "Parte del ERP"), &modules, if form.module.is_empty() { "general" } else { &form.module }, e))
                    (select("rating", l.t("How is it going? (1–5)", "¿Qué tal va? (1–5)"), &ratings, &form.rating, e))
                }
                (field("body", l.t("What happened, or what do you suggest?", "¿Qué ha pasado o qué propone?"), "textarea", &form.body, e, FieldAttrs::required().max(4000)))
                div.field {
                    label { input type="checkbox" name="anonymous" value="1" checked[form.anonymous == "1"]; " " (l.t("Send anonymously", "Enviar de forma anónima")) }
                    small.hint { (l.t("Nobody — not the project manager, not an administrator — can see who sent anonymous feedback; it is not even stored. You get a receipt code to follow the answer.",
                                      "Nadie —ni el jefe de proyecto ni un administrador— puede ver quién envía una opinión anónima: ni siquiera se guarda. Recibirá un código para seguir la respuesta.")) }
                }
                button type="submit" { (l.t("Send feedback", "Enviar opinión")) }
            }
        }
    }
}

fn page_body(ctx: &Ctx, acc: &Access, mine: &[feedback::Model], form: &FeedbackForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Feedback", "Opiniones");
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            p.lead { (l.t("Tell the project team what works and what doesn't. They answer here, and the adjustments they make are listed.",
                          "Cuente al equipo del proyecto qué funciona y qué no. Le responderán aquí, y los ajustes que hagan quedan anotados.")) }
            div.actions {
                a.button.secondary href={ "/projects/" (p.id) "/adjustments" } { (l.t("Adjustments made", "Ajustes realizados")) }
                a.button.secondary href=(crate::urls::surveys(p.id)) { (l.t("Surveys", "Encuestas")) }
            }
            (form_card(ctx, p.id, form, e))
            h2 { (l.t("My feedback", "Mis opiniones")) }
            @if mine.is_empty() {
                p.muted { (l.t("You have not sent named feedback yet. Anonymous feedback is not listed here: follow it with its receipt code below.",
                               "Aún no ha enviado opiniones con su nombre. Las anónimas no aparecen aquí: sígalas con su código abajo.")) }
            } @else {
                table {
                    thead { tr { th scope="col" { (l.t("Sent", "Enviada")) } th scope="col" { (l.t("About", "Sobre")) } th scope="col" { (l.t("Status", "Estado")) } th scope="col" { (l.t("Answer", "Respuesta")) } } }
                    tbody { @for f in mine { tr {
                        td { a href={ (crate::urls::feedback(p.id)) "/" (f.id) } { (l.date(f.created_at.date_naive())) } }
                        td { (category_label(l, &f.category)) " · " (module_label(l, &f.module)) }
                        td { (badge(status_label(l, &f.status), status_class(&f.status))) }
                        td { (f.reply.as_deref().unwrap_or("")) }
                    } } }
                }
            }
            h2 { (l.t("Follow anonymous feedback", "Seguir una opinión anónima")) }
            form.inline method="post" action={ (crate::urls::feedback(p.id)) "/receipt" } {
                (csrf_field(ctx))
                label for="receipt" { (l.t("Receipt code", "Código de seguimiento")) }
                " " input #receipt type="text" name="code" autocomplete="off" size="22";
                " " button.secondary type="submit" { (l.t("Look up", "Consultar")) }
            }
        },
    )
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

pub fn detail(ctx: &Ctx, f: &feedback::Model) -> Markup {
    let l = ctx.lang;
    html! {
        dl.facts {
            dt { (l.t("Sent on", "Enviada el")) } dd { (l.date(f.created_at.date_naive())) }
            dt { (l.t("About", "Sobre")) } dd { (category_label(l, &f.category)) " · " (module_label(l, &f.module)) }
            dt { (l.t("Rating", "Valoración")) } dd { (f.rating) " / 5" }
            dt { (l.t("Status", "Estado")) } dd { (badge(status_label(l, &f.status), status_class(&f.status))) }
        }
        p.pre { (f.body) }
        @if let Some(r) = &f.reply {
            h2 { (l.t("Answer from the project team", "Respuesta del equipo del proyecto")) }
            p.pre { (r) }
        }
    }
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
