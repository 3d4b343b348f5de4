//! The target fields of a migration object and their rules: how they are stored (JSON), edited (a
//! table of inputs, one row per field), turned into the profiler's [`Spec`], and the starting
//! fields offered for the common objects.

use super::profile::{FieldRule, FieldType, Spec, normalize};
use crate::web::{FormErrors, Lang};
use serde::{Deserialize, Serialize};

/// Field types offered, in menu order.
pub const TYPES: [&str; 8] = ["text", "email", "date", "number", "decimal", "phone", "tax_id", "enum"];

pub fn type_label(l: Lang, t: &str) -> &'static str {
    match t {
        "email" => l.t("E-mail", "Correo electrónico"),
        "date" => l.t("Date", "Fecha"),
        "number" => l.t("Whole number", "Número entero"),
        "decimal" => l.t("Decimal", "Decimal"),
        "phone" => l.t("Phone", "Teléfono"),
        "tax_id" => l.t("Tax id (NIF/NIE/CIF)", "NIF/NIE/CIF"),
        "enum" => l.t("One of a list", "Uno de una lista"),
        _ => l.t("Text", "Texto"),
    }
}

/// One target field as stored in `migration_objects.rules`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub max_len: Option<usize>,
    /// Allowed values of an `enum` field.
    #[serde(default)]
    pub options: Vec<String>,
    /// Part of the key that identifies a duplicate.
    #[serde(default)]
    pub dup_key: bool,
    /// Compared for likely duplicates (field by field, see `profile::linkage`).
    #[serde(default)]
    pub similar: bool,
}

pub fn to_json(defs: &[FieldDef]) -> String {
    serde_json::to_string(defs).unwrap_or_else(|_| "[]".into())
}

/// The stored rules; a value that does not parse (it never should) reads as no fields.
pub fn from_json(s: &str) -> Vec<FieldDef> {
    serde_json::from_str(s).unwrap_or_default()
}

/// What the profiler checks for these fields.
/// `match_threshold`: the object's likely-duplicate threshold (a match probability, 0–1).
pub fn to_spec(defs: &[FieldDef], match_threshold: f64) -> Spec {
    let kind = |d: &FieldDef| match d.kind.as_str() {
        "email" => FieldType::Email,
        "date" => FieldType::Date,
        "number" => FieldType::Number,
        "decimal" => FieldType::Decimal,
        "phone" => FieldType::Phone,
        "tax_id" => FieldType::TaxId,
        "enum" => FieldType::Enum(d.options.clone()),
        _ => FieldType::Text,
    };
    Spec {
        fields: defs
            .iter()
            .map(|d| FieldRule {
                name: d.name.clone(),
                kind: kind(d),
                required: d.required,
                max_len: d.max_len,
                unique: d.unique,
            })
            .collect(),
        duplicate_key: defs.iter().filter(|d| d.dup_key).map(|d| d.name.clone()).collect(),
        similar_fields: defs.iter().filter(|d| d.similar).map(|d| d.name.clone()).collect(),
        match_threshold,
        duplicate_decisions: Vec::new(),
    }
}

/// The fields of a profiler spec (the sample customers of the demo and the benchmark).
pub fn from_spec(spec: &Spec) -> Vec<FieldDef> {
    spec.fields
        .iter()
        .map(|f| {
            let (kind, options) = match &f.kind {
                FieldType::Text => ("text", Vec::new()),
                FieldType::Email => ("email", Vec::new()),
                FieldType::Date => ("date", Vec::new()),
                FieldType::Number => ("number", Vec::new()),
                FieldType::Decimal => ("decimal", Vec::new()),
                FieldType::Phone => ("phone", Vec::new()),
                FieldType::TaxId => ("tax_id", Vec::new()),
                FieldType::Enum(o) => ("enum", o.clone()),
            };
            FieldDef {
                name: f.name.clone(),
                kind: kind.into(),
                required: f.required,
                unique: f.unique,
                max_len: f.max_len,
                options,
                dup_key: spec.duplicate_key.contains(&f.name),
                similar: spec.similar_fields.contains(&f.name),
            }
        })
        .collect()
}

