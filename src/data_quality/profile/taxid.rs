//! Spanish tax identifiers: NIF (DNI), NIE and CIF.

/// NIF / NIE check letters, indexed by the number modulo 23.
const NIF_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
/// Organisation types that may start a CIF.
const CIF_TYPES: &[u8] = b"ABCDEFGHJNPQRSUVW";
/// CIF control letters, indexed by the control digit.
const CIF_CONTROL_LETTERS: &[u8; 10] = b"JABCDEFGHI";

/// Validates a Spanish NIF, NIE or CIF and returns it upper-case without separators.
///
/// Case-insensitive; spaces, hyphens and dots between characters are ignored (`12.345.678-z`).
/// * NIF: 8 digits + check letter (`TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]`); also the K/L/M personal NIFs
///   (letter + 7 digits + check letter, same rule on the 7 digits).
/// * NIE: `X`/`Y`/`Z` + 7 digits + check letter; the prefix counts as 0/1/2 in front of the digits.
/// * CIF: organisation letter (`ABCDEFGHJNPQRSUVW`) + 7 digits + control. Control digit: sum the digits in
///   even positions (2nd, 4th, 6th), add the digit sums of twice each digit in odd positions (1st, 3rd, 5th,
///   7th); control = (10 − total mod 10) mod 10. The control is that digit, or the letter `JABCDEFGHI[control]`.
///   Types `P Q R S N W` must use the letter, `A B E H` the digit, the others may use either.
pub(crate) fn clean_tax_id(value: &str) -> Option<String> {
    let mut id = String::with_capacity(9);
    for c in value.chars() {
        match c {
            ' ' | '-' | '.' => {}
            c if c.is_ascii_alphanumeric() => id.push(c.to_ascii_uppercase()),
            _ => return None,
        }
    }
    let b = id.as_bytes();
    if b.len() != 9 {
        return None;
    }
    let valid = match b[0] {
        b'0'..=b'9' => nif_ok(0, &b[..8], b[8]),
        b'X' => nif_ok(0, &b[1..8], b[8]),
        b'Y' => nif_ok(1, &b[1..8], b[8]),
        b'Z' => nif_ok(2, &b[1..8], b[8]),
        b'K' | b'L' | b'M' => nif_ok(0, &b[1..8], b[8]),
        t if CIF_TYPES.contains(&t) => cif_ok(t, &b[1..8], b[8]),
        _ => false,
    };
    valid.then_some(id)
}

/// NIF rule: `prefix` followed by `digits`, modulo 23, must give `letter`.
fn nif_ok(prefix: u64, digits: &[u8], letter: u8) -> bool {
    let Some(n) = parse_digits(digits) else {
        return false;
    };
    let n = prefix * 10u64.pow(digits.len() as u32) + n;
    NIF_LETTERS[(n % 23) as usize] == letter
}

fn cif_ok(kind: u8, digits: &[u8], control: u8) -> bool {
    if parse_digits(digits).is_none() {
        return false;
    }
    let d = |i: usize| u32::from(digits[i] - b'0');
    let even = d(1) + d(3) + d(5);
    let odd: u32 = [0, 2, 4, 6]
        .iter()
        .map(|&i| {
            let x = 2 * d(i);
            x / 10 + x % 10
        })
        .sum();
    let c = (10 - (even + odd) % 10) % 10;
    let as_digit = control == b'0' + c as u8;
    let as_letter = control == CIF_CONTROL_LETTERS[c as usize];
    match kind {
        b'P' | b'Q' | b'R' | b'S' | b'N' | b'W' => as_letter,
        b'A' | b'B' | b'E' | b'H' => as_digit,
        _ => as_digit || as_letter,
    }
}

fn parse_digits(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0')))
}
