//! The trial-load report: progress while the job runs, then the numbers against the thresholds,
//! the errors per field with examples (and a chart), duplicates, downloads and the sign-off.

use super::objects_views::load_badge;
use super::quality::{self, Shortfall, Stored, duplicate_pct, valid_pct};
use super::{failure_text, kind_label, malformed_label};
use crate::entities::{migration_object, trial_load, user};
use crate::projects::access::Access;
use crate::web::components::{csrf_field, progress};
use crate::web::nav::crumbs;
use crate::web::{Ctx, Lang, chart, layout};
use maud::{Markup, html};
use std::collections::HashMap;

fn shortfall_text(l: Lang, s: &Shortfall) -> String {
    match s {
        Shortfall::NotFinished => l.t("The check has not finished.", "La comprobación no ha terminado.").into(),
        Shortfall::NoRows => l.t("The file has no data rows.", "El archivo no tiene filas de datos.").into(),
        Shortfall::Invalid { pct, max } => l.f(
            "{0} of the rows are invalid; at most {1} % are allowed.",
            "El {0} de las filas no son válidas; se permite como máximo un {1} %.",
            &[&format!("{pct:.2} %"), max],
        ),
        Shortfall::Duplicates { pct, max } => l.f(
            "{0} of the rows repeat another row's key; at most {1} % are allowed.",
            "El {0} de las filas repiten la clave de otra; se permite como máximo un {1} %.",
            &[&format!("{pct:.2} %"), max],
        ),
    }
}

fn signoff(
    ctx: &Ctx,
    me: &user::Model,
    o: &migration_object::Model,
    x: &trial_load::Model,
    names: &HashMap<i32, String>,
    action: &str,
) -> Markup {
    let l = ctx.lang;
    let shortfalls = quality::shortfalls(x, o);
    html! {
        h2 { (l.t("Sign-off", "Aprobación")) }
        div.card {
            @if let Some(at) = x.signed_off_at {
                p { (l.f("Signed off by {0} on {1}.", "Aprobada por {0} el {1}.", &[&x.signed_off_by.and_then(|i| names.get(&i)).map(String::as_str).unwrap_or("—"), &l.datetime(at)])) }
            } @else if !shortfalls.is_empty() {
                p { (l.t("This load cannot be signed off:", "Esta carga no se puede aprobar:")) }
                ul { @for s in &shortfalls { li { (shortfall_text(l, s)) } } }
            } @else if o.owner_id == Some(me.id) {
                p { (l.t("The load meets the object's thresholds. As its business owner, you confirm the data is fit to migrate.", "La carga cumple los umbrales del objeto. Como responsable de negocio, usted confirma que los datos están listos para migrar.")) }
                form method="post" action=(action) {
                    (csrf_field(ctx))
                    button type="submit" { (l.t("Sign off this trial load", "Aprobar esta carga de prueba")) }
                }
            } @else if o.owner_id.is_none() {
                p { (l.t("The load meets the thresholds. Name the object's business owner so they can sign it off.", "La carga cumple los umbrales. Indique el responsable de negocio del objeto para que pueda aprobarla.")) }
            } @else {
                p { (l.f("The load meets the thresholds and awaits the sign-off of {0}, the business owner.", "La carga cumple los umbrales y espera la aprobación de {0}, responsable de negocio.", &[&o.owner_id.and_then(|i| names.get(&i)).map(String::as_str).unwrap_or("—")])) }
            }
        }
    }
}

