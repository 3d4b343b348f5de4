//! Pages of migration objects: the list, the form with its rules table, the object page (rules,
//! upload, history with the quality trend) and the delete confirmation.

use super::loads::can_handle_data;
use super::objects_form::ObjectForm;
use super::quality::{self, duplicate_pct, valid_pct};
use super::rules::{self, RowInput};
use super::{status_label, store};
use crate::entities::{migration_object, trial_load, user};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, badge, confirm, csrf_field, error_summary, field, progress, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, chart, layout};
use maud::{Markup, html};
use std::collections::HashMap;

fn pct(v: f64) -> String {
    format!("{v:.1} %")
}

/// The badge of a load: its status, or for a finished one whether it meets the thresholds.
pub(super) fn load_badge(l: Lang, x: &trial_load::Model, o: &migration_object::Model) -> Markup {
    match x.status.as_str() {
        "done" if quality::meets(x, o) => badge(l.t("Meets thresholds", "Cumple los umbrales"), "ok"),
        "done" => badge(l.t("Below thresholds", "No cumple los umbrales"), "bad"),
        "failed" => badge(status_label(l, "failed"), "bad"),
        s => badge(status_label(l, s), "info"),
    }
}

pub fn list(
    ctx: &Ctx,
    acc: &Access,
    objects: &[migration_object::Model],
    loads: &[trial_load::Model],
    owners: &HashMap<i32, String>,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Data migration", "Migración de datos");
    let signed =
        objects.iter().filter(|o| loads.iter().any(|x| x.object_id == o.id && x.signed_off_at.is_some())).count();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            p.lead { (l.t("What moves from the CRM and the old systems into the ERP, and whether it is clean enough: upload an export, read the trial-load report, fix the data at the source, upload again.",
                          "Qué pasa del CRM y los sistemas antiguos al ERP, y si está lo bastante limpio: suba una exportación, lea el informe de la carga de prueba, corrija los datos en origen y vuelva a subirla.")) }
            div.actions {
                @if acc.can_manage() { a.button href={ (crate::urls::migration(p.id)) "/new" } { (l.t("Add a migration object", "Añadir un objeto de migración")) } }
                a.button.secondary href={ (crate::urls::migration(p.id)) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
            }
            @if objects.is_empty() {
                div.empty {
                    p { (l.t("No migration objects yet. Start with the customers: the guide's most frequent errors are duplicates and incompatible formats.",
                             "Aún no hay objetos de migración. Empiece por los clientes: los errores más frecuentes según la guía son los duplicados y los formatos incompatibles.")) }
                    @if acc.can_manage() { a.button href={ (crate::urls::migration(p.id)) "/new?kind=customers" } { (l.t("Add customers", "Añadir clientes")) } }
                }
            } @else {
                (progress(signed as i64, objects.len() as i64, l.t("Objects signed off", "Objetos aprobados")))
                table {
                    thead { tr {
                        th scope="col" { (l.t("Object", "Objeto")) }
                        th scope="col" { (l.t("Source", "Origen")) }
                        th scope="col" { (l.t("Business owner", "Responsable de negocio")) }
                        th scope="col" { (l.t("Last trial load", "Última carga de prueba")) }
                        th scope="col" { (l.t("Valid rows", "Filas válidas")) }
                        th scope="col" { (l.t("Duplicates", "Duplicados")) }
                        th scope="col" { (l.t("Sign-off", "Aprobación")) }
                    } }
                    tbody { @for o in objects {
                        @let mine = store::by_object(loads, o.id);
                        @let last = mine.first();
                        tr {
                            td { a href=(crate::urls::migration_object(p.id, o.id)) { (o.name) } br; span.muted { (rules::kind_label(l, &o.kind)) } }
                            td { (o.source_system) }
                            td { (o.owner_id.and_then(|i| owners.get(&i)).map(String::as_str).unwrap_or("—")) }
                            td { @if let Some(x) = last { (l.datetime(x.created_at)) " " (load_badge(l, x, o)) } @else { span.muted { (l.t("none yet", "ninguna aún")) } } }
                            td { @if let Some(x) = last.filter(|x| x.status == "done") { (progress(x.rows_valid, x.rows_read, l.t("Valid rows", "Filas válidas"))) } }
                            td { @if let Some(x) = last.filter(|x| x.status == "done") { (pct(duplicate_pct(x))) } }
                            td { @if mine.iter().any(|x| x.signed_off_at.is_some()) { (badge(l.t("Signed off", "Aprobado"), "ok")) } @else { span.muted { "—" } } }
                        }
                    } }
                }
            }
        },
    )
}

