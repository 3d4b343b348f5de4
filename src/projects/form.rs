//! The project form: raw input in, a validated `ProjectInput` or field errors out.

use crate::web::{FormErrors, Lang};
use chrono::NaiveDate;
use serde::Deserialize;

pub const SIZES: [&str; 3] = ["small", "medium", "large"];
pub const SECTORS: [&str; 10] = [
    "manufacturing",
    "retail",
    "distribution",
    "services",
    "public_sector",
    "healthcare",
    "construction",
    "food_and_beverage",
    "professional_services",
    "nonprofit",
];

#[derive(Deserialize, Default, Clone, Debug)]
pub struct ProjectForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub size: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub go_live_date: String,
}

#[derive(Clone, Debug)]
pub struct ProjectInput {
    pub name: String,
    pub company: String,
    pub size: String,
    pub sector: String,
    pub start_date: NaiveDate,
    pub go_live_date: NaiveDate,
}

impl ProjectForm {
    pub fn validate(&self, l: Lang) -> Result<ProjectInput, FormErrors> {
        let mut e = FormErrors::new();
        let name = self.name.trim();
        let company = self.company.trim();
        if name.is_empty() || name.chars().count() > 160 {
            e.add(
                "name",
                l.t(
                    "Enter a project name (160 characters at most).",
                    "Introduzca un nombre de proyecto (160 caracteres como máximo).",
                ),
            );
        }
        if company.is_empty() || company.chars().count() > 160 {
            e.add(
                "company",
                l.t(
                    "Enter the company (160 characters at most).",
                    "Introduzca la empresa (160 caracteres como máximo).",
                ),
            );
        }
        if !SIZES.contains(&self.size.as_str()) {
            e.add("size", l.t("Choose a company size.", "Elija un tamaño de empresa."));
        }
        if !SECTORS.contains(&self.sector.as_str()) {
            e.add("sector", l.t("Choose a sector.", "Elija un sector."));
        }
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let start = date(&self.start_date);
        let go_live = date(&self.go_live_date);
        if start.is_none() {
            e.add(
                "start_date",
                l.t("Enter a start date (YYYY-MM-DD).", "Introduzca una fecha de inicio (AAAA-MM-DD)."),
            );
        }
        if go_live.is_none() {
            e.add(
                "go_live_date",
                l.t(
                    "Enter a target go-live date (YYYY-MM-DD).",
                    "Introduzca una fecha objetivo de puesta en marcha (AAAA-MM-DD).",
                ),
            );
        }
        if let (Some(s), Some(g)) = (start, go_live)
            && g <= s
        {
            e.add(
                "go_live_date",
                l.t(
                    "The go-live must come after the start date.",
                    "La puesta en marcha debe ser posterior a la fecha de inicio.",
                ),
            );
        }
        match (start, go_live) {
            (Some(start_date), Some(go_live_date)) if e.is_empty() => Ok(ProjectInput {
                name: name.to_string(),
                company: company.to_string(),
                size: self.size.clone(),
                sector: self.sector.clone(),
                start_date,
                go_live_date,
            }),
            _ => Err(e),
        }
    }

    pub fn from_model(p: &crate::entities::project::Model) -> Self {
        Self {
            name: p.name.clone(),
            company: p.company.clone(),
            size: p.size.clone(),
            sector: p.sector.clone(),
            start_date: p.start_date.to_string(),
            go_live_date: p.go_live_date.to_string(),
        }
    }
}

pub fn size_label(l: Lang, s: &str) -> &'static str {
    match s {
        "small" => l.t("Small", "Pequeña"),
        "medium" => l.t("Medium", "Mediana"),
        "large" => l.t("Large", "Grande"),
        _ => "—",
    }
}

pub fn sector_label(l: Lang, s: &str) -> &'static str {
    match s {
        "manufacturing" => l.t("Manufacturing", "Fabricación"),
        "retail" => l.t("Retail", "Comercio minorista"),
        "distribution" => l.t("Distribution", "Distribución"),
        "services" => l.t("Services", "Servicios"),
        "public_sector" => l.t("Public sector", "Sector público"),
        "healthcare" => l.t("Healthcare", "Sanidad"),
        "construction" => l.t("Construction", "Construcción"),
        "food_and_beverage" => l.t("Food and beverage", "Alimentación y bebidas"),
        "professional_services" => l.t("Professional services", "Servicios profesionales"),
        "nonprofit" => l.t("Non-profit", "Sin ánimo de lucro"),
        _ => "—",
    }
}

/// The key-user switch on a member's row: "1" marks, anything else unmarks.
#[derive(Deserialize, Default)]
pub struct KeyUserForm {
    #[serde(default)]
    pub key_user: String,
}

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub department_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProjectForm {
        ProjectForm {
            name: "Rollout".into(),
            company: "ACME".into(),
            size: "medium".into(),
            sector: "retail".into(),
            start_date: "2027-01-01".into(),
            go_live_date: "2027-09-01".into(),
        }
    }

    #[test]
    fn a_complete_form_is_accepted() {
        assert!(form().validate(Lang::En).is_ok());
    }

    #[test]
    fn go_live_before_start_is_a_field_error() {
        let mut f = form();
        f.go_live_date = "2026-12-01".into();
        let e = f.validate(Lang::Es).unwrap_err();
        assert!(e.get("go_live_date").unwrap().contains("posterior"));
    }

    #[test]
    fn unknown_sizes_and_bad_dates_are_reported_per_field() {
        let mut f = form();
        f.size = "huge".into();
        f.start_date = "01/02/2027".into();
        let e = f.validate(Lang::En).unwrap_err();
        assert!(e.get("size").is_some() && e.get("start_date").is_some());
    }
}
