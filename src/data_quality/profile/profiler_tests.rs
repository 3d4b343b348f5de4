use super::super::sample::{FIELDS, HEADER, customer_spec};
use super::super::{ErrorKind, Report};
use super::*;
use csv::StringRecord;

fn header() -> Vec<String> {
    HEADER.iter().map(|h| h.to_string()).collect()
}

fn row(values: [&str; 12]) -> StringRecord {
    StringRecord::from(values.to_vec())
}

const GOOD: [&str; 12] = [
    "C1",
    "Ñandú S.L.",
    "12345678Z",
    "info@nandu.es",
    "+34 600 12 34 56",
    "29/02/2024",
    "1.234,56",
    "1.200",
    "España",
    "Valencia",
    "Calle Mayor 1",
    "46001",
];

fn with(changes: &[(usize, &'static str)]) -> StringRecord {
    let mut values = GOOD;
    for &(i, v) in changes {
        values[i] = v;
    }
    row(values)
}

fn run(rows: &[StringRecord]) -> Report {
    let mut p = Profiler::new(customer_spec(), &header()).unwrap();
    for (n, r) in rows.iter().enumerate() {
        p.push(n as u64 + 2, r);
    }
    p.finish()
}

#[test]
fn header_matches_case_and_accent_insensitively_in_any_order() {
    let mut h = header();
    h.reverse();
    h[0] = "  CODIGO_POSTAL ".into();
    assert!(Profiler::new(customer_spec(), &h).is_ok());
    let spec = customer_spec();
    let names: Vec<String> = FIELDS.iter().map(|f| f.to_uppercase()).collect();
    assert!(Profiler::new(spec, &names).is_ok());
}

#[test]
fn header_errors_list_missing_required_unknown_and_repeated_columns() {
    let h: Vec<String> = ["Nombre", "E-mail", "Notas", "email", "Fax", ""].map(String::from).to_vec();
    let err = Profiler::new(customer_spec(), &h).err().unwrap();
    assert_eq!(err.missing_required, vec!["código", "nif", "país"]);
    assert_eq!(err.unknown_columns, vec!["Notas", "Fax"]);
    assert_eq!(err.duplicate_columns, vec!["email"]);
    assert!(err.to_string().contains("missing required columns: código, nif, país"));
}

#[test]
fn optional_columns_may_be_absent_and_blank_columns_are_ignored() {
    let h: Vec<String> = ["Código", "Nombre", "NIF", "Pais", ""].map(String::from).to_vec();
    let mut p = Profiler::new(customer_spec(), &h).unwrap();
    p.push(2, &StringRecord::from(vec!["C1", "Acme", "12345678Z", "España", ""]));
    let report = p.finish();
    assert_eq!((report.rows_read, report.rows_valid), (1, 1));
}

#[test]
fn a_clean_row_is_valid() {
    let report = run(&[row(GOOD)]);
    assert_eq!((report.rows_read, report.rows_valid), (1, 1));
    assert_eq!(report.field_errors.len(), 12);
    assert!(report.field_errors.iter().all(|f| f.total == 0 && f.kinds.is_empty()));
    assert_eq!(report.malformed.count, 0);
}

#[test]
fn each_kind_of_field_error_is_counted_with_examples() {
    let report = run(&[
        with(&[(0, ""), (2, "12345678A")]),
        with(&[(0, "C2"), (3, "no-at.example.com"), (4, "12-34")]),
        with(&[(0, "C3"), (5, "31/04/2025"), (6, "1,2,3.4"), (7, "1.5")]),
        with(&[(0, "C4"), (8, "Alemania"), (11, "460010")]),
        with(&[(0, "c2")]),
    ]);
    assert_eq!(report.rows_read, 5);
    assert_eq!(report.rows_valid, 0);
    let expect = [
        ("código", ErrorKind::Missing, 2),
        ("nif", ErrorKind::BadTaxId, 2),
        ("email", ErrorKind::BadEmail, 3),
        ("teléfono", ErrorKind::BadPhone, 3),
        ("fecha_alta", ErrorKind::BadDate, 4),
        ("límite_crédito", ErrorKind::BadDecimal, 4),
        ("empleados", ErrorKind::BadNumber, 4),
        ("país", ErrorKind::NotInList, 5),
        ("código_postal", ErrorKind::TooLong, 5),
        ("código", ErrorKind::DuplicateValue, 6),
    ];
    for (field, kind, line) in expect {
        let errors = report.field(field).unwrap();
        let k = errors.get(kind).unwrap_or_else(|| panic!("{field} {kind:?}"));
        assert_eq!(k.count, 1, "{field} {kind:?}");
        assert_eq!(k.examples[0].line, line, "{field} {kind:?}");
    }
    assert_eq!(report.field("país").unwrap().get(ErrorKind::NotInList).unwrap().examples[0].value, "Alemania");
    assert_eq!(report.field("código").unwrap().total, 2);
}

#[test]
fn examples_are_capped_and_truncated() {
    let long = "x".repeat(200);
    let long: &'static str = Box::leak(long.into_boxed_str());
    let codes = ["A1", "A2", "A3", "A4", "A5", "A6", "A7"];
    let rows: Vec<StringRecord> = codes.iter().map(|&c| with(&[(0, c), (3, long)])).collect();
    let report = run(&rows);
    let bad = report.field("email").unwrap().get(ErrorKind::BadEmail).unwrap();
    assert_eq!(bad.count, 7);
    assert_eq!(bad.examples.len(), 5);
    assert_eq!(bad.examples[4].line, 6);
    assert!(bad.examples.iter().all(|e| e.value.chars().count() == 80));
}

#[test]
fn wrong_column_counts_are_malformed_but_trailing_empty_columns_are_tolerated() {
    let mut p = Profiler::new(customer_spec(), &header()).unwrap();
    p.push(2, &StringRecord::from(vec!["C1", "Acme"]));
    let mut extra: Vec<&str> = GOOD.to_vec();
    extra.push("");
    extra.push(" ");
    p.push(3, &StringRecord::from(extra.clone()));
    extra.push("surprise");
    p.push(4, &StringRecord::from(extra));
    p.push_malformed(5, "CSV error");
    let report = p.finish();
    assert_eq!(report.rows_read, 4);
    assert_eq!(report.rows_valid, 1);
    assert_eq!(report.malformed.kind, ErrorKind::MalformedLine);
    assert_eq!(report.malformed.count, 3);
    let lines: Vec<u64> = report.malformed.examples.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 4, 5]);
    assert_eq!(report.malformed.examples[0].value, "expected 12 columns, found 2");
}

