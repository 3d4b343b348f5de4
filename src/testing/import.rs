//! CSV import of test cases, the shape the case export writes: title, module, priority,
//! preconditions, requirements (ids or titles of this project's requirements, separated by `;`),
//! steps (one per line in the cell, "action | expected"). Headers in English or Spanish. Every row
//! is checked first; one bad row means nothing is saved and the page lists each problem by line.

use super::form::{CaseForm, CaseInput};
use super::store;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::text::fold;
use crate::training::{MODULES, module_label};
use crate::web::sheet::Sheet;
use crate::web::upload::{self, CsvFailure, RowError};
use crate::web::{Ctx, Lang, flash, html, layout};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use maud::{Markup, html};

const MAX_BYTES: usize = 4 * 1024 * 1024;
const MAX_ROWS: usize = 5000;

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Title,
    Module,
    Priority,
    Preconditions,
    Requirements,
    Steps,
}

fn column(header: &str) -> Option<Col> {
    match fold(header).trim() {
        "title" | "case" | "titulo" | "caso" => Some(Col::Title),
        "module" | "process" | "modulo" | "proceso" | "parte del erp" => Some(Col::Module),
        "priority" | "prioridad" => Some(Col::Priority),
        "preconditions" | "condiciones previas" | "precondiciones" => Some(Col::Preconditions),
        "requirement_ids" | "requirements" | "requisitos" | "requirement" | "requisito" => Some(Col::Requirements),
        "steps" | "pasos" => Some(Col::Steps),
        _ => None,
    }
}

fn parse_module(s: &str) -> Option<&'static str> {
    let f = fold(s);
    let f = f.trim();
    MODULES
        .iter()
        .copied()
        .find(|m| *m == f || fold(module_label(Lang::En, m)) == f || fold(module_label(Lang::Es, m)) == f)
}

/// Parses and validates the whole file against the project's requirements (id, title).
pub fn parse(bytes: &[u8], reqs: &[(i32, String)], l: Lang) -> Result<Vec<CaseInput>, Vec<RowError>> {
    let sheet = Sheet::read(bytes, column, MAX_ROWS, l).map_err(|e| vec![e])?;
    let missing: Vec<&str> =
        [(Col::Title, "title"), (Col::Module, "module"), (Col::Requirements, "requirements"), (Col::Steps, "steps")]
            .iter()
            .filter(|(c, _)| !sheet.has(*c))
            .map(|(_, n)| *n)
            .collect();
    if !missing.is_empty() {
        let message = l.f("Missing columns: {0}. The first line must name the columns (title, module, requirements, steps; optional priority, preconditions).",
            "Faltan columnas: {0}. La primera línea debe nombrar las columnas (título, módulo, requisitos, pasos; opcionales prioridad, condiciones previas).", &[&missing.join(", ")]);
        return Err(vec![RowError { line: 1, message }]);
    }
    let ids: Vec<i32> = reqs.iter().map(|r| r.0).collect();
    let (mut ok, mut errors) = (Vec::new(), sheet.errors.clone());
    for (line, rec) in &sheet.rows {
        let get = |c: Col| sheet.get(rec, c);
        let mut msgs = Vec::new();
        let module = parse_module(get(Col::Module));
        if module.is_none() {
            msgs.push(l.f("unknown part of the ERP “{0}”", "parte del ERP desconocida «{0}»", &[&get(Col::Module)]));
        }
        let priority = match get(Col::Priority) {
            "" => Some("must"),
            p => crate::needs::form::parse_priority(p).filter(|p| *p != "wont"),
        };
        if priority.is_none() {
            msgs.push(l.f(
                "unknown priority “{0}” (must, should, could)",
                "prioridad desconocida «{0}» (imprescindible, importante, deseable)",
                &[&get(Col::Priority)],
            ));
        }
        let mut requirements = Vec::new();
        for item in get(Col::Requirements).split([';', ',']).map(str::trim).filter(|s| !s.is_empty()) {
            match item
                .parse::<i32>()
                .ok()
                .filter(|i| ids.contains(i))
                .or_else(|| reqs.iter().find(|r| fold(&r.1) == fold(item)).map(|r| r.0))
            {
                Some(id) if requirements.contains(&id) => {}
                Some(id) => requirements.push(id),
                None => msgs.push(l.f(
                    "requirement “{0}” is not one of this project",
                    "el requisito «{0}» no es de este proyecto",
                    &[&item],
                )),
            }
        }
        let form = CaseForm {
            title: get(Col::Title).into(),
            module: module.unwrap_or("").into(),
            preconditions: get(Col::Preconditions).into(),
            priority: priority.unwrap_or("").into(),
            steps: get(Col::Steps).into(),
            requirements,
            version: String::new(),
        };
        match form.parse(l, &ids) {
            Ok(input) if msgs.is_empty() => ok.push(input),
            Ok(_) => {}
            Err(e) => {
                msgs.extend(e.iter().filter(|(f, _)| !matches!(**f, "module" | "priority")).map(|(_, m)| m.clone()))
            }
        }
        if !msgs.is_empty() {
            errors.push(RowError { line: *line, message: msgs.join("; ") });
        }
    }
    if errors.is_empty() && ok.is_empty() {
        return Err(vec![RowError {
            line: 2,
            message: l.t("The file has no test case rows.", "El archivo no tiene filas de casos de prueba.").into(),
        }]);
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(ok) } else { Err(errors) }
}

