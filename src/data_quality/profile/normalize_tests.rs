use super::*;

#[test]
fn spanish_names_fold_accents_and_punctuation() {
    assert_eq!(normalize("  José  María Núñez-Peña "), "jose maria nunez pena");
    assert_eq!(normalize("ÑANDÚ S.L."), "nandu sl");
    assert_eq!(normalize("ÑANDÚ S.L."), normalize("nandu sl"));
    assert_eq!(normalize("Distribuciones Turia S.L"), normalize("Distribuciones Turia SL"));
}

#[test]
fn other_latin1_letters() {
    assert_eq!(normalize("Façade"), "facade");
    assert_eq!(normalize("Müller Güell"), "muller guell");
    assert_eq!(normalize("À la carte"), "a la carte");
    assert_eq!(normalize("Crème Brûlée"), "creme brulee");
    assert_eq!(normalize("Naïve Noël"), "naive noel");
    assert_eq!(normalize("ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖØ ÙÚÛÜ Ý Ç Ñ"), "aaaaaa eeee iiii oooooo uuuu y c n");
    assert_eq!(normalize("Æsir Straße Þór Øresund"), "aesir strasse thor oresund");
    assert_eq!(normalize("ŠKODA Žilina Œuvre"), "skoda zilina oeuvre");
    assert_eq!(normalize("Cª Nº 5"), "ca no 5");
}

#[test]
fn combining_accents_are_dropped() {
    // "José" written with a combining acute accent (NFD).
    assert_eq!(normalize("Jose\u{301}"), "jose");
}

#[test]
fn whitespace_collapses_and_punctuation_splits_or_joins() {
    assert_eq!(normalize("\t a \n\n b\u{a0}c  "), "a b c");
    assert_eq!(normalize("O'Brien & Sons, Ltd."), "obrien sons ltd");
    assert_eq!(normalize("L’Hospitalet"), "lhospitalet");
    assert_eq!(normalize("Calle Mayor, 5 - 2º B"), "calle mayor 5 2o b");
    assert_eq!(normalize("1.234,56"), "1234 56");
    assert_eq!(normalize("--"), "");
    assert_eq!(normalize(""), "");
}

#[test]
fn emails_keep_their_punctuation() {
    assert_eq!(normalize(" J.García-Ruiz@Acme.ES "), "j.garcia-ruiz@acme.es");
    assert_eq!(normalize("ana_b+tag@x.com"), "ana_b+tag@x.com");
    // Not an e-mail (inner space): ordinary rules.
    assert_eq!(normalize("see a@b.com now"), "see a bcom now");
}

#[test]
fn normalize_email_only_trims_and_lowercases() {
    assert_eq!(normalize_email("  JGarcia@ACME.es "), "jgarcia@acme.es");
    assert_eq!(normalize_email("Ñ@x.es"), "ñ@x.es");
}

#[test]
fn non_latin_letters_are_kept() {
    assert_eq!(normalize("Ελλάς"), "ελλάς");
}

#[test]
fn header_keys_ignore_spaces_and_punctuation() {
    assert_eq!(header_key("Tax ID"), "taxid");
    assert_eq!(header_key("tax_id"), "taxid");
    assert_eq!(header_key("\u{feff}E-mail"), "email");
    assert_eq!(header_key("Código"), "codigo");
}

#[test]
fn fnv1a64_known_vectors() {
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    let mut h = Fnv::new();
    h.write(b"foo");
    h.write(b"bar");
    assert_eq!(h.finish(), fnv1a64(b"foobar"));
}
