use super::super::sample::{Plan, csv_file};
use super::super::{ErrorKind, FieldRule, FieldType};
use super::*;

fn small_spec() -> Spec {
    let rule = |name: &str, kind: FieldType, required: bool| FieldRule {
        name: name.to_string(),
        kind,
        required,
        max_len: None,
        unique: false,
    };
    Spec {
        fields: vec![
            rule("código", FieldType::Number, true),
            rule("apellido", FieldType::Enum(vec!["Muñoz".into(), "Núñez".into(), "Pérez".into()]), false),
            rule("email", FieldType::Email, false),
        ],
        duplicate_key: vec!["código".into()],
        similar_fields: vec![],
        match_threshold: 0.5,
        duplicate_decisions: vec![],
    }
}

fn profile(bytes: &[u8]) -> Result<Report, ProfileError> {
    profile_reader(small_spec(), bytes, |_| {})
}

fn lines_of(report: &Report, field: &str, kind: ErrorKind) -> Vec<u64> {
    let k = report.field(field).and_then(|f| f.get(kind));
    k.map(|k| k.examples.iter().map(|e| e.line).collect()).unwrap_or_default()
}

#[test]
fn windows_1252_is_decoded() {
    let bytes = b"C\xF3digo;Apellido;Email\r\n1;Mu\xF1oz;a@b.es\r\n2;Garc\xEDa;\r\n3;N\xDA\xD1EZ;\r\n";
    let report = profile(bytes).unwrap();
    assert_eq!(report.rows_read, 3);
    // "Muñoz" and "NÚÑEZ" decode right and match the list.
    assert_eq!(report.rows_valid, 2);
    let not_in_list = report.field("apellido").unwrap().get(ErrorKind::NotInList).unwrap();
    assert_eq!(not_in_list.count, 1);
    assert_eq!(not_in_list.examples[0].value, "García");
    assert_eq!(not_in_list.examples[0].line, 3);
}

#[test]
fn utf8_bom_is_stripped() {
    let report = profile("\u{feff}Código;Apellido;Email\n1;Pérez;x@y.es\n".as_bytes()).unwrap();
    assert_eq!((report.rows_read, report.rows_valid), (1, 1));
}

#[test]
fn comma_and_tab_files() {
    for text in ["codigo,apellido,email\n1,Muñoz,\"a@b.es\"\n", "codigo\tapellido\temail\n1\tMuñoz\ta@b.es\n"] {
        let report = profile(text.as_bytes()).unwrap();
        assert_eq!((report.rows_read, report.rows_valid), (1, 1), "{text:?}");
    }
}

#[test]
fn quoted_line_breaks_keep_line_numbers_right() {
    let text = "código;apellido;email\n\
                1;\"Muñoz\";\"ok@x.es\"\n\
                2;\"Pérez\n(segunda línea)\";malo\n\
                3;Núñez;\"otro\nmalo\"\n\
                4;\"dos\n\nsaltos\";fin@x\n\
                5;Pérez;\"bad;one\"\n";
    let report = profile(text.as_bytes()).unwrap();
    assert_eq!(report.rows_read, 5);
    assert_eq!(lines_of(&report, "email", ErrorKind::BadEmail), vec![3, 5, 7, 10]);
    assert_eq!(lines_of(&report, "apellido", ErrorKind::NotInList), vec![3, 7]);
    assert_eq!(report.malformed.count, 0);
}

#[test]
fn malformed_rows_are_counted_never_a_panic() {
    let text = "código;apellido;email\n1;Muñoz\n2;Pérez;a@b.es;extra\n3;Núñez;a@b.es\n4;\"unterminated;x@y.es\n";
    let report = profile(text.as_bytes()).unwrap();
    assert_eq!(report.rows_read, 4);
    assert_eq!(report.malformed.count, 3);
    let lines: Vec<u64> = report.malformed.examples.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 5]);
    assert_eq!(report.rows_valid, 1);
}

#[test]
fn invalid_utf8_after_the_head_is_a_malformed_line() {
    let mut bytes = b"codigo;apellido;email\n".to_vec();
    let mut line = 1;
    while bytes.len() < 70 * 1024 {
        line += 1;
        bytes.extend_from_slice(format!("{line};Pérez;p{line}@x.es\n").as_bytes());
    }
    bytes.extend_from_slice(b"999999;P\xE9rez;bad@x.es\n1000000;Mu\xC3\xB1oz;ok@x.es\n");
    let report = profile(&bytes).unwrap();
    assert_eq!(report.rows_read, line - 1 + 2);
    assert_eq!(report.malformed.count, 1);
    assert_eq!(report.malformed.examples[0].line, line + 1);
    assert!(report.malformed.examples[0].value.contains("UTF-8"));
    assert_eq!(report.rows_valid, line - 1 + 1);
}

