use super::*;

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn the_rules_table_reads_back_into_fields_and_a_spec() {
    let rows = rows_from_pairs(&pairs(&[
        ("csrf_token", "x"),
        ("f0_name", " Nombre "),
        ("f0_kind", "text"),
        ("f0_required", "on"),
        ("f0_max", "80"),
        ("f0_dupkey", "on"),
        ("f0_similar", "on"),
        ("f1_name", "País"),
        ("f1_kind", "enum"),
        ("f1_options", "España, Portugal;Francia"),
        ("f2_name", ""),
        ("f2_kind", "email"),
    ]));
    let mut e = FormErrors::new();
    let defs = validate_rows(&rows, Lang::Es, &mut e);
    assert!(e.is_empty());
    assert_eq!(defs.len(), 2);
    assert_eq!(defs[0].max_len, Some(80));
    assert_eq!(defs[1].options, vec!["España", "Portugal", "Francia"]);
    let back = from_json(&to_json(&defs));
    assert_eq!(back, defs);
    let spec = to_spec(&defs, 0.9);
    assert_eq!(spec.duplicate_key, vec!["Nombre"]);
    assert_eq!(spec.similar_fields, vec!["Nombre"]);
    assert!(matches!(&spec.fields[1].kind, FieldType::Enum(o) if o.len() == 3));
}

#[test]
fn bad_rows_are_named_in_the_readers_language() {
    let rows = rows_from_pairs(&pairs(&[
        ("f0_name", "email"),
        ("f1_name", "E-mail"),
        ("f2_name", "estado"),
        ("f2_kind", "enum"),
        ("f3_name", "código"),
        ("f3_max", "0"),
        ("f99_name", "ignored beyond the table"),
    ]));
    let mut e = FormErrors::new();
    validate_rows(&rows, Lang::Es, &mut e);
    let msg = e.get("rules").unwrap_or_default();
    assert!(msg.contains("«E-mail» aparece dos veces"), "{msg}");
    assert!(msg.contains("«estado»: indique los valores permitidos"), "{msg}");
    assert!(msg.contains("«código»: la longitud máxima"), "{msg}");
    let mut e = FormErrors::new();
    assert!(validate_rows(&[], Lang::En, &mut e).is_empty());
    assert!(e.get("rules").is_some_and(|m| m.contains("at least one")));
}

#[test]
fn a_spec_round_trips_through_field_definitions() {
    let spec = crate::data_quality::profile::sample::customer_spec();
    assert_eq!(to_spec(&from_spec(&spec), spec.match_threshold), spec);
}

#[test]
fn every_template_is_valid_in_both_languages() {
    for kind in KINDS {
        for l in [Lang::En, Lang::Es] {
            let defs = template(kind, l);
            let rows: Vec<RowInput> = defs.iter().map(RowInput::from_def).collect();
            let mut e = FormErrors::new();
            assert_eq!(validate_rows(&rows, l, &mut e), defs, "{kind}");
            assert!(e.is_empty(), "{kind}");
        }
    }
}

#[test]
fn the_customer_template_compares_what_the_planted_market_export_is_measured_on() {
    let spec = to_spec(&template("customers", Lang::Es), 0.5);
    assert_eq!(spec.similar_fields, crate::data_quality::profile::market::COMPARED.map(String::from).to_vec());
    let market = crate::data_quality::profile::market::spec();
    let kinds = |s: &Spec| s.fields.iter().map(|f| (f.name.clone(), f.kind.clone())).collect::<Vec<_>>();
    assert_eq!(kinds(&spec), kinds(&market));
}