fn rules_row(l: Lang, i: usize, r: &RowInput) -> Markup {
    let id = |what: &str| format!("f{i}_{what}");
    let types: Vec<(&str, &str)> = rules::TYPES.iter().map(|t| (*t, rules::type_label(l, t))).collect();
    html! {
        tr {
            td { input type="text" name=(id("name")) value=(r.name) maxlength="60" aria-label=(l.f("Field {0}: name", "Campo {0}: nombre", &[&(i + 1)])); }
            td { select name=(id("kind")) aria-label=(l.f("Field {0}: type", "Campo {0}: tipo", &[&(i + 1)])) {
                @for (v, label) in &types { option value=(v) selected[r.kind == *v] { (label) } }
            } }
            td { input type="checkbox" name=(id("required")) checked[r.required] aria-label=(l.f("Field {0}: required", "Campo {0}: obligatorio", &[&(i + 1)])); }
            td { input type="checkbox" name=(id("unique")) checked[r.unique] aria-label=(l.f("Field {0}: unique", "Campo {0}: único", &[&(i + 1)])); }
            td { input type="number" name=(id("max")) value=(r.max_len) min="1" max="10000" aria-label=(l.f("Field {0}: maximum length", "Campo {0}: longitud máxima", &[&(i + 1)])); }
            td { input type="text" name=(id("options")) value=(r.options) aria-label=(l.f("Field {0}: allowed values", "Campo {0}: valores permitidos", &[&(i + 1)])); }
            td { input type="checkbox" name=(id("dupkey")) checked[r.dup_key] aria-label=(l.f("Field {0}: identifies a duplicate", "Campo {0}: identifica un duplicado", &[&(i + 1)])); }
            td { input type="checkbox" name=(id("similar")) checked[r.similar] aria-label=(l.f("Field {0}: compare for likely duplicates", "Campo {0}: comparar para posibles duplicados", &[&(i + 1)])); }
        }
    }
}

