//! The disclosure log: an append-only Merkle tree of RFC 6962 / 9162 (Certificate
//! Transparency's construction, through the `ct-merkle` crate), whose leaves are the published
//! versions' snapshot hashes; checkpoints (size, root) signed with Ed25519 (`ed25519-dalek`);
//! the bundle a villager downloads and `zhenxing disclosure verify` checks offline.

/// The public key type of the log (so that callers need not name the crate).
pub use ed25519_dalek::VerifyingKey;

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

// ------------------------------------------------------------------ the tree

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ct_merkle::{ConsistencyProof, InclusionProof, RootHash};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The largest log the tree serves or a verifier accepts (2^40 leaves): every index and size
/// beyond it is refused before any arithmetic, so no input can overflow the tree math.
pub const MAX_SIZE: u64 = 1 << 40;

/// RFC 6962 §2.1: the leaf hash of `entry`, SHA-256(0x00 || entry).
pub fn leaf_hash(entry: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(entry);
    h.finalize().into()
}

/// RFC 6962 §2.1: an interior node, SHA-256(0x01 || left || right).
fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Why a proof cannot be made or does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// A size beyond the leaves at hand (or beyond [`MAX_SIZE`]), or an index not below it.
    #[error("the index or size is out of range")]
    OutOfRange,
    /// The proof has the wrong number of hashes for the index and size.
    #[error("the proof is malformed")]
    Malformed,
    /// The hashes do not lead to the root.
    #[error("the proof does not lead to the root hash")]
    Mismatch,
}

/// The log's tree as the server keeps it: the hash of every complete (perfect) subtree,
/// `levels[k][j]` covering leaves `j·2^k .. (j+1)·2^k`, about 2n hashes for n leaves.
/// Appending is O(log n); the root of any size up to `len()` and the inclusion and
/// consistency proofs at any such size are O(log n) hashes each. Which nodes a proof holds is
/// `ct-merkle`'s index math; the proofs verify with `ct-merkle` ([`verify_inclusion`],
/// [`verify_consistency`]).
#[derive(Debug, Clone, Default)]
pub struct Tree {
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    pub fn new() -> Tree {
        Tree::default()
    }

