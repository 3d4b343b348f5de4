use super::*;

/// The RFC 6238 Appendix B secret for SHA-1.
const RFC_SECRET: &[u8] = b"12345678901234567890";
/// A fixed instant in the middle of a step, so ±1 step never crosses into another window by accident.
const NOW: u64 = 1_700_000_015;
const STEP: u64 = NOW / STEP_SECONDS;

#[test]
fn rfc6238_sha1_vectors() {
    // Last six digits of the RFC's 8-digit values.
    let vectors = [
        (59, "287082"),             // 94287082
        (1_111_111_109, "081804"),  // 07081804
        (1_111_111_111, "050471"),  // 14050471
        (1_234_567_890, "005924"),  // 89005924
        (2_000_000_000, "279037"),  // 69279037
        (20_000_000_000, "353130"), // 65353130
    ];
    for (time, code) in vectors {
        assert_eq!(code_at(RFC_SECRET, time), code, "t={time}");
        assert_eq!(verify(RFC_SECRET, code, time, None), Some(time / 30), "t={time}");
    }
}

#[test]
fn accepts_one_step_of_skew_and_returns_the_matched_step() {
    for offset in [-1i64, 0, 1] {
        let step = STEP.saturating_add_signed(offset);
        let code = code_at(RFC_SECRET, step * STEP_SECONDS);
        assert_eq!(verify(RFC_SECRET, &code, NOW, None), Some(step), "offset {offset}");
    }
}

#[test]
fn refuses_two_steps_of_skew() {
    for offset in [-2i64, 2, -3, 3] {
        let code = code_at(RFC_SECRET, STEP.saturating_add_signed(offset) * STEP_SECONDS);
        // Guard against a chance collision with a code inside the window.
        let window: Vec<String> = (STEP - 1..=STEP + 1).map(|s| code_at(RFC_SECRET, s * STEP_SECONDS)).collect();
        assert!(!window.contains(&code));
        assert_eq!(verify(RFC_SECRET, &code, NOW, None), None, "offset {offset}");
    }
}

#[test]
fn same_code_twice_is_refused() {
    let code = code_at(RFC_SECRET, NOW);
    let used = verify(RFC_SECRET, &code, NOW, None);
    assert_eq!(used, Some(STEP));
    assert_eq!(verify(RFC_SECRET, &code, NOW, used), None);
    // Still refused a few seconds later, while the code is still inside the window.
    assert_eq!(verify(RFC_SECRET, &code, NOW + 40, used), None);
}

#[test]
fn older_code_after_newer_one_is_refused() {
    let newer = code_at(RFC_SECRET, NOW + STEP_SECONDS);
    let older = code_at(RFC_SECRET, NOW);
    let used = verify(RFC_SECRET, &newer, NOW, None);
    assert_eq!(used, Some(STEP + 1));
    assert_eq!(verify(RFC_SECRET, &older, NOW, used), None);
    // A later step is still accepted after an earlier one.
    assert_eq!(verify(RFC_SECRET, &newer, NOW, Some(STEP)), Some(STEP + 1));
}

#[test]
fn spaces_and_a_middle_dash_are_ignored() {
    let code = code_at(RFC_SECRET, NOW);
    let (a, b) = code.split_at(3);
    for typed in
        [format!("{a} {b}"), format!("{a}-{b}"), format!(" {a} - {b} "), format!("{code}\n"), format!("{a}\u{a0}{b}")]
    {
        assert_eq!(verify(RFC_SECRET, &typed, NOW, None), Some(STEP), "{typed:?}");
    }
    assert_eq!(code_at(RFC_SECRET, 59), "287082");
    assert_eq!(verify(RFC_SECRET, "287 082", 59, None), Some(1));
}

#[test]
fn malformed_codes_are_refused() {
    let code = code_at(RFC_SECRET, NOW);
    let (a, b) = code.split_at(3);
    let (c, d) = code.split_at(2);
    let bad = [
        String::new(),
        "      ".into(),
        format!("{a}x{b}"),
        format!("{}o", &code[..5]),
        format!("{c}-{d}"),
        format!("{a}--{b}"),
        format!("-{code}"),
        format!("{code}-"),
        format!("+{}", &code[1..]),
        format!("{code}0"),
        code[..5].to_string(),
        format!("{a}.{b}"),
        "１２３４５６".into(),
        " ".repeat(40) + &code,
    ];
    for typed in bad {
        assert_eq!(verify(RFC_SECRET, &typed, NOW, None), None, "{typed:?}");
    }
}

