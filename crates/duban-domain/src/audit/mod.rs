//! The tamper-evident audit log (留痕): what a record holds, its canonical encoding, and
//! the SM3 hash chain (GB/T 32905) that links each record to the one before it.
//!
//! A record's hash is `SM3(previous hash ‖ canonical encoding)`. The encoding gives every
//! field a tag and a length, so no two different records encode alike; the sequence
//! number is inside it, so moving a record breaks the chain as surely as changing it.
//! Checkpoints (see [`sign`]) sign the hash at a sequence number with a key kept
//! outside the database, so that a rewritten chain no longer matches them.

mod sign;
mod verify;

#[cfg(test)]
mod tests;

use sm3::{Digest, Sm3};

pub use sign::{Checkpoint, HmacSm3, KEY_BYTES, Signer, checkpoint_message};
pub use verify::{Broken, Fault, Summary, Verifier};

/// An SM3 digest.
pub type Hash = [u8; 32];

/// The hash before the first record.
pub const GENESIS: Hash = [0; 32];

/// The outcome of an audited event.
pub mod outcome {
    pub const OK: &str = "ok";
    /// Refused by the rules (no right, locked, wrong password).
    pub const DENIED: &str = "denied";
}

/// One record of the audit log: who did what to which object, from where, with what
/// result, and the object before and after (canonical JSON text) for changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1, 2, 3, … without gaps.
    pub seq: i64,
    /// Epoch milliseconds, UTC.
    pub at: i64,
    pub actor_id: Option<i64>,
    /// The person's username then, or "" for the system itself.
    pub actor: String,
    /// The person's role then (`Role::as_str`), or `system` / `anonymous`.
    pub role: String,
    /// The client address, or where a local change came from (`cli`, `worker`).
    pub address: String,
    /// What happened, as `object_kind.verb` (`user.update`, `login.failure`).
    pub event: String,
    /// What it happened to (`user:12`, `username:zhang`, `GET /api/v1/units`).
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// [`outcome::OK`] or [`outcome::DENIED`].
    pub outcome: String,
}

impl Record {
    /// The canonical bytes the chain hashes: a version byte, then each field as a tag,
    /// a 4-byte big-endian length and its bytes; integers as 8 big-endian bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(128);
        out.push(1); // encoding version
        let int = |tag: u8, v: Option<i64>, out: &mut Vec<u8>| {
            out.push(tag);
            match v {
                None => out.push(0),
                Some(v) => {
                    out.push(1);
                    out.extend_from_slice(&v.to_be_bytes());
                }
            }
        };
        int(b's', Some(self.seq), &mut out);
        int(b't', Some(self.at), &mut out);
        int(b'i', self.actor_id, &mut out);
        let text = |tag: u8, v: Option<&str>, out: &mut Vec<u8>| {
            out.push(tag);
            match v {
                None => out.push(0),
                Some(s) => {
                    out.push(1);
                    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
                    out.extend_from_slice(s.as_bytes());
                }
            }
        };
        text(b'a', Some(&self.actor), &mut out);
        text(b'r', Some(&self.role), &mut out);
        text(b'd', Some(&self.address), &mut out);
        text(b'e', Some(&self.event), &mut out);
        text(b'o', Some(&self.object), &mut out);
        text(b'b', self.before.as_deref(), &mut out);
        text(b'f', self.after.as_deref(), &mut out);
        text(b'x', Some(&self.outcome), &mut out);
        out
    }

    /// This record's link in the chain after `previous`.
    pub fn chain(&self, previous: &Hash) -> Hash {
        let mut h = Sm3::new();
        h.update(previous);
        h.update(self.encode());
        h.finalize().into()
    }
}

/// Lower-case hex, as hashes are stored.
pub fn to_hex(b: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push(DIGITS[(x >> 4) as usize] as char);
        s.push(DIGITS[(x & 15) as usize] as char);
    }
    s
}

/// Reads lower- or upper-case hex; `None` for anything else.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A stored hash read back, or `None` when it is not 32 bytes of hex.
pub fn hash_from_hex(s: &str) -> Option<Hash> {
    from_hex(s)?.try_into().ok()
}