    /// The number of leaves.
    pub fn len(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The leaf hash of leaf `index`, if the tree has it.
    pub fn leaf_hash_at(&self, index: u64) -> Option<Hash> {
        self.levels
            .first()
            .and_then(|l| l.get(usize::try_from(index).ok()?))
            .copied()
    }

    /// Appends the leaf whose entry is `entry`.
    pub fn push(&mut self, entry: &Hash) {
        let mut hash = leaf_hash(entry);
        let mut level = 0;
        loop {
            if self.levels.len() <= level {
                self.levels.push(Vec::new());
            }
            let row = &mut self.levels[level];
            row.push(hash);
            let n = row.len();
            if !n.is_multiple_of(2) {
                break;
            }
            hash = node_hash(&row[n - 2], &row[n - 1]);
            level += 1;
        }
    }

    /// RFC 6962 MTH of the leaves `start .. start + n` (n ≥ 1, all present).
    fn range_hash(&self, start: u64, n: u64) -> Hash {
        let k = n.trailing_zeros();
        if n.is_power_of_two() && start.is_multiple_of(n) {
            // A complete subtree: stored.
            if let Some(h) = self
                .levels
                .get(k as usize)
                .and_then(|row| row.get((start >> k) as usize))
            {
                return *h;
            }
        }
        if n == 1 {
            // Unreachable for a leaf present in the tree (level 0 holds every leaf).
            return [0; 32];
        }
        // The largest power of two smaller than n.
        let split = 1u64 << (63 - (n - 1).leading_zeros());
        node_hash(
            &self.range_hash(start, split),
            &self.range_hash(start + split, n - split),
        )
    }

    /// The hash of the node at `ct-merkle`'s array index `idx` in the tree of `size` leaves:
    /// a node of level k covers the leaves from (idx >> (k+1)) << k, 2^k of them or up to the
    /// tree's end (RFC 9420's left-balanced array tree, the same shape as RFC 6962's).
    fn node_at(&self, idx: u64, size: u64) -> Hash {
        let k = idx.trailing_ones();
        let start = (idx >> (k + 1)) << k;
        let end = (start + (1u64 << k)).min(size);
        self.range_hash(start, end - start)
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError> {
        if size > self.len() || size > MAX_SIZE {
            return Err(ProofError::OutOfRange);
        }
        Ok(())
    }

    /// The root hash of the tree's first `size` leaves (of the empty tree: SHA-256 of
    /// nothing).
    pub fn root(&self, size: u64) -> Result<Hash, ProofError> {
        self.check_size(size)?;
        if size == 0 {
            return Ok(Sha256::digest(b"").into());
        }
        Ok(self.range_hash(0, size))
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 6962 §2.1.1),
    /// leaf to root.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(size)?;
        if index >= size {
            return Err(ProofError::OutOfRange);
        }
        Ok(ct_merkle::indices_for_inclusion_proof(size, index)
            .into_iter()
            .map(|i| self.node_at(i, size))
            .collect())
    }

    /// The consistency proof from the tree of `from` leaves to the tree of `to` (RFC 6962
    /// §2.1.2); `from` is at least 1.
    pub fn consistency_proof(&self, from: u64, to: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(to)?;
        if from == 0 || from > to {
            return Err(ProofError::OutOfRange);
        }
        Ok(ct_merkle::indices_for_consistency_proof(from, to - from)
            .into_iter()
            .map(|i| self.node_at(i, to))
            .collect())
    }
}

type Output = ct_merkle::digest::Output<Sha256>;

fn output(h: &Hash) -> Output {
    Output::from(*h)
}

/// Verifies that the leaf whose entry is `entry` is leaf `index` of the tree of `size`
/// leaves whose root is `root`, with `proof` (hashes only; `ct-merkle`'s verifier).
pub fn verify_inclusion(
    entry: &Hash,
    index: u64,
    size: u64,
    root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if size > MAX_SIZE || index >= size {
        return Err(ProofError::OutOfRange);
    }
    let outputs: Vec<Output> = proof.iter().map(output).collect();
    let proof = InclusionProof::<Sha256>::from_digests(outputs.iter());
    RootHash::<Sha256>::new(output(root), size)
        .verify_inclusion(entry, index, &proof)
        .map_err(|e| match e {
            ct_merkle::InclusionVerifError::MalformedProof => ProofError::Malformed,
            ct_merkle::InclusionVerifError::IncorrectHash => ProofError::Mismatch,
            _ => ProofError::OutOfRange,
        })
}

/// Verifies that the tree of `to` leaves with root `to_root` extends the tree of `from`
/// leaves with root `from_root`, with `proof` (`ct-merkle`'s verifier).
pub fn verify_consistency(
    from: u64,
    from_root: &Hash,
    to: u64,
    to_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if to > MAX_SIZE || from == 0 || from > to {
        return Err(ProofError::OutOfRange);
    }
    let outputs: Vec<Output> = proof.iter().map(output).collect();
    let proof = ConsistencyProof::<Sha256>::from_digests(outputs.iter());
    RootHash::<Sha256>::new(output(to_root), to)
        .verify_consistency(&RootHash::new(output(from_root), from), &proof)
        .map_err(|e| match e {
            ct_merkle::ConsistencyVerifError::MalformedProof => ProofError::Malformed,
            ct_merkle::ConsistencyVerifError::VerificationFailure => ProofError::Mismatch,
            _ => ProofError::OutOfRange,
        })
}

// ------------------------------------------------------------------ checkpoints

/// The signature type byte of Ed25519 in C2SP signed notes (key ids and verifier keys).
const ED25519_ALG: u8 = 0x01;

/// The origin line of the log of the platform reached at `public_url`:
/// `zhenxing/<host>/disclosure` (host with its port, if any; characters a note's key name
/// cannot hold — space, `+` — as `-`).
pub fn origin(public_url: &str) -> String {
    let rest = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    let host: String = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '+' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let host = if host.is_empty() { "localhost" } else { &host };
    format!("zhenxing/{host}/disclosure")
}

/// The C2SP signed-note key id of the Ed25519 key `key` named `name`: the first 4 bytes of
/// SHA-256(name || "\n" || 0x01 || public key).
pub fn key_id(name: &str, key: &ed25519_dalek::VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519_ALG]);
    h.update(key.as_bytes());
    let d: Hash = h.finalize().into();
    [d[0], d[1], d[2], d[3]]
}

/// The verifier key in the format of Go's `golang.org/x/mod/sumdb/note`:
/// `<name>+<hex key id>+<base64(0x01 || public key)>`.
pub fn verifier_key(name: &str, key: &ed25519_dalek::VerifyingKey) -> String {
    let mut bytes = vec![ED25519_ALG];
    bytes.extend_from_slice(key.as_bytes());
    format!(
        "{name}+{}+{}",
        super::snapshot::hex(&key_id(name, key)),
        B64.encode(bytes)
    )
}