pub async fn import_page(Member { auth, acc }: Member) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    Ok(html(StatusCode::OK, page(&auth.ctx, &acc, None, &[])))
}

pub async fn import(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let file = match upload::read_csv(&req, payload, MAX_BYTES, l).await {
        Ok(f) => f,
        Err(CsvFailure::Page(status, msg)) => return Ok(html(status, page(&auth.ctx, &acc, Some(&msg), &[]))),
        Err(CsvFailure::App(e)) => return Err(e),
    };
    let reqs: Vec<(i32, String)> =
        store::requirement_choices(&state.db, acc.project.id).await?.into_iter().map(|r| (r.0, r.1)).collect();
    let rows = match parse(&file, &reqs, l) {
        Ok(rows) => rows,
        Err(errors) => {
            let msg = upload::nothing_imported(l, errors.len());
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page(&auth.ctx, &acc, Some(&msg), &errors)));
        }
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let now = state.clock.now();
    for r in &rows {
        store::create_case(&tx, acc.project.id, r, Some(auth.user.id), now).await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::test_cases(acc.project.id),
        &l.f("Test cases imported: {0}.", "Casos de prueba importados: {0}.", &[&rows.len()]),
    ))
}

fn page(ctx: &Ctx, acc: &Access, message: Option<&str>, errors: &[RowError]) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Import test cases", "Importar casos de prueba");
    let base = crate::urls::test_cases(p.id);
    layout::page(
        ctx,
        title,
        html! {
            (crate::web::nav::crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (l.t("Test cases", "Casos de prueba"), Some(base.clone())), (title, None)]))
            h1 { (title) }
            (upload::import_body(ctx, message, errors, l.t("Upload a CSV with the columns (first line): title, module, requirements (ids or titles of this project's requirements, separated by ;), steps (one per line inside the cell: action | expected result); optional priority, preconditions. The case export has this shape.",
                "Suba un CSV con las columnas (primera línea): título, módulo, requisitos (identificadores o títulos de requisitos de este proyecto, separados por ;), pasos (uno por línea dentro de la celda: acción | resultado esperado); opcionales prioridad, condiciones previas. La exportación de casos tiene esta forma."), &format!("{base}/import"), &base))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reqs() -> Vec<(i32, String)> {
        vec![(4, "Facturación electrónica".into()), (9, "Inventario por lotes".into())]
    }

    #[test]
    fn a_spanish_sheet_with_titles_and_multiline_steps_is_imported() {
        let text = "Título;Módulo;Prioridad;Requisitos;Pasos\nEmitir factura;Finanzas;Imprescindible;facturacion electronica;\"Crear | Se crea\nEmitir | Numerada\"\n";
        let rows = parse(text.as_bytes(), &reqs(), Lang::Es).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].module.as_str(), rows[0].priority.as_str(), rows[0].requirements.clone()),
            ("finance", "must", vec![4])
        );
        assert_eq!(rows[0].steps.len(), 2);
    }

    #[test]
    fn every_bad_row_is_reported_and_nothing_is_returned() {
        let text = "title,module,requirement_ids,steps\nOk,finance,4,Do | See\nNo req,finance,,Do | See\nBad,astrology,77,Do\n";
        let errs = parse(text.as_bytes(), &reqs(), Lang::En).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3, 4]);
        assert!(errs[0].message.contains("must prove at least one requirement"));
        assert!(
            errs[1].message.contains("astrology")
                && errs[1].message.contains("“77”")
                && errs[1].message.contains("Line 1")
        );
        assert!(parse(b"name\nx\n", &reqs(), Lang::En).unwrap_err()[0].message.contains("module"));
    }
}
