//! CSV import of requirements from a PM's spreadsheet: `;` `,` or tab, UTF-8 or Windows-1252,
//! headers in English or Spanish. Every row is checked first; one bad row means nothing is saved
//! and the page lists each problem with its line number.

use super::form::{RequirementForm, RequirementInput, parse_area, parse_priority};
use super::store;
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::Manager;
use crate::state::AppState;
use crate::text::fold;
use crate::web::sheet::Sheet;
use crate::web::upload::{self, CsvFailure};
use crate::web::{Ctx, Lang, flash, html, layout};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use maud::{Markup, html};

pub const MAX_BYTES: usize = 2 * 1024 * 1024;
const MAX_ROWS: usize = 5000;

pub use crate::web::upload::RowError;

/// The project's members, as an owner column may name them.
pub async fn members(db: &impl sea_orm::ConnectionTrait, project_id: i32) -> Result<Vec<Member>, sea_orm::DbErr> {
    Ok(crate::projects::store::members(db, project_id)
        .await?
        .into_iter()
        .map(|m| Member { id: m.user_id, name: m.name, email: m.email })
        .collect())
}

/// A project member an owner column may name, by email or by name.
pub struct Member {
    pub id: i32,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Title,
    Area,
    Priority,
    Description,
    Process,
    Owner,
}

fn column(header: &str) -> Option<Col> {
    match fold(header).trim() {
        "title" | "requirement" | "titulo" | "requisito" | "nombre" | "name" => Some(Col::Title),
        "area" | "business area" | "area de negocio" => Some(Col::Area),
        "priority" | "prioridad" | "moscow" => Some(Col::Priority),
        "description" | "descripcion" | "detalle" => Some(Col::Description),
        "process" | "key process" | "proceso" | "proceso clave" => Some(Col::Process),
        "owner" | "responsable" | "propietario" | "owner email" => Some(Col::Owner),
        _ => None,
    }
}

/// Parses and validates the whole file; Ok only when every row is valid.
pub fn parse(bytes: &[u8], members: &[Member], l: Lang) -> Result<Vec<RequirementInput>, Vec<RowError>> {
    let err = |line: u64, message: String| vec![RowError { line, message }];
    let sheet = Sheet::read(bytes, column, MAX_ROWS, l).map_err(|e| vec![e])?;
    let missing: Vec<&str> = [(Col::Title, "title"), (Col::Area, "area"), (Col::Priority, "priority")]
        .iter()
        .filter(|(c, _)| !sheet.has(*c))
        .map(|(_, n)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(err(1, l.f("Missing columns: {0}. The first line must name the columns (title, area, priority; optional description, process, owner).",
            "Faltan columnas: {0}. La primera línea debe nombrar las columnas (title/título, area/área, priority/prioridad; opcionales description, process, owner).",
            &[&missing.join(", ")])));
    }
    let ids: Vec<i32> = members.iter().map(|m| m.id).collect();
    let (mut ok, mut errors) = (Vec::new(), sheet.errors.clone());
    for (line, rec) in &sheet.rows {
        let line = *line;
        let get = |c: Col| sheet.get(rec, c);
        let mut msgs = Vec::new();
        let area = parse_area(get(Col::Area));
        if area.is_none() {
            msgs.push(l.f("unknown area “{0}”", "área desconocida «{0}»", &[&get(Col::Area)]));
        }
        let priority = parse_priority(get(Col::Priority));
        if priority.is_none() {
            msgs.push(l.f(
                "unknown priority “{0}” (must, should, could, won't)",
                "prioridad desconocida «{0}» (imprescindible, importante, deseable, descartado)",
                &[&get(Col::Priority)],
            ));
        }
        let owner = get(Col::Owner);
        let owner_id = if owner.is_empty() {
            String::new()
        } else {
            match members.iter().find(|m| m.email.eq_ignore_ascii_case(owner) || fold(&m.name) == fold(owner)) {
                Some(m) => m.id.to_string(),
                None => {
                    msgs.push(l.f(
                        "owner “{0}” is not a member of this project",
                        "el responsable «{0}» no es miembro de este proyecto",
                        &[&owner],
                    ));
                    String::new()
                }
            }
        };
        let form = RequirementForm {
            area: area.unwrap_or("").into(),
            title: get(Col::Title).into(),
            description: get(Col::Description).into(),
            priority: priority.unwrap_or("").into(),
            process: get(Col::Process).into(),
            owner_id,
            version: String::new(),
        };
        match form.validate(l, &ids) {
            Ok(input) if msgs.is_empty() => ok.push(input),
            Ok(_) => {}
            Err(e) => {
                for (f, m) in e.iter() {
                    if !matches!(*f, "area" | "priority" | "owner_id") {
                        msgs.push(m.clone());
                    }
                }
            }
        }
        if !msgs.is_empty() {
            errors.push(RowError { line, message: msgs.join("; ") });
        }
    }
    if errors.is_empty() && ok.is_empty() {
        return Err(err(
            2,
            l.t("The file has no requirement rows.", "El archivo no tiene filas de requisitos.").into(),
        ));
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(ok) } else { Err(errors) }
}

