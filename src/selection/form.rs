//! The forms and list parameters of the selection pages, as the browser sends them;
//! parsing into domain values happens beside each handler.

use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct FitParams {
    pub page: Option<u64>,
}

#[derive(Deserialize, Default, Clone)]
pub struct EvaluatorForm {
    #[serde(default)]
    pub user_id: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DecisionForm {
    #[serde(default)]
    pub candidate_id: String,
    #[serde(default)]
    pub rationale: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct CandidateForm {
    #[serde(default)]
    pub product_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub vendor: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct CriterionForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub weight: String,
    #[serde(default)]
    pub defaults: String,
}