/// Rows shown in the rules table for `n` fields: a few blank ones to add more.
pub fn form_rows(n: usize) -> usize {
    (n + 3).clamp(6, MAX_FIELDS)
}

pub const MAX_FIELDS: usize = 60;

/// One row of the rules table as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowInput {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub unique: bool,
    pub max_len: String,
    pub options: String,
    pub dup_key: bool,
    pub similar: bool,
}

impl RowInput {
    pub fn from_def(d: &FieldDef) -> RowInput {
        RowInput {
            name: d.name.clone(),
            kind: d.kind.clone(),
            required: d.required,
            unique: d.unique,
            max_len: d.max_len.map(|n| n.to_string()).unwrap_or_default(),
            options: d.options.join(", "),
            dup_key: d.dup_key,
            similar: d.similar,
        }
    }
}

/// The rows of the rules table from the form pairs `f{i}_name`, `f{i}_kind`, `f{i}_required`…
pub fn rows_from_pairs(pairs: &[(String, String)]) -> Vec<RowInput> {
    let mut rows: Vec<RowInput> = Vec::new();
    for (k, v) in pairs {
        let Some((i, what)) = k.strip_prefix('f').and_then(|rest| rest.split_once('_')) else { continue };
        let Ok(i) = i.parse::<usize>() else { continue };
        if i >= MAX_FIELDS {
            continue;
        }
        if rows.len() <= i {
            rows.resize(i + 1, RowInput::default());
        }
        let r = &mut rows[i];
        match what {
            "name" => r.name = v.clone(),
            "kind" => r.kind = v.clone(),
            "required" => r.required = true,
            "unique" => r.unique = true,
            "max" => r.max_len = v.clone(),
            "options" => r.options = v.clone(),
            "dupkey" => r.dup_key = true,
            "similar" => r.similar = true,
            _ => {}
        }
    }
    rows
}

/// Checks the typed rows (blank names are skipped) and returns the fields, or the errors keyed
/// `rules` with every problem named by its row.
pub fn validate_rows(rows: &[RowInput], l: Lang, e: &mut FormErrors) -> Vec<FieldDef> {
    let mut defs = Vec::new();
    let mut problems = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for r in rows {
        let name = r.name.trim();
        if name.is_empty() {
            continue;
        }
        let key: String = normalize(name).chars().filter(|c| !c.is_whitespace()).collect();
        if name.chars().count() > 60 || key.is_empty() {
            problems.push(l.f(
                "“{0}”: a field name has 1 to 60 characters, with letters or digits.",
                "«{0}»: el nombre de un campo tiene de 1 a 60 caracteres, con letras o cifras.",
                &[&name],
            ));
            continue;
        }
        if seen.contains(&key) {
            problems.push(l.f("“{0}” appears twice.", "«{0}» aparece dos veces.", &[&name]));
            continue;
        }
        seen.push(key);
        let kind = if TYPES.contains(&r.kind.as_str()) { r.kind.clone() } else { "text".to_string() };
        let max_len = match r.max_len.trim() {
            "" => None,
            s => match s.parse::<usize>() {
                Ok(n) if (1..=10_000).contains(&n) => Some(n),
                _ => {
                    problems.push(l.f(
                        "“{0}”: the maximum length is a whole number from 1 to 10000.",
                        "«{0}»: la longitud máxima es un número entero de 1 a 10000.",
                        &[&name],
                    ));
                    None
                }
            },
        };
        let options: Vec<String> =
            r.options.split([',', ';', '\n']).map(str::trim).filter(|o| !o.is_empty()).map(String::from).collect();
        if kind == "enum" && options.is_empty() {
            problems.push(l.f(
                "“{0}”: list the allowed values, separated by commas.",
                "«{0}»: indique los valores permitidos, separados por comas.",
                &[&name],
            ));
        }
        defs.push(FieldDef {
            name: name.to_string(),
            options: if kind == "enum" { options } else { Vec::new() },
            kind,
            required: r.required,
            unique: r.unique,
            max_len,
            dup_key: r.dup_key,
            similar: r.similar,
        });
    }
    if defs.is_empty() && problems.is_empty() {
        problems.push(
            l.t(
                "Name at least one target field (the columns the ERP expects).",
                "Indique al menos un campo de destino (las columnas que espera el ERP).",
            )
            .to_string(),
        );
    }
    if !problems.is_empty() {
        e.add("rules", problems.join(" "));
    }
    defs
}