#[test]
fn empty_files() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"  \r\n\n\t"] {
        assert!(matches!(profile(bytes), Err(ProfileError::Empty)), "{bytes:?}");
    }
}

#[test]
fn a_header_without_rows_gives_an_empty_report() {
    let report = profile(b"codigo;apellido;email\r\n").unwrap();
    assert_eq!((report.rows_read, report.rows_valid, report.exact_duplicates), (0, 0, 0));
}

#[test]
fn binary_files_are_not_csv() {
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
    let controls: Vec<u8> = (0u8..=255).cycle().take(4096).map(|b| if b == 0 { 1 } else { b }).collect();
    for bytes in [&xlsx[..], b"codigo;apellido\n1;a\x00b\n", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", &controls] {
        assert!(matches!(profile(bytes), Err(ProfileError::NotCsv)), "{:?}", &bytes[..8]);
    }
}

#[test]
fn a_header_that_does_not_match_is_an_error() {
    match profile(b"id;apellido;fax\n1;Perez;x\n") {
        Err(ProfileError::Header(e)) => {
            assert_eq!(e.missing_required, vec!["código"]);
            assert_eq!(e.unknown_columns, vec!["id", "fax"]);
        }
        other => panic!("expected a header error, got {other:?}"),
    }
}

#[test]
fn exact_duplicates_through_the_reader() {
    let report = profile(b"codigo;apellido;email\n1.000;Perez;\n1000;Perez;\n+1000;;\n").unwrap();
    assert_eq!(report.exact_duplicates, 2);
    assert_eq!(report.duplicate_groups[0].lines, vec![2, 3, 4]);
}

#[test]
fn progress_is_reported_about_every_64_kib_and_at_the_end() {
    let plan =
        Plan { bad_emails: 0, bad_dates: 0, missing_tax_ids: 0, exact_dups: 0, likely_pairs: 0, repeated_codes: 0 };
    let bytes = csv_file(5_000, &plan);
    let mut calls = Vec::new();
    let report = profile_reader(super::super::sample::customer_spec(), &bytes[..], |n| calls.push(n)).unwrap();
    assert_eq!(report.rows_read, 5_000);
    assert_eq!(calls.last().copied(), Some(bytes.len() as u64));
    assert!(calls.windows(2).all(|w| w[0] < w[1]), "{calls:?}");
    let expected = bytes.len() as u64 / PROGRESS_EVERY;
    let n = calls.len() as u64;
    assert!(n >= expected / 2 && n <= expected + 2, "{n} calls for {} bytes", bytes.len());
}

/// A reader that always fails.
struct Failing;

impl std::io::Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("disk on fire"))
    }
}

#[test]
fn read_errors_are_reported() {
    assert!(matches!(profile_reader(small_spec(), Failing, |_| {}), Err(ProfileError::Io(_))));
    // The head reads fine; the failure comes while streaming.
    let mut good = b"codigo;apellido;email\n".to_vec();
    while good.len() < 100 * 1024 {
        good.extend_from_slice(b"1;Perez;a@b.es\n");
    }
    let source = std::io::Read::chain(&good[..], Failing);
    assert!(matches!(profile_reader(small_spec(), source, |_| {}), Err(ProfileError::Io(_))));
}

#[test]
fn crlf_and_cr_only_files_have_right_line_numbers() {
    for eol in ["\r\n", "\r", "\n"] {
        let text =
            ["codigo;apellido;email", "1;Pérez;a@b.es", "", "2;Pérez;malo", "3;\"Muñoz\";\"x\ny\""].join(eol) + eol;
        let report = profile(text.as_bytes()).unwrap();
        assert_eq!((report.rows_read, report.rows_blank), (3, 1), "{eol:?}");
        assert_eq!(lines_of(&report, "email", ErrorKind::BadEmail), vec![4, 5], "{eol:?}");
    }
}

#[test]
fn blank_lines_and_blank_rows_are_skipped_and_keep_line_numbers_right() {
    let text = "\n\ncodigo;apellido;email\n\n1;Pérez;malo\n \n;;\n\n\n\"2\";\"Muñoz\";\"otro\n\nmalo\"\n;; \n\n";
    let report = profile(text.as_bytes()).unwrap();
    assert_eq!(report.rows_read, 2);
    assert_eq!(report.rows_blank, 7);
    assert_eq!(lines_of(&report, "email", ErrorKind::BadEmail), vec![5, 10]);
}
