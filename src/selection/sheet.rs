//! An evaluator's own score sheet: every shortlisted product on every criterion, 1 to 5, with an
//! optional comment. Nobody else's scores are shown here, and the sheet closes once revealed.

use super::store;
use crate::entities::{candidate, criterion};
use crate::error::{AppError, AppResult};
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::csrf_field;
use crate::web::nav::crumbs;
use crate::web::{Auth, CsrfForm, Ctx, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use std::collections::HashMap;

type Cell = (i32, i32);

struct Sheet {
    candidates: Vec<candidate::Model>,
    criteria: Vec<criterion::Model>,
    /// What the form shows per cell: (score text, comment).
    values: HashMap<Cell, (String, String)>,
    errors: HashMap<Cell, String>,
}

async fn evaluator_access(state: &AppState, auth: &Auth, acc: Access) -> AppResult<Access> {
    if !store::is_evaluator(&state.db, acc.project.id, auth.user.id).await? {
        return Err(AppError::Forbidden);
    }
    Ok(acc)
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let acc = evaluator_access(&state, &auth, acc).await?;
    let mine = store::scores(&state.db, acc.project.id, Some(auth.user.id)).await?;
    let values = mine
        .into_iter()
        .map(|s| ((s.candidate_id, s.criterion_id), (s.score.to_string(), s.comment.unwrap_or_default())))
        .collect();
    let sheet = Sheet {
        candidates: store::candidates(&state.db, acc.project.id).await?,
        criteria: store::criteria(&state.db, acc.project.id).await?,
        values,
        errors: HashMap::new(),
    };
    let revealed = store::selection(&state.db, acc.project.id).await?.revealed_at.is_some();
    Ok(html(StatusCode::OK, view(&auth.ctx, &acc, &sheet, revealed)))
}

pub async fn save(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let acc = evaluator_access(&state, &auth, acc).await?;
    let l = auth.ctx.lang;
    let base = crate::urls::selection(acc.project.id);
    if store::selection(&state.db, acc.project.id).await?.revealed_at.is_some() {
        return Ok(flash::error(
            &base,
            l.t(
                "Scores have been revealed: scoring is closed.",
                "Las puntuaciones ya son visibles: la puntuación está cerrada.",
            ),
        ));
    }
    let mut sheet = Sheet {
        candidates: store::candidates(&state.db, acc.project.id).await?,
        criteria: store::criteria(&state.db, acc.project.id).await?,
        values: HashMap::new(),
        errors: HashMap::new(),
    };
    let mut parsed: Vec<(Cell, Option<store::ScoreValue>)> = Vec::new();
    for c in &sheet.candidates {
        for k in &sheet.criteria {
            let cell = (c.id, k.id);
            let raw = form.get(&format!("s_{}_{}", c.id, k.id)).map(|s| s.trim().to_string()).unwrap_or_default();
            let comment = form.get(&format!("c_{}_{}", c.id, k.id)).map(|s| s.trim().to_string()).unwrap_or_default();
            let value = match raw.as_str() {
                "" => None,
                v => match v.parse::<i32>() {
                    Ok(n) if (1..=5).contains(&n) => Some(n),
                    _ => {
                        sheet
                            .errors
                            .insert(cell, l.t("Scores go from 1 to 5.", "Las puntuaciones van de 1 a 5.").into());
                        None
                    }
                },
            };
            if comment.chars().count() > 2000 {
                sheet.errors.insert(
                    cell,
                    l.t(
                        "Keep the comment under 2000 characters.",
                        "El comentario debe tener menos de 2000 caracteres.",
                    )
                    .into(),
                );
            }
            if value.is_none() && !comment.is_empty() && !sheet.errors.contains_key(&cell) {
                sheet
                    .errors
                    .insert(cell, l.t("A comment needs a score.", "Un comentario necesita una puntuación.").into());
            }
            parsed.push((cell, value.map(|v| (v, (!comment.is_empty()).then(|| comment.clone())))));
            sheet.values.insert(cell, (raw, comment));
        }
    }
    if !sheet.errors.is_empty() {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view(&auth.ctx, &acc, &sheet, false)));
    }
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    // Checked again inside the write: a reveal that landed while this form was being read wins.
    if store::lock_selection(&tx, acc.project.id).await?.is_some_and(|s| s.revealed_at.is_some()) {
        return Ok(flash::error(
            &base,
            l.t(
                "Scores have been revealed: scoring is closed.",
                "Las puntuaciones ya son visibles: la puntuación está cerrada.",
            ),
        ));
    }
    for (cell, value) in parsed {
        store::put_score(&tx, acc.project.id, cell, auth.user.id, value, now).await?;
    }
    tx.commit().await?;
    Ok(flash::success(&format!("{base}/scores"), l.t("Your scores are saved.", "Sus puntuaciones se han guardado.")))
}

