use super::*;
use crate::data_quality::profile::Band;

fn linker(decisions: &[(u64, u64, bool)]) -> Linker {
    let fields = [
        ("name".to_string(), FieldType::Text),
        ("tax".to_string(), FieldType::TaxId),
        ("email".to_string(), FieldType::Email),
    ];
    Linker::new(&fields, 0.5, decisions)
}

const ROWS: [(u64, [&str; 3]); 5] = [
    (2, ["Ferretería Zubizarreta S.L.", "12345678Z", "info@zubi.es"]),
    (3, ["Talleres Gómez", "22222222J", "taller@gomez.es"]),
    (4, ["Ferreteria Zubizarrta", "12345678Z", ""]),
    (5, ["FERRETERÍA ZUBIZARRETA", "", "info@zubi.es"]),
    (6, ["Talleres Gómez Ruiz", "33333333P", "otro@ruiz.es"]),
];

fn run(l: &mut Linker) -> Vec<u64> {
    ROWS.iter().map(|(line, v)| l.add(*line, None, v).expect("values")).collect()
}

#[test]
fn connected_pairs_make_one_group_banded_by_its_strongest_pair() {
    let mut l = linker(&[]);
    run(&mut l);
    let (pairs, summary, clusters) = l.finish();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0].lines, vec![2, 4, 5]);
    assert_eq!(clusters[0].band, Band::Certain);
    assert_eq!(summary.clusters_total, 1);
    assert_eq!(summary.pairs_total, pairs.len() as u64);
    assert!(pairs.iter().all(|p| p.score >= 0.5 && p.evidence.len() == 3));
    // "Talleres Gómez" and "Talleres Gómez Ruiz" with other tax ids and e-mails: not reported.
    assert!(!pairs.iter().any(|p| p.line_a == 3));
}

#[test]
fn decided_pairs_are_left_out_or_kept_whatever_their_score() {
    let mut probe = linker(&[]);
    let fp = run(&mut probe);
    let (a, c) = (fp[0], fp[3]);
    let (t1, t2) = (fp[1], fp[4]);
    let mut l = linker(&[(c, a, false), (t1, t2, true)]);
    run(&mut l);
    let (pairs, summary, clusters) = l.finish();
    assert_eq!(summary.decided_different, 1);
    assert!(!pairs.iter().any(|p| (p.line_a, p.line_b) == (2, 5)));
    let talleres = pairs.iter().find(|p| (p.line_a, p.line_b) == (3, 6)).expect("a decided pair stays");
    assert_eq!(talleres.decided, Some(true));
    assert_eq!(clusters.len(), 2);
}

#[test]
fn the_threshold_is_sanitized() {
    let fields = [("name".to_string(), FieldType::Text)];
    assert_eq!(Linker::new(&fields, f64::NAN, &[]).threshold, 1.0);
    assert_eq!(Linker::new(&fields, 1.5, &[]).threshold, 1.0);
    assert_eq!(Linker::new(&fields, -1.0, &[]).threshold, 0.0);
    let mut l = Linker::new(&fields, 0.5, &[]);
    assert_eq!(l.add(2, None, &["  "]), None, "nothing to compare");
}
