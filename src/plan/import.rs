//! CSV import of a plan from a spreadsheet: one milestone per row, dependencies by title. Every
//! row is checked first (dates, phase, owner, unknown predecessors, loops); one bad row means
//! nothing is saved and the page lists each problem with its line.

use super::form::{MilestoneForm, MilestoneInput};
use super::schedule::ScheduleError;
use super::{projection, store};
use crate::error::AppResult;
use crate::needs::import::{Member, RowError};
use crate::projects::access::Access;
use crate::projects::scope::Manager;
use crate::state::AppState;
use crate::text::fold;
use crate::web::forms::parse_date;
use crate::web::sheet::Sheet;
use crate::web::upload::{self, CsvFailure};
use crate::web::{Ctx, Lang, flash, html, layout};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use maud::{Markup, html};

const MAX_BYTES: usize = 2 * 1024 * 1024;
const MAX_ROWS: usize = 3000;

/// A row ready to save, with its predecessors as (title, lag).
#[derive(Debug)]
pub struct Row {
    pub line: u64,
    pub input: MilestoneInput,
    pub after: Vec<(String, i32)>,
}

fn column(h: &str) -> Option<&'static str> {
    match fold(h).trim() {
        "title" | "milestone" | "hito" | "titulo" | "tarea" | "task" => Some("title"),
        "phase" | "fase" => Some("phase"),
        "workstream" | "frente" | "frente de trabajo" => Some("workstream"),
        "owner" | "responsable" => Some("owner"),
        "start" | "start_date" | "inicio" | "fecha de inicio" => Some("start"),
        "due" | "due_date" | "end" | "fin" | "vencimiento" | "fecha de fin" => Some("due"),
        "checkpoint" | "punto de control" | "hito de control" => Some("checkpoint"),
        "status" | "estado" => Some("status"),
        "percent" | "progress" | "avance" | "porcentaje" => Some("percent"),
        "depends_on" | "depends on" | "after" | "depende de" | "predecesoras" | "predecessors" => Some("depends"),
        _ => None,
    }
}

fn phase(s: &str) -> Option<&'static str> {
    let f = fold(s);
    crate::phases::KEYS.iter().copied().find(|k| {
        *k == f || fold(crate::phases::label(Lang::En, k)) == f || fold(crate::phases::label(Lang::Es, k)) == f
    })
}

