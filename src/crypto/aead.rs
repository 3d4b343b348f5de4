//! Encryption at rest with XChaCha20-Poly1305.
//!
//! * Short database values: [`KeyRing::encrypt_str`] / [`KeyRing::decrypt_str`] produce and read
//!   `enc1:` + base64url(key id ‖ 24-byte nonce ‖ ciphertext ‖ tag), bound to an `aad` naming the column.
//! * Files: [`KeyRing::encrypt_writer`] / [`KeyRing::decrypt_reader`] stream the STREAM-BE32 construction
//!   over 64 KiB chunks: header `ERPENC1\0` ‖ key id ‖ 19-byte nonce prefix, then sealed chunks.
//!
//! Keys come from `ID:BASE64` specs (environment or key file), never from the database. The first key of a
//! ring encrypts; the others only decrypt, so keys can be rotated. Values and files written before
//! encryption was enabled (no prefix / no magic) are passed through unchanged.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use aead_stream::{DecryptorBE32, EncryptorBE32};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::{AeadInOut, KeyInit, Tag, XChaCha20Poly1305, XNonce};
use zeroize::Zeroize;

/// Prefix of encrypted database values.
pub const STR_PREFIX: &str = "enc1:";
/// First bytes of an encrypted file.
pub const FILE_MAGIC: &[u8; 8] = b"ERPENC1\0";
/// Plaintext bytes per sealed file chunk.
pub const CHUNK_LEN: usize = 64 * 1024;
const NONCE_LEN: usize = 24;
const PREFIX_LEN: usize = 19; // XChaCha nonce minus STREAM-BE32's 4-byte counter and 1-byte last flag
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = FILE_MAGIC.len() + 1 + PREFIX_LEN;
const FRAME_LEN: usize = CHUNK_LEN + TAG_LEN;
const BAD_ID: &str = "has a key id that is not a number from 1 to 255";

/// A 32-byte key with a one-byte id (1..=255). Its bytes are wiped on drop and never printed.
#[derive(Clone)]
pub struct Key {
    id: u8,
    bytes: [u8; 32],
}

impl Key {
    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.bytes.into())
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key").field("id", &self.id).field("bytes", &"<redacted>").finish()
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

/// The current key (encrypts and decrypts) plus older keys kept for decryption during rotation.
#[derive(Clone, Debug)]
pub struct KeyRing {
    current: Key,
    others: Vec<Key>,
}

/// Why a key spec could not be loaded. Messages never contain key material.
#[derive(Debug)]
pub enum KeyError {
    /// The spec holds no entry.
    Empty,
    /// Entry number `entry` (1-based) is unusable; `problem` says why.
    Entry { entry: usize, problem: String },
    /// The environment variable is not valid UTF-8.
    NotUnicode,
    /// The key file could not be read.
    Io(io::Error),
    /// The operating system's random number generator failed.
    Random,
    /// An error in the spec taken from `origin` (an environment variable or file name).
    In { origin: String, error: Box<KeyError> },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "no key found (expected ID:BASE64[,ID:BASE64...])"),
            Self::Entry { entry, problem } => write!(f, "entry {entry} {problem}"),
            Self::NotUnicode => write!(f, "the value is not valid UTF-8"),
            Self::Io(e) => write!(f, "cannot read the key file: {e}"),
            Self::Random => write!(f, "the operating system random number generator failed"),
            Self::In { origin, error } => write!(f, "{origin}: {error}"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Why a stored value could not be encrypted or decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The value has the `enc1:` prefix but is not valid base64 or is too short.
    Malformed,
    /// The value was encrypted with a key id that is not in the ring.
    UnknownKey(u8),
    /// Authentication failed: tampered value, wrong key, or an `aad` for another place.
    Tampered,
    /// The decrypted bytes are not UTF-8.
    NotUtf8,
    /// The random number generator or the cipher failed while encrypting.
    Encrypt,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed => write!(f, "encrypted value is malformed"),
            Self::UnknownKey(id) => write!(f, "value is encrypted with key id {id}, which is not configured"),
            Self::Tampered => write!(f, "encrypted value failed authentication (tampered, or wrong key or place)"),
            Self::NotUtf8 => write!(f, "decrypted value is not UTF-8"),
            Self::Encrypt => write!(f, "encryption failed (random number generator or cipher error)"),
        }
    }
}