/// The public key as text: base64 of its 32 bytes.
pub fn key_text(key: &ed25519_dalek::VerifyingKey) -> String {
    B64.encode(key.as_bytes())
}

/// Parses a public key written as base64 of its 32 bytes.
pub fn parse_key(text: &str) -> Option<ed25519_dalek::VerifyingKey> {
    let bytes = B64.decode(text.trim()).ok()?;
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok()
}

/// A checkpoint: the log's size and root hash under its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note's body (C2SP tlog-checkpoint): origin, size in decimal, base64 root, each
    /// line ending in a newline.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        )
    }

    /// The signed note: the body, a blank line and the signature line
    /// `— <origin> <base64(key id || signature)>` (the key's name is the origin).
    pub fn sign(&self, signer: &Signer) -> String {
        let body = self.body();
        let sig = signer.sign(body.as_bytes());
        let mut blob = key_id(&self.origin, &signer.public_key()).to_vec();
        blob.extend_from_slice(&sig.to_bytes());
        format!("{body}\n\u{2014} {} {}\n", self.origin, B64.encode(blob))
    }
}

/// Why a checkpoint note is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the checkpoint is not a signed note of origin, size and root hash")]
    Malformed,
    #[error("the checkpoint carries no signature by this key")]
    NoSignature,
    #[error("the checkpoint's signature does not verify with the public key")]
    BadSignature,
}

/// Parses the signed note `note` and checks its signature by `key`: the checkpoint it
/// signs. Only a signature line of the note's origin whose key id is `key`'s counts.
pub fn open_checkpoint(
    note: &str,
    key: &ed25519_dalek::VerifyingKey,
) -> Result<Checkpoint, NoteError> {
    let (body, sigs) = note.split_once("\n\n").ok_or(NoteError::Malformed)?;
    let body = format!("{body}\n");
    let mut lines = body.lines();
    let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next()) else {
        return Err(NoteError::Malformed);
    };
    // Digits only (`parse` would take "+5", which a note never writes).
    if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NoteError::Malformed);
    }
    let size: u64 = size
        .parse()
        .ok()
        .filter(|s| *s <= MAX_SIZE)
        .ok_or(NoteError::Malformed)?;
    let root: Hash = B64
        .decode(root)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(NoteError::Malformed)?;
    if origin.is_empty() || origin.contains(char::is_whitespace) {
        return Err(NoteError::Malformed);
    }
    let id = key_id(origin, key);
    let mut found = false;
    for line in sigs.lines() {
        let Some(rest) = line.strip_prefix("\u{2014} ") else {
            return Err(NoteError::Malformed);
        };
        let Some((name, blob)) = rest.split_once(' ') else {
            return Err(NoteError::Malformed);
        };
        let Ok(blob) = B64.decode(blob) else {
            return Err(NoteError::Malformed);
        };
        if name != origin || blob.len() != 4 + 64 || blob[..4] != id {
            continue;
        }
        found = true;
        let Ok(sig) = ed25519_dalek::Signature::from_slice(&blob[4..]) else {
            return Err(NoteError::BadSignature);
        };
        if key.verify_strict(body.as_bytes(), &sig).is_ok() {
            return Ok(Checkpoint {
                origin: origin.to_string(),
                size,
                root,
            });
        }
    }
    Err(if found {
        NoteError::BadSignature
    } else {
        NoteError::NoSignature
    })
}

// ------------------------------------------------------------------ the bundle

/// The `format` of a [`Bundle`].
pub const BUNDLE_FORMAT: &str = "zhenxing-disclosure-bundle/1";

/// What a villager downloads for a published version (`bundle.json`) and
/// `zhenxing disclosure verify` checks offline: the snapshot exactly as hashed, its leaf in
/// the log, the inclusion proof in the checkpoint's tree and the signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub item_id: String,
    pub version: i64,
    /// The canonical JSON text whose SHA-256 is the leaf's entry.
    pub snapshot: String,
    pub leaf_index: u64,
    pub tree_size: u64,
    /// The inclusion proof's hashes, leaf to root, hex.
    pub inclusion_proof: Vec<String>,
    /// The signed checkpoint note of `tree_size`.
    pub checkpoint: String,
    /// The log's public key, base64.
    pub public_key: String,
}