pub async fn import_page(Manager { auth, acc }: Manager, _state: web::Data<AppState>) -> AppResult<HttpResponse> {
    Ok(html(StatusCode::OK, page(&auth.ctx, &acc, None, &[])))
}

pub async fn import(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let file = match upload::read_csv(&req, payload, MAX_BYTES, l).await {
        Ok(f) => f,
        Err(CsvFailure::Page(status, msg)) => return Ok(html(status, page(&auth.ctx, &acc, Some(&msg), &[]))),
        Err(CsvFailure::App(e)) => return Err(e),
    };
    let members = members(&state.db, acc.project.id).await?;
    let rows = match parse(&file, &members, l) {
        Ok(rows) => rows,
        Err(errors) => {
            let msg = upload::nothing_imported(l, errors.len());
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page(&auth.ctx, &acc, Some(&msg), &errors)));
        }
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let now = state.clock.now();
    for r in &rows {
        store::create(&tx, acc.project.id, r, now).await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::requirements(acc.project.id),
        &l.f("{0} requirements imported.", "{0} requisitos importados.", &[&rows.len()]),
    ))
}

fn page(ctx: &Ctx, acc: &Access, message: Option<&str>, errors: &[RowError]) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Import requirements", "Importar requisitos");
    layout::page(
        ctx,
        title,
        html! {
            (crate::web::nav::crumbs(ctx, p, &[(l.t("Requirements", "Requisitos"), Some(crate::urls::requirements(p.id))), (title, None)]))
            h1 { (title) }
            (crate::web::upload::import_body(ctx, message, errors, l.t("Upload the spreadsheet saved as CSV. Columns (first line): title, area, priority; optional description, process, owner (email or name of a project member). Separators ; , or tab; UTF-8 or Windows-1252 (Excel) are both fine.",
                         "Suba la hoja de cálculo guardada como CSV. Columnas (primera línea): título, área, prioridad; opcionales descripción, proceso, responsable (correo o nombre de un miembro del proyecto). Separadores ; , o tabulador; vale UTF-8 o Windows-1252 (Excel)."), &format!("{}/import", crate::urls::requirements(p.id)), &crate::urls::requirements(p.id)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members() -> Vec<Member> {
        vec![Member { id: 7, name: "Lucía Gómez".into(), email: "lucia@example.com".into() }]
    }

    #[test]
    fn a_spanish_excel_export_in_windows_1252_with_semicolons_is_imported() {
        let mut bytes = b"T\xedtulo;\xc1rea;Prioridad;Responsable\n".to_vec();
        bytes.extend_from_slice(b"Facturaci\xf3n electr\xf3nica;Finanzas;Imprescindible;lucia@example.com\n");
        bytes.extend_from_slice(b"\"Inventario; por lotes\";Inventario;Deseable;\n");
        let rows = parse(&bytes, &members(), Lang::Es).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].title, "Facturación electrónica");
        assert_eq!(rows[0].owner_id, Some(7));
        assert_eq!(rows[1].title, "Inventario; por lotes");
        assert_eq!(rows[1].priority, "could");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_is_returned() {
        let text = "title,area,priority,owner\nOk,finance,must,\n,finance,must,\nX,astrology,must,\nY,hr,urgent,nobody@x.com\n";
        let errs = parse(text.as_bytes(), &members(), Lang::En).unwrap_err();
        let lines: Vec<u64> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(errs[1].message.contains("astrology"));
        assert!(errs[2].message.contains("urgent") && errs[2].message.contains("nobody@x.com"));
    }

    #[test]
    fn missing_columns_and_empty_files_are_explained() {
        assert!(parse(b"name;notes\nx;y\n", &members(), Lang::En).unwrap_err()[0].message.contains("area"));
        assert!(parse(b"title,area,priority\n", &members(), Lang::En).is_err());
    }
}
