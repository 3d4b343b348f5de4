//! axe-core (vendored beside this file: `axe.min.js`, version in `AXE_VERSION`, MPL-2.0 in
//! `LICENSE`), injected into the page through WebDriver — the app never serves it — and run on
//! the whole document. Only serious and critical violations come back.

use fantoccini::Client;
use serde::Deserialize;

pub const AXE_VERSION: &str = "4.14.1";
const AXE: &str = include_str!("axe.min.js");

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then(r => done(r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))
  .catch(e => done({ error: String(e) }));
"#;

/// One rule broken on a page: which, how badly, how often, and the first few elements.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub nodes: usize,
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}, {} elements: {}) {}", self.id, self.impact, self.nodes, self.targets.join(" | "), self.help)
    }
}

/// Injects axe into the current page (unless it is there already) and runs it.
pub async fn run(c: &Client) -> Result<Vec<Violation>, String> {
    let present = c.execute("return typeof window.axe === 'object';", vec![]).await.map_err(|e| e.to_string())?;
    if present != serde_json::Value::Bool(true) {
        c.execute(AXE, vec![]).await.map_err(|e| format!("inject axe {AXE_VERSION}: {e}"))?;
    }
    let out = c.execute_async(RUN, vec![]).await.map_err(|e| e.to_string())?;
    if let Some(err) = out.get("error") {
        return Err(format!("axe.run: {err}"));
    }
    serde_json::from_value(out).map_err(|e| e.to_string())
}