/// Why a bundle does not verify, in the order the checks run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("not a disclosure bundle: {0}")]
    Format(String),
    #[error("the checkpoint: {0}")]
    Checkpoint(NoteError),
    #[error("the checkpoint is of size {note}, the proof of size {bundle}")]
    SizeMismatch { note: u64, bundle: u64 },
    #[error(
        "the snapshot with the inclusion proof does not lead to the signed root: the snapshot or the proof was changed"
    )]
    NotIncluded,
    #[error("the inclusion proof is malformed for leaf {index} of {size}")]
    ProofMalformed { index: u64, size: u64 },
}

/// What a bundle that verifies proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// SHA-256 of the snapshot (the leaf's entry), hex.
    pub entry_hex: String,
    pub leaf_hash_hex: String,
    pub leaf_index: u64,
    pub checkpoint: Checkpoint,
    /// The key that signed the checkpoint (base64) and its key id (hex).
    pub key: String,
    pub key_id_hex: String,
    /// Whether the key was given by the caller (`false`: the bundle's own key was used,
    /// which proves consistency, not origin).
    pub trusted_key: bool,
}

impl Bundle {
    /// Checks the bundle: the snapshot's SHA-256 is the leaf's entry, the proof leads from
    /// it to the checkpoint's root, and the checkpoint is signed by `trusted` (or, when none
    /// is given, by the bundle's own key).
    pub fn verify(
        &self,
        trusted: Option<&ed25519_dalek::VerifyingKey>,
    ) -> Result<Verified, BundleError> {
        if self.format != BUNDLE_FORMAT {
            return Err(BundleError::Format(format!(
                "format {:?}, expected {BUNDLE_FORMAT:?}",
                self.format
            )));
        }
        let own = parse_key(&self.public_key);
        let key = match (trusted, own.as_ref()) {
            (Some(k), _) => *k,
            (None, Some(k)) => *k,
            (None, None) => {
                return Err(BundleError::Format("public_key is not a base64 key".into()));
            }
        };
        let checkpoint =
            open_checkpoint(&self.checkpoint, &key).map_err(BundleError::Checkpoint)?;
        if checkpoint.size != self.tree_size {
            return Err(BundleError::SizeMismatch {
                note: checkpoint.size,
                bundle: self.tree_size,
            });
        }
        let proof = self
            .inclusion_proof
            .iter()
            .map(|h| super::snapshot::parse_hex32(h))
            .collect::<Option<Vec<Hash>>>()
            .ok_or_else(|| {
                BundleError::Format("an inclusion proof hash is not 64 hex digits".into())
            })?;
        let entry = super::snapshot::sha256(self.snapshot.as_bytes());
        verify_inclusion(
            &entry,
            self.leaf_index,
            self.tree_size,
            &checkpoint.root,
            &proof,
        )
        .map_err(|e| match e {
            ProofError::Mismatch => BundleError::NotIncluded,
            _ => BundleError::ProofMalformed {
                index: self.leaf_index,
                size: self.tree_size,
            },
        })?;
        Ok(Verified {
            entry_hex: super::snapshot::hex(&entry),
            leaf_hash_hex: super::snapshot::hex(&leaf_hash(&entry)),
            leaf_index: self.leaf_index,
            key: key_text(&key),
            key_id_hex: super::snapshot::hex(&key_id(&checkpoint.origin, &key)),
            checkpoint,
            trusted_key: trusted.is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    /// The entry of leaf `i` of the test trees.
    fn entry(i: u64) -> Hash {
        super::super::snapshot::sha256(format!("{{\"leaf\":{i}}}").as_bytes())
    }

    const LEAVES: u64 = 300;

    fn tree(n: u64) -> Tree {
        let mut t = Tree::new();
        for i in 0..n {
            t.push(&entry(i));
        }
        t
    }

    fn flip(h: &Hash, byte: usize) -> Hash {
        let mut h = *h;
        h[byte % 32] ^= 0x01;
        h
    }

    #[test]
    fn roots_and_proofs_match_ct_merkles_own_tree_at_every_size() {
        // ct-merkle's in-memory tree (which stores every node and proves at its own size) is
        // the independent reference: same roots, same proofs, byte for byte.
        let t = tree(LEAVES);
        let mut reference = ct_merkle::mem_backed_tree::MemoryBackedTree::<Sha256, Hash>::new();
        assert_eq!(
            super::super::snapshot::hex(&t.root(0).unwrap()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        for size in 1..=LEAVES {
            reference.push(entry(size - 1));
            let root = t.root(size).unwrap();
            assert_eq!(
                root.as_slice(),
                reference.root().as_bytes().as_slice(),
                "size {size}"
            );
            for index in [0, size / 2, size - 1] {
                let ours = t.inclusion_proof(index, size).unwrap();
                let theirs = reference.prove_inclusion(index as usize);
                assert_eq!(ours.concat(), theirs.as_bytes(), "leaf {index} of {size}");
                verify_inclusion(&entry(index), index, size, &root, &ours).unwrap();
            }
            for from in [1, size / 2 + 1, size] {
                let from = from.min(size);
                let ours = t.consistency_proof(from, size).unwrap();
                let theirs = reference.prove_consistency((size - from) as usize);
                assert_eq!(ours.concat(), theirs.as_bytes(), "{from} → {size}");
                verify_consistency(from, &t.root(from).unwrap(), size, &root, &ours).unwrap();
            }
        }
    }

    #[test]
    fn sizes_beyond_the_tree_are_refused_not_proved() {
        let t = tree(5);
        assert_eq!(t.root(6), Err(ProofError::OutOfRange));
        assert_eq!(t.inclusion_proof(5, 5), Err(ProofError::OutOfRange));
        assert_eq!(t.inclusion_proof(0, 6), Err(ProofError::OutOfRange));
        assert_eq!(t.consistency_proof(0, 5), Err(ProofError::OutOfRange));
        assert_eq!(t.consistency_proof(4, 3), Err(ProofError::OutOfRange));
        assert_eq!(
            t.consistency_proof(3, u64::MAX),
            Err(ProofError::OutOfRange)
        );
        // A verifier given absurd numbers says no; it does not panic.
        let root = t.root(5).unwrap();
        assert!(verify_inclusion(&entry(0), u64::MAX - 1, u64::MAX, &root, &[]).is_err());
        assert!(verify_inclusion(&entry(0), 0, 0, &root, &[]).is_err());
        assert!(verify_consistency(u64::MAX - 1, &root, u64::MAX, &root, &[]).is_err());
        assert!(verify_consistency(0, &root, 5, &root, &[]).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Inclusion and consistency proofs verify at every size up to 300 leaves; a flipped
        /// byte in the entry, in any proof hash or in the root makes them fail.
        #[test]
        fn proofs_verify_and_any_flipped_byte_fails(
            size in 1..=LEAVES,
            index_seed in any::<u64>(),
            from_seed in any::<u64>(),
            which in any::<usize>(),
            byte in 0usize..32,
        ) {
            let t = tree(size);
            let index = index_seed % size;
            let root = t.root(size).unwrap();
            let proof = t.inclusion_proof(index, size).unwrap();
            prop_assert!(verify_inclusion(&entry(index), index, size, &root, &proof).is_ok());
            prop_assert!(verify_inclusion(&flip(&entry(index), byte), index, size, &root, &proof).is_err());
            prop_assert!(verify_inclusion(&entry(index), index, size, &flip(&root, byte), &proof).is_err());
            if !proof.is_empty() {
                let mut bad = proof.clone();
                let i = which % bad.len();
                bad[i] = flip(&bad[i], byte);
                prop_assert!(verify_inclusion(&entry(index), index, size, &root, &bad).is_err());
            }
            // Another leaf's position does not verify either.
            if size > 1 {
                let other = (index + 1) % size;
                prop_assert!(verify_inclusion(&entry(index), other, size, &root, &proof).is_err());
            }

            let from = 1 + from_seed % size;
            let old = t.root(from).unwrap();
            let proof = t.consistency_proof(from, size).unwrap();
            prop_assert!(verify_consistency(from, &old, size, &root, &proof).is_ok());
            prop_assert!(verify_consistency(from, &old, size, &flip(&root, byte), &proof).is_err());
            prop_assert!(verify_consistency(from, &flip(&old, byte), size, &root, &proof).is_err());
            if !proof.is_empty() {
                let mut bad = proof.clone();
                let i = which % bad.len();
                bad[i] = flip(&bad[i], byte);
                prop_assert!(verify_consistency(from, &old, size, &root, &bad).is_err());
            }
        }
    }

    fn signer() -> Signer {
        Signer::from_seed(&[7; 32])
    }

    #[test]
    fn checkpoints_are_c2sp_notes_that_verify_with_the_public_key() {
        let s = signer();
        let t = tree(3);
        let cp = Checkpoint {
            origin: origin("https://zx.example.org:8443/path"),
            size: 3,
            root: t.root(3).unwrap(),
        };
        assert_eq!(cp.origin, "zhenxing/zx.example.org:8443/disclosure");
        let note = cp.sign(&s);
        let lines: Vec<&str> = note.lines().collect();
        assert_eq!(lines[0], "zhenxing/zx.example.org:8443/disclosure");
        assert_eq!(lines[1], "3");
        assert_eq!(B64.decode(lines[2]).unwrap(), t.root(3).unwrap().to_vec());
        assert_eq!(lines[3], "");
        assert!(lines[4].starts_with("\u{2014} zhenxing/zx.example.org:8443/disclosure "));
        let blob = B64.decode(lines[4].rsplit(' ').next().unwrap()).unwrap();
        assert_eq!(blob.len(), 68);
        assert_eq!(blob[..4], key_id(&cp.origin, &s.public_key()));
        assert!(note.ends_with('\n'));
        assert_eq!(open_checkpoint(&note, &s.public_key()), Ok(cp.clone()));

        // Another key: no signature of it. A changed size or root: the signature fails.
        let other = Signer::from_seed(&[8; 32]);
        assert_eq!(
            open_checkpoint(&note, &other.public_key()),
            Err(NoteError::NoSignature)
        );
        let changed = note.replacen("\n3\n", "\n4\n", 1);
        assert_eq!(
            open_checkpoint(&changed, &s.public_key()),
            Err(NoteError::BadSignature)
        );
        let mut sig_flipped = blob.clone();
        sig_flipped[10] ^= 1;
        let forged = note.replace(&B64.encode(&blob), &B64.encode(&sig_flipped));
        assert_eq!(
            open_checkpoint(&forged, &s.public_key()),
            Err(NoteError::BadSignature)
        );
        assert_eq!(
            open_checkpoint("nonsense", &s.public_key()),
            Err(NoteError::Malformed)
        );
        // The verifier key Go's note package reads.
        let vkey = verifier_key(&cp.origin, &s.public_key());
        assert!(vkey.starts_with("zhenxing/zx.example.org:8443/disclosure+"));
        assert_eq!(parse_key(&key_text(&s.public_key())), Some(s.public_key()));
    }

    fn bundle() -> (Bundle, Signer) {
        let s = signer();
        let snapshot = r#"{"title":"2024年第三季度财务公开","total":"12.00"}"#.to_string();
        let mut t = tree(6);
        t.push(&super::super::snapshot::sha256(snapshot.as_bytes()));
        t.push(&entry(99));
        let cp = Checkpoint {
            origin: origin("http://127.0.0.1:8080"),
            size: 8,
            root: t.root(8).unwrap(),
        };
        let b = Bundle {
            format: BUNDLE_FORMAT.into(),
            item_id: "item".into(),
            version: 1,
            snapshot,
            leaf_index: 6,
            tree_size: 8,
            inclusion_proof: t
                .inclusion_proof(6, 8)
                .unwrap()
                .iter()
                .map(|h| super::super::snapshot::hex(h))
                .collect(),
            checkpoint: cp.sign(&s),
            public_key: key_text(&s.public_key()),
        };
        (b, s)
    }

    #[test]
    fn a_bundle_verifies_and_each_change_is_named() {
        let (b, s) = bundle();
        let ok = b.verify(Some(&s.public_key())).unwrap();
        assert!(ok.trusted_key);
        assert_eq!(ok.leaf_index, 6);
        assert!(!b.verify(None).unwrap().trusted_key);

        let mut changed = b.clone();
        changed.snapshot = changed.snapshot.replace("12.00", "13.00");
        assert_eq!(changed.verify(None), Err(BundleError::NotIncluded));

        let mut changed = b.clone();
        let h = super::super::snapshot::parse_hex32(&changed.inclusion_proof[1]).unwrap();
        changed.inclusion_proof[1] = super::super::snapshot::hex(&flip(&h, 3));
        assert_eq!(changed.verify(None), Err(BundleError::NotIncluded));

        let other = Signer::from_seed(&[9; 32]);
        assert_eq!(
            b.verify(Some(&other.public_key())),
            Err(BundleError::Checkpoint(NoteError::NoSignature))
        );

        let mut changed = b.clone();
        changed.tree_size = 7;
        assert!(matches!(
            changed.verify(None),
            Err(BundleError::SizeMismatch { .. })
        ));

        let mut changed = b.clone();
        changed.inclusion_proof.pop();
        assert!(matches!(
            changed.verify(None),
            Err(BundleError::ProofMalformed { .. })
        ));

        let json = serde_json::to_string(&b).unwrap();
        let back: Bundle = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
    }
}
