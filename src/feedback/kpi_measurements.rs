//! KPI measurements over time (guide FAQ 5: measure before and after): each KPI of the needs
//! assessment gets dated values; per KPI the change against the baseline in the direction that
//! counts as better and the progress to the target, charted with the go-live date marked. CSV
//! import and export.

use super::form::MeasurementForm;
use super::kpi_measurements_views::{body, fmt};
use super::survey::{self, Direction};
use crate::entities::{kpi, kpi_measurement};
use crate::error::{AppError, AppResult};
use crate::needs::kpis::parse_kpi_value;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::components::confirm;
use crate::web::forms::parse_date;
use crate::web::{CsrfForm, FormErrors, Lang, csv, flash, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

pub fn direction(k: &kpi::Model) -> Direction {
    if k.direction == "lower_is_better" { Direction::LowerIsBetter } else { Direction::HigherIsBetter }
}

pub async fn of_kpi(db: &impl ConnectionTrait, kpi_id: i32) -> Result<Vec<kpi_measurement::Model>, DbErr> {
    kpi_measurement::Entity::find()
        .filter(kpi_measurement::Column::KpiId.eq(kpi_id))
        .order_by_asc(kpi_measurement::Column::MeasuredOn)
        .order_by_asc(kpi_measurement::Column::Id)
        .all(db)
        .await
}

/// The latest measurement of each KPI of the project.
pub async fn latest(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<std::collections::HashMap<i32, kpi_measurement::Model>, DbErr> {
    let rows = kpi_measurement::Entity::find()
        .filter(kpi_measurement::Column::ProjectId.eq(project_id))
        .order_by_asc(kpi_measurement::Column::MeasuredOn)
        .order_by_asc(kpi_measurement::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|m| (m.kpi_id, m)).collect())
}

async fn kpi_of(state: &AppState, project_id: i32, kid: i32) -> AppResult<kpi::Model> {
    kpi::Entity::find_by_id(kid)
        .filter(kpi::Column::ProjectId.eq(project_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, kid) = path.into_inner();
    let k = kpi_of(&state, acc.project.id, kid).await?;
    let rows = of_kpi(&state.db, k.id).await?;
    let form = MeasurementForm { measured_on: state.clock.now().date_naive().to_string(), ..Default::default() };
    Ok(html(StatusCode::OK, body(&auth.ctx, &acc, &k, &rows, &form, &FormErrors::new())))
}

pub struct MeasurementInput {
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
}

impl MeasurementForm {
    pub fn validate(&self, l: Lang) -> Result<MeasurementInput, FormErrors> {
        let mut e = FormErrors::new();
        let measured_on = parse_date(&self.measured_on);
        if measured_on.is_none() {
            e.add("measured_on", l.t("Enter a valid date.", "Introduzca una fecha válida."));
        }
        let value = parse_kpi_value(&self.value);
        if value.is_none() {
            e.add(
                "value",
                l.t(
                    "Enter a number between −1,000,000,000,000 and 1,000,000,000,000, e.g. 12,5 or 12.5.",
                    "Introduzca un número entre −1.000.000.000.000 y 1.000.000.000.000, p. ej. 12,5 o 12.5.",
                ),
            );
        }
        if self.note.chars().count() > 500 {
            e.add("note", l.t("Keep the note under 500 characters.", "La nota debe tener menos de 500 caracteres."));
        }
        match (e.is_empty(), measured_on, value) {
            (true, Some(measured_on), Some(value)) => Ok(MeasurementInput {
                measured_on,
                value,
                note: Some(self.note.trim().to_string()).filter(|n| !n.is_empty()),
            }),
            _ => Err(e),
        }
    }
}

pub(super) async fn insert(
    db: &impl ConnectionTrait,
    k: &kpi::Model,
    m: &MeasurementInput,
    by: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    kpi_measurement::ActiveModel {
        project_id: Set(k.project_id),
        kpi_id: Set(k.id),
        measured_on: Set(m.measured_on),
        value: Set(m.value),
        note: Set(m.note.clone()),
        created_by: Set(Some(by)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn add(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<MeasurementForm>,
) -> AppResult<HttpResponse> {
    let (_id, kid) = path.into_inner();
    let k = kpi_of(&state, acc.project.id, kid).await?;
    let l = auth.ctx.lang;
    let input = match form.validate(l) {
        Ok(i) => i,
        Err(e) => {
            let rows = of_kpi(&state.db, k.id).await?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, body(&auth.ctx, &acc, &k, &rows, &form, &e)));
        }
    };
    insert(&state.db, &k, &input, auth.user.id, state.clock.now()).await?;
    Ok(flash::success(
        &format!("{}/{}/measurements", crate::urls::kpis(acc.project.id), k.id),
        l.t("Measurement added.", "Medición añadida."),
    ))
}

async fn measurement(state: &AppState, project_id: i32, mid: i32) -> AppResult<kpi_measurement::Model> {
    kpi_measurement::Entity::find_by_id(mid)
        .filter(kpi_measurement::Column::ProjectId.eq(project_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn delete_page(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let m = measurement(&state, acc.project.id, mid).await?;
    let l = auth.ctx.lang;
    let back = format!("{}/{}/measurements", crate::urls::kpis(acc.project.id), m.kpi_id);
    let b = confirm(
        &auth.ctx,
        &l.f("Delete the measurement of {0}?", "¿Eliminar la medición del {0}?", &[&l.date(m.measured_on)]),
        &l.f(
            "Value {0}. The chart and the deltas are recomputed without it.",
            "Valor {0}. El gráfico y las variaciones se recalculan sin ella.",
            &[&fmt(m.value)],
        ),
        &format!("/projects/{}/kpi-measurements/{}/delete", acc.project.id, m.id),
        &back,
    );
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, l.t("Delete measurement", "Eliminar medición"), b)))
}

pub async fn delete(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, mid) = path.into_inner();
    let m = measurement(&state, acc.project.id, mid).await?;
    kpi_measurement::Entity::delete_by_id(m.id).exec(&state.db).await?;
    Ok(flash::success(
        &format!("{}/{}/measurements", crate::urls::kpis(acc.project.id), m.kpi_id),
        auth.ctx.t("Measurement deleted.", "Medición eliminada."),
    ))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let kpis: std::collections::HashMap<i32, kpi::Model> = kpi::Entity::find()
        .filter(kpi::Column::ProjectId.eq(acc.project.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|k| (k.id, k))
        .collect();
    let rows = kpi_measurement::Entity::find()
        .filter(kpi_measurement::Column::ProjectId.eq(acc.project.id))
        .order_by_asc(kpi_measurement::Column::KpiId)
        .order_by_asc(kpi_measurement::Column::MeasuredOn)
        .all(&state.db)
        .await?;
    let mut w = csv::writer();
    w.write_record(["kpi", "unit", "date", "value", "note", "baseline", "change_percent", "improvement_percent"])
        .map_err(csv::io)?;
    for m in rows {
        let Some(k) = kpis.get(&m.kpi_id) else { continue };
        let pct = |v: Option<f64>| v.map(|v| format!("{:.1}", v * 100.0)).unwrap_or_default();
        w.write_record([
            csv::safe(&k.name),
            csv::safe(&k.unit),
            m.measured_on.to_string(),
            m.value.to_string(),
            csv::safe(m.note.as_deref().unwrap_or("")),
            k.baseline_value.to_string(),
            pct(survey::kpi_change(k.baseline_value, m.value)),
            pct(survey::kpi_improvement(k.baseline_value, m.value, direction(k))),
        ])
        .map_err(csv::io)?;
    }
    csv::response("kpi-measurements.csv", w)
}
