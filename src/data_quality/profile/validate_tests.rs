use super::*;

fn ok(kind: &FieldType, v: &str) -> String {
    match validate(kind, v) {
        Ok(Some(clean)) => clean,
        other => panic!("{kind:?} {v:?}: expected a valid value, got {other:?}"),
    }
}

fn bad(kind: &FieldType, v: &str) -> ErrorKind {
    match validate(kind, v) {
        Err(e) => e,
        other => panic!("{kind:?} {v:?}: expected an error, got {other:?}"),
    }
}

#[test]
fn empty_values_are_none_for_every_kind() {
    let kinds = [
        FieldType::Text,
        FieldType::Email,
        FieldType::Date,
        FieldType::Number,
        FieldType::Decimal,
        FieldType::Phone,
        FieldType::TaxId,
        FieldType::Enum(vec!["A".into()]),
    ];
    for kind in &kinds {
        assert_eq!(validate(kind, ""), Ok(None));
        assert_eq!(validate(kind, "   \t"), Ok(None));
    }
}

#[test]
fn text_is_trimmed() {
    assert_eq!(ok(&FieldType::Text, "  hola  mundo "), "hola  mundo");
}

#[test]
fn nif() {
    // 12345678 mod 23 = 14 → 'Z'.
    assert_eq!(ok(&FieldType::TaxId, "12345678Z"), "12345678Z");
    assert_eq!(ok(&FieldType::TaxId, "12.345.678-z"), "12345678Z");
    assert_eq!(ok(&FieldType::TaxId, " 12345678 z "), "12345678Z");
    assert_eq!(ok(&FieldType::TaxId, "00000000T"), "00000000T");
    assert_eq!(bad(&FieldType::TaxId, "12345678A"), ErrorKind::BadTaxId);
    assert_eq!(bad(&FieldType::TaxId, "1234567Z"), ErrorKind::BadTaxId);
    assert_eq!(bad(&FieldType::TaxId, "123456789"), ErrorKind::BadTaxId);
    assert_eq!(bad(&FieldType::TaxId, "12345678Ñ"), ErrorKind::BadTaxId);
    assert_eq!(bad(&FieldType::TaxId, "12345678/Z"), ErrorKind::BadTaxId);
}

#[test]
fn nie() {
    // X → 0: 01234567 mod 23 = 19 → 'L'.
    assert_eq!(ok(&FieldType::TaxId, "X1234567L"), "X1234567L");
    assert_eq!(ok(&FieldType::TaxId, "x-1234567-l"), "X1234567L");
    // Y → 1: 11234567 mod 23 = 10 → 'X'.  Z → 2: 21234567 mod 23 = 1 → 'R'.
    assert_eq!(ok(&FieldType::TaxId, "Y1234567X"), "Y1234567X");
    assert_eq!(ok(&FieldType::TaxId, "Z1234567R"), "Z1234567R");
    assert_eq!(bad(&FieldType::TaxId, "X1234567A"), ErrorKind::BadTaxId);
    assert_eq!(bad(&FieldType::TaxId, "Y1234567L"), ErrorKind::BadTaxId);
}

#[test]
fn cif() {
    // B12345674: digits 1 2 3 4 5 6 7. Even positions 2+4+6 = 12. Odd positions doubled, digits summed:
    // 1→2, 3→6, 5→10→1, 7→14→5 = 14. Total 26; control = (10 − 6) mod 10 = 4. Type B requires the digit.
    assert_eq!(ok(&FieldType::TaxId, "B12345674"), "B12345674");
    assert_eq!(ok(&FieldType::TaxId, "b-1234567-4"), "B12345674");
    assert_eq!(bad(&FieldType::TaxId, "B12345675"), ErrorKind::BadTaxId);
    // Same digits, control 4 as a letter: JABCDEFGHI[4] = 'D'. B must use the digit, P the letter, C either.
    assert_eq!(bad(&FieldType::TaxId, "B1234567D"), ErrorKind::BadTaxId);
    assert_eq!(ok(&FieldType::TaxId, "P1234567D"), "P1234567D");
    assert_eq!(bad(&FieldType::TaxId, "P12345674"), ErrorKind::BadTaxId);
    assert_eq!(ok(&FieldType::TaxId, "C1234567D"), "C1234567D");
    assert_eq!(ok(&FieldType::TaxId, "C12345674"), "C12345674");
    // A58818501: even 8+1+5 = 14; odd 5→1, 8→7, 8→7, 0→0 = 15; total 29 → control 1.
    assert_eq!(ok(&FieldType::TaxId, "A58818501"), "A58818501");
    // Q2826000H: even 8+6+0 = 14; odd 2→4, 2→4, 0, 0 = 8; total 22 → control 8 → 'H'.
    assert_eq!(ok(&FieldType::TaxId, "Q2826000H"), "Q2826000H");
    // 'I' is not an organisation type.
    assert_eq!(bad(&FieldType::TaxId, "I12345674"), ErrorKind::BadTaxId);
}