/// Object kinds, in menu order.
pub const KINDS: [&str; 7] = ["customers", "contacts", "items", "vendors", "open_orders", "opening_balances", "other"];

pub fn kind_label(l: Lang, k: &str) -> &'static str {
    match k {
        "customers" => l.t("Customers", "Clientes"),
        "contacts" => l.t("Contacts", "Contactos"),
        "items" => l.t("Items", "Artículos"),
        "vendors" => l.t("Vendors", "Proveedores"),
        "open_orders" => l.t("Open orders", "Pedidos abiertos"),
        "opening_balances" => l.t("Opening balances", "Saldos iniciales"),
        _ => l.t("Other", "Otro"),
    }
}

fn f(name: &str, kind: &str, required: bool) -> FieldDef {
    FieldDef { name: name.into(), kind: kind.into(), required, ..FieldDef::default() }
}

/// The fields a new object of `kind` starts with (the user edits them to match the export). The
/// names follow the reader's language, since they are matched against the export's header.
pub fn template(kind: &str, l: Lang) -> Vec<FieldDef> {
    let es = l == Lang::Es;
    let n = |en: &str, esp: &str| if es { esp.to_string() } else { en.to_string() };
    let named =
        |en: &str, esp: &str, kind: &str, required: bool| FieldDef { name: n(en, esp), ..f("", kind, required) };
    let code = |en: &str, esp: &str| FieldDef { unique: true, max_len: Some(20), ..named(en, esp, "text", true) };
    match kind {
        "customers" | "vendors" => vec![
            code("code", "código"),
            FieldDef { max_len: Some(100), dup_key: true, similar: true, ..named("name", "nombre", "text", true) },
            FieldDef { dup_key: true, similar: true, ..named("tax_id", "nif", "tax_id", true) },
            FieldDef { similar: true, max_len: Some(100), ..named("email", "email", "email", false) },
            FieldDef { similar: true, ..named("phone", "teléfono", "phone", false) },
            FieldDef { max_len: Some(120), similar: true, ..named("address", "dirección", "text", false) },
            FieldDef { max_len: Some(10), similar: true, ..named("postal_code", "código_postal", "text", false) },
            FieldDef { max_len: Some(60), similar: true, ..named("city", "ciudad", "text", false) },
            named("credit_limit", "límite_crédito", "decimal", false),
        ],
        "contacts" => vec![
            FieldDef { max_len: Some(100), dup_key: true, similar: true, ..named("name", "nombre", "text", true) },
            FieldDef { dup_key: true, similar: true, max_len: Some(100), ..named("email", "email", "email", true) },
            FieldDef { similar: true, ..named("phone", "teléfono", "phone", false) },
            FieldDef { max_len: Some(20), ..named("customer_code", "código_cliente", "text", true) },
        ],
        "items" => vec![
            code("sku", "referencia"),
            FieldDef {
                max_len: Some(120),
                dup_key: true,
                similar: true,
                ..named("description", "descripción", "text", true)
            },
            FieldDef {
                options: vec!["UD".into(), "KG".into(), "L".into(), "M".into(), "CAJA".into()],
                ..named("unit", "unidad", "enum", true)
            },
            named("price", "precio", "decimal", true),
            named("cost", "coste", "decimal", false),
            named("stock", "existencias", "number", false),
        ],
        "open_orders" => vec![
            code("order_number", "número_pedido"),
            FieldDef { max_len: Some(20), ..named("customer_code", "código_cliente", "text", true) },
            named("order_date", "fecha_pedido", "date", true),
            named("delivery_date", "fecha_entrega", "date", false),
            named("amount", "importe", "decimal", true),
        ],
        "opening_balances" => vec![
            FieldDef { max_len: Some(20), dup_key: true, ..named("account", "cuenta", "text", true) },
            named("debit", "debe", "decimal", false),
            named("credit", "haber", "decimal", false),
            named("balance_date", "fecha_saldo", "date", true),
        ],
        _ => vec![FieldDef { max_len: Some(100), ..named("name", "nombre", "text", true) }],
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