#[test]
fn edge_times_and_short_secrets() {
    assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, 0), 0, None), Some(0));
    assert_eq!(verify(RFC_SECRET, &code_at(RFC_SECRET, 0), 0, Some(0)), None);
    assert!(verify(RFC_SECRET, "000000", u64::MAX, None).is_none_or(|s| s >= u64::MAX / 30));
    let short = &RFC_SECRET[..15];
    assert_eq!(verify(short, &code_at(short, NOW), NOW, None), None);
}

#[test]
fn new_secrets_are_random_160_bit() {
    let (a, b) = (new_secret(), new_secret());
    assert_eq!(a.len(), 20);
    assert_ne!(a, b);
    assert_eq!(verify(&a, &code_at(&a, NOW), NOW, None), Some(STEP));
}

#[test]
fn base32_round_trip_and_display() {
    let b32 = secret_base32(RFC_SECRET);
    assert_eq!(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assert_eq!(grouped(&b32), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    assert_eq!(grouped("ABCDEF"), "ABCD EF");
    for input in [
        b32.clone(),
        grouped(&b32),
        grouped(&b32).to_lowercase(),
        format!("{b32}===="),
        "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq".into(),
    ] {
        assert_eq!(secret_from_base32(&input).as_deref(), Some(RFC_SECRET), "{input:?}");
    }
    for len in [1, 10, 16, 20, 32] {
        let secret: Vec<u8> = new_secret().into_iter().cycle().take(len).collect();
        assert_eq!(secret_from_base32(&secret_base32(&secret)), Some(secret));
    }
    assert_eq!(secret_base32(&[0xff]), "74");
    // Empty, wrong alphabet, impossible length, non-canonical trailing bits.
    for bad in ["", "  ", "GEZDGNB0", "GEZDGNB1", "A", "ABC", "75", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ!", "ÄBCD"] {
        assert_eq!(secret_from_base32(bad), None, "{bad:?}");
    }
}

#[test]
fn otpauth_uri_is_percent_encoded() {
    let uri = otpauth_uri(RFC_SECRET, "ERP Rollout", "ana+erp@empresa.es");
    assert_eq!(
        uri,
        "otpauth://totp/ERP%20Rollout:ana%2Berp%40empresa.es?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
         &issuer=ERP%20Rollout&algorithm=SHA1&digits=6&period=30"
    );
    let uri = otpauth_uri(RFC_SECRET, "ERP Rollout", "José María Núñez@empresa.es");
    assert!(uri.contains(":Jos%C3%A9%20Mar%C3%ADa%20N%C3%BA%C3%B1ez%40empresa.es?"), "{uri}");
    let uri = otpauth_uri(RFC_SECRET, "A&B=C?#/", "x:y~z_-.");
    assert!(uri.starts_with("otpauth://totp/A%26B%3DC%3F%23%2F:x%3Ay~z_-.?"), "{uri}");
    assert!(uri.contains("&issuer=A%26B%3DC%3F%23%2F&"), "{uri}");
}

#[test]
fn base64_matches_rfc4648_vectors() {
    let vectors =
        [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
    for (input, output) in vectors {
        assert_eq!(base64(input.as_bytes()), output);
    }
    assert_eq!(base64("foobar".as_bytes()), "Zm9vYmFy");
    assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
}

/// The typical enrolment URI the app will show.
fn typical_uri() -> String {
    otpauth_uri(&[0xa5; 20], "ERP Rollout", "ana+erp@empresa.es")
}

/// Reads back the dark rectangles `qrcode` writes as `M{x} {y}h{w}v{h}H{x}V{y}` and rasterises them,
/// returning the image side in pixels and its greyscale pixels.
fn rasterize(svg: &str) -> (usize, Vec<u8>) {
    let view_box = svg.split("viewBox=\"0 0 ").nth(1).and_then(|s| s.split(' ').next()).expect("viewBox");
    let side: usize = view_box.parse().expect("viewBox width");
    let mut pixels = vec![255u8; side * side];
    let path = svg.split(" d=\"").nth(1).and_then(|s| s.split('"').next()).expect("path");
    for rect in path.split('M').filter(|r| !r.is_empty()) {
        let nums: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().expect("n"))
            .collect();
        let [x, y, w, h] = nums[..4] else { panic!("bad rect {rect}") };
        for row in y..y + h {
            pixels[row * side + x..row * side + x + w].fill(0);
        }
    }
    (side, pixels)
}

#[test]
fn qr_svg_is_a_plain_standalone_document() {
    let svg = qr_svg(&typical_uri()).expect("fits");
    assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
    assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("viewBox=\"0 0 "));
    assert!(svg.contains("fill=\"#000000\"") && svg.contains("fill=\"#ffffff\""));
    let lower = svg.to_lowercase();
    for forbidden in ["<script", "javascript:", "onload", "href", "<foreignobject", "<image"] {
        assert!(!lower.contains(forbidden), "{forbidden}");
    }
}

#[test]
fn qr_svg_has_the_expected_size_and_decodes_back() {
    let uri = typical_uri();
    // 146 bytes; in byte mode at level M, version 7 holds 122 bytes and version 8 holds 152.
    assert_eq!(uri.len(), 146);
    let svg = qr_svg(&uri).expect("fits");
    let (side, pixels) = rasterize(&svg);
    assert_eq!(side % QR_MODULE_PX as usize, 0);
    let modules = side / QR_MODULE_PX as usize - 8; // quiet zone of 4 on each side
    // Version 8 is 49 modules across; `qrcode` could mix in alphanumeric mode for the base32 secret,
    // so one version less (45) would be correct as well.
    assert!(modules == 17 + 4 * 8 || modules == 17 + 4 * 7, "{modules} modules");
    // The quiet zone is white.
    assert!(pixels[..side * 4 * QR_MODULE_PX as usize].iter().all(|&p| p == 255));

    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    let (meta, content) = grids[0].decode().expect("decodes");
    assert_eq!(content, uri);
    assert_eq!(modules, 17 + 4 * meta.version.0);
    assert_eq!(meta.ecc_level, 0); // rqrr numbers M as 0 (the format-info bits)
}

#[test]
fn qr_data_uri_wraps_the_svg_in_base64() {
    let uri = typical_uri();
    let data_uri = qr_data_uri(&uri).expect("fits");
    let svg = qr_svg(&uri).expect("fits");
    assert_eq!(data_uri, format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes())));
    assert!(qr_svg(&"x".repeat(5000)).is_none());
    assert!(qr_data_uri(&"x".repeat(5000)).is_none());
}

