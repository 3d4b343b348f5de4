//! The customization request form and its validation, and the list's query parameters.

use super::customizations::{KINDS, LEVELS};
use crate::web::{FormErrors, Lang};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
pub struct CustomizationForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub requirement_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub business_value: String,
    #[serde(default)]
    pub effort_days: String,
    #[serde(default)]
    pub upgrade_risk: String,
    #[serde(default)]
    pub version: String,
}

/// The list's query string: filters, sort and page.
#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    pub page: Option<u64>,
}

impl ListParams {
    pub fn desc(&self) -> bool {
        self.dir == "desc"
    }
    pub fn filtered(&self) -> bool {
        !self.status.is_empty() || !self.kind.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Title,
    Value,
    Effort,
    Risk,
    Status,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "title" => Sort::Title,
            "value" => Sort::Value,
            "effort" => Sort::Effort,
            "risk" => Sort::Risk,
            "status" => Sort::Status,
            _ => Sort::Newest,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Title => "title",
            Sort::Value => "value",
            Sort::Effort => "effort",
            Sort::Risk => "risk",
            Sort::Status => "status",
        }
    }
}

pub struct Input {
    pub title: String,
    pub requirement_id: Option<i32>,
    pub kind: String,
    pub business_value: String,
    pub effort_days: f64,
    pub upgrade_risk: String,
}

impl CustomizationForm {
    pub fn validate(&self, l: Lang, requirements: &[i32]) -> Result<Input, FormErrors> {
        let mut e = FormErrors::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 300 {
            e.add(
                "title",
                l.t(
                    "Describe the request (300 characters at most).",
                    "Describa la petición (300 caracteres como máximo).",
                ),
            );
        }
        let requirement_id = match self.requirement_id.trim() {
            "" => None,
            s => match s.parse::<i32>().ok().filter(|id| requirements.contains(id)) {
                Some(id) => Some(id),
                None => {
                    e.add(
                        "requirement_id",
                        l.t("Choose a requirement of this project.", "Elija un requisito de este proyecto."),
                    );
                    None
                }
            },
        };
        if !KINDS.contains(&self.kind.as_str()) {
            e.add("kind", l.t("Choose the kind of change.", "Elija el tipo de cambio."));
        }
        if !LEVELS.contains(&self.business_value.as_str()) {
            e.add("business_value", l.t("Choose the business value.", "Elija el valor para el negocio."));
        }
        if !LEVELS.contains(&self.upgrade_risk.as_str()) {
            e.add("upgrade_risk", l.t("Choose the upgrade risk.", "Elija el riesgo en las actualizaciones."));
        }
        let effort = crate::needs::kpis::parse_number(&self.effort_days).filter(|d| (0.0..=10_000.0).contains(d));
        if effort.is_none() {
            e.add(
                "effort_days",
                l.t(
                    "Estimate the effort in days (a number, decimal comma accepted).",
                    "Estime el esfuerzo en días (un número; vale la coma decimal).",
                ),
            );
        }
        let input = Input {
            title: title.to_string(),
            requirement_id,
            kind: self.kind.clone(),
            business_value: self.business_value.clone(),
            effort_days: effort.unwrap_or(0.0),
            upgrade_risk: self.upgrade_risk.clone(),
        };
        e.into_result(input)
    }
}
