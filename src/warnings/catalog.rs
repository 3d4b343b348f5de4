//! The rule catalog from `seeds/warning_rules.toml`: texts in both languages, severity, phase,
//! where the records at fault are, and the default thresholds.

use crate::web::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub const TOML: &str = include_str!("../../seeds/warning_rules.toml");

#[derive(Deserialize, Debug, Clone)]
pub struct Rule {
    pub key: String,
    /// The common error (guide) it watches: a key of `seeds/common_errors.toml`.
    pub error: String,
    pub phase: String,
    pub severity: String,
    /// Path under the project, e.g. `milestones?overdue=1`; empty for the project page.
    pub link: String,
    pub evidence_en: String,
    pub evidence_es: String,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Catalog {
    pub thresholds: BTreeMap<String, f64>,
    pub rule: Vec<Rule>,
}

/// Parsed once; a broken file (caught by a unit test) gives an empty catalog rather than a panic.
pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        toml::from_str(TOML).unwrap_or_else(|e| {
            tracing::error!(error = %e, "seeds/warning_rules.toml does not parse");
            Catalog { thresholds: BTreeMap::new(), rule: Vec::new() }
        })
    })
}

pub fn rule(key: &str) -> Option<&'static Rule> {
    catalog().rule.iter().find(|r| r.key == key)
}

/// The evidence sentence with its numbers.
pub fn evidence(l: Lang, r: &Rule, count: i64, a: f64, b: f64) -> String {
    let num = |v: f64| if v.fract().abs() < 1e-9 { format!("{v:.0}") } else { format!("{v:.1}") };
    l.pick(&r.evidence_en, &r.evidence_es)
        .replace("{count}", &count.to_string())
        .replace("{a}", &num(a))
        .replace("{b}", &num(b))
}

pub fn severity_rank(s: &str) -> u8 {
    match s {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    }
}

pub fn severity_label(l: Lang, s: &str) -> &'static str {
    match s {
        "high" => l.t("High", "Alta"),
        "medium" => l.t("Medium", "Media"),
        _ => l.t("Low", "Baja"),
    }
}

pub fn threshold_label(l: Lang, key: &str) -> &'static str {
    match key {
        "customization_share_max" => {
            l.t("Customizations, % of requirements at most", "Personalizaciones, % máximo de los requisitos")
        }
        "training_window_days" => l.t(
            "Check training coverage this many days before go-live",
            "Revisar la cobertura de formación estos días antes de la puesta en marcha",
        ),
        "training_coverage_min" => l.t("Each role trained, at least %", "Cada rol formado, al menos %"),
        "attendance_min" => l.t("Attendance at sessions, at least %", "Asistencia a las sesiones, al menos %"),
        "security_window_days" => l.t(
            "Expect training sessions (and a security one) this many days before go-live",
            "Esperar sesiones de formación (y una de seguridad) estos días antes de la puesta en marcha",
        ),
        "migration_tracking_days" => l.t(
            "Expect migration objects this many days before go-live",
            "Esperar objetos de migración estos días antes de la puesta en marcha",
        ),
        "migration_window_days" => l.t(
            "Every object needs a clean trial load within this many days before go-live",
            "Cada objeto necesita una carga de prueba limpia en estos días antes de la puesta en marcha",
        ),
        "feedback_unanswered_days" => l.t("Answer feedback within days", "Responder a las opiniones en días"),
        "sus_min" => l.t("SUS at least", "SUS como mínimo"),
        "satisfaction_drop" => {
            l.t("Monthly rating may fall by at most", "La valoración mensual puede bajar como máximo")
        }
        "min_evaluators" => l.t("Evaluators needed for a decision", "Evaluadores necesarios para decidir"),
        "crm_min_score" => l.t(
            "CRM-integration score of the winner, at least (of 5)",
            "Puntuación de integración con el CRM del elegido, mínimo (sobre 5)",
        ),
        _ => l.t("Threshold", "Umbral"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_catalog_parses_and_every_rule_names_a_known_error_and_phase() {
        let c: Catalog = toml::from_str(TOML).unwrap();
        assert!(c.rule.len() >= 17);
        let errors = [
            "lack_of_planning",
            "over_customization",
            "neglected_training",
            "data_migration_errors",
            "weak_security",
            "poor_selection",
            "resistance_to_adoption",
        ];
        for r in &c.rule {
            assert!(errors.contains(&r.error.as_str()), "{}", r.key);
            assert!(crate::phases::KEYS.contains(&r.phase.as_str()), "{}", r.key);
            assert!(["high", "medium", "low"].contains(&r.severity.as_str()), "{}", r.key);
        }
        assert_eq!(c.thresholds.get("customization_share_max"), Some(&20.0));
    }

    #[test]
    fn evidence_fills_the_numbers_in_the_readers_language() {
        let r = rule("customization_share").unwrap();
        assert_eq!(
            evidence(Lang::Es, r, 7, 23.3333, 20.0),
            "Personalizaciones solicitadas o aprobadas: 7, el 23.3 % de los requisitos (umbral 20 %)."
        );
    }
}
