//! Pure security building blocks, below everything that serves a page: encryption at rest
//! (`aead`, with the keys from the environment or the key file in `keys`), TOTP and recovery codes
//! (`totp`), and the password policy with its bundled list (`password_policy`). No database, no HTTP.

mod aead;
pub mod keys;
pub mod password_policy;
pub mod totp;

pub use aead::*;
