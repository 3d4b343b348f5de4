//! The learning library: the list per module and the page with the add form.

use super::form::ResourceForm;
use super::{MODULES, module_label};
use crate::entities::training_resource;
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, csrf_field, error_summary, field, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

pub fn resource_list(items: &[training_resource::Model], l: crate::web::Lang) -> Markup {
    html! {
        ul.resources {
            @for r in items {
                li {
                    a href=(r.url) rel="noopener noreferrer" target="_blank" { (r.title) }
                    " " span.muted { "(" (module_label(l, &r.module)) ")" }
                    @if let Some(d) = &r.description { br; small { (d) } }
                }
            }
        }
    }
}

pub(super) fn page_body(
    ctx: &Ctx,
    acc: &Access,
    items: &[training_resource::Model],
    module: &str,
    form: &ResourceForm,
    errors: &FormErrors,
    can_edit: bool,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Learning resources", "Recursos de aprendizaje");
    let base = format!("{}/resources", crate::urls::training(p.id));
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let mut filter = vec![("", l.t("All modules", "Todos los módulos"))];
    filter.extend(modules.iter().copied());
    let none = FormErrors::new();
    let shown: Vec<training_resource::Model> =
        items.iter().filter(|r| module.is_empty() || r.module == module).cloned().collect();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Training", "Formación"), Some(crate::urls::training(p.id))), (title, None)]))
            h1 { (title) }
            p.lead { (l.t("Where people keep learning after the sessions: manuals, videos, the vendor's e-learning, the practice environment.",
                          "Dónde seguir aprendiendo después de las sesiones: manuales, vídeos, el e-learning del proveedor, el entorno de prácticas.")) }
            div.actions { a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) } }
            form.filters method="get" action=(base) {
                (select("module", l.t("Module", "Módulo"), &filter, module, &none))
                button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
            }
            @if shown.is_empty() {
                div.empty { p { (l.t("No resources yet for this module.", "Aún no hay recursos para este módulo.")) @if can_edit { " " (l.t("Add the first one below.", "Añada el primero abajo.")) } } }
            } @else {
                table {
                    thead { tr { th scope="col" { (l.t("Resource", "Recurso")) } th scope="col" { (l.t("Module", "Módulo")) } th scope="col" { (l.t("Description", "Descripción")) } @if can_edit { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } } } }
                    tbody { @for r in &shown { tr {
                        td { a href=(r.url) rel="noopener noreferrer" target="_blank" { (r.title) } }
                        td { (module_label(l, &r.module)) }
                        td { (r.description.as_deref().unwrap_or("")) }
                        @if can_edit { td { a href={ (base) "/" (r.id) "/delete" } { (l.t("Delete", "Eliminar")) } } }
                    } } }
                }
            }
            @if can_edit {
                h2 { (l.t("Add a resource", "Añadir un recurso")) }
                div.card {
                    (error_summary(l, errors))
                    form method="post" action=(base) novalidate {
                        (csrf_field(ctx))
                        (field("title", l.t("Title", "Título"), "text", &form.title, errors, FieldAttrs::required().max(200)))
                        (select("module", l.t("Module", "Módulo"), &modules, if form.module.is_empty() { "general" } else { &form.module }, errors))
                        (field("url", l.t("Link (https://…)", "Enlace (https://…)"), "url", &form.url, errors, FieldAttrs::required().max(500)))
                        (field("description", l.t("Description", "Descripción"), "textarea", &form.description, errors, FieldAttrs::default().max(1000)))
                        button type="submit" { (l.t("Add", "Añadir")) }
                    }
                }
            }
        },
    )
}
