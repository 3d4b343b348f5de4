//! KPI baselines: the "before" numbers that phase 5 compares with. From a seeded template or custom.

use super::form::KpiForm;
use crate::entities::{kpi, kpi_template};
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, Lang, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

pub const DIRECTIONS: [&str; 2] = ["higher_is_better", "lower_is_better"];

#[derive(Clone, Debug, PartialEq)]
pub struct KpiInput {
    pub template_key: Option<String>,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub baseline_value: f64,
    pub baseline_date: NaiveDate,
    pub target_value: Option<f64>,
}

/// A number as people type it: "1.5", "1,5", "1 234,5" or "1,234.5".
/// The largest magnitude a KPI's baseline, target or measurement may have: a trillion covers any
/// count, amount or duration a company measures, and keeps every change and progress finite.
pub const KPI_LIMIT: f64 = 1e12;

/// A KPI value: a number (see [`parse_number`]) within ±[`KPI_LIMIT`].
pub fn parse_kpi_value(s: &str) -> Option<f64> {
    parse_number(s).filter(|v| v.abs() <= KPI_LIMIT)
}

pub fn parse_number(s: &str) -> Option<f64> {
    let s: String = s.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if s.is_empty() {
        return None;
    }
    let normalized = match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(d)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (Some(_), None) => s.replace(',', "."),
        _ => s,
    };
    normalized.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl KpiForm {
    /// Validates; a chosen template fills an empty name, unit and direction.
    pub fn validate(&self, l: Lang, template: Option<&kpi_template::Model>) -> Result<KpiInput, FormErrors> {
        let mut e = FormErrors::new();
        let name = match (self.name.trim(), template) {
            ("", Some(t)) => l.pick(&t.name_en, &t.name_es).to_string(),
            (n, _) => n.to_string(),
        };
        let unit = match (self.unit.trim(), template) {
            ("", Some(t)) => t.unit.clone(),
            (u, _) => u.to_string(),
        };
        let direction = match (self.direction.as_str(), template) {
            ("", Some(t)) => t.direction.clone(),
            (d, _) => d.to_string(),
        };
        if !self.template_key.is_empty() && template.is_none() {
            e.add(
                "template_key",
                l.t("Choose a KPI from the list or “custom”.", "Elija un KPI de la lista o «personalizado»."),
            );
        }
        if name.is_empty() || name.chars().count() > 200 {
            e.add(
                "name",
                l.t("Name the KPI (200 characters at most).", "Ponga nombre al KPI (200 caracteres como máximo)."),
            );
        }
        if unit.is_empty() || unit.chars().count() > 40 {
            e.add("unit", l.t("Give the unit (hours, %, €…).", "Indique la unidad (horas, %, €…)."));
        }
        if !DIRECTIONS.contains(&direction.as_str()) {
            e.add(
                "direction",
                l.t("Say whether higher or lower is better.", "Indique si es mejor más alto o más bajo."),
            );
        }
        let baseline = parse_kpi_value(&self.baseline_value);
        if baseline.is_none() {
            e.add(
                "baseline_value",
                l.t(
                    "Enter the baseline as a number between −1,000,000,000,000 and 1,000,000,000,000 (a decimal comma is fine).",
                    "Introduzca la línea base como número entre −1.000.000.000.000 y 1.000.000.000.000 (vale la coma decimal).",
                ),
            );
        }
        let date = NaiveDate::parse_from_str(self.baseline_date.trim(), "%Y-%m-%d").ok();
        if date.is_none() {
            e.add(
                "baseline_date",
                l.t("Enter the date the baseline was measured.", "Introduzca la fecha en que se midió la línea base."),
            );
        }
        let target = match self.target_value.trim() {
            "" => None,
            t => {
                let v = parse_kpi_value(t);
                if v.is_none() {
                    e.add(
                        "target_value",
                        l.t(
                            "Enter the target as a number between −1,000,000,000,000 and 1,000,000,000,000, or leave it empty.",
                            "Introduzca el objetivo como número entre −1.000.000.000.000 y 1.000.000.000.000, o déjelo vacío.",
                        ),
                    );
                }
                v
            }
        };
        match (e.is_empty(), baseline, date) {
            (true, Some(baseline_value), Some(baseline_date)) => Ok(KpiInput {
                template_key: template.map(|t| t.key.clone()),
                name,
                unit,
                direction,
                baseline_value,
                baseline_date,
                target_value: target,
            }),
            _ => Err(e),
        }
    }
}