#[test]
fn recovery_codes_are_unique_and_well_formed() {
    let codes = recovery_codes(10);
    assert_eq!(codes.len(), 10);
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 10);
    for code in &codes {
        let bytes = code.as_bytes();
        assert_eq!(bytes.len(), 14, "{code}");
        assert_eq!((bytes[4], bytes[9]), (b'-', b'-'), "{code}");
        let symbols: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'-').collect();
        assert_eq!(symbols.len(), 12);
        assert!(symbols.iter().all(|b| RECOVERY_ALPHABET.contains(b)), "{code}");
        assert_eq!(normalize_recovery(code), String::from_utf8(symbols).expect("ascii"));
    }
    // Every symbol of the alphabet shows up: (31/32)^1200 ≈ 3e-17 chance of a false failure.
    let all: String = recovery_codes(100).concat();
    assert!(RECOVERY_ALPHABET.iter().all(|&b| all.as_bytes().contains(&b)));
    assert!(recovery_codes(0).is_empty());
}

#[test]
fn recovery_hash_is_stable_and_normalization_insensitive() {
    // SHA-256("k7mf2qxa9dtp"), computed independently with sha256sum.
    let expected = "a2125e87812e4f9864268465793f6d2c270d4db9bd73ab100db0c925cbc996d4";
    for typed in ["k7mf-2qxa-9dtp", "K7MF-2QXA-9DTP", " k7mf 2qxa 9dtp ", "k7mf2qxa9dtp", "k7mf-2qxa-\t9dtp\n"] {
        assert_eq!(normalize_recovery(typed), "k7mf2qxa9dtp");
        assert_eq!(hash_recovery(typed), expected, "{typed:?}");
    }
    assert_eq!(hash_recovery("ABC"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(normalize_recovery("OIL0-1io"), "0110110");
    assert_ne!(hash_recovery("k7mf-2qxa-9dtq"), expected);
    for code in recovery_codes(5) {
        assert_eq!(hash_recovery(&code), hash_recovery(&code.to_uppercase().replace('-', " ")));
    }
}
