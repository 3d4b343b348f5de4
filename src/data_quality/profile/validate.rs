//! Field validators: each checks one value and returns its clean, normalized form.

use super::normalize::normalize;
use super::taxid::clean_tax_id;
use super::{ErrorKind, FieldType};
use std::borrow::Cow;

/// Validates one value against a field type.
///
/// The value is trimmed first. Returns `Ok(None)` when it is empty (whether that is an error depends on
/// [`FieldRule::required`](super::FieldRule::required)), `Ok(Some(clean))` with the clean normalized value when
/// valid, or the [`ErrorKind`] of the type (`BadEmail`, `BadDate`…). `max_len` is not checked here.
///
/// Clean forms: e-mail lower-cased; date `YYYY-MM-DD`; number digits with `-` if negative and no leading zeros;
/// decimal `1234.56` (fraction digits kept as written); phone `+` (if given as `+` or `00`) followed by the
/// digits; tax id upper-case without separators; enum the list's spelling; text trimmed.
pub fn validate(kind: &FieldType, value: &str) -> Result<Option<String>, ErrorKind> {
    validate_cow(kind, value).map(|v| v.map(Cow::into_owned))
}

/// [`validate`] without allocating for text. Enum values are matched by a linear scan; the profiler uses an index.
pub(crate) fn validate_cow<'a>(kind: &FieldType, value: &'a str) -> Result<Option<Cow<'a, str>>, ErrorKind> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let clean = match kind {
        FieldType::Text => return Ok(Some(Cow::Borrowed(v))),
        FieldType::Email => clean_email(v).ok_or(ErrorKind::BadEmail)?,
        FieldType::Date => clean_date(v).ok_or(ErrorKind::BadDate)?,
        FieldType::Number => clean_number(v).ok_or(ErrorKind::BadNumber)?,
        FieldType::Decimal => clean_decimal(v).ok_or(ErrorKind::BadDecimal)?,
        FieldType::Phone => clean_phone(v).ok_or(ErrorKind::BadPhone)?,
        FieldType::TaxId => clean_tax_id(v).ok_or(ErrorKind::BadTaxId)?,
        FieldType::Enum(options) => {
            let key = normalize(v);
            let found = options.iter().find(|o| normalize(o) == key);
            found.cloned().ok_or(ErrorKind::NotInList)?
        }
    };
    Ok(Some(Cow::Owned(clean)))
}

/// Pragmatic e-mail check: exactly one `@`; a local part that is non-empty, does not start or end with `.` and has
/// no `..`; a domain of at least two non-empty labels of letters, digits and `-` (not at a label's ends) whose
/// last label has two or more characters; no whitespace, quotes, commas, semicolons, brackets or similar anywhere.
fn clean_email(v: &str) -> Option<String> {
    let (local, domain) = v.split_once('@')?;
    if local.is_empty() || domain.contains('@') || local.starts_with('.') || local.ends_with('.') {
        return None;
    }
    if local.contains("..") || local.chars().any(|c| c.is_whitespace() || c.is_control() || "\"(),:;<>[\\]".contains(c))
    {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.last().is_none_or(|l| l.chars().count() < 2) {
        return None;
    }
    let label_ok = |l: &&str| {
        !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    labels.iter().all(label_ok).then(|| v.to_lowercase())
}

/// Accepts `YYYY-MM-DD` and day-first `D/M/YYYY`, `D-M-YYYY`, `D.M.YYYY` (day and month of one or two digits,
/// the same separator twice), with years 1000–9999 and real calendar days. Returns `YYYY-MM-DD`.
fn clean_date(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let (y, m, d) = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        (digits(&b[..4])?, digits(&b[5..7])?, digits(&b[8..])?)
    } else {
        let sep = *b.iter().find(|c| matches!(c, b'/' | b'-' | b'.'))?;
        let mut parts = v.split(char::from(sep));
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) || y.len() != 4 {
            return None;
        }
        (digits(y.as_bytes())?, digits(m.as_bytes())?, digits(d.as_bytes())?)
    };
    ((1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Splits an optional leading sign: returns (negative, rest).
fn split_sign(v: &str) -> (bool, &str) {
    match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, v),
    }
}

fn is_space_sep(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Digits of an integer written with or without thousands separators. With separators, all of them must be the
/// same (`.`, `,` or a space — NBSP counts as a space), the first group has 1–3 digits and the others exactly 3.
/// `allowed` limits which separators may be used. Returns the bare digits.
fn grouped_digits(s: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.to_string());
    }
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !allowed(sep) {
        return None;
    }
    let same = |c: char| c == sep || (is_space_sep(sep) && is_space_sep(c));
    let mut out = String::with_capacity(s.len());
    for (i, group) in s.split(same).enumerate() {
        let ok_len = if i == 0 { (1..=3).contains(&group.len()) } else { group.len() == 3 };
        if !ok_len || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(group);
    }
    Some(out)
}

