use super::*;
use std::io::Read;

#[test]
fn detects_bom_utf8_and_windows_1252() {
    assert_eq!(detect_encoding(b"\xEF\xBB\xBFa;b\n"), Encoding::Utf8Bom);
    assert_eq!(detect_encoding("Muñoz;Pérez\n".as_bytes()), Encoding::Utf8);
    assert_eq!(detect_encoding(b"plain ascii"), Encoding::Utf8);
    assert_eq!(detect_encoding(b""), Encoding::Utf8);
    assert_eq!(detect_encoding(b"Mu\xF1oz;P\xE9rez\n"), Encoding::Windows1252);
}

#[test]
fn a_character_cut_at_the_end_of_the_head_is_still_utf8() {
    let text = "abc ñ".as_bytes();
    assert_eq!(detect_encoding(&text[..text.len() - 1]), Encoding::Utf8);
    // But an invalid byte in the middle is not.
    assert_eq!(detect_encoding(b"a\xC3b"), Encoding::Windows1252);
}

#[test]
fn decodes_windows_1252() {
    assert_eq!(decode_windows_1252(b"Mu\xF1oz"), "Muñoz");
    assert_eq!(decode_windows_1252(b"\x80 \x8A\x9A \x8E\x9E \x8C\x9C \x9F \x93q\x94 \x96"), "€ Šš Žž Œœ Ÿ “q” –");
    assert_eq!(decode_windows_1252(b"\xC0\xFF\xA0"), "Àÿ\u{a0}");
    assert_eq!(decode_windows_1252(b"\x81\x8D\x8F\x90\x9D"), "\u{81}\u{8d}\u{8f}\u{90}\u{9d}");
}

#[test]
fn windows_1252_reader_decodes_in_small_reads() {
    let input: Vec<u8> = b"Mu\xF1oz \x80 ".iter().copied().cycle().take(100_000).collect();
    let mut reader = Windows1252Reader::new(&input[..]);
    let mut out = Vec::new();
    let mut buf = [0u8; 7];
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out, decode_windows_1252(&input));
    assert!(out.starts_with("Muñoz € Muñoz"));
}

#[test]
fn sniffs_comma_semicolon_and_tab() {
    assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
    assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n4;5,5;6\n"), b';');
    assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
    assert_eq!(sniff_delimiter("single\nrow\n"), b',');
    assert_eq!(sniff_delimiter(""), b',');
    assert_eq!(sniff_delimiter("a;b"), b';');
}

#[test]
fn sniffing_respects_quotes() {
    // Commas inside quotes outnumber the real delimiter.
    let text = "name;city\n\"Turia, S.L., Valencia, ES\";Valencia\n\"García, Juan\";\"Madrid, ES\"\n";
    assert_eq!(sniff_delimiter(text), b';');
    // A quoted line break does not end the record.
    let text = "a,b\n\"x;\ny;z\",2\n3,4\n";
    assert_eq!(sniff_delimiter(text), b',');
}

#[test]
fn sniffing_prefers_the_consistent_candidate() {
    // The header has one comma and one semicolon; only the semicolon is consistent in the data.
    let text = "id;amount,eur\n1;2,5\n2;3\n3;4\n";
    assert_eq!(sniff_delimiter(text), b';');
    // A truncated last line is ignored.
    let text = "a;b;c\n1;2;3\n4;5";
    assert_eq!(sniff_delimiter(text), b';');
}
