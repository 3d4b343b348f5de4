//! CSV import of KPI measurements: KPIs by name (case and accents ignored), ISO or dd/mm/yyyy
//! dates, decimal comma or point. One bad row means nothing is saved; the page lists every line.

use super::form::MeasurementForm;
use super::kpi_measurements::{MeasurementInput, insert};
use crate::entities::kpi;
use crate::error::AppResult;
use crate::needs::import::RowError;
use crate::projects::access::Access;
use crate::projects::scope::Manager;
use crate::state::AppState;
use crate::text::fold;
use crate::web::nav::crumbs;
use crate::web::sheet::Sheet;
use crate::web::upload::{self, CsvFailure};
use crate::web::{Ctx, Lang, flash, html, layout};
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const MAX_BYTES: usize = 2 * 1024 * 1024;
const MAX_ROWS: usize = 5000;

fn column(h: &str) -> Option<&'static str> {
    match fold(h).trim() {
        "kpi" | "indicador" | "indicator" | "name" | "nombre" => Some("kpi"),
        "date" | "fecha" | "measured_on" => Some("date"),
        "value" | "valor" => Some("value"),
        "note" | "nota" | "comment" | "comentario" => Some("note"),
        _ => None,
    }
}

/// Parses a measurements file: KPIs by name (case and accents ignored), ISO or dd/mm/yyyy dates,
/// decimal comma or point. Every problem is reported with its line.
pub fn parse(bytes: &[u8], kpis: &[kpi::Model], l: Lang) -> Result<Vec<(kpi::Model, MeasurementInput)>, Vec<RowError>> {
    let sheet = Sheet::read(bytes, column, MAX_ROWS, l).map_err(|e| vec![e])?;
    for need in ["kpi", "date", "value"] {
        if !sheet.has(need) {
            return Err(vec![RowError { line: 1, message: l.f("Missing column “{0}”. The first line must name the columns: kpi, date, value, note.", "Falta la columna «{0}». La primera línea debe nombrar las columnas: indicador, fecha, valor, nota.", &[&need]) }]);
        }
    }
    let (mut rows, mut errors) = (Vec::new(), sheet.errors.clone());
    for (line, rec) in &sheet.rows {
        let line = *line;
        let get = |c: &str| sheet.get(rec, c);
        let mut msgs = Vec::new();
        let name = get("kpi");
        let k = kpis.iter().find(|k| fold(&k.name) == fold(name));
        if k.is_none() {
            msgs.push(l.f(
                "no KPI of this project is called “{0}”",
                "ningún KPI de este proyecto se llama «{0}»",
                &[&name],
            ));
        }
        let form =
            MeasurementForm { measured_on: get("date").into(), value: get("value").into(), note: get("note").into() };
        match (form.validate(l), k) {
            (Ok(input), Some(k)) if msgs.is_empty() => rows.push((k.clone(), input)),
            (Ok(_), _) => {}
            (Err(e), _) => msgs.extend(e.iter().map(|(_, m)| m.clone())),
        }
        if !msgs.is_empty() {
            errors.push(RowError { line, message: msgs.join("; ") });
        }
    }
    if errors.is_empty() && rows.is_empty() {
        errors.push(RowError {
            line: 2,
            message: l.t("The file has no measurement rows.", "El archivo no tiene filas de mediciones.").into(),
        });
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

fn import_page_body(ctx: &Ctx, acc: &Access, message: Option<&str>, errors: &[RowError]) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Import KPI measurements", "Importar mediciones de KPI");
    let back = crate::urls::kpis(p.id);
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("KPIs", "KPI"), Some(back.clone())), (title, None)]))
            h1 { (title) }
            (upload::import_body(ctx, message, errors, l.t("One measurement per row. Columns: kpi (its name as on the KPI page), date (YYYY-MM-DD or DD/MM/YYYY), value (decimal comma or point), note. The export has the same first columns.",
                                                           "Una medición por fila. Columnas: indicador (su nombre como en la página de KPI), fecha (AAAA-MM-DD o DD/MM/AAAA), valor (coma o punto decimal), nota. La exportación tiene las mismas primeras columnas."), &format!("/projects/{}/kpi-measurements/import", p.id), &back))
        },
    )
}

pub async fn import_page(Manager { auth, acc }: Manager, _state: web::Data<AppState>) -> AppResult<HttpResponse> {
    Ok(html(StatusCode::OK, import_page_body(&auth.ctx, &acc, None, &[])))
}

pub async fn import(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let fail = |status: StatusCode, msg: &str, errors: &[RowError]| {
        Ok(html(status, import_page_body(&auth.ctx, &acc, Some(msg), errors)))
    };
    let file = match upload::read_csv(&req, payload, MAX_BYTES, l).await {
        Ok(f) => f,
        Err(CsvFailure::Page(status, msg)) => return fail(status, &msg, &[]),
        Err(CsvFailure::App(e)) => return Err(e),
    };
    let kpis = kpi::Entity::find().filter(kpi::Column::ProjectId.eq(acc.project.id)).all(&state.db).await?;
    let rows = match parse(&file, &kpis, l) {
        Ok(r) => r,
        Err(errors) => {
            return fail(StatusCode::UNPROCESSABLE_ENTITY, &upload::nothing_imported(l, errors.len()), &errors);
        }
    };
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    for (k, m) in &rows {
        insert(&tx, k, m, auth.user.id, now).await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &crate::urls::kpis(acc.project.id),
        &l.f("{0} measurements imported.", "{0} mediciones importadas.", &[&rows.len()]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(name: &str) -> kpi::Model {
        kpi::Model {
            id: 1,
            project_id: 1,
            template_key: None,
            name: name.into(),
            unit: "h".into(),
            direction: "lower_is_better".into(),
            baseline_value: 10.0,
            baseline_date: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(),
            target_value: Some(6.0),
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn spanish_files_with_decimal_commas_are_read_and_bad_rows_named() {
        let kpis = [k("Tiempo de proceso de pedidos")];
        let ok = "Indicador;Fecha;Valor;Nota\ntiempo de proceso de pedidos;15/06/2027;8,5;tras ajustes\n";
        let rows = parse(ok.as_bytes(), &kpis, Lang::Es).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].1.value, 8.5);
        let bad = "kpi,date,value\nUnknown,2027-06-01,3\nTiempo de proceso de pedidos,2027-13-01,abc\n";
        let errs = parse(bad.as_bytes(), &kpis, Lang::En).err().unwrap_or_default();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        assert!(errs[0].message.contains("Unknown") && errs[1].message.contains("number"));
    }
}