fn view(ctx: &Ctx, acc: &Access, s: &Sheet, revealed: bool) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::selection(p.id);
    let title = l.t("My scores", "Mis puntuaciones");
    let options = [("", "—"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")];
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("ERP selection", "Selección del ERP"), Some(base.clone())), (title, None)]))
            h1 { (title) }
            p.muted { (l.t("1 = poor, 3 = adequate, 5 = excellent. Leave a cell empty if you cannot judge it. Only you see these scores until the project manager reveals them all.",
                           "1 = deficiente, 3 = adecuado, 5 = excelente. Deje vacía una celda si no puede valorarla. Solo usted ve estas puntuaciones hasta que el jefe de proyecto las muestre todas.")) }
            @if !s.errors.is_empty() {
                div.flash.flash-error role="alert" { (l.f("{0} cell(s) need correcting; nothing was saved.", "Hay que corregir {0} celda(s); no se ha guardado nada.", &[&s.errors.len()])) }
            }
            @if revealed {
                div.flash.flash-ok role="status" { (l.t("Scores have been revealed: scoring is closed.", "Las puntuaciones ya son visibles: la puntuación está cerrada.")) }
            }
            @if s.candidates.is_empty() || s.criteria.is_empty() {
                div.empty { p { (l.t("There is nothing to score until the shortlist and the criteria are set.", "No hay nada que puntuar hasta que se fijen la lista corta y los criterios.")) } }
            } @else {
                form method="post" action={ (base) "/scores" } novalidate {
                    (csrf_field(ctx))
                    @for c in &s.candidates {
                        fieldset.card {
                            legend { strong { (c.name) } " " span.muted { (c.vendor) } }
                            table {
                                thead { tr { th scope="col" { (l.t("Criterion", "Criterio")) } th scope="col" { (l.t("Score", "Puntuación")) } th scope="col" { (l.t("Comment", "Comentario")) } } }
                                tbody {
                                    @for k in &s.criteria {
                                        @let cell = (c.id, k.id);
                                        @let (score, comment) = s.values.get(&cell).cloned().unwrap_or_default();
                                        @let err = s.errors.get(&cell);
                                        @let sid = format!("s_{}_{}", c.id, k.id);
                                        tr.(if err.is_some() { "has-error" } else { "" }) {
                                            td { label for=(sid) { (super::criterion_name(l, k)) } @if let Some(e) = err { p.error { (e) } } }
                                            td {
                                                select id=(sid) name=(sid) disabled[revealed] aria-invalid=[err.map(|_| "true")] {
                                                    @for (v, t) in options { option value=(v) selected[v == score] { (t) } }
                                                }
                                            }
                                            td { input type="text" name={ "c_" (c.id) "_" (k.id) } value=(comment) maxlength="2000" disabled[revealed]
                                                    aria-label=(l.f("Comment on {0}", "Comentario sobre {0}", &[&super::criterion_name(l, k)])); }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !revealed { div.actions { button type="submit" { (l.t("Save my scores", "Guardar mis puntuaciones")) } a href=(base) { (l.t("Back", "Volver")) } } }
                }
            }
        },
    )
}
