//! Two-factor authentication: TOTP (RFC 6238) plus single-use recovery codes.
//!
//! The TOTP parameters are fixed to what every mainstream authenticator app accepts
//! (Google Authenticator, Aegis, FreeOTP, Microsoft Authenticator): HMAC-SHA-1,
//! 6 digits, 30-second steps. The HOTP/TOTP arithmetic itself is done by `totp-rs`;
//! this module adds input normalisation, the clock-skew window, replay protection,
//! the `otpauth://` enrolment URI, its QR code as SVG, and recovery codes.

use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Length in bytes of the secrets made by [`new_secret`]: 160 bits, as RFC 4226 §4 recommends.
pub const SECRET_LEN: usize = 20;
/// Shortest secret [`verify`] accepts: 128 bits, the minimum RFC 4226 §4 requires.
pub const MIN_SECRET_LEN: usize = 16;
/// Number of digits in a code.
pub const DIGITS: usize = 6;
/// Length of a TOTP time step in seconds.
pub const STEP_SECONDS: u64 = 30;
/// Steps accepted on either side of the current one to tolerate clock skew.
pub const SKEW_STEPS: u64 = 1;

/// Pixels per QR module in the SVG's intrinsic size (the drawing scales freely: `viewBox` is set).
const QR_MODULE_PX: u32 = 6;
/// Crockford's base32 alphabet, lowercase: no `i`, `l`, `o` or `u`, so nothing reads as something else.
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Symbols per recovery code: 12 × 5 bits = 60 bits of entropy.
const RECOVERY_SYMBOLS: usize = 12;
/// Input longer than this cannot be a 6-digit code, however it is spaced.
const MAX_CODE_INPUT: usize = 32;

/// A new random 20-byte (160-bit) secret from the operating system's CSPRNG.
///
/// # Panics
///
/// Only if the operating system's random source fails, which `rand` treats as unrecoverable.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_LEN];
    OsRng.fill_bytes(&mut secret);
    secret
}

/// The secret as RFC 4648 base32 (uppercase, without `=` padding), as authenticator apps expect for manual entry.
pub fn secret_base32(secret: &[u8]) -> String {
    Secret::from(secret).to_base32()
}

/// Base32 text in groups of four characters separated by spaces, for display (`GEZD GNBV GY3T ...`).
pub fn grouped(base32: &str) -> String {
    let chars: Vec<char> = base32.chars().collect();
    chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// Decodes a base32 secret as typed or pasted: case, spaces, dashes and trailing `=` are ignored.
///
/// Returns `None` for empty input, characters outside the RFC 4648 alphabet, or a length/trailing bits
/// that no byte string encodes to (only canonical encodings are accepted).
pub fn secret_from_base32(s: &str) -> Option<Vec<u8>> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .trim_end_matches('=')
        .to_ascii_uppercase();
    if cleaned.is_empty() {
        return None;
    }
    let bytes = Secret::try_from_base32(&cleaned).ok()?.as_bytes().to_vec();
    (secret_base32(&bytes) == cleaned).then_some(bytes)
}

/// The `otpauth://` key URI to enrol `secret` in an authenticator app (Google's Key URI format):
/// `otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`.
///
/// Issuer and account are percent-encoded as UTF-8, keeping only RFC 3986 unreserved characters
/// (so a space is `%20`, never `+`; `+` is `%2B`; `@` is `%40`; `é` is `%C3%A9`).
/// Neither should contain `:`: it is encoded as `%3A`, but apps treat that as the label separator.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> String {
    let issuer = percent_encode(issuer);
    let account = percent_encode(account);
    let secret = secret_base32(secret);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
}

/// Percent-encodes everything but the RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// The QR code of `data` as a standalone SVG document: black modules on white, 4-module quiet zone,
/// `viewBox` set, a single `<path>`, no scripts. Error correction level M (15 %).
///
/// Returns `None` only if `data` is too long for any QR code (about 2,300 bytes at level M).
pub fn qr_svg(data: &str) -> Option<String> {
    let code = QrCode::new(data.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(QR_MODULE_PX, QR_MODULE_PX)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

/// [`qr_svg`] as a `data:image/svg+xml;base64,...` URI, for `<img src="...">`.
pub fn qr_data_uri(data: &str) -> Option<String> {
    qr_svg(data).map(|svg| format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes())))
}

/// Standard base64 (RFC 4648 §4) with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The TOTP engine for `secret` with this module's fixed parameters and no skew of its own.
fn engine(secret: &[u8]) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS as u8)
        .with_skew(0)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret)
        .build_noncompliant()
}

