//! The forms and list parameters of the feedback pages, as the browser sends them;
//! parsing into domain values happens beside each handler.

use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct WaveForm {
    #[serde(default)]
    pub title: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct AnswerForm {
    #[serde(default)]
    pub q1: String,
    #[serde(default)]
    pub q2: String,
    #[serde(default)]
    pub q3: String,
    #[serde(default)]
    pub q4: String,
    #[serde(default)]
    pub q5: String,
    #[serde(default)]
    pub q6: String,
    #[serde(default)]
    pub q7: String,
    #[serde(default)]
    pub q8: String,
    #[serde(default)]
    pub q9: String,
    #[serde(default)]
    pub q10: String,
    #[serde(default)]
    pub enps: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct FeedbackForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub anonymous: String,
}

#[derive(Deserialize, Default)]
pub struct ReceiptForm {
    #[serde(default)]
    pub code: String,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub module: String,
    /// "1": only items still new after `UNANSWERED_DAYS`.
    #[serde(default)]
    pub stale: String,
    pub page: Option<u64>,
}

#[derive(Deserialize, Default, Clone)]
pub struct TriageForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub adjustment_id: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct AdjustmentForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub made_on: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct MeasurementForm {
    #[serde(default)]
    pub measured_on: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub note: String,
}