/// Formats sign + integer digits (leading zeros removed) + optional fraction.
fn format_number(negative: bool, int_digits: &str, frac: Option<&str>) -> String {
    let int = int_digits.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let zero = int == "0" && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    let mut out = String::with_capacity(int.len() + 8);
    if negative && !zero {
        out.push('-');
    }
    out.push_str(int);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Integer with optional sign and thousands separators: `1.234.567`, `-1,234`, `12 345` → `1234567`…
fn clean_number(v: &str) -> Option<String> {
    let (negative, body) = split_sign(v);
    let int = grouped_digits(body, |c| matches!(c, '.' | ',') || is_space_sep(c))?;
    Some(format_number(negative, &int, None))
}

/// Decimal number. The last `.` or `,` decides: if that character occurs once it is the decimal separator and the
/// integer part may use the *other* one (or spaces) as thousands separator; if it occurs several times (and the
/// other one never) it is a thousands separator and the number is an integer (`1.234.567`). Hence `1.234,56`,
/// `1,234.56`, `1234,5`, `1234.5`, `,5` are accepted and `1,2,3.4`, `1.234.5`, `1,5,` are rejected.
fn clean_decimal(v: &str) -> Option<String> {
    let (negative, body) = split_sign(v);
    let Some(pos) = body.rfind(['.', ',']) else {
        let int = grouped_digits(body, is_space_sep)?;
        return Some(format_number(negative, &int, None));
    };
    let sep = char::from(body.as_bytes()[pos]);
    let other = if sep == '.' { ',' } else { '.' };
    if body.matches(sep).count() > 1 {
        if body.contains(other) {
            return None;
        }
        let int = grouped_digits(body, |c| c == sep)?;
        return Some(format_number(negative, &int, None));
    }
    let (int_part, frac) = (&body[..pos], &body[pos + 1..]);
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = if int_part.is_empty() {
        String::from("0")
    } else {
        grouped_digits(int_part, |c| c == other || is_space_sep(c))?
    };
    Some(format_number(negative, &int, Some(frac)))
}

/// Phone: digits with an optional leading `+` (also inside a leading parenthesis, `(+34)`), spaces, dashes, dots
/// and balanced, non-nested parentheses; `00` in front counts as `+`. 9–15 digits after cleaning (not counting
/// the `00`). No country code is assumed: `600123456` stays `600123456`.
fn clean_phone(v: &str) -> Option<String> {
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    let mut open = false;
    for c in v.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            '(' if !open => open = true,
            ')' if open => open = false,
            ' ' | '-' | '.' | '\u{a0}' => {}
            _ => return None,
        }
    }
    if open {
        return None;
    }
    if !plus && digits.starts_with("00") {
        digits.drain(..2);
        plus = true;
    }
    if !(9..=15).contains(&digits.len()) {
        return None;
    }
    Some(if plus { format!("+{digits}") } else { digits })
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