pub async fn all(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<kpi::Model>, DbErr> {
    kpi::Entity::find().filter(kpi::Column::ProjectId.eq(project_id)).order_by_asc(kpi::Column::Id).all(db).await
}

async fn templates(db: &impl ConnectionTrait) -> Result<Vec<kpi_template::Model>, DbErr> {
    kpi_template::Entity::find().order_by_asc(kpi_template::Column::Id).all(db).await
}

async fn validate(state: &AppState, l: Lang, form: &KpiForm) -> AppResult<Result<KpiInput, FormErrors>> {
    let t = templates(&state.db).await?.into_iter().find(|t| t.key == form.template_key);
    Ok(form.validate(l, t.as_ref()))
}

async fn render(
    state: &AppState,
    auth: &Auth,
    acc: &Access,
    edit: Option<i32>,
    form: &KpiForm,
    errors: &FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let kpis = all(&state.db, acc.project.id).await?;
    let templates = templates(&state.db).await?;
    Ok(html(status, super::kpis_views::page(&auth.ctx, acc, &kpis, &templates, edit, form, errors)))
}

pub async fn list(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    render(&state, &auth, &acc, None, &KpiForm::default(), &FormErrors::new(), StatusCode::OK).await
}

pub async fn create(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<KpiForm>,
) -> AppResult<HttpResponse> {
    let input = match validate(&state, auth.ctx.lang, &form).await? {
        Ok(i) => i,
        Err(e) => return render(&state, &auth, &acc, None, &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    kpi::ActiveModel {
        project_id: Set(acc.project.id),
        template_key: Set(input.template_key),
        name: Set(input.name),
        unit: Set(input.unit),
        direction: Set(input.direction),
        baseline_value: Set(input.baseline_value),
        baseline_date: Set(input.baseline_date),
        target_value: Set(input.target_value),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(
        &crate::urls::kpis(acc.project.id),
        auth.ctx.t("KPI baseline recorded.", "Línea base del KPI registrada."),
    ))
}

async fn managed(state: &AppState, acc: Access, kid: i32) -> AppResult<(Access, kpi::Model)> {
    let k = crate::projects::scope::child::<kpi::Entity>(&state.db, &acc, kpi::Column::ProjectId, kid).await?;
    acc.require_manage()?;
    Ok((acc, k))
}

fn number(v: f64) -> String {
    // Shortest text that reads back as the same number.
    format!("{v}")
}

pub async fn edit_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, kid) = path.into_inner();
    let (acc, k) = managed(&state, acc, kid).await?;
    let form = KpiForm {
        template_key: k.template_key.clone().unwrap_or_default(),
        name: k.name.clone(),
        unit: k.unit.clone(),
        direction: k.direction.clone(),
        baseline_value: number(k.baseline_value),
        baseline_date: k.baseline_date.to_string(),
        target_value: k.target_value.map(number).unwrap_or_default(),
    };
    render(&state, &auth, &acc, Some(k.id), &form, &FormErrors::new(), StatusCode::OK).await
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(form): CsrfForm<KpiForm>,
) -> AppResult<HttpResponse> {
    let (_id, kid) = path.into_inner();
    let (acc, k) = managed(&state, acc, kid).await?;
    let input = match validate(&state, auth.ctx.lang, &form).await? {
        Ok(i) => i,
        Err(e) => return render(&state, &auth, &acc, Some(k.id), &form, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let mut am = k.into_active_model();
    am.template_key = Set(input.template_key);
    am.name = Set(input.name);
    am.unit = Set(input.unit);
    am.direction = Set(input.direction);
    am.baseline_value = Set(input.baseline_value);
    am.baseline_date = Set(input.baseline_date);
    am.target_value = Set(input.target_value);
    am.update(&state.db).await?;
    Ok(flash::success(&crate::urls::kpis(acc.project.id), auth.ctx.t("KPI saved.", "KPI guardado.")))
}

pub async fn delete_page(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_, kid) = path.into_inner();
    let (acc, k) = managed(&state, acc, kid).await?;
    Ok(html(StatusCode::OK, super::kpis_views::delete_page(&auth.ctx, &acc, &k)))
}

pub async fn delete(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, kid) = path.into_inner();
    let (acc, k) = managed(&state, acc, kid).await?;
    kpi::Entity::delete_by_id(k.id).exec(&state.db).await?;
    Ok(flash::success(&crate::urls::kpis(acc.project.id), auth.ctx.t("KPI deleted.", "KPI eliminado.")))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let mut w = csv::writer();
    w.write_record(["id", "name", "unit", "direction", "baseline_value", "baseline_date", "target_value", "template"])
        .map_err(csv::io)?;
    for k in all(&state.db, acc.project.id).await? {
        w.write_record([
            k.id.to_string(),
            csv::safe(&k.name),
            csv::safe(&k.unit),
            k.direction,
            number(k.baseline_value),
            k.baseline_date.to_string(),
            k.target_value.map(number).unwrap_or_default(),
            k.template_key.unwrap_or_default(),
        ])
        .map_err(csv::io)?;
    }
    csv::response("kpis.csv", w)
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_accept_decimal_commas_and_thousand_separators() {
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number(" 12 "), Some(12.0));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
    }
}