#[test]
fn exact_duplicates_use_normalized_clean_keys() {
    let report = run(&[
        row(GOOD),
        with(&[(0, "C2"), (1, "  ñandu   SL "), (2, "12345678-z")]),
        with(&[(0, "C3"), (1, "NANDU S.L"), (2, "12.345.678 Z")]),
        with(&[(0, "C4"), (1, "Ñandú S.L."), (2, "X1234567L")]),
        with(&[(0, "C5"), (1, "Otra Empresa"), (2, ""), (3, "otra@empresa.es")]),
        with(&[(0, "C6"), (1, "otra empresa"), (2, "")]),
    ]);
    assert_eq!(report.exact_duplicates, 3);
    assert_eq!(report.duplicate_groups_total, 2);
    assert_eq!(report.duplicate_groups[0].key, vec!["ñandu   SL", "12345678-z"]);
    assert_eq!(report.duplicate_groups[0].lines, vec![2, 3, 4]);
    assert_eq!(report.duplicate_groups[0].rows, 3);
    assert_eq!(report.duplicate_groups[1].lines, vec![6, 7]);
    // Same name, different tax id: a likely duplicate, not an exact one.
    let pairs: Vec<(u64, u64)> = report.likely_duplicates.iter().map(|p| (p.line_a, p.line_b)).collect();
    assert_eq!(pairs, vec![(2, 5)]);
    assert_eq!(report.likely_duplicates[0].field, "nombre");
    // Missing tax ids are errors; duplicates are not.
    assert_eq!(report.rows_valid, 4);
}

#[test]
fn rows_with_an_empty_duplicate_key_are_never_duplicates() {
    let h: Vec<String> = ["codigo", "nombre", "nif", "pais"].map(String::from).to_vec();
    let mut spec = customer_spec();
    spec.fields[1].required = false;
    spec.fields[2].required = false;
    let mut p = Profiler::new(spec, &h).unwrap();
    for (line, code) in [(2, "A"), (3, "B"), (4, "C")] {
        p.push(line, &StringRecord::from(vec![code, "", " ", "España"]));
    }
    let report = p.finish();
    assert_eq!(report.exact_duplicates, 0);
    assert_eq!(report.rows_valid, 3);
}

#[test]
fn without_duplicate_key_or_similar_fields_nothing_is_compared() {
    let mut spec = customer_spec();
    spec.duplicate_key.clear();
    spec.similar_fields = vec!["no such field".into()];
    let mut p = Profiler::new(spec, &header()).unwrap();
    p.push(2, &row(GOOD));
    p.push(3, &with(&[(0, "C2")]));
    let report = p.finish();
    assert_eq!(report.exact_duplicates, 0);
    assert!(report.likely_duplicates.is_empty());
}

#[test]
fn profiler_and_report_can_move_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Profiler>();
    send_sync::<Report>();
}

#[test]
fn enum_values_match_case_and_accent_insensitively_in_the_profiler() {
    let rule = |name: &str, kind| FieldRule { name: name.into(), kind, required: true, max_len: None, unique: false };
    let options = FieldType::Enum(vec!["España".into(), "ESPAÑA".into()]);
    let spec = Spec {
        fields: vec![rule("país", options.clone())],
        duplicate_key: vec!["país".into()],
        similar_fields: vec![],
        match_threshold: 0.5,
        duplicate_decisions: vec![],
    };
    assert_eq!(super::super::validate(&options, "espana"), Ok(Some("España".into())));
    let mut p = Profiler::new(spec, &["pais".to_string()]).unwrap();
    p.push(2, &StringRecord::from(vec!["espana"]));
    p.push(3, &StringRecord::from(vec!["ESPAÑA"]));
    let report = p.finish();
    assert_eq!(report.exact_duplicates, 1);
    assert_eq!(report.rows_valid, 2);
}