#[test]
fn dates() {
    let d = FieldType::Date;
    assert_eq!(ok(&d, "29/02/2024"), "2024-02-29");
    assert_eq!(bad(&d, "29/02/2023"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "31/04/2025"), ErrorKind::BadDate);
    assert_eq!(ok(&d, "2025-12-31"), "2025-12-31");
    assert_eq!(ok(&d, "1/2/2025"), "2025-02-01");
    assert_eq!(ok(&d, "01-02-2025"), "2025-02-01");
    assert_eq!(ok(&d, "01.02.2025"), "2025-02-01");
    assert_eq!(ok(&d, "29/02/2000"), "2000-02-29");
    assert_eq!(bad(&d, "29/02/1900"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "2025-02-30"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "2025-13-01"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "00/01/2025"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "12/31/2025"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "31/12/25"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "2025/12/31"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "2025-1-5"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "01/02-2025"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "01/02/2025 10:00"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "yesterday"), ErrorKind::BadDate);
    assert_eq!(bad(&d, "1/1/0999"), ErrorKind::BadDate);
}

#[test]
fn numbers() {
    let n = FieldType::Number;
    assert_eq!(ok(&n, "1.234.567"), "1234567");
    assert_eq!(ok(&n, "1,234,567"), "1234567");
    assert_eq!(ok(&n, "12 345"), "12345");
    assert_eq!(ok(&n, "12\u{a0}345"), "12345");
    assert_eq!(ok(&n, "-1.234"), "-1234");
    assert_eq!(ok(&n, "+42"), "42");
    assert_eq!(ok(&n, "007"), "7");
    assert_eq!(ok(&n, "-0"), "0");
    for v in ["1.5", "1.2345", "1.234,5", "1..234", "1.234,567", "abc", "-", "1-2", "1e3", "12.34.567"] {
        assert_eq!(bad(&n, v), ErrorKind::BadNumber, "{v}");
    }
}

#[test]
fn decimals() {
    let d = FieldType::Decimal;
    assert_eq!(ok(&d, "1.234,56"), "1234.56");
    assert_eq!(ok(&d, "1,234.56"), "1234.56");
    assert_eq!(ok(&d, "1234,5"), "1234.5");
    assert_eq!(ok(&d, "1234.5"), "1234.5");
    assert_eq!(ok(&d, "1.234.567,89"), "1234567.89");
    assert_eq!(ok(&d, "1 234,56"), "1234.56");
    assert_eq!(ok(&d, "-0,50"), "-0.50");
    assert_eq!(ok(&d, "-0,00"), "0.00");
    assert_eq!(ok(&d, ",5"), "0.5");
    assert_eq!(ok(&d, "42"), "42");
    // The same separator repeated is a thousands separator.
    assert_eq!(ok(&d, "1.234.567"), "1234567");
    // One separator: decided by the last separator, so this is one point two three four.
    assert_eq!(ok(&d, "1.234"), "1.234");
    for v in ["1,2,3.4", "1.234.5", "12,34,56", "1,5,", "12.", "1e3", "1.234,56.7", "€ 12,50", "1,234,56.7", "--1"] {
        assert_eq!(bad(&d, v), ErrorKind::BadDecimal, "{v}");
    }
}

#[test]
fn emails() {
    let e = FieldType::Email;
    assert_eq!(ok(&e, "ana@example.com"), "ana@example.com");
    assert_eq!(ok(&e, " J.Garcia@Acme.ES "), "j.garcia@acme.es");
    assert_eq!(ok(&e, "a+b_c@sub.domain.es"), "a+b_c@sub.domain.es");
    assert_eq!(ok(&e, "ñandú@correo.es"), "ñandú@correo.es");
    for v in [
        "ana.example.com",
        "ana@@x.com",
        "ana@x@y.com",
        "a b@x.com",
        "@x.com",
        "ana@",
        "ana@x",
        "ana@x.c",
        "ana@.com",
        "ana@x..com",
        "ana@-x.com",
        ".ana@x.com",
        "ana.@x.com",
        "ana..b@x.com",
        "ana@x.com;b@y.com",
        "ana@x,com",
        "<ana@x.com>",
    ] {
        assert_eq!(bad(&e, v), ErrorKind::BadEmail, "{v}");
    }
}

#[test]
fn phones() {
    let p = FieldType::Phone;
    assert_eq!(ok(&p, "+34 600 12 34 56"), "+34600123456");
    assert_eq!(ok(&p, "600-123-456"), "600123456");
    assert_eq!(ok(&p, "(+34) 600.12.34.56"), "+34600123456");
    assert_eq!(ok(&p, "0034 600 123 456"), "+34600123456");
    assert_eq!(ok(&p, "+1 (555) 123-4567"), "+15551234567");
    assert_eq!(ok(&p, "961234567"), "961234567");
    for v in
        ["12345678", "1234567890123456", "600 12 34 5x", "600+123456", "++34600123456", "(600 123 456", "600) 123 456"]
    {
        assert_eq!(bad(&p, v), ErrorKind::BadPhone, "{v}");
    }
}

#[test]
fn enums_match_case_and_accent_insensitively() {
    let list = FieldType::Enum(vec!["España".into(), "Portugal".into(), "Côte d'Ivoire".into()]);
    assert_eq!(ok(&list, "espana"), "España");
    assert_eq!(ok(&list, " ESPAÑA "), "España");
    assert_eq!(ok(&list, "cote divoire"), "Côte d'Ivoire");
    assert_eq!(ok(&list, "PORTUGAL"), "Portugal");
    assert_eq!(bad(&list, "Francia"), ErrorKind::NotInList);
}
