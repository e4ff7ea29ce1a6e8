//! Passwords and tokens: argon2id hashing (always on a blocking thread: it takes tens of
//! milliseconds on purpose) and the SHA-256 digests the store compares tokens by.

use crate::Error;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

/// The argon2id hash (PHC string) of `password`.
pub async fn hash(password: String) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(Error::internal)
    })
    .await
    .map_err(Error::internal)?
}

/// True when `password` matches `stored`. A malformed stored hash never matches.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Verifies against a fixed hash so an unknown username costs as much time as a known one.
pub async fn burn_time(password: String) {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wq5v0pS6N2r7m0yqz3dXbq2Wq0nq2c3mA1yqv7f1e3Y";
    let _ = verify(password, DUMMY.to_string()).await;
}

/// Lower-case hex of a digest.
pub fn hex_digest(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// The SHA-256 (hex) of a token or session id: what the store keeps and compares.
pub fn sha256_hex(text: &str) -> String {
    hex_digest(Sha256::digest(text.as_bytes()).as_slice())
}

/// The SHA-256 (hex) of a file's bytes.
pub fn sha256_of(bytes: &[u8]) -> String {
    hex_digest(Sha256::digest(bytes).as_slice())
}

/// 32 random bytes as hex: session ids, CSRF tokens, API tokens.
pub fn random_token() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(Error::internal)?;
    Ok(hex_digest(&bytes))
}

/// API tokens: `zx_` and 64 hex characters; only the SHA-256 hash is stored.
pub fn new_api_token() -> Result<String, Error> {
    Ok(format!("zx_{}", random_token()?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse".to_string()).await.unwrap();
        assert!(verify("correct horse".to_string(), h.clone()).await);
        assert!(!verify("wrong horse".to_string(), h).await);
        assert!(!verify("x".to_string(), "not a hash".to_string()).await);
    }

    #[test]
    fn tokens_are_prefixed_hex_and_digests_are_sha256() {
        let t = new_api_token().unwrap();
        assert!(t.starts_with("zx_") && t.len() == 67);
        assert!(t[3..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
