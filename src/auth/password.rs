//! argon2id hashing, run off the async executor (a hash takes tens of milliseconds on purpose).

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 1024;

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2 hash failed: {e}"))
}

pub fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    actix_web::web::block(move || hash_blocking(&password)).await?
}

/// Verifies against `hash`, or against a fixed dummy hash when the account does not exist, so the
/// answer takes the same time either way.
pub async fn verify(password: String, hash: Option<String>) -> anyhow::Result<bool> {
    let ok = actix_web::web::block(move || match hash {
        Some(h) => verify_blocking(&password, &h),
        None => {
            let _ = verify_blocking(&password, dummy_hash());
            false
        }
    })
    .await?;
    Ok(ok)
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("not a real password, only for timing").unwrap_or_default())
}

/// Checks a new password against the policy (`crypto::password_policy`): length, the bundled
/// list of common and breached passwords, the person's own name and e-mail, repetition.
pub fn check_new(password: &str, personal: &[&str]) -> Result<(), crate::crypto::password_policy::Refusal> {
    let mut words: Vec<&str> = personal.to_vec();
    words.push("ERP Rollout");
    crate::crypto::password_policy::check(password, &words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let h = hash_blocking("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_blocking("correct horse battery staple", &h));
        assert!(!verify_blocking("wrong horse battery staple", &h));
        assert!(!verify_blocking("x", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused_and_passphrases_accepted() {
        assert!(check_new("short", &[]).is_err());
        assert!(check_new("a long enough passphrase", &[]).is_ok());
    }
}
