//! Feedback pages: the submission form, the list of one's own items, an item with its answers.

use super::form::FeedbackForm;
use super::{CATEGORIES, category_label, status_class, status_label};
use crate::entities::feedback;
use crate::projects::access::Access;
use crate::training::{MODULES, module_label};
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, select, select_required};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

pub(super) fn form_card(ctx: &Ctx, project_id: i32, form: &FeedbackForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let categories: Vec<(&str, &str)> = CATEGORIES.iter().map(|c| (*c, category_label(l, c))).collect();
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let ratings = [("5", "5 ★★★★★"), ("4", "4 ★★★★"), ("3", "3 ★★★"), ("2", "2 ★★"), ("1", "1 ★")];
    html! {
        div.card {
            (error_summary(l, e))
            form method="post" action=(crate::urls::feedback(project_id)) novalidate {
                (csrf_field(ctx))
                div.grid {
                    (select("category", l.t("About", "Sobre"), &categories, &form.category, e))
                    (select_required(l, "module", l.t("Part of the ERP", "Parte del ERP"), &modules, &form.module, e))
                    (select_required(l, "rating", l.t("How is it going? (1–5)", "¿Qué tal va? (1–5)"), &ratings, &form.rating, e))
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

pub(super) fn page_body(
    ctx: &Ctx,
    acc: &Access,
    mine: &[feedback::Model],
    form: &FeedbackForm,
    e: &FormErrors,
) -> Markup {
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
