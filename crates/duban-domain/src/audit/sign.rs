//! Signed checkpoints: the chain's hash at a sequence number, signed with a key kept
//! outside the database. HMAC-SM3 is the default; [`Signer`] is the seam where a
//! certified cryptographic module (密码模块) can be plugged in instead.

use hmac::{Hmac, KeyInit, Mac};
use sm3::Sm3;

use super::Hash;

/// The length of an HMAC-SM3 key.
pub const KEY_BYTES: usize = 32;

/// Signs and checks checkpoints.
pub trait Signer: Send + Sync {
    /// Names the key, so that a checkpoint says which key signed it.
    fn key_id(&self) -> &str;
    fn sign(&self, message: &[u8]) -> Vec<u8>;
    fn verify(&self, message: &[u8], signature: &[u8]) -> bool;
}

/// HMAC-SM3 with a 32-byte key.
pub struct HmacSm3 {
    key: [u8; KEY_BYTES],
    id: String,
}

impl HmacSm3 {
    /// The key id is the first 8 hex digits of the key's own HMAC of a fixed label, so
    /// it names the key without revealing it.
    pub fn new(key: [u8; KEY_BYTES]) -> HmacSm3 {
        let mut s = HmacSm3 {
            key,
            id: String::new(),
        };
        let tag = s.mac(b"duban audit key id");
        s.id = format!("hmac-sm3:{}", &super::to_hex(&tag)[..8]);
        s
    }

    fn mac(&self, message: &[u8]) -> Vec<u8> {
        let mut m = <Hmac<Sm3> as KeyInit>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        m.update(message);
        m.finalize().into_bytes().to_vec()
    }
}

impl std::fmt::Debug for HmacSm3 {
    // Never prints the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HmacSm3").field("id", &self.id).finish()
    }
}

impl Signer for HmacSm3 {
    fn key_id(&self) -> &str {
        &self.id
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.mac(message)
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let mut m = <Hmac<Sm3> as KeyInit>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        m.update(message);
        m.verify_slice(signature).is_ok()
    }
}

/// A signed statement that the chain had `hash` after record `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: Hash,
    pub at: i64,
    pub key_id: String,
    pub signature: Vec<u8>,
}

impl Checkpoint {
    pub fn new(signer: &dyn Signer, seq: i64, hash: Hash, at: i64) -> Checkpoint {
        Checkpoint {
            seq,
            hash,
            at,
            key_id: signer.key_id().to_string(),
            signature: signer.sign(&checkpoint_message(seq, &hash, at)),
        }
    }
}

/// What a checkpoint's signature covers.
pub fn checkpoint_message(seq: i64, hash: &Hash, at: i64) -> Vec<u8> {
    let mut m = b"duban-audit-checkpoint-v1".to_vec();
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(hash);
    m.extend_from_slice(&at.to_be_bytes());
    m
}
