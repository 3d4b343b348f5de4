use super::super::words::one_edit;
use super::*;
use std::collections::HashMap;

/// Frequencies of a made-up file of 10,000 rows.
struct Freq(HashMap<u64, f64>);

impl Frequencies for Freq {
    fn population(&self) -> f64 {
        10_000.0
    }
    fn df(&self, hash: u64) -> f64 {
        self.0.get(&hash).copied().unwrap_or(2.0)
    }
}

fn name(s: &str) -> Value {
    value(0, Comparator::Text, true, s, &mut String::new())
}

fn tokens_of(v: &Value) -> Vec<u64> {
    let mut out = Vec::new();
    counted(v, |h| out.push(h));
    out
}

#[test]
fn one_edit_is_the_optimal_string_alignment_distance_of_one() {
    let words =
        ["garcia", "gracia", "garcai", "garca", "garciaa", "xarcia", "garcia", "agrcia", "gar", "", "g", "gxrcya"];
    for a in words {
        for b in words {
            assert_eq!(one_edit(a, b), strsim::osa_distance(a, b) == 1, "{a} / {b}");
        }
    }
}

#[test]
fn legal_forms_case_and_accents_do_not_count() {
    let f = Freq(HashMap::new());
    let (level, w) = compare(Comparator::Text, true, &name("Talleres García S.L."), &name("TALLERES GARCIA"), &f);
    assert_eq!(level, Level::Same);
    assert!(w > 20.0, "{w}");
    let (level, _) =
        compare(Comparator::Text, true, &name("Talleres García S. Coop."), &name("talleres garcia sa"), &f);
    assert_eq!(level, Level::Same);
}

#[test]
fn agreeing_on_a_rare_word_weighs_more_than_on_a_common_one() {
    let common = name("Comercial García");
    let hashes = tokens_of(&common);
    // "comercial" and "garcia" are in a fifth of the rows; "zubizarreta" in two.
    let f = Freq(hashes.iter().map(|&h| (h, 2_000.0)).collect());
    let (_, shared_common) =
        compare(Comparator::Text, true, &name("Comercial García Pérez"), &name("Comercial García López"), &f);
    let (_, shared_rare) = compare(Comparator::Text, true, &name("Zubizarreta Pérez"), &name("Zubizarreta López"), &f);
    assert!(shared_rare > shared_common + 5.0, "{shared_rare} vs {shared_common}");
}

#[test]
fn a_typo_is_near_and_another_order_counts_less() {
    let f = Freq(HashMap::new());
    let (level, typo) =
        compare(Comparator::Text, true, &name("Construcciones Núñez"), &name("Construciones Nuñez"), &f);
    assert_eq!(level, Level::Near);
    let (_, same) = compare(Comparator::Text, true, &name("Arias Garrido"), &name("Arias Garrido"), &f);
    let (_, swapped) = compare(Comparator::Text, true, &name("Arias Garrido"), &name("Garrido Arias"), &f);
    assert!(typo > 0.0 && swapped < same, "{typo} {swapped} {same}");
}

#[test]
fn identifiers_agree_nearly_or_disagree_and_missing_values_are_no_evidence() {
    let f = Freq(HashMap::new());
    let tax = |s: &str| value(1, Comparator::TaxId, false, s, &mut String::new());
    let (level, w) = compare(Comparator::TaxId, false, &tax("12345678-z"), &tax("ES12345678Z"), &f);
    assert_eq!(level, Level::Same);
    assert!(w > 12.0);
    assert_eq!(compare(Comparator::TaxId, false, &tax("12345678Z"), &tax("12345679Z"), &f).0, Level::Near);
    let (level, w) = compare(Comparator::TaxId, false, &tax("12345678Z"), &tax("87654321X"), &f);
    assert_eq!(level, Level::Different);
    assert!(w < -3.0 && w > -4.0, "weighed, not a veto: {w}");
    assert_eq!(compare(Comparator::TaxId, false, &tax(""), &tax("87654321X"), &f), (Level::Missing, 0.0));
    let phone = |s: &str| value(2, Comparator::Phone, false, s, &mut String::new());
    assert_eq!(compare(Comparator::Phone, false, &phone("+34 912 345 678"), &phone("912345678"), &f).0, Level::Same);
    let mail = |s: &str| value(3, Comparator::Email, false, s, &mut String::new());
    assert_eq!(
        compare(Comparator::Email, false, &mail("J.Garcia@Acme.es"), &mail("j.garcia@acme.es"), &f).0,
        Level::Same
    );
    assert_eq!(
        compare(Comparator::Email, false, &mail("jgarcia@acme.es"), &mail("j.garcia@gmail.com"), &f).0,
        Level::Near
    );
    assert_eq!(
        compare(Comparator::Email, false, &mail("nunez@example.com"), &mail("nunez2@example.com"), &f).0,
        Level::Near
    );
    assert_eq!(
        compare(Comparator::Email, false, &mail("nunez@example.com"), &mail("nunez2@other.com"), &f).0,
        Level::Different
    );
}
