//! A published version's snapshot: canonical JSON (object keys sorted, no insignificant
//! whitespace, as `serde_json` writes a `Value` whose maps are ordered) and its SHA-256, which
//! is the version's entry in the Merkle log.

use sha2::{Digest, Sha256};

/// The canonical bytes of `value`: keys sorted at every level, compact.
pub fn canonical(value: &serde_json::Value) -> Vec<u8> {
    // serde_json's Map is a BTreeMap (the `preserve_order` feature is not enabled in this
    // workspace), so serialising a Value writes keys in sorted order.
    serde_json::to_vec(value).unwrap_or_default()
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Parses 64 hex digits into 32 bytes.
pub fn parse_hex32(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_and_is_compact() {
        let v = serde_json::json!({"b": 1, "a": {"d": [1, 2], "c": "王"}});
        assert_eq!(
            String::from_utf8(canonical(&v)).unwrap(),
            r#"{"a":{"c":"王","d":[1,2]},"b":1}"#
        );
    }

    #[test]
    fn hex_round_trips() {
        let h = sha256(b"abc");
        assert_eq!(
            hex(&h),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(parse_hex32(&hex(&h)), Some(h));
        assert_eq!(parse_hex32("zz"), None);
    }
}
