//! Test case pages: the list with search and module filter, the form, one case.

use super::PRIORITIES;
use super::form::{CaseForm, ListParams};
use crate::entities::{test_case, test_step};
use crate::needs::priority_label;
use crate::projects::access::Access;
use crate::training::{MODULES, module_label};
use crate::web::components::{
    FieldAttrs, csrf_field, error_summary, field, pagination, scroll_region, select, select_required, sort_header,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};

pub struct ListView<'a> {
    pub q: &'a ListParams,
    pub rows: &'a [test_case::Model],
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub musts_open: usize,
}

pub fn priority_badge(l: Lang, p: &str) -> Markup {
    let class = match p {
        "must" => "bad",
        "should" => "warn",
        _ => "info",
    };
    crate::web::components::badge(priority_label(l, p), class)
}

pub fn testing_crumb(ctx: &Ctx, p: i32) -> (&'static str, Option<String>) {
    (ctx.t("Testing", "Pruebas"), Some(crate::urls::testing(p)))
}

pub fn list(ctx: &Ctx, acc: &Access, v: &ListView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Test cases", "Casos de prueba");
    let base = crate::urls::test_cases(p.id);
    let none = FormErrors::new();
    let mut modules = vec![("", l.t("Any part", "Cualquier parte"))];
    modules.extend(MODULES.iter().map(|m| (*m, module_label(l, m))));
    let keep = [("q", v.q.q.clone()), ("module", v.q.module.clone())];
    let desc = v.q.dir == "desc";
    let paged =
        [("q", v.q.q.clone()), ("module", v.q.module.clone()), ("sort", v.q.sort.clone()), ("dir", v.q.dir.clone())];
    let body = html! {
        (crumbs(ctx, p, &[testing_crumb(ctx, p.id), (title, None)]))
        h1 { (title) }
        div.actions {
            a.button href={ (base) "/new" } { (l.t("New test case", "Nuevo caso de prueba")) }
            a.button.secondary href={ (base) "/import" } { (l.t("Import CSV", "Importar CSV")) }
            a.button.secondary href={ (base) ".csv?" (url::form_urlencoded::Serializer::new(String::new()).append_pair("q", &v.q.q).append_pair("module", &v.q.module).finish()) } { (l.t("Export CSV", "Exportar CSV")) }
        }
        @if v.musts_open > 0 {
            form.card method="post" action={ (base) "/draft" } {
                (csrf_field(ctx))
                p { (l.f("Must-have requirements without a test case yet: {0}.", "Requisitos imprescindibles aún sin caso de prueba: {0}.", &[&v.musts_open])) }
                button.secondary type="submit" { (l.t("Draft a case for every must-have without one", "Crear un borrador para cada imprescindible sin caso")) }
            }
        }
        form.search.filters method="get" action=(base) role="search" {
            div.field { label for="q" { (l.t("Search", "Buscar")) } input #q type="search" name="q" value=(v.q.q); }
            (select("module", l.t("Part of the ERP", "Parte del ERP"), &modules, &v.q.module, &none))
            button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
        }
        @if v.rows.is_empty() {
            div.empty {
                p { (l.t("No test cases here. Write one for each key process, tied to the requirements it proves.", "No hay casos de prueba aquí. Escriba uno por proceso clave, ligado a los requisitos que demuestra.")) }
                a.button href={ (base) "/new" } { (l.t("New test case", "Nuevo caso de prueba")) }
            }
        } @else {
            (scroll_region(title, html! { table {
                thead { tr {
                    (sort_header(&base, &keep, "title", l.t("Case", "Caso"), &v.q.sort, desc))
                    (sort_header(&base, &keep, "module", l.t("Part of the ERP", "Parte del ERP"), &v.q.sort, desc))
                    (sort_header(&base, &keep, "priority", l.t("Priority", "Prioridad"), &v.q.sort, desc))
                } }
                tbody { @for c in v.rows { tr {
                    td { a href=(crate::urls::test_case(p.id, c.id)) { (c.title) } }
                    td { (module_label(l, &c.module)) }
                    td { (priority_badge(l, &c.priority)) }
                } } }
            } }))
            (pagination(l, &base, &paged, v.page, v.pages, v.total))
        }
    };
    layout::page(ctx, title, body)
}

pub fn form_page(
    ctx: &Ctx,
    acc: &Access,
    existing: Option<i32>,
    form: &CaseForm,
    reqs: &[(i32, String, String)],
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = if existing.is_some() {
        l.t("Edit test case", "Editar caso de prueba")
    } else {
        l.t("New test case", "Nuevo caso de prueba")
    };
    let action = existing.map(|id| crate::urls::test_case(p.id, id)).unwrap_or_else(|| crate::urls::test_cases(p.id));
    let modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let prios: Vec<(&str, &str)> = PRIORITIES.iter().map(|m| (*m, priority_label(l, m))).collect();
    let err = e.get("requirements");
    let body = html! {
        (crumbs(ctx, p, &[testing_crumb(ctx, p.id), (l.t("Test cases", "Casos de prueba"), Some(crate::urls::test_cases(p.id))), (title, None)]))
        h1 { (title) }
        div.card {
            (error_summary(l, e))
            form method="post" action=(action) novalidate {
                (csrf_field(ctx))
                input type="hidden" name="version" value=(form.version);
                (field("title", l.t("Title", "Título"), "text", &form.title, e, FieldAttrs::required().max(200)))
                (select_required(l, "module", l.t("Process / part of the ERP", "Proceso / parte del ERP"), &modules, &form.module, e))
                (select("priority", l.t("Priority", "Prioridad"), &prios, &form.priority, e))
                (field("preconditions", l.t("Preconditions", "Condiciones previas"), "textarea", &form.preconditions, e, FieldAttrs::default().max(4000)))
                (field("steps", l.t("Steps", "Pasos"), "textarea", &form.steps, e, FieldAttrs::required().hint(
                    l.t("One step per line: the action, a bar |, the expected result. E.g. \"Post the invoice | Its status is Posted\".",
                        "Un paso por línea: la acción, una barra |, el resultado esperado. P. ej. «Contabilizar la factura | Su estado es Contabilizada»."))))
                fieldset #f-requirements .field.(if err.is_some() { "has-error" } else { "" }) {
                    legend { (l.t("Requirements it proves", "Requisitos que demuestra")) span.req aria-hidden="true" { " *" } }
                    @if reqs.is_empty() {
                        p.muted { (l.t("This project has no requirements yet: record them first.", "Este proyecto aún no tiene requisitos: regístrelos primero.")) " "
                            a href=(crate::urls::requirements(p.id)) { (l.t("Requirements", "Requisitos")) } }
                    }
                    div.table-scroll role="region" tabindex="0" aria-label=(l.t("Requirements", "Requisitos")) {
                        @for (id, t, prio) in reqs {
                            div { label { input type="checkbox" name={ "req_" (id) } value="1" checked[form.requirements.contains(id)]; " " (t) " " span.muted { "(" (priority_label(l, prio)) ")" } } }
                        }
                    }
                    @if let Some(m) = err { p.error { (m) } }
                }
                div.actions {
                    button type="submit" { (l.t("Save", "Guardar")) }
                    a href=(crate::urls::test_cases(p.id)) { (l.t("Cancel", "Cancelar")) }
                }
            }
        }
    };
    layout::page(ctx, title, body)
}