fn report(
    ctx: &Ctx,
    o: &migration_object::Model,
    x: &trial_load::Model,
    s: &Stored,
    files: &str,
    dups: Markup,
) -> Markup {
    let l = ctx.lang;
    let r = &s.report;
    let mut bars: Vec<(String, f64)> =
        r.field_errors.iter().filter(|f| f.total > 0).map(|f| (f.field.clone(), f.total as f64)).collect();
    if r.malformed.count > 0 {
        bars.push((malformed_label(l).to_string(), r.malformed.count as f64));
    }
    bars.sort_by(|a, b| b.1.total_cmp(&a.1));
    html! {
        div.grid {
            div.card { h3 { (l.t("Rows read", "Filas leídas")) } p.big { (r.rows_read) }
                @if let Some(n) = o.expected_count { p.muted { (l.f("expected {0}", "se esperaban {0}", &[&n])) } }
                @if r.rows_blank > 0 { p.muted { (l.f("{0} blank rows skipped", "{0} filas vacías omitidas", &[&r.rows_blank])) } } }
            div.card { h3 { (l.t("Valid rows", "Filas válidas")) } (progress(x.rows_valid, x.rows_read, l.t("Valid rows", "Filas válidas"))) p.muted { (format!("{:.2} %", valid_pct(x))) } }
            div.card { h3 { (l.t("Exact duplicates", "Duplicados exactos")) } p.big { (r.exact_duplicates) } p.muted { (format!("{:.2} %", duplicate_pct(x))) " · " (l.f("{0} groups", "{0} grupos", &[&r.duplicate_groups_total])) } }
            div.card { h3 { (l.t("Likely duplicates", "Posibles duplicados")) }
                @if r.likely.record_level {
                    p.big { (r.likely.clusters_total) } p.muted { (l.f("groups to review ({0} pairs)", "grupos que revisar ({0} pares)", &[&r.likely_duplicates_total])) }
                } @else {
                    p.big { (r.likely_duplicates_total) } p.muted { (l.t("pairs of similar rows", "pares de filas parecidas")) }
                } }
        }
        h2 { (l.t("Files", "Archivos")) }
        ul {
            li { a href={ (files) "errors" } { (l.t("Error report (CSV)", "Informe de errores (CSV)")) } " — " (l.f("{0} errors, one per line", "{0} errores, uno por línea", &[&s.outputs.errors])) }
            li { a href={ (files) "clean" } { (l.t("Cleaned file (CSV)", "Archivo depurado (CSV)")) } " — " (l.f("{0} valid rows with normalized values; {1} exact duplicates merged into their first row", "{0} filas válidas con valores normalizados; {1} duplicados exactos fusionados en su primera fila", &[&s.outputs.clean, &s.outputs.merged]))
                @if s.outputs.merged_likely > 0 { "; " (l.f("{0} rows merged as decided (the merged row lists its lines)", "{0} filas fusionadas según lo decidido (la fila fusionada indica sus líneas)", &[&s.outputs.merged_likely])) } }
            li { a href={ (files) "rejected" } { (l.t("Rows set aside (CSV)", "Filas apartadas (CSV)")) } " — " (l.f("{0} rows to correct at the source, with the reasons", "{0} filas que corregir en origen, con los motivos", &[&s.outputs.rejected])) }
        }
        h2 { (l.t("Errors by field", "Errores por campo")) }
        @if bars.is_empty() {
            p { (l.t("No field errors.", "Ningún error en los campos.")) }
        } @else {
            (chart::bars(l.t("Errors by field", "Errores por campo"), &bars))
            table {
                thead { tr { th scope="col" { (l.t("Field", "Campo")) } th scope="col" { (l.t("Error", "Error")) } th scope="col" { (l.t("Count", "Cantidad")) } th scope="col" { (l.t("Examples (line: value)", "Ejemplos (línea: valor)")) } } }
                tbody {
                    @for f in r.field_errors.iter().filter(|f| f.total > 0) { @for k in &f.kinds { tr {
                        td { (f.field) } td { (kind_label(l, k.kind)) } td { (k.count) }
                        td { @for e in &k.examples { span.badge { (e.line) ": " (e.value) } " " } }
                    } } }
                    @if r.malformed.count > 0 { tr {
                        td { "—" } td { (malformed_label(l)) } td { (r.malformed.count) }
                        td { @for e in &r.malformed.examples { span.badge { (e.line) ": " (e.value) } " " } }
                    } }
                }
            }
        }
        h2 { (l.t("Exact duplicates", "Duplicados exactos")) }
        @if r.duplicate_groups.is_empty() {
            p { (l.t("No two rows share a duplicate key.", "Ninguna fila comparte la clave de duplicado con otra.")) }
        } @else {
            table {
                thead { tr { th scope="col" { (l.t("Key", "Clave")) } th scope="col" { (l.t("Rows", "Filas")) } th scope="col" { (l.t("Lines", "Líneas")) } } }
                tbody { @for g in &r.duplicate_groups { tr { td { (g.key.join(" · ")) } td { (g.rows) } td { (g.lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")) } } } }
            }
            @if r.duplicate_groups_total > r.duplicate_groups.len() as u64 { p.muted { (l.f("The first {0} of {1} groups.", "Los primeros {0} de {1} grupos.", &[&r.duplicate_groups.len(), &r.duplicate_groups_total])) } }
        }
        (dups)
    }
}

/// What the likely-duplicates section needs besides the report.
pub struct DupView<'a> {
    pub decided: &'a HashMap<(u64, u64), bool>,
    pub band: Option<super::profile::Band>,
    pub can_decide: bool,
}

#[allow(clippy::too_many_arguments)]
pub fn report_page(
    ctx: &Ctx,
    acc: &Access,
    me: &user::Model,
    o: &migration_object::Model,
    x: &trial_load::Model,
    stored: Option<&Stored>,
    names: &HashMap<i32, String>,
    dv: DupView<'_>,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let here = crate::urls::trial_load(p.id, o.id, x.id);
    let title = l.f("Trial load of {0}", "Carga de prueba del {0}", &[&l.datetime(x.created_at)]);
    layout::page(
        ctx,
        &title,
        html! {
            (crumbs(ctx, p, &[(l.t("Data migration", "Migración de datos"), Some(crate::urls::migration(p.id))), (&o.name, Some(crate::urls::migration_object(p.id, o.id))), (&title, None)]))
            h1 { (title) " " (load_badge(l, x, o)) }
            dl.facts {
                dt { (l.t("File", "Archivo")) } dd { (x.file_name) " (" (format!("{:.1}", x.file_size as f64 / 1_048_576.0)) " MB)" }
                dt { (l.t("Uploaded by", "Subida por")) } dd { (x.uploaded_by.and_then(|i| names.get(&i)).map(String::as_str).unwrap_or("—")) }
                @if let Some(t) = x.finished_at { dt { (l.t("Checked", "Comprobada")) } dd { (l.datetime(t)) } }
            }
            @match x.status.as_str() {
                "queued" | "running" => {
                    div.card {
                        p { (if x.status == "queued" { l.t("Waiting for its turn…", "Esperando turno…") } else { l.t("Checking the file…", "Comprobando el archivo…") }) }
                        (progress(x.progress_bytes, x.file_size.max(1), l.t("Bytes read", "Bytes leídos")))
                        p.muted { (l.t("This page reloads by itself every two seconds.", "Esta página se recarga sola cada dos segundos.")) }
                    }
                }
                "failed" => { div.flash.flash-error role="alert" { (failure_text(l, x.error.as_deref().unwrap_or(""))) } }
                _ => {
                    @if let Some(s) = stored {
                        (signoff(ctx, me, o, x, names, &format!("{here}/signoff")))
                        @let action = format!("{here}/duplicates");
                        @let dups = super::duplicates_views::section(ctx, &s.report, dv.decided, &here, dv.band, dv.can_decide.then_some(action.as_str()), &format!("{}/edit", crate::urls::migration_object(p.id, o.id)));
                        (report(ctx, o, x, s, &format!("{here}/files/"), dups))
                        @if dv.can_decide && x.signed_off_at.is_none() {
                            form.inline method="post" action={ (here) "/recheck" } {
                                (csrf_field(ctx))
                                p.muted { (l.t("Decisions on likely duplicates apply to the next trial load. To apply them to this one (report and cleaned file), check it again.", "Las decisiones sobre posibles duplicados se aplican a la próxima carga. Para aplicarlas a esta (informe y archivo depurado), compruébela de nuevo.")) }
                                button.secondary type="submit" { (l.t("Check this load again", "Volver a comprobar esta carga")) }
                            }
                        }
                    }
                }
            }
        },
    )
}
