use super::*;
use std::io::Cursor;

const MARKER: &str = "MARKER-PLAINTEXT-42";

fn entry(id: u8) -> String {
    KeyRing::generate_entry(id).unwrap()
}

fn ring(spec: &str) -> KeyRing {
    KeyRing::parse(spec).unwrap()
}

fn random_bytes(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut out);
    out
}

fn encrypt_bytes(ring: &KeyRing, data: &[u8]) -> Vec<u8> {
    let mut w = ring.encrypt_writer(Vec::new()).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn decrypt_bytes(ring: &KeyRing, data: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    ring.decrypt_reader(Cursor::new(data))?.read_to_end(&mut out)?;
    Ok(out)
}

fn assert_invalid(result: io::Result<Vec<u8>>) {
    match result {
        Ok(data) => panic!("expected an error, got {} bytes", data.len()),
        Err(e) => assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}"),
    }
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join("erp-rollout-crypto-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn string_round_trips() {
    let r = ring(&entry(1));
    let big: String = "ñandú, acción, pingüino; ".repeat(4200); // > 100 KB
    for text in ["", "hello", "Año: señor Muñoz, café, acentuación — ¿qué tal?", big.as_str()] {
        let enc = r.encrypt_str(text, b"feedback.text").unwrap();
        assert!(enc.starts_with("enc1:") && KeyRing::is_encrypted(&enc));
        assert_eq!(r.decrypt_str(&enc, b"feedback.text").unwrap(), text);
    }
    // Fresh nonce every time.
    assert_ne!(r.encrypt_str("x", b"a").unwrap(), r.encrypt_str("x", b"a").unwrap());
}

#[test]
fn wrong_aad_unknown_key_and_tampering_fail() {
    let r = ring(&entry(1));
    let enc = r.encrypt_str("JBSWY3DPEHPK3PXP", b"users.totp_secret").unwrap();
    assert_eq!(r.decrypt_str(&enc, b"feedback.text"), Err(CryptoError::Tampered));
    assert_eq!(ring(&entry(2)).decrypt_str(&enc, b"users.totp_secret"), Err(CryptoError::UnknownKey(1)));
    // Same id, different key bytes.
    assert_eq!(ring(&entry(1)).decrypt_str(&enc, b"users.totp_secret"), Err(CryptoError::Tampered));

    let mut raw = URL_SAFE_NO_PAD.decode(&enc[5..]).unwrap();
    for i in [1, 25, raw.len() - 1] {
        raw[i] ^= 0x01;
        let bad = format!("enc1:{}", URL_SAFE_NO_PAD.encode(&raw));
        assert_eq!(r.decrypt_str(&bad, b"users.totp_secret"), Err(CryptoError::Tampered));
        raw[i] ^= 0x01;
    }
    assert_eq!(r.decrypt_str("enc1:@@@not base64", b""), Err(CryptoError::Malformed));
    assert_eq!(r.decrypt_str("enc1:AQID", b""), Err(CryptoError::Malformed));
    assert_eq!(r.decrypt_str("enc1:", b""), Err(CryptoError::Malformed));
}

#[test]
fn plaintext_passes_through() {
    let r = ring(&entry(1));
    for text in ["", "legacy value", "enc2:looks similar", "ENC1:upper"] {
        assert!(!KeyRing::is_encrypted(text));
        assert_eq!(KeyRing::key_id_of(text), None);
        assert_eq!(r.decrypt_str(text, b"x").unwrap(), text);
    }
}

#[test]
fn rotation_keeps_old_values_readable() {
    let (e1, e2) = (entry(1), entry(2));
    let old = ring(&e1);
    let new = ring(&format!("{e2},{e1}"));
    assert_eq!((old.current_id(), new.current_id()), (1, 2));
    let v1 = old.encrypt_str("secret one", b"t.c").unwrap();
    let v2 = new.encrypt_str("secret two", b"t.c").unwrap();
    assert_eq!(KeyRing::key_id_of(&v1), Some(1));
    assert_eq!(KeyRing::key_id_of(&v2), Some(2));
    assert_eq!(new.decrypt_str(&v1, b"t.c").unwrap(), "secret one");
    assert_eq!(old.decrypt_str(&v2, b"t.c"), Err(CryptoError::UnknownKey(2)));

    let rotated = new.reencrypt_str(&v1, b"t.c").unwrap().unwrap();
    assert_eq!(KeyRing::key_id_of(&rotated), Some(2));
    assert_eq!(new.decrypt_str(&rotated, b"t.c").unwrap(), "secret one");
    assert_eq!(new.reencrypt_str(&v2, b"t.c").unwrap(), None);
    let from_plain = new.reencrypt_str("legacy", b"t.c").unwrap().unwrap();
    assert_eq!(new.decrypt_str(&from_plain, b"t.c").unwrap(), "legacy");
}

#[test]
fn key_spec_parsing() {
    let (e1, e2, e3) = (entry(1), entry(200), entry(255));
    let r = ring(&format!("# rotated 2026-01\n  {e3}  \n\n{e1} , {e2},\n# old\n"));
    assert_eq!(r.current_id(), 255);
    assert_eq!(r.others.iter().map(|k| k.id).collect::<Vec<_>>(), [1, 200]);
    assert!(KeyRing::generate_entry(0).is_err());

    let b64_16 = STANDARD.encode([7u8; 16]);
    let err = |spec: &str| KeyRing::parse(spec).unwrap_err().to_string();
    assert_eq!(err(""), "no key found (expected ID:BASE64[,ID:BASE64...])");
    assert_eq!(err("# only a comment\n \n,"), err(""));
    assert_eq!(err(&format!("{e1},garbage")), "entry 2 is not id:base64 of 32 bytes");
    assert_eq!(err(&format!("{e1},2:not*base64!")), "entry 2 has a key that is not valid standard base64");
    assert_eq!(err(&format!("{e1},2:{b64_16}")), "entry 2 has a key of 16 bytes, expected 32");
    assert_eq!(err(&format!("{e1},{e1}")), "entry 2 repeats key id 1");
    let key_part = e1.split_once(':').unwrap().1;
    assert_eq!(err(&format!("0:{key_part}")), "entry 1 has a key id that is not a number from 1 to 255");
    assert_eq!(err(&format!("256:{key_part}")), "entry 1 has a key id that is not a number from 1 to 255");
    assert_eq!(err(&format!("x:{key_part}")), "entry 1 has a key id that is not a number from 1 to 255");
    // No key material in error messages or Debug output.
    assert!(!err(&format!("{e1},{e1}")).contains(key_part));
    let debug = format!("{r:?}");
    assert!(debug.contains("<redacted>") && !debug.contains(key_part), "{debug}");
}

#[test]
fn key_sources() {
    let dir = scratch_dir("key_sources");
    let path = dir.join("keys");
    fs::write(&path, format!("# current\n{}\n{}\n", entry(3), entry(1))).unwrap();
    assert_eq!(KeyRing::from_file(&path).unwrap().current_id(), 3);
    fs::write(&path, "3:short").unwrap();
    let msg = KeyRing::from_file(&path).unwrap_err().to_string();
    assert!(msg.ends_with("keys: entry 1 has a key that is not valid standard base64"), "{msg}");
    let msg = KeyRing::from_file(&dir.join("missing")).unwrap_err().to_string();
    assert!(msg.contains("missing: cannot read the key file"), "{msg}");
    assert!(KeyRing::from_env("ERP_TEST_SURELY_UNSET_VARIABLE_31337").unwrap().is_none());
    // PATH is set but is no key spec: the error names the variable.
    let msg = KeyRing::from_env("PATH").unwrap_err().to_string();
    assert!(msg.starts_with("PATH: entry 1"), "{msg}");
}

#[test]
fn file_round_trips() {
    let r = ring(&entry(9));
    for len in [0, 1, CHUNK_LEN - 1, CHUNK_LEN, CHUNK_LEN + 1, 3 * CHUNK_LEN, 5_000_000] {
        let data = random_bytes(len);
        let enc = encrypt_bytes(&r, &data);
        let chunks = len.div_ceil(CHUNK_LEN).max(1);
        assert_eq!(enc.len(), HEADER_LEN + len + chunks * TAG_LEN, "len {len}");
        assert_eq!(&enc[..8], FILE_MAGIC);
        assert_eq!(enc[8], 9);
        assert_eq!(decrypt_bytes(&r, &enc).unwrap(), data, "len {len}");
        assert!(r.decrypt_reader(Cursor::new(&enc)).unwrap().is_encrypted());
    }
}

#[test]
fn odd_sized_reads_and_writes() {
    let r = ring(&entry(1));
    let data = random_bytes(2 * CHUNK_LEN + 12_345);
    let mut w = r.encrypt_writer(Vec::new()).unwrap();
    for piece in data.chunks(7) {
        w.write_all(piece).unwrap();
    }
    let enc = w.finish().unwrap();
    assert_eq!(enc.len(), HEADER_LEN + data.len() + 3 * TAG_LEN);
    let mut reader = r.decrypt_reader(Cursor::new(&enc)).unwrap();
    let (mut out, mut buf) = (Vec::new(), [0u8; 7]);
    loop {
        match reader.read(&mut buf).unwrap() {
            0 => break,
            n => out.extend_from_slice(&buf[..n]),
        }
    }
    assert_eq!(out, data);
    assert_eq!(reader.read(&mut buf).unwrap(), 0);
}

#[test]
fn truncated_reordered_or_tampered_files_fail() {
    let r = ring(&format!("{},{}", entry(1), entry(2)));
    let data = random_bytes(5_000_000);
    let enc = encrypt_bytes(&r, &data);
    let frame = |i: usize| HEADER_LEN + i * FRAME_LEN;
    let last_chunk = data.len() / CHUNK_LEN;
    // Cut at chunk boundaries, inside chunks, inside the header.
    for cut in [frame(0), frame(1), frame(10), frame(last_chunk), frame(3) + 100, enc.len() - 1, enc.len() - 17, 20] {
        assert_invalid(decrypt_bytes(&r, &enc[..cut]));
    }
    // Swap two chunks.
    let mut swapped = enc.clone();
    swapped[frame(0)..frame(2)].copy_from_slice(&[&enc[frame(1)..frame(2)], &enc[frame(0)..frame(1)]].concat());
    assert_invalid(decrypt_bytes(&r, &swapped));
    // Flip single bits: nonce prefix, first chunk, a tag, the last chunk.
    for pos in [12, frame(0) + 5, frame(2) - 1, enc.len() - 3] {
        let mut bad = enc.clone();
        bad[pos] ^= 0x80;
        assert_invalid(decrypt_bytes(&r, &bad));
    }
    // Another known key id, an unknown key id, appended bytes.
    let mut other = enc.clone();
    other[8] = 2;
    assert_invalid(decrypt_bytes(&r, &other));
    other[8] = 77;
    let err = r.decrypt_reader(Cursor::new(&other)).err().unwrap();
    assert_eq!(
        (err.kind(), err.to_string()),
        (io::ErrorKind::InvalidData, "file is encrypted with unknown key id 77".into())
    );
    assert_invalid(decrypt_bytes(&r, &[enc.as_slice(), b"x"].concat()));
    // Errors are sticky, and the bytes before the bad chunk are the only ones returned.
    let mut bad = enc.clone();
    bad[frame(3) + 1] ^= 1;
    let mut reader = r.decrypt_reader(Cursor::new(&bad)).unwrap();
    let mut out = Vec::new();
    assert!(reader.read_to_end(&mut out).is_err());
    assert_eq!(out, data[..3 * CHUNK_LEN]);
    assert!(reader.read(&mut [0u8; 10]).is_err());
}

#[test]
fn plain_files_pass_through() {
    let r = ring(&entry(1));
    let big = random_bytes(100_000);
    for data in [&b""[..], b"abc", b"ERPENC1", b"ERPENC1X and more", b"id,name\n1,Jos\xc3\xa9\n", &big] {
        let mut reader = r.decrypt_reader(Cursor::new(data)).unwrap();
        assert!(!reader.is_encrypted());
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
    }
}

#[test]
fn marker_never_appears_in_ciphertext() {
    let r = ring(&entry(1));
    let text = format!("{MARKER} ").repeat(10_000);
    let enc = encrypt_bytes(&r, text.as_bytes());
    assert!(!enc.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
    let s = r.encrypt_str(&text, b"feedback.text").unwrap();
    assert!(!s.contains(MARKER));
    let raw = URL_SAFE_NO_PAD.decode(&s[5..]).unwrap();
    assert!(!raw.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
}

#[test]
fn reencrypt_file_rotates_keys() {
    let dir = scratch_dir("reencrypt");
    let (e1, e2) = (entry(1), entry(2));
    let (old, new) = (ring(&e1), ring(&format!("{e2},{e1}")));
    let data = random_bytes(3 * CHUNK_LEN + 99);

    let encrypted = dir.join("upload.csv.enc");
    fs::write(&encrypted, encrypt_bytes(&old, &data)).unwrap();
    assert_eq!(KeyRing::file_key_id(&encrypted).unwrap(), Some(1));
    assert!(new.reencrypt_file(&encrypted).unwrap());
    assert_eq!(KeyRing::file_key_id(&encrypted).unwrap(), Some(2));
    assert_eq!(decrypt_bytes(&new, &fs::read(&encrypted).unwrap()).unwrap(), data);
    assert!(!new.reencrypt_file(&encrypted).unwrap());
    assert!(!dir.join("upload.csv.enc.tmp").exists());

    let plain = dir.join("legacy.csv");
    fs::write(&plain, &data).unwrap();
    assert_eq!(KeyRing::file_key_id(&plain).unwrap(), None);
    assert!(new.reencrypt_file(&plain).unwrap());
    assert_eq!(KeyRing::file_key_id(&plain).unwrap(), Some(2));
    assert_eq!(decrypt_bytes(&new, &fs::read(&plain).unwrap()).unwrap(), data);

    // A corrupted file is left alone and no temporary file remains.
    let corrupt = dir.join("corrupt.csv");
    let mut bytes = encrypt_bytes(&old, &data);
    bytes[HEADER_LEN + 10] ^= 1;
    fs::write(&corrupt, &bytes).unwrap();
    assert_eq!(new.reencrypt_file(&corrupt).unwrap_err().kind(), io::ErrorKind::InvalidData);
    assert_eq!(fs::read(&corrupt).unwrap(), bytes);
    assert!(!dir.join("corrupt.csv.tmp").exists());
}