/// The six digits of a typed code: whitespace anywhere and one dash in the middle (`123-456`)
/// are ignored; anything else that is not an ASCII digit makes the whole input invalid.
fn normalize_code(code: &str) -> Option<String> {
    if code.len() > MAX_CODE_INPUT {
        return None;
    }
    let mut digits = String::with_capacity(DIGITS);
    let mut dash_seen = false;
    for c in code.chars() {
        match c {
            '0'..='9' if digits.len() < DIGITS => digits.push(c),
            '-' if !dash_seen && digits.len() == DIGITS / 2 => dash_seen = true,
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    (digits.len() == DIGITS).then_some(digits)
}

/// Checks the code typed by the user at unix time `now_unix`, accepting the current step and one step
/// on either side. Returns the matched step (`unix / 30`) only if it is strictly greater than
/// `last_used_step`, so a code that was already used, or any older one, is refused (RFC 6238 §5.2).
///
/// The caller must store the returned step as the new `last_used_step`, atomically with the check
/// (e.g. `UPDATE ... SET last_step = $new WHERE last_step IS NULL OR last_step < $new`), or two
/// concurrent requests could both accept the same code. Attempts should also be rate-limited:
/// three accepted steps out of 10^6 codes is guessable with unlimited tries.
///
/// Digits are compared in constant time (`totp_rs::Token`'s equality), and every step of the window is
/// always checked, so timing does not tell which step matched. Secrets shorter than
/// [`MIN_SECRET_LEN`] bytes are refused.
pub fn verify(secret: &[u8], code: &str, now_unix: u64, last_used_step: Option<u64>) -> Option<u64> {
    if secret.len() < MIN_SECRET_LEN {
        return None;
    }
    let digits = normalize_code(code)?;
    let totp = engine(secret);
    let current = now_unix / STEP_SECONDS;
    let mut matched = None;
    for step in current.saturating_sub(SKEW_STEPS)..=current.saturating_add(SKEW_STEPS) {
        let Some(time) = step.checked_mul(STEP_SECONDS) else { continue };
        // With skew 0, `check` compares against exactly this step.
        if totp.check(&digits, time) == Some(step) && last_used_step.is_none_or(|last| step > last) {
            matched = Some(step);
        }
    }
    matched
}

/// The 6-digit code for the step containing unix time `unix` (for tests, including the app's own).
pub fn code_at(secret: &[u8], unix: u64) -> String {
    engine(secret).generate(unix).to_string()
}

/// `n` distinct single-use recovery codes like `k7mf-2qxa-9dtp`: 12 symbols of lowercase Crockford
/// base32 (60 bits from the OS CSPRNG) in three dash-separated groups. Store only [`hash_recovery`]
/// of each, and show the codes to the user once.
///
/// # Panics
///
/// Only if the operating system's random source fails, which `rand` treats as unrecoverable.
pub fn recovery_codes(n: usize) -> Vec<String> {
    let mut codes: Vec<String> = Vec::with_capacity(n);
    while codes.len() < n {
        let code = recovery_code();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// One recovery code: 60 random bits, five at a time, so every symbol is uniformly distributed.
fn recovery_code() -> String {
    let mut bits = OsRng.next_u64();
    let mut code = String::with_capacity(RECOVERY_SYMBOLS + 2);
    for i in 0..RECOVERY_SYMBOLS {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(char::from(RECOVERY_ALPHABET[(bits & 0x1f) as usize]));
        bits >>= 5;
    }
    code
}

/// A recovery code as compared and hashed: lowercase, without whitespace or dashes, and with the
/// look-alikes Crockford's base32 leaves out read as what they resemble (`o` → `0`, `i`/`l` → `1`).
pub fn normalize_recovery(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            other => other,
        })
        .collect()
}

/// Lowercase hex SHA-256 of [`normalize_recovery`]`(code)`: the value to store and look up.
///
/// A fast unsalted hash is appropriate here, unlike for passwords: a slow, salted hash exists to
/// make guessing *low-entropy, human-chosen* secrets expensive, whereas these codes are 60 uniformly
/// random bits, so an attacker holding the hashes must still try ~2^59 SHA-256 preimages per code on
/// average, and a rainbow table over a 2^60 space is impractical. Being unsalted and deterministic also
/// lets the app find a code by an indexed equality lookup instead of trying every stored hash. The
/// codes remain single-use and useless without the account's password.
pub fn hash_recovery(code: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(normalize_recovery(code).as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
#[path = "totp_tests.rs"]
mod tests;