impl std::error::Error for CryptoError {}

impl KeyRing {
    /// Parses `ID:BASE64[,ID:BASE64...]`: standard base64 of exactly 32 bytes, unique ids 1..=255.
    /// Entries may be separated by commas or newlines; blank lines and lines starting with `#` are ignored.
    /// The first entry is the current (encrypting) key; the others only decrypt.
    pub fn parse(spec: &str) -> Result<KeyRing, KeyError> {
        let entries = spec
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with('#'))
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|entry| !entry.is_empty());
        let mut keys: Vec<Key> = Vec::new();
        for (i, text) in entries.enumerate() {
            let bad = |problem: &str| KeyError::Entry { entry: i + 1, problem: problem.to_owned() };
            let (id, b64) = text.split_once(':').ok_or_else(|| bad("is not id:base64 of 32 bytes"))?;
            let id = id.trim().parse::<u8>().ok().filter(|&id| id != 0).ok_or_else(|| bad(BAD_ID))?;
            let mut raw =
                STANDARD.decode(b64.trim()).map_err(|_| bad("has a key that is not valid standard base64"))?;
            let bytes = <[u8; 32]>::try_from(raw.as_slice())
                .map_err(|_| bad(&format!("has a key of {} bytes, expected 32", raw.len())));
            raw.as_mut_slice().zeroize();
            let key = Key { id, bytes: bytes? };
            if keys.iter().any(|k| k.id == id) {
                return Err(bad(&format!("repeats key id {id}")));
            }
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        let current = keys.remove(0);
        Ok(KeyRing { current, others: keys })
    }

    /// Reads a spec from the file at `path` (errors name the file).
    pub fn from_file(path: &Path) -> Result<KeyRing, KeyError> {
        let origin = path.display().to_string();
        let spec = fs::read_to_string(path)
            .map_err(|e| KeyError::In { origin: origin.clone(), error: Box::new(KeyError::Io(e)) })?;
        Self::parse(&spec).map_err(|e| KeyError::In { origin, error: Box::new(e) })
    }

    /// Reads the spec from environment variable `var`, or else from the file named by `{var}_FILE`.
    /// `Ok(None)` when neither is set (encryption disabled); a set but invalid value is an error.
    pub fn from_env(var: &str) -> Result<Option<KeyRing>, KeyError> {
        let in_var = |error| KeyError::In { origin: var.to_owned(), error: Box::new(error) };
        if let Some(value) = std::env::var_os(var) {
            let spec = value.into_string().map_err(|_| in_var(KeyError::NotUnicode))?;
            return Self::parse(&spec).map(Some).map_err(in_var);
        }
        match std::env::var_os(format!("{var}_FILE")) {
            Some(path) => Self::from_file(Path::new(&path)).map(Some),
            None => Ok(None),
        }
    }

    /// The id of the key used to encrypt.
    pub fn current_id(&self) -> u8 {
        self.current.id
    }

    /// A fresh random spec entry `ID:BASE64` for `id` (1..=255).
    pub fn generate_entry(id: u8) -> Result<String, KeyError> {
        if id == 0 {
            return Err(KeyError::Entry { entry: 1, problem: BAD_ID.to_owned() });
        }
        let mut bytes = random::<32>().map_err(|_| KeyError::Random)?;
        let entry = format!("{id}:{}", STANDARD.encode(bytes));
        bytes.zeroize();
        Ok(entry)
    }

    fn key(&self, id: u8) -> Option<&Key> {
        std::iter::once(&self.current).chain(&self.others).find(|k| k.id == id)
    }

    /// Encrypts with the current key: `enc1:` + base64url-no-pad(kid ‖ nonce ‖ ciphertext ‖ tag).
    /// `aad` binds the value to its place (e.g. `b"feedback.text"`); decryption needs the same `aad`.
    pub fn encrypt_str(&self, plaintext: &str, aad: &[u8]) -> Result<String, CryptoError> {
        let nonce = random::<NONCE_LEN>().map_err(|_| CryptoError::Encrypt)?;
        let mut raw = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        raw.push(self.current.id);
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(plaintext.as_bytes());
        let body = &mut raw[1 + NONCE_LEN..];
        let tag = self
            .current
            .cipher()
            .encrypt_inout_detached(&XNonce::from(nonce), aad, body.into())
            .map_err(|_| CryptoError::Encrypt)?;
        raw.extend_from_slice(&tag);
        Ok(format!("{STR_PREFIX}{}", URL_SAFE_NO_PAD.encode(&raw)))
    }

    /// Decrypts a value from [`encrypt_str`](Self::encrypt_str). Values without the `enc1:` prefix
    /// (written before encryption was enabled) are returned unchanged.
    pub fn decrypt_str(&self, stored: &str, aad: &[u8]) -> Result<String, CryptoError> {
        let Some(b64) = stored.strip_prefix(STR_PREFIX) else {
            return Ok(stored.to_owned());
        };
        let mut raw = URL_SAFE_NO_PAD.decode(b64).map_err(|_| CryptoError::Malformed)?;
        let Some(body_len) = raw.len().checked_sub(1 + NONCE_LEN + TAG_LEN) else {
            return Err(CryptoError::Malformed);
        };
        let (head, rest) = raw.split_at_mut(1 + NONCE_LEN);
        let key = self.key(head[0]).ok_or(CryptoError::UnknownKey(head[0]))?;
        let nonce = <&XNonce>::try_from(&head[1..]).map_err(|_| CryptoError::Malformed)?;
        let (body, tag) = rest.split_at_mut(body_len);
        let tag = <&Tag>::try_from(&*tag).map_err(|_| CryptoError::Malformed)?;
        key.cipher().decrypt_inout_detached(nonce, aad, body.into(), tag).map_err(|_| CryptoError::Tampered)?;
        raw.truncate(1 + NONCE_LEN + body_len);
        raw.drain(..1 + NONCE_LEN);
        String::from_utf8(raw).map_err(|_| CryptoError::NotUtf8)
    }

    /// Re-encrypts `stored` under the current key; `Ok(None)` when it already is (plaintext gets encrypted).
    pub fn reencrypt_str(&self, stored: &str, aad: &[u8]) -> Result<Option<String>, CryptoError> {
        if Self::key_id_of(stored) == Some(self.current.id) {
            return Ok(None);
        }
        self.encrypt_str(&self.decrypt_str(stored, aad)?, aad).map(Some)
    }

    /// Whether a stored value carries the `enc1:` prefix.
    pub fn is_encrypted(stored: &str) -> bool {
        stored.starts_with(STR_PREFIX)
    }

    /// The key id of an encrypted value (`None` for plaintext or a malformed value).
    pub fn key_id_of(stored: &str) -> Option<u8> {
        let head = stored.strip_prefix(STR_PREFIX)?.get(..4)?;
        URL_SAFE_NO_PAD.decode(head).ok()?.first().copied()
    }

    /// The key id of an encrypted file (`None` for a plain file).
    pub fn file_key_id(path: &Path) -> io::Result<Option<u8>> {
        let mut head = [0u8; FILE_MAGIC.len() + 1];
        let n = read_full(&mut File::open(path)?, &mut head)?;
        Ok((n == head.len() && head.starts_with(FILE_MAGIC)).then_some(head[FILE_MAGIC.len()]))
    }

    /// Starts an encrypted file on `inner` (writes the header). Call [`EncryptWriter::finish`] at the end:
    /// a writer dropped without it leaves a file that fails to decrypt.
    pub fn encrypt_writer<W: Write>(&self, mut inner: W) -> io::Result<EncryptWriter<W>> {
        let prefix = random::<PREFIX_LEN>().map_err(io::Error::other)?;
        let mut header = [0u8; HEADER_LEN];
        header[..FILE_MAGIC.len()].copy_from_slice(FILE_MAGIC);
        header[FILE_MAGIC.len()] = self.current.id;
        header[FILE_MAGIC.len() + 1..].copy_from_slice(&prefix);
        inner.write_all(&header)?;
        let stream = EncryptorBE32::from_aead(self.current.cipher(), &prefix.into());
        Ok(EncryptWriter { inner, stream: Some(stream), buf: Vec::with_capacity(FRAME_LEN) })
    }

    /// Opens a decrypting reader (reads the header now). A file without the magic is read through
    /// unchanged. Unknown key ids, truncation, reordering and tampering yield `InvalidData` errors.
    pub fn decrypt_reader<R: Read>(&self, mut inner: R) -> io::Result<DecryptReader<R>> {
        let mut head = [0u8; HEADER_LEN];
        let n = read_full(&mut inner, &mut head[..FILE_MAGIC.len()])?;
        if n < FILE_MAGIC.len() || !head.starts_with(FILE_MAGIC) {
            return Ok(DecryptReader { inner, state: State::Plain, buf: head[..n].to_vec(), pos: 0, carry: None });
        }
        if read_full(&mut inner, &mut head[FILE_MAGIC.len()..])? < HEADER_LEN - FILE_MAGIC.len() {
            return Err(invalid("encrypted file is truncated (incomplete header)".into()));
        }
        let id = head[FILE_MAGIC.len()];
        let key = self.key(id).ok_or_else(|| invalid(format!("file is encrypted with unknown key id {id}")))?;
        let prefix = <[u8; PREFIX_LEN]>::try_from(&head[FILE_MAGIC.len() + 1..]).map_err(|e| invalid(e.to_string()))?;
        let stream = DecryptorBE32::from_aead(key.cipher(), &prefix.into());
        Ok(DecryptReader { inner, state: State::Chunks(stream), buf: Vec::new(), pos: 0, carry: None })
    }

    /// Re-encrypts the file at `path` under the current key via `path.tmp` and an atomic rename.
    /// Returns `false` when it already uses the current key; a plain file gets encrypted.
    pub fn reencrypt_file(&self, path: &Path) -> io::Result<bool> {
        if Self::file_key_id(path)? == Some(self.current.id) {
            return Ok(false);
        }
        let mut tmp = OsString::from(path.as_os_str());
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        if let Err(e) = self.reencrypt_into(path, &tmp) {
            let _ = fs::remove_file(&tmp); // best effort: the original error matters more
            return Err(e);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all()); // best effort: make the rename durable
        }
        Ok(true)
    }

    fn reencrypt_into(&self, path: &Path, tmp: &Path) -> io::Result<()> {
        let mut reader = self.decrypt_reader(File::open(path)?)?;
        let mut writer = self.encrypt_writer(File::create(tmp)?)?;
        io::copy(&mut reader, &mut writer)?;
        let file = writer.finish()?;
        file.set_permissions(fs::metadata(path)?.permissions())?;
        file.sync_all()?;
        drop(file);
        fs::rename(tmp, path)
    }
}

fn random<const N: usize>() -> Result<[u8; N], rand::Error> {
    use rand::RngCore;
    let mut out = [0u8; N];
    rand::rngs::OsRng.try_fill_bytes(&mut out)?;
    Ok(out)
}

#[path = "aead_stream.rs"]
mod stream;
pub use stream::{DecryptReader, EncryptWriter};
use stream::{State, invalid, read_full};

#[cfg(test)]
#[path = "aead_tests.rs"]
mod tests;
