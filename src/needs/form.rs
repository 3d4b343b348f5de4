//! The requirement form and its validation, shared by the web form and the CSV import.

use super::{AREAS, PRIORITIES};
use crate::web::{FormErrors, Lang};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone, Debug)]
pub struct RequirementForm {
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub priority: String,
    #[serde(default)]
    pub process: String,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequirementInput {
    pub area: String,
    pub title: String,
    pub description: Option<String>,
    pub priority: String,
    pub process: Option<String>,
    pub owner_id: Option<i32>,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl RequirementForm {
    /// `members` are the user ids an owner may be chosen from.
    pub fn validate(&self, l: Lang, members: &[i32]) -> Result<RequirementInput, FormErrors> {
        let mut e = FormErrors::new();
        if !AREAS.contains(&self.area.as_str()) {
            e.add("area", l.t("Choose a business area.", "Elija un área de negocio."));
        }
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 300 {
            e.add(
                "title",
                l.t(
                    "Write the requirement (300 characters at most).",
                    "Escriba el requisito (300 caracteres como máximo).",
                ),
            );
        }
        if self.description.chars().count() > 4000 {
            e.add(
                "description",
                l.t(
                    "Keep the description under 4000 characters.",
                    "La descripción debe tener menos de 4000 caracteres.",
                ),
            );
        }
        if !PRIORITIES.contains(&self.priority.as_str()) {
            e.add(
                "priority",
                l.t(
                    "Choose a priority: must, should, could or won't.",
                    "Elija una prioridad: imprescindible, importante, deseable o descartado.",
                ),
            );
        }
        if self.process.trim().chars().count() > 300 {
            e.add(
                "process",
                l.t("Keep the process under 300 characters.", "El proceso debe tener menos de 300 caracteres."),
            );
        }
        let owner_id = crate::web::forms::owner_choice(&self.owner_id, members, &mut e, l);
        e.into_result(RequirementInput {
            area: self.area.clone(),
            title: title.to_string(),
            description: opt(&self.description),
            priority: self.priority.clone(),
            process: opt(&self.process),
            owner_id,
        })
    }
}

/// An area code from a code or a label in either language (case and accents ignored).
pub fn parse_area(s: &str) -> Option<&'static str> {
    let f = crate::text::fold(s);
    let f = f.trim();
    AREAS
        .iter()
        .copied()
        .find(|a| {
            *a == f
                || crate::text::fold(super::area_label(Lang::En, a)) == f
                || crate::text::fold(super::area_label(Lang::Es, a)) == f
                || a.replace('_', " ") == f
        })
        .or(match f {
            "sales" | "crm" | "ventas" => Some("sales_crm"),
            "rrhh" | "human resources" | "personas" => Some("hr"),
            "production" | "produccion" | "fabricacion" => Some("manufacturing"),
            "finanzas" | "contabilidad" | "accounting" => Some("finance"),
            "logistica" => Some("logistics"),
            "inventario" | "almacen" | "warehouse" => Some("inventory"),
            _ => None,
        })
}

/// A priority code from MoSCoW words in English or Spanish.
pub fn parse_priority(s: &str) -> Option<&'static str> {
    let f = crate::text::fold(s);
    match f.trim().trim_end_matches(" have") {
        "must" | "m" | "imprescindible" | "obligatorio" | "debe" => Some("must"),
        "should" | "s" | "importante" | "deberia" => Some("should"),
        "could" | "c" | "deseable" | "podria" => Some("could"),
        "won't" | "wont" | "w" | "descartado" | "no" => Some("wont"),
        other => PRIORITIES.iter().copied().find(|p| *p == other),
    }
}

#[derive(Deserialize, Default, Clone, Debug)]
pub struct KpiForm {
    #[serde(default)]
    pub template_key: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub baseline_value: String,
    #[serde(default)]
    pub baseline_date: String,
    #[serde(default)]
    pub target_value: String,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub priority: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    pub page: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_and_priorities_are_read_from_labels_in_either_language() {
        assert_eq!(parse_area("Finanzas"), Some("finance"));
        assert_eq!(parse_area("Logística"), Some("logistics"));
        assert_eq!(parse_area("sales_crm"), Some("sales_crm"));
        assert_eq!(parse_area("Atención al cliente"), Some("customer_service"));
        assert_eq!(parse_area("astrology"), None);
        assert_eq!(parse_priority("Must have"), Some("must"));
        assert_eq!(parse_priority("Won't"), Some("wont"));
        assert_eq!(parse_priority("Deseable"), Some("could"));
        assert_eq!(parse_priority("maybe"), None);
    }
}
