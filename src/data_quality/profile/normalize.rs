//! Text normalization for duplicate detection and header matching, and the stable FNV-1a hash.

/// Normalizes a value for duplicate detection.
///
/// Rules, in order:
/// * trims, lowercases and strips accents: the Latin-1 letters (`á→a`, `ñ→n`, `ü→u`, `ç→c`, `ø→o`, `æ→ae`,
///   `ß→ss`, `þ→th`, `ð→d`…), the Windows-1252 extras (`š→s`, `ž→z`, `œ→oe`, `ÿ→y`), common Latin Extended-A
///   letters, the ordinal indicators `º→o` / `ª→a`, and combining accents (decomposed input);
/// * `.`, apostrophes (`'`, `’`, `‘`, `´`, `` ` ``) are dropped without splitting words, so `S.L.` → `sl` and
///   `O'Brien` → `obrien`;
/// * every other punctuation or symbol character separates words like whitespace (`Núñez-Peña` → `nunez pena`);
/// * runs of separators collapse to one space, with none at either end;
/// * e-mail addresses (a value with `@` and no inner whitespace) keep `@ . - _ +`, so `j.garcia@acme.es` stays
///   `j.garcia@acme.es` (`_` and `+` are kept too: they distinguish real mailboxes).
///
/// Other letters and digits (Greek, Cyrillic…) are kept, lowercased.
///
/// Examples: `"  José  María Núñez-Peña "` → `"jose maria nunez pena"`; `"ÑANDÚ S.L."` → `"nandu sl"`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// Normalizes an e-mail address for comparison: trims and lowercases (nothing else).
pub fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

/// [`normalize`] into a reusable buffer (cleared first).
pub(crate) fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    let s = s.trim();
    let email = s.contains('@') && !s.chars().any(char::is_whitespace);
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_ascii() {
            push_ascii(c, email, &mut pending_space, out);
            continue;
        }
        for lower in c.to_lowercase() {
            match fold(lower) {
                Folded::Text(t) => push_word_text(t, &mut pending_space, out),
                Folded::Keep => {
                    let mut buf = [0u8; 4];
                    push_word_text(lower.encode_utf8(&mut buf), &mut pending_space, out);
                }
                Folded::Drop => {}
                Folded::Separator => pending_space = true,
            }
        }
    }
}

fn push_ascii(c: char, email: bool, pending_space: &mut bool, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push(c.to_ascii_lowercase());
    } else if email && matches!(c, '@' | '.' | '-' | '_' | '+') {
        out.push(c);
    } else if !matches!(c, '.' | '\'' | '`') {
        *pending_space = true;
    }
}

fn push_word_text(t: &str, pending_space: &mut bool, out: &mut String) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push_str(t);
}

enum Folded {
    /// Replace by this ASCII text.
    Text(&'static str),
    /// Keep the (lowercase) letter or digit as is.
    Keep,
    /// Remove without splitting the word (combining accents, apostrophes).
    Drop,
    /// Acts as whitespace.
    Separator,
}

/// Folds one lowercase non-ASCII character.
fn fold(c: char) -> Folded {
    let text = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ª' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'º' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'š' | 'ś' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' => "z",
        '\u{0300}'..='\u{036f}' | '’' | '‘' | '´' | 'ʼ' => return Folded::Drop,
        _ if c.is_alphanumeric() => return Folded::Keep,
        _ => return Folded::Separator,
    };
    Folded::Text(text)
}

/// Key used to match header names with field names: [`normalize`] without spaces
/// (so `Tax ID`, `tax_id` and `TAX-ID` all match). A leading BOM character is ignored.
pub(crate) fn header_key(s: &str) -> String {
    let mut out = String::new();
    normalize_into(s.trim_start_matches('\u{feff}'), &mut out);
    out.retain(|c| c != ' ');
    out
}

/// 64-bit FNV-1a hash: simple and stable across runs and platforms (unlike std's `DefaultHasher`).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.write(bytes);
    h.finish()
}

/// Incremental 64-bit FNV-1a.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
