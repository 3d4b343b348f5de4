//! Text folding for search: lower case without accents, the same in Rust on every database
//! (SQLite's `LOWER()` only folds ASCII, so "ángela" would not find "Ángela" there).

/// Lower-cases and strips the accents of Latin letters: "Ángela Ñúñez" → "angela nunez".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// A `LIKE` pattern matching `term` anywhere in a folded text; LIKE's own wildcards are dropped.
pub fn contains_pattern(term: &str) -> String {
    format!("%{}%", fold(term.trim()).replace(['\\', '%', '_'], ""))
}

/// Text of an uploaded file: UTF-8 (a byte-order mark is dropped), or else Windows-1252, which is
/// what Excel on Spanish and English Windows writes for "CSV". Returns the text and whether it was
/// read as Windows-1252.
pub fn decode_upload(bytes: &[u8]) -> (String, bool) {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (b.iter().map(|&c| cp1252(c)).collect(), true),
    }
}

/// One Windows-1252 byte as a char: Latin-1 except 0x80–0x9F (€, curly quotes, dashes…).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The field delimiter of a CSV export: whichever of `;` `,` or tab is most frequent in the first
/// line outside quotes (Spanish Excel writes `;`, because `,` is the decimal separator).
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let (mut quoted, mut counts) = (false, [0usize; 3]);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 1)).unwrap_or(1);
    [b';', b',', b'\t'][best]
}

/// An e-mail address as we store and compare it.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The folded text a person is found by (name and e-mail).
pub fn person_search(name: &str, email: &str) -> String {
    fold(&format!("{} {}", name.trim(), normalize_email(email)))
}

/// The folded text a project is found by (name and company).
pub fn project_search(name: &str, company: &str) -> String {
    fold(&format!("{name} {company}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("Ángela NÚÑEZ, Cerámicas Güell"), "angela nunez, ceramicas guell");
        assert_eq!(fold("plain ascii 42"), "plain ascii 42");
    }

    #[test]
    fn like_wildcards_typed_by_users_are_not_wildcards() {
        assert_eq!(contains_pattern(" 50%_off "), "%50off%");
    }

    #[test]
    fn uploads_are_read_as_utf8_or_windows_1252() {
        assert_eq!(decode_upload("\u{feff}Año".as_bytes()), ("Año".to_string(), false));
        assert_eq!(decode_upload(&[b'A', 0xF1, b'o', b' ', 0x80]), ("Año €".to_string(), true));
    }

    #[test]
    fn the_delimiter_is_the_most_frequent_one_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("\"x;y\",b,c"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("single"), b',');
    }
}

/// Whether `s` holds a control character no text field may store: NUL and the other C0 and C1
/// controls, tab, line feed and carriage return excepted. PostgreSQL refuses NUL in text outright,
/// and the others are invisible junk pasted from other programs.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The names of the `fields` whose name or value [`has_control`], each once, in order.
pub fn control_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut bad: Vec<String> = Vec::new();
    for (k, v) in fields {
        if (has_control(k) || has_control(v)) && !bad.iter().any(|b| b == k) {
            bad.push(k.chars().filter(|c| !c.is_control()).take(60).collect());
        }
    }
    bad
}

#[cfg(test)]
mod control_tests {
    use super::*;

    #[test]
    fn nul_and_other_controls_are_caught_but_line_breaks_and_tabs_are_text() {
        assert!(has_control("pm@demo.example\0"));
        assert!(has_control("a\u{7}b") && has_control("a\u{7f}") && has_control("\u{85}"));
        assert!(!has_control("Línea 1\r\nLínea 2\tfin") && !has_control("Ñandú €"));
        let f = control_fields([("name", "ok"), ("email", "x\0"), ("email", "\0"), ("n\0te", "")]);
        assert_eq!(f, vec!["email".to_string(), "nte".to_string()]);
    }
}
