//! The forms and list parameters of the support pages, as the browser sends them; validation
//! happens beside each handler.

use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
pub struct TicketForm {
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// The ticket list: search, filters, sort and page.
#[derive(Deserialize, Default, Clone)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    /// A status, "open" (the default for triage) or "all".
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub module: String,
    /// on_time, at_risk or breached (open tickets only).
    #[serde(default)]
    pub sla: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    pub page: Option<u64>,
}

/// The knowledge-base search before filing.
#[derive(Deserialize, Default, Clone)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    /// The module, named `area` so the search's field and the ticket form's differ in one page.
    #[serde(default, rename = "area")]
    pub module: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct TriageForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub assignee_id: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub article_id: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ReplyForm {
    #[serde(default)]
    pub body: String,
    /// "1": the reporter says the problem is back.
    #[serde(default)]
    pub reopen: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ArticleForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub version: String,
}
