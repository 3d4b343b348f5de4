//! The migration-object form: the fields as typed (the rules table has one row of inputs per
//! field), turned into a checked input with translated messages.

use super::rules::{self, FieldDef, RowInput};
use crate::entities::migration_object;
use crate::web::{FormErrors, Lang};

/// The object form as typed (the rules table has one row of inputs per field).
#[derive(Clone, Debug, Default)]
pub struct ObjectForm {
    pub name: String,
    pub kind: String,
    pub source_system: String,
    pub owner_id: String,
    pub expected_count: String,
    pub similarity: String,
    pub max_invalid_pct: String,
    pub max_duplicate_pct: String,
    pub version: i32,
    pub rows: Vec<RowInput>,
}

/// A checked form.
pub struct ObjectInput {
    pub name: String,
    pub kind: String,
    pub source_system: String,
    pub owner_id: Option<i32>,
    pub expected_count: Option<i64>,
    pub similarity_threshold: f64,
    pub max_invalid_pct: f64,
    pub max_duplicate_pct: f64,
    pub fields: Vec<FieldDef>,
}

fn number(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite())
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") }
}

impl ObjectForm {
    pub fn from_pairs(pairs: &[(String, String)]) -> ObjectForm {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        ObjectForm {
            name: get("name"),
            kind: get("kind"),
            source_system: get("source_system"),
            owner_id: get("owner_id"),
            expected_count: get("expected_count"),
            similarity: get("similarity"),
            max_invalid_pct: get("max_invalid_pct"),
            max_duplicate_pct: get("max_duplicate_pct"),
            version: get("version").parse().unwrap_or(0),
            rows: rules::rows_from_pairs(pairs),
        }
    }

    /// A new object of `kind`, with its starting fields.
    pub fn new_of(kind: &str, l: Lang) -> ObjectForm {
        let kind = if rules::KINDS.contains(&kind) { kind } else { "customers" };
        ObjectForm {
            name: rules::kind_label(l, kind).to_string(),
            kind: kind.to_string(),
            source_system: "CRM".into(),
            similarity: "50".into(),
            max_invalid_pct: "2".into(),
            max_duplicate_pct: "1".into(),
            rows: rules::template(kind, l).iter().map(RowInput::from_def).collect(),
            ..ObjectForm::default()
        }
    }

    pub fn of(o: &migration_object::Model) -> ObjectForm {
        ObjectForm {
            name: o.name.clone(),
            kind: o.kind.clone(),
            source_system: o.source_system.clone(),
            owner_id: o.owner_id.map(|i| i.to_string()).unwrap_or_default(),
            expected_count: o.expected_count.map(|n| n.to_string()).unwrap_or_default(),
            similarity: fmt_num((o.similarity_threshold * 100.0).round()),
            max_invalid_pct: fmt_num(o.max_invalid_pct),
            max_duplicate_pct: fmt_num(o.max_duplicate_pct),
            version: o.version,
            rows: rules::from_json(&o.rules).iter().map(RowInput::from_def).collect(),
        }
    }

    pub fn validate(&self, members: &[i32], l: Lang) -> Result<ObjectInput, FormErrors> {
        let mut e = FormErrors::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            e.add(
                "name",
                l.t("Name the object (120 characters at most).", "Dé nombre al objeto (120 caracteres como máximo)."),
            );
        }
        if !rules::KINDS.contains(&self.kind.as_str()) {
            e.add("kind", l.t("Choose what kind of data this is.", "Elija qué tipo de datos es."));
        }
        let source = self.source_system.trim();
        if source.is_empty() || source.chars().count() > 120 {
            e.add(
                "source_system",
                l.t(
                    "Say where the data comes from, e.g. the CRM.",
                    "Indique de dónde vienen los datos, p. ej. el CRM.",
                ),
            );
        }
        let owner_id = crate::web::forms::owner_choice(&self.owner_id, members, &mut e, l);
        let expected_count = match self.expected_count.trim().replace(['.', ' '], "") {
            s if s.is_empty() => None,
            s => match s.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    e.add(
                        "expected_count",
                        l.t("Enter a whole number of records.", "Introduzca un número entero de registros."),
                    );
                    None
                }
            },
        };
        let similarity = number(&self.similarity).filter(|v| (1.0..=99.0).contains(v));
        if similarity.is_none() {
            e.add(
                "similarity",
                l.t(
                    "The match probability is a percentage from 1 to 99.",
                    "La probabilidad de coincidencia es un porcentaje de 1 a 99.",
                ),
            );
        }
        let pct = |s: &str, field: &'static str, e: &mut FormErrors| {
            let v = number(s).filter(|v| (0.0..=100.0).contains(v));
            if v.is_none() {
                e.add(field, l.t("Enter a percentage from 0 to 100.", "Introduzca un porcentaje de 0 a 100."));
            }
            v
        };
        let max_invalid_pct = pct(&self.max_invalid_pct, "max_invalid_pct", &mut e);
        let max_duplicate_pct = pct(&self.max_duplicate_pct, "max_duplicate_pct", &mut e);
        let fields = rules::validate_rows(&self.rows, l, &mut e);
        match (similarity, max_invalid_pct, max_duplicate_pct) {
            (Some(s), Some(i), Some(d)) if e.is_empty() => Ok(ObjectInput {
                name: name.to_string(),
                kind: self.kind.clone(),
                source_system: source.to_string(),
                owner_id,
                expected_count,
                similarity_threshold: s / 100.0,
                max_invalid_pct: i,
                max_duplicate_pct: d,
                fields,
            }),
            _ => Err(e),
        }
    }
}
