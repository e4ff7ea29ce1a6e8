//! The disclosure log: an append-only Merkle tree of RFC 6962 / 9162 (Certificate
//! Transparency's construction, through the `ct-merkle` crate), whose leaves are the published
//! versions' snapshot hashes; checkpoints (size, root) signed with Ed25519 (`ed25519-dalek`);
//! the bundle a villager downloads and `zhenxing disclosure verify` checks offline.

/// The server's Ed25519 signing key. Its `Debug` never shows the secret.
pub struct Signer {
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field(
                "public",
                &super::snapshot::hex(self.public_key().as_bytes()),
            )
            .finish()
    }
}

impl Signer {
    /// The key of a 32-byte secret seed (as kept in the data directory).
    pub fn from_seed(seed: &[u8; 32]) -> Signer {
        Signer {
            key: ed25519_dalek::SigningKey::from_bytes(seed),
        }
    }

    pub fn public_key(&self) -> ed25519_dalek::VerifyingKey {
        self.key.verifying_key()
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> ed25519_dalek::Signature {
        use ed25519_dalek::Signer as _;
        self.key.sign(message)
    }
}
