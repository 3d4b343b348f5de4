//! The knowledge-base pages: the searchable list (with the writing form for the team) and one
//! article (with its edit form for the team).

use super::form::{ArticleForm, SearchParams};
use super::tickets_views::{article_list, title};
use super::{KINDS, kind_label};
use crate::entities::support_article;
use crate::projects::access::Access;
use crate::training::{MODULES, module_label};
use crate::web::components::{FieldAttrs, csrf_field, error_summary, field, select, select_required};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

fn article_form(ctx: &Ctx, action: &str, form: &ArticleForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (*k, kind_label(l, k))).collect();
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    html! {
        (error_summary(l, e))
        form method="post" action=(action) novalidate {
            (csrf_field(ctx))
            input type="hidden" name="version" value=(form.version);
            div.grid {
                (select_required(l, "kind", l.t("Kind", "Tipo"), &kinds, &form.kind, e))
                (select_required(l, "module", l.t("Part of the ERP", "Parte del ERP"), &modules, &form.module, e))
            }
            (field("title", l.t("Title", "Título"), "text", &form.title, e, FieldAttrs::required().max(200)))
            (field("body", l.t("Answer or workaround", "Respuesta o solución provisional"), "textarea", &form.body, e, FieldAttrs::required().max(20000)))
            div.field { label { input type="checkbox" name="published" value="1" checked[form.published == "1"]; " " (l.t("Published: employees can find it", "Publicado: los empleados pueden encontrarlo")) } }
            button type="submit" { (l.t("Save article", "Guardar artículo")) }
        }
    }
}

pub(super) fn list_page(
    ctx: &Ctx,
    acc: &Access,
    q: &SearchParams,
    found: &[support_article::Model],
    form: &ArticleForm,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::support_articles(p.id);
    let heading = l.t("Known issues and how-to", "Problemas conocidos y guías");
    let mut modules: Vec<(&str, &str)> = vec![("", l.t("Any part", "Cualquier parte"))];
    modules.extend(MODULES.iter().map(|m| (*m, module_label(l, m))));
    let none = FormErrors::new();
    layout::page(
        ctx,
        heading,
        html! {
            (crumbs(ctx, p, &[(title(ctx), Some(crate::urls::support(p.id))), (heading, None)]))
            h1 { (heading) }
            form.filters method="get" action=(base) role="search" {
                div.field { label for="q" { (l.t("Search", "Buscar")) } input #q type="search" name="q" value=(q.q); }
                (select("area", l.t("Part of the ERP", "Parte del ERP"), &modules, &q.module, &none))
                button.secondary type="submit" { (l.t("Search", "Buscar")) }
            }
            @if found.is_empty() {
                div.empty { p { (l.t("No article matches. If you have a problem, report it: the team writes the answers that come up often here.",
                                     "Ningún artículo coincide. Si tiene un problema, comuníquelo: el equipo escribe aquí las respuestas que se repiten.")) }
                    p { a.button href={ (crate::urls::support(p.id)) "/new" } { (l.t("Report a problem", "Comunicar un problema")) } } }
            } @else {
                (article_list(ctx, p.id, found))
            }
            @if acc.can_coordinate() {
                div.card {
                    h2 { (l.t("Write an article", "Escribir un artículo")) }
                    (article_form(ctx, &base, form, e))
                }
            }
        },
    )
}

pub(super) fn article_page(
    ctx: &Ctx,
    acc: &Access,
    a: &support_article::Model,
    form: &ArticleForm,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let list = crate::urls::support_articles(p.id);
    layout::page(
        ctx,
        &a.title,
        html! {
            (crumbs(ctx, p, &[(title(ctx), Some(crate::urls::support(p.id))), (l.t("Known issues and how-to", "Problemas conocidos y guías"), Some(list.clone())), (&a.title, None)]))
            h1 { (a.title) }
            p.muted { (kind_label(l, &a.kind)) " · " (module_label(l, &a.module)) " · " (l.f("updated {0}", "actualizado el {0}", &[&l.date(a.updated_at.date_naive())])) }
            div.card { p.pre { (a.body) } }
            p { (l.t("Did this not solve it?", "¿No lo ha resuelto?")) " " a href={ (crate::urls::support(p.id)) "/new" } { (l.t("Report a problem", "Comunicar un problema")) } }
            @if acc.can_coordinate() {
                div.card {
                    h2 { (l.t("Edit", "Editar")) }
                    (article_form(ctx, &format!("{list}/{}", a.id), form, e))
                }
            }
        },
    )
}