/// The checkpoint cell: yes or no in either language; `None` for anything else.
fn yes_no(s: &str) -> Option<bool> {
    match fold(s).trim() {
        "yes" | "y" | "si" | "s" | "true" | "1" | "x" => Some(true),
        "" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// "Configure finance (+5d)" → ("Configure finance", 5).
fn predecessor(s: &str) -> (String, i32) {
    let s = s.trim();
    if let Some((title, rest)) = s.rsplit_once('(')
        && let Some(n) = rest.trim_end_matches(')').trim().trim_end_matches('d').parse::<i32>().ok()
    {
        return (title.trim().to_string(), n);
    }
    (s.to_string(), 0)
}

/// Parses and validates the file against the project's members and existing milestone titles.
pub fn parse(bytes: &[u8], members: &[Member], existing: &[String], l: Lang) -> Result<Vec<Row>, Vec<RowError>> {
    let sheet = Sheet::read(bytes, column, MAX_ROWS, l).map_err(|e| vec![e])?;
    for need in ["title", "start", "due"] {
        if !sheet.has(need) {
            return Err(vec![RowError { line: 1, message: l.f("Missing column “{0}”. The first line must name the columns: title, phase, workstream, owner, start, due, checkpoint, status, percent, depends_on.", "Falta la columna «{0}». La primera línea debe nombrar las columnas: título, fase, frente, responsable, inicio, fin, punto de control, estado, avance, depende de.", &[&need]) }]);
        }
    }
    let ids: Vec<i32> = members.iter().map(|m| m.id).collect();
    let (mut rows, mut errors) = (Vec::new(), sheet.errors.clone());
    for (line, rec) in &sheet.rows {
        let line = *line;
        let get = |c: &str| sheet.get(rec, c);
        let mut msgs = Vec::new();
        let phase_key = match get("phase") {
            "" => "implementation",
            p => phase(p).unwrap_or_else(|| {
                msgs.push(l.f("unknown phase “{0}”", "fase desconocida «{0}»", &[&p]));
                "implementation"
            }),
        };
        let owner = get("owner");
        let owner_id = match owner {
            "" => String::new(),
            o => match members.iter().find(|m| m.email.eq_ignore_ascii_case(o) || fold(&m.name) == fold(o)) {
                Some(m) => m.id.to_string(),
                None => {
                    msgs.push(l.f(
                        "owner “{0}” is not a member of this project",
                        "el responsable «{0}» no es miembro de este proyecto",
                        &[&o],
                    ));
                    String::new()
                }
            },
        };
        let status = match fold(get("status")).as_str() {
            "" | "planned" | "planificado" | "pendiente" => "planned",
            "in progress" | "in_progress" | "en curso" => "in_progress",
            "done" | "hecho" | "completado" => "done",
            "blocked" | "bloqueado" => "blocked",
            other => {
                msgs.push(l.f("unknown status “{0}”", "estado desconocido «{0}»", &[&other]));
                "planned"
            }
        };
        // Files written before the checkpoint column existed meant start = due as a checkpoint.
        let checkpoint = if sheet.has("checkpoint") {
            yes_no(get("checkpoint")).unwrap_or_else(|| {
                msgs.push(l.f(
                    "checkpoint “{0}” is neither yes nor no",
                    "punto de control «{0}» no es ni sí ni no",
                    &[&get("checkpoint")],
                ));
                false
            })
        } else {
            let (start, due) = (parse_date(get("start")), parse_date(get("due")));
            start.is_some() && start == due
        };
        let form = MilestoneForm {
            title: get("title").into(),
            phase_key: phase_key.into(),
            workstream: get("workstream").into(),
            owner_id,
            start_date: get("start").into(),
            due_date: get("due").into(),
            checkpoint: if checkpoint { "1".into() } else { String::new() },
            status: status.into(),
            percent: get("percent").into(),
            deliverables: String::new(),
            version: String::new(),
        };
        let after: Vec<(String, i32)> =
            get("depends").split('|').filter(|s| !s.trim().is_empty()).map(predecessor).collect();
        // The same range as the dependency form: a lag of millions of days is a typo, not a plan.
        if after.iter().any(|(_, lag)| !(-365..=365).contains(lag)) {
            msgs.push(
                l.t(
                    "a lag goes from −365 to +365 days, e.g. “Configure finance (+5d)”",
                    "un desfase va de −365 a +365 días, p. ej. «Configurar finanzas (+5d)»",
                )
                .into(),
            );
        }
        match form.validate(l, &ids) {
            Ok(input) if msgs.is_empty() => rows.push(Row { line, input, after }),
            Ok(_) => {}
            Err(e) => msgs.extend(e.iter().filter(|(f, _)| **f != "owner_id").map(|(_, m)| m.clone())),
        }
        if !msgs.is_empty() {
            errors.push(RowError { line, message: msgs.join("; ") });
        }
    }
    // Predecessors must name a row of the file or an existing milestone.
    for r in &rows {
        for (t, _) in &r.after {
            if !rows.iter().any(|o| &o.input.title == t) && !existing.contains(t) {
                errors.push(RowError {
                    line: r.line,
                    message: l.f(
                        "depends on “{0}”, which is neither in the file nor in the plan",
                        "depende de «{0}», que no está ni en el archivo ni en el plan",
                        &[t],
                    ),
                });
            }
        }
    }
    if errors.is_empty() && rows.is_empty() {
        errors.push(RowError {
            line: 2,
            message: l.t("The file has no milestone rows.", "El archivo no tiene filas de hitos.").into(),
        });
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
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
    let fail =
        |status: StatusCode, msg: &str, errors: &[RowError]| Ok(html(status, page(&auth.ctx, &acc, Some(msg), errors)));
    let file = match upload::read_csv(&req, payload, MAX_BYTES, l).await {
        Ok(f) => f,
        Err(CsvFailure::Page(status, msg)) => return fail(status, &msg, &[]),
        Err(CsvFailure::App(e)) => return Err(e),
    };
    let members = crate::needs::import::members(&state.db, acc.project.id).await?;
    let current = store::all(&state.db, acc.project.id).await?;
    let titles: Vec<String> = current.iter().map(|m| m.title.clone()).collect();
    let rows = match parse(&file, &members, &titles, l) {
        Ok(r) => r,
        Err(errors) => {
            let msg = upload::nothing_imported(l, errors.len());
            return fail(StatusCode::UNPROCESSABLE_ENTITY, &msg, &errors);
        }
    };
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let mut by_title: std::collections::HashMap<String, i32> =
        current.iter().map(|m| (m.title.clone(), m.id)).collect();
    for r in &rows {
        let m = store::create(&tx, acc.project.id, &r.input, now).await?;
        by_title.insert(m.title, m.id);
    }
    for r in &rows {
        let Some(&to) = by_title.get(&r.input.title) else { continue };
        for (t, lag) in &r.after {
            if let Some(&from) = by_title.get(t) {
                store::add_dep(&tx, acc.project.id, from, to, *lag).await?;
            }
        }
    }
    // A loop is only visible once the whole file is linked: check before committing.
    if let Err(e) = projection::project(store::all(&tx, acc.project.id).await?, store::deps(&tx, acc.project.id).await?)
    {
        let around = match &e {
            ScheduleError::Cycle(ids) => store::titles(&tx, acc.project.id, ids).await?.join(" → "),
            other => other.to_string(),
        };
        tx.rollback().await?;
        let msg = l.f(
            "Nothing was imported: the dependencies form a loop ({0}).",
            "No se ha importado nada: las dependencias forman un ciclo ({0}).",
            &[&around],
        );
        return fail(StatusCode::UNPROCESSABLE_ENTITY, &msg, &[]);
    }
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::milestones(acc.project.id),
        &l.f("{0} milestones imported.", "{0} hitos importados.", &[&rows.len()]),
    ))
}

fn page(ctx: &Ctx, acc: &Access, message: Option<&str>, errors: &[RowError]) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Import a plan", "Importar un plan");
    layout::page(
        ctx,
        title,
        html! {
            (crate::web::nav::crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            (crate::web::upload::import_body(ctx, message, errors, l.t("One milestone per row. Columns: title, start, due (required; YYYY-MM-DD or DD/MM/YYYY; due is the last day, inclusive), checkpoint (yes for a zero-length checkpoint, otherwise no), phase, workstream, owner (email or name of a member), status, percent, depends_on (titles separated by |, with an optional lag such as “Configure finance (+5d)”). Without a checkpoint column, as in older files, a row whose start and due are the same day is read as a checkpoint. The export of this page has the same columns.",
                         "Un hito por fila. Columnas: título, inicio, fin (obligatorias; AAAA-MM-DD o DD/MM/AAAA; el fin es el último día, incluido), punto de control (sí para un punto de control sin duración, si no, no), fase, frente, responsable (correo o nombre de un miembro), estado, avance, depende de (títulos separados por |, con un desfase opcional como «Configurar finanzas (+5d)»). Sin columna de punto de control, como en los archivos antiguos, una fila cuyo inicio y fin son el mismo día se lee como punto de control. La exportación de esta página tiene las mismas columnas."), &format!("{}/import", crate::urls::milestones(p.id)), &crate::urls::milestones(p.id)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_with_spanish_headers_and_dependencies_by_title_is_read() {
        let csv = "Hito;Fase;Inicio;Fin;Depende de\nConfigurar finanzas;Implementación;04/01/2027;29/01/2027;\nMigrar clientes;implementation;2027-02-01;2027-02-26;Configurar finanzas (+3d)\n";
        let rows = parse(csv.as_bytes(), &[], &[], Lang::Es).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].after, vec![("Configurar finanzas".to_string(), 3)]);
    }

    #[test]
    fn bad_dates_and_unknown_predecessors_are_reported_by_line() {
        let csv = "title,start,due,depends_on\nA,2027-01-10,2027-01-01,\nB,2027-01-01,2027-01-02,Nowhere\n";
        let errs = parse(csv.as_bytes(), &[], &[], Lang::En).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        assert!(errs[1].message.contains("Nowhere"));
    }

    #[test]
    fn the_checkpoint_column_is_read_and_without_it_a_same_day_row_is_a_checkpoint() {
        let kinds = |csv: &str| -> Vec<bool> {
            parse(csv.as_bytes(), &[], &[], Lang::En).unwrap().iter().map(|r| r.input.checkpoint).collect()
        };
        let new = "title,start,due,checkpoint\nGo-live,2027-03-01,2027-03-01,yes\nCutover,2027-02-26,2027-02-26,no\nTrain,2027-02-01,2027-02-05,\n";
        assert_eq!(kinds(new), [true, false, false]);
        let old = "title,start,due\nGo-live,2027-03-01,2027-03-01\nTrain,2027-02-01,2027-02-05\n";
        assert_eq!(kinds(old), [true, false]);
        let es = "hito;inicio;fin;punto de control\nArranque;01/03/2027;01/03/2027;sí\n";
        assert!(parse(es.as_bytes(), &[], &[], Lang::Es).unwrap()[0].input.checkpoint);
        let bad = "title,start,due,checkpoint\nA,2027-03-01,2027-03-01,maybe\nB,2027-03-01,2027-03-05,yes\n";
        let errs = parse(bad.as_bytes(), &[], &[], Lang::En).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        assert!(errs[0].message.contains("maybe") && errs[1].message.contains("zero-length"));
    }
}