pub fn form_page(
    ctx: &Ctx,
    acc: &Access,
    existing: Option<&migration_object::Model>,
    form: &ObjectForm,
    members: &[(i32, String)],
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = match existing {
        Some(_) => l.t("Edit migration object", "Editar objeto de migración"),
        None => l.t("New migration object", "Nuevo objeto de migración"),
    };
    let action = match existing {
        Some(o) => crate::urls::migration_object(p.id, o.id),
        None => crate::urls::migration(p.id),
    };
    let kinds: Vec<(&str, &str)> = rules::KINDS.iter().map(|k| (*k, rules::kind_label(l, k))).collect();
    let mut owners: Vec<(String, String)> = vec![(String::new(), l.t("Nobody yet", "Nadie todavía").to_string())];
    owners.extend(members.iter().map(|(id, n)| (id.to_string(), n.clone())));
    let owner_opts: Vec<(&str, &str)> = owners.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let blank = RowInput::default();
    let n_rows = rules::form_rows(form.rows.iter().rposition(|r| !r.name.trim().is_empty()).map_or(0, |i| i + 1));
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Data migration", "Migración de datos"), Some(crate::urls::migration(p.id))), (title, None)]))
            h1 { (title) }
            @if existing.is_none() {
                p { (l.t("Start from:", "Partir de:")) " "
                    @for (k, label) in &kinds { a href={ (crate::urls::migration(p.id)) "/new?kind=" (k) } { (label) } " " } }
            }
            (error_summary(l, e))
            form.card method="post" action=(action) novalidate {
                (csrf_field(ctx))
                input type="hidden" name="version" value=(form.version);
                (field("name", l.t("Name", "Nombre"), "text", &form.name, e, FieldAttrs::required().max(120)))
                (select("kind", l.t("Kind of data", "Tipo de datos"), &kinds, &form.kind, e))
                (field("source_system", l.t("Source system", "Sistema de origen"), "text", &form.source_system, e, FieldAttrs::required().max(120).hint(l.t("Where the export comes from, e.g. the CRM or the old accounting program.", "De dónde sale la exportación, p. ej. el CRM o el antiguo programa de contabilidad."))))
                (select("owner_id", l.t("Business owner (signs off the trial loads)", "Responsable de negocio (aprueba las cargas de prueba)"), &owner_opts, &form.owner_id, e))
                (field("expected_count", l.t("Expected number of records", "Número de registros esperado"), "text", &form.expected_count, e, FieldAttrs::default().max(12)))
                h2 { (l.t("Thresholds for sign-off", "Umbrales para aprobar")) }
                (field("max_invalid_pct", l.t("Invalid rows, at most %", "Filas no válidas, como máximo %"), "text", &form.max_invalid_pct, e, FieldAttrs::required().max(6)))
                (field("max_duplicate_pct", l.t("Exact duplicates, at most %", "Duplicados exactos, como máximo %"), "text", &form.max_duplicate_pct, e, FieldAttrs::required().max(6)))
                (field("similarity", l.t("Likely duplicates: report from a match probability of %", "Posibles duplicados: informar desde una probabilidad de coincidencia del %"), "text", &form.similarity, e, FieldAttrs::required().max(6).hint(l.t("Rows are compared field by field (the fields marked “compare”): agreement on a rare name, a tax id, a phone or an e-mail counts for a lot, on a common word or a city for little; disagreement counts against. 50 reports every pair more likely the same than not; pairs from 90 % are “probable”, from 99 % “certain”.", "Las filas se comparan campo a campo (los marcados «comparar»): coincidir en un nombre poco común, un NIF, un teléfono o un correo cuenta mucho; en una palabra común o una ciudad, poco; discrepar cuenta en contra. Con 50 se informa de todo par más probablemente igual que distinto; desde el 90 % son «probables», desde el 99 % «seguros»."))))
                h2 #f-rules { (l.t("Target fields", "Campos de destino")) }
                p.muted { (l.t("One row per column the ERP expects, named as in the export's first line (case, accents and spaces do not matter). Leave a name empty to drop a row; save to get more empty rows.",
                               "Una fila por columna que espera el ERP, con el nombre de la primera línea de la exportación (mayúsculas, acentos y espacios dan igual). Deje un nombre vacío para quitar la fila; guarde para tener más filas vacías.")) }
                @if let Some(m) = e.get("rules") { p.error role="alert" { (m) } }
                div.gantt-scroll { table {
                    thead { tr {
                        th scope="col" { (l.t("Field", "Campo")) }
                        th scope="col" { (l.t("Type", "Tipo")) }
                        th scope="col" { (l.t("Required", "Obligatorio")) }
                        th scope="col" { (l.t("Unique", "Único")) }
                        th scope="col" { (l.t("Max. length", "Long. máx.")) }
                        th scope="col" { (l.t("Allowed values (commas)", "Valores permitidos (comas)")) }
                        th scope="col" { (l.t("Duplicate key", "Clave de duplicado")) }
                        th scope="col" { (l.t("Compare for duplicates", "Comparar para duplicados")) }
                    } }
                    tbody { @for i in 0..n_rows { (rules_row(l, i, form.rows.get(i).unwrap_or(&blank))) } }
                } }
                div.actions {
                    button type="submit" { (l.t("Save", "Guardar")) }
                    a href=(existing.map(|o| crate::urls::migration_object(p.id, o.id)).unwrap_or_else(|| crate::urls::migration(p.id))) { (l.t("Cancel", "Cancelar")) }
                }
            }
        },
    )
}

