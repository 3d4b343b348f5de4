//! The forms and list parameters of the testing pages, as the browser sends them, and their
//! parsing into validated inputs with translated field errors.

use super::rules::{self, StepText};
use super::{KINDS, PRIORITIES};
use crate::training::MODULES;
use crate::web::{FormErrors, Lang};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

/// The case form; the requirements it proves are checkboxes named `req_<id>`.
#[derive(Default, Clone, Debug)]
pub struct CaseForm {
    pub title: String,
    pub module: String,
    pub preconditions: String,
    pub priority: String,
    pub steps: String,
    pub requirements: Vec<i32>,
    pub version: String,
}

#[derive(Clone, Debug)]
pub struct CaseInput {
    pub title: String,
    pub module: String,
    pub preconditions: Option<String>,
    pub priority: String,
    pub steps: Vec<StepText>,
    pub requirements: Vec<i32>,
}

impl CaseForm {
    pub fn from_map(m: &HashMap<String, String>) -> CaseForm {
        let get = |k: &str| m.get(k).cloned().unwrap_or_default();
        let mut requirements: Vec<i32> =
            m.keys().filter_map(|k| k.strip_prefix("req_").and_then(|id| id.parse().ok())).collect();
        requirements.sort_unstable();
        requirements.dedup(); // `req_5` and `req_05` are one requirement
        CaseForm {
            title: get("title"),
            module: get("module"),
            preconditions: get("preconditions"),
            priority: get("priority"),
            steps: get("steps"),
            requirements,
            version: get("version"),
        }
    }

    /// `project_requirements`: the ids of the project's requirements (anything else is refused).
    pub fn parse(&self, l: Lang, project_requirements: &[i32]) -> Result<CaseInput, FormErrors> {
        let mut e = FormErrors::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            e.add(
                "title",
                l.t("Give the case a title (up to 200 characters).", "Dé un título al caso (hasta 200 caracteres)."),
            );
        }
        if !MODULES.contains(&self.module.as_str()) {
            e.add("module", l.t("Choose the part of the ERP.", "Elija la parte del ERP."));
        }
        if !PRIORITIES.contains(&self.priority.as_str()) {
            e.add("priority", l.t("Choose a priority.", "Elija una prioridad."));
        }
        let steps = match rules::parse_steps(&self.steps) {
            Ok(s) if s.is_empty() => {
                e.add(
                    "steps",
                    l.t(
                        "Write at least one step: the action, a bar |, the expected result.",
                        "Escriba al menos un paso: la acción, una barra |, el resultado esperado.",
                    ),
                );
                s
            }
            Ok(s) if s.len() > 50 => {
                e.add(
                    "steps",
                    l.t(
                        "Keep a case to 50 steps; split longer ones.",
                        "Limite el caso a 50 pasos; divida los más largos.",
                    ),
                );
                s
            }
            Ok(s) => s,
            Err(line) => {
                e.add(
                    "steps",
                    l.f(
                        "Line {0} needs an action, a bar | and the expected result.",
                        "La línea {0} necesita una acción, una barra | y el resultado esperado.",
                        &[&line],
                    ),
                );
                Vec::new()
            }
        };
        if self.requirements.is_empty() {
            e.add(
                "requirements",
                l.t(
                    "A test case must prove at least one requirement: tick the requirements it checks.",
                    "Un caso de prueba debe demostrar al menos un requisito: marque los requisitos que comprueba.",
                ),
            );
        } else if self.requirements.iter().any(|r| !project_requirements.contains(r)) {
            e.add("requirements", l.t("Choose requirements of this project.", "Elija requisitos de este proyecto."));
        }
        let pre = self.preconditions.trim();
        if pre.chars().count() > 4000 {
            e.add(
                "preconditions",
                l.t(
                    "Keep the preconditions under 4000 characters.",
                    "Las condiciones previas deben tener menos de 4000 caracteres.",
                ),
            );
        }
        e.into_result(CaseInput {
            title: title.to_string(),
            module: self.module.clone(),
            preconditions: Some(pre.to_string()).filter(|p| !p.is_empty()),
            priority: self.priority.clone(),
            steps,
            requirements: self.requirements.clone(),
        })
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct CycleForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub exit_all_must: String,
    #[serde(default)]
    pub exit_severity: String,
}

pub struct CycleInput {
    pub name: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub exit_all_must: bool,
    pub exit_severity: String,
}

impl CycleForm {
    pub fn parse(&self, l: Lang) -> Result<CycleInput, FormErrors> {
        let mut e = FormErrors::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            e.add(
                "name",
                l.t(
                    "Name the cycle (up to 200 characters), e.g. \"SIT 1 with migrated data\".",
                    "Dé nombre al ciclo (hasta 200 caracteres), p. ej. «SIT 1 con datos migrados».",
                ),
            );
        }
        if !KINDS.contains(&self.kind.as_str()) {
            e.add("kind", l.t("Choose SIT or UAT.", "Elija SIT o UAT."));
        }
        let starts = crate::web::forms::parse_date(&self.starts_on);
        let ends = crate::web::forms::parse_date(&self.ends_on);
        if starts.is_none() {
            e.add("starts_on", l.t("Enter the first day of the cycle.", "Indique el primer día del ciclo."));
        }
        if ends.is_none() {
            e.add("ends_on", l.t("Enter the last day of the cycle.", "Indique el último día del ciclo."));
        }
        if let (Some(s), Some(t)) = (starts, ends)
            && t < s
        {
            e.add(
                "ends_on",
                l.t("The cycle cannot end before it starts.", "El ciclo no puede terminar antes de empezar."),
            );
        }
        if !["critical", "high"].contains(&self.exit_severity.as_str()) {
            e.add(
                "exit_severity",
                l.t("Choose which open defects block the exit.", "Elija qué defectos abiertos impiden la salida."),
            );
        }
        let (Some(starts_on), Some(ends_on)) = (starts, ends) else { return Err(e) };
        e.into_result(CycleInput {
            name: name.to_string(),
            kind: self.kind.clone(),
            starts_on,
            ends_on,
            exit_all_must: self.exit_all_must == "1",
            exit_severity: self.exit_severity.clone(),
        })
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct AddCaseForm {
    #[serde(default)]
    pub case_id: String,
    #[serde(default)]
    pub tester_id: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct StepForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub actual: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DefectForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub assignee_id: String,
    #[serde(default)]
    pub case_id: String,
    #[serde(default)]
    pub step_id: String,
    #[serde(default)]
    pub requirement_id: String,
    #[serde(default)]
    pub run_id: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct StatusForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: String,
}

/// The query of the case, defect and matrix lists.
#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    /// Matrix: "1" shows only the flagged must-haves.
    #[serde(default)]
    pub flagged: String,
    pub page: Option<u64>,
}

/// `?run=&step=` of "raise a defect" from a failed step.
#[derive(Deserialize, Default)]
pub struct RaiseParams {
    pub run: Option<i32>,
    pub step: Option<i32>,
    pub case: Option<i32>,
}