pub fn show(
    ctx: &Ctx,
    acc: &Access,
    c: &test_case::Model,
    steps: &[test_step::Model],
    reqs: &[(i32, String, String)],
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let body = html! {
        (crumbs(ctx, p, &[testing_crumb(ctx, p.id), (l.t("Test cases", "Casos de prueba"), Some(crate::urls::test_cases(p.id))), (&c.title, None)]))
        h1 { (c.title) }
        div.actions { a.button.secondary href={ (crate::urls::test_case(p.id, c.id)) "/edit" } { (l.t("Edit", "Editar")) }
                      a.button.secondary href={ (crate::urls::defects(p.id)) "/new?case=" (c.id) } { (l.t("Raise a defect", "Registrar un defecto")) } }
        dl {
            dt { (l.t("Part of the ERP", "Parte del ERP")) } dd { (module_label(l, &c.module)) }
            dt { (l.t("Priority", "Prioridad")) } dd { (priority_badge(l, &c.priority)) }
            dt { (l.t("Preconditions", "Condiciones previas")) } dd { (c.preconditions.as_deref().unwrap_or("—")) }
            dt { (l.t("Proves", "Demuestra")) } dd { ul { @for (_, t, prio) in reqs { li { (t) " " span.muted { "(" (priority_label(l, prio)) ")" } } } } }
        }
        h2 { (l.t("Steps", "Pasos")) }
        (steps_table(ctx, steps))
    };
    layout::page(ctx, &c.title, body)
}

pub fn steps_table(ctx: &Ctx, steps: &[test_step::Model]) -> Markup {
    let l = ctx.lang;
    html! { table {
        thead { tr { th scope="col" { "#" } th scope="col" { (l.t("Action", "Acción")) } th scope="col" { (l.t("Expected result", "Resultado esperado")) } } }
        tbody { @for s in steps { tr { td { (s.position) } td { (s.action) } td { (s.expected) } } } }
    } }
}