/// The chart's scale: up to 100 %, down to a multiple of 5 below the lowest value and the target,
/// so that 98 % and 99.8 % do not look alike.
fn trend_range(points: &[(String, Option<f64>)], target: f64) -> (f64, f64) {
    let low = points.iter().filter_map(|p| p.1).fold(target, f64::min);
    (((low / 5.0).floor() * 5.0 - 5.0).max(0.0), 100.0)
}

/// The object: its rules, the upload form, the history of trial loads and their quality trend.
#[allow(clippy::too_many_arguments)]
pub fn object_page(
    ctx: &Ctx,
    acc: &Access,
    me: &user::Model,
    o: &migration_object::Model,
    loads: &[trial_load::Model],
    names: &HashMap<i32, String>,
    limit: u64,
    upload_error: Option<&str>,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let defs = rules::from_json(&o.rules);
    let data = can_handle_data(acc, o, me);
    let done: Vec<&trial_load::Model> = loads.iter().rev().filter(|x| x.status == "done").collect();
    let trend: Vec<(String, Option<f64>)> =
        done.iter().rev().take(12).rev().map(|x| (l.date(x.created_at.date_naive()), Some(valid_pct(x)))).collect();
    layout::page(
        ctx,
        &o.name,
        html! {
            (crumbs(ctx, p, &[(l.t("Data migration", "Migración de datos"), Some(crate::urls::migration(p.id))), (&o.name, None)]))
            h1 { (o.name) }
            dl.facts {
                dt { (l.t("Kind", "Tipo")) } dd { (rules::kind_label(l, &o.kind)) }
                dt { (l.t("Source", "Origen")) } dd { (o.source_system) }
                dt { (l.t("Business owner", "Responsable de negocio")) } dd { (o.owner_id.and_then(|i| names.get(&i)).map(String::as_str).unwrap_or("—")) }
                dt { (l.t("Expected records", "Registros esperados")) } dd { (o.expected_count.map(|n| n.to_string()).unwrap_or_else(|| "—".into())) }
                dt { (l.t("Sign-off thresholds", "Umbrales de aprobación")) }
                dd { (l.f("at most {0} % invalid rows and {1} % exact duplicates", "como máximo un {0} % de filas no válidas y un {1} % de duplicados exactos", &[&o.max_invalid_pct, &o.max_duplicate_pct])) }
            }
            div.actions {
                @if acc.can_manage() {
                    a.button.secondary href={ (crate::urls::migration_object(p.id, o.id)) "/edit" } { (l.t("Edit object and fields", "Editar objeto y campos")) }
                    a.button.secondary href={ (crate::urls::migration_object(p.id, o.id)) "/delete" } { (l.t("Delete", "Eliminar")) }
                }
                a.button.secondary href={ (crate::urls::migration_object(p.id, o.id)) "/loads.csv" } { (l.t("Export loads (CSV)", "Exportar cargas (CSV)")) }
            }
            @if data {
                h2 { (l.t("Upload an export", "Subir una exportación")) }
                div.card {
                    @if let Some(m) = upload_error { div.flash.flash-error role="alert" { (m) } }
                    p { (l.f("A CSV file up to {0}: comma, semicolon or tab separated, UTF-8 or Windows-1252, dates as dd/mm/yyyy or yyyy-mm-dd, decimal comma or point. Each upload is kept as a dated trial load.",
                             "Un archivo CSV de hasta {0}: separado por comas, punto y coma o tabuladores, en UTF-8 o Windows-1252, fechas dd/mm/aaaa o aaaa-mm-dd, coma o punto decimal. Cada subida se guarda como una carga de prueba con fecha.", &[&super::loads::size_label(limit)])) }
                    form method="post" action={ (crate::urls::migration_object(p.id, o.id)) "/loads" } enctype="multipart/form-data" {
                        (csrf_field(ctx))
                        div.field {
                            label for="f-file" { (l.t("CSV export", "Exportación CSV")) }
                            input #f-file type="file" name="file" accept=".csv,.txt,text/csv" required;
                        }
                        button type="submit" { (l.t("Upload and check", "Subir y comprobar")) }
                    }
                }
            }
            h2 { (l.t("Trial loads", "Cargas de prueba")) }
            @if loads.is_empty() {
                div.empty { p { (l.t("No trial load yet: upload the first export above.", "Aún no hay cargas de prueba: suba la primera exportación arriba.")) } }
            } @else {
                @if trend.len() > 1 {
                    (chart::line(l, l.t("Valid rows per trial load (%)", "Filas válidas por carga de prueba (%)"), &trend, trend_range(&trend, 100.0 - o.max_invalid_pct), Some(100.0 - o.max_invalid_pct)))
                }
                table {
                    thead { tr {
                        th scope="col" { (l.t("Uploaded", "Subida")) }
                        th scope="col" { (l.t("File", "Archivo")) }
                        th scope="col" { (l.t("Status", "Estado")) }
                        th scope="col" { (l.t("Rows", "Filas")) }
                        th scope="col" { (l.t("Valid", "Válidas")) }
                        th scope="col" { (l.t("Exact duplicates", "Duplicados exactos")) }
                        th scope="col" { (l.t("Likely duplicates", "Posibles duplicados")) }
                        th scope="col" { (l.t("Signed off", "Aprobada")) }
                    } }
                    tbody { @for x in loads { tr {
                        td { @if data { a href=(crate::urls::trial_load(p.id, o.id, x.id)) { (l.datetime(x.created_at)) } } @else { (l.datetime(x.created_at)) } }
                        td { (x.file_name) }
                        td { (load_badge(l, x, o)) }
                        td { (x.rows_read) }
                        td { @if x.status == "done" { (pct(valid_pct(x))) } }
                        td { @if x.status == "done" { (x.exact_duplicates) } }
                        td { @if x.status == "done" { (x.likely_duplicates) } }
                        td { @if let Some(at) = x.signed_off_at { (l.datetime(at)) @if let Some(n) = x.signed_off_by.and_then(|i| names.get(&i)) { " · " (n) } } }
                    } } }
                }
            }
            h2 { (l.t("Target fields", "Campos de destino")) }
            (crate::web::components::scroll_region(l.t("Target fields", "Campos de destino"), html! { table {
                thead { tr {
                    th scope="col" { (l.t("Field", "Campo")) }
                    th scope="col" { (l.t("Type", "Tipo")) }
                    th scope="col" { (l.t("Rules", "Reglas")) }
                } }
                tbody { @for d in &defs { tr {
                    td { (d.name) }
                    td { (rules::type_label(l, &d.kind)) @if !d.options.is_empty() { br; span.muted { (d.options.join(", ")) } } }
                    td {
                        @if d.required { (badge(l.t("required", "obligatorio"), "info")) " " }
                        @if d.unique { (badge(l.t("unique", "único"), "info")) " " }
                        @if let Some(m) = d.max_len { (badge(&l.f("≤ {0} characters", "≤ {0} caracteres", &[&m]), "")) " " }
                        @if d.dup_key { (badge(l.t("duplicate key", "clave de duplicado"), "warn")) " " }
                        @if d.similar { (badge(l.t("compared for likely duplicates", "se compara para posibles duplicados"), "warn")) }
                    }
                } } }
            } }))
        },
    )
}

pub fn delete_page(ctx: &Ctx, acc: &Access, o: &migration_object::Model, loads: usize) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&o.name]);
    layout::page(
        ctx,
        &title,
        html! {
            (crumbs(ctx, p, &[(l.t("Data migration", "Migración de datos"), Some(crate::urls::migration(p.id))), (&o.name, Some(crate::urls::migration_object(p.id, o.id))), (l.t("Delete", "Eliminar"), None)]))
            (confirm(ctx, &title,
                &l.f("The object, its rules and its {0} trial load(s) with their reports and files will be deleted. This cannot be undone.",
                     "Se eliminarán el objeto, sus reglas y sus {0} carga(s) de prueba con sus informes y archivos. No se puede deshacer.", &[&loads]),
                &format!("{}/delete", crate::urls::migration_object(p.id, o.id)), &crate::urls::migration_object(p.id, o.id)))
        },
    )
}
