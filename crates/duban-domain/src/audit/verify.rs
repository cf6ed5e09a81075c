//! Checking the chain: records are fed in sequence order and the first one that does
//! not fit is named. Works as a stream, so a log of millions of records is checked
//! without holding it in memory.

use super::{Checkpoint, Hash, Record, Signer, checkpoint_message, hash_from_hex};

/// Why a record does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The record or its stored hash differs from what was chained: changed, swapped
    /// with another, or inserted.
    Changed,
    /// The record is absent though later records, the head or a checkpoint say it was
    /// written: deleted, or the tail cut off.
    Missing,
    /// A record after the head: appended behind the log's back.
    BeyondHead,
    /// Records came out of order (a sequence number repeats or goes back).
    OutOfOrder,
    /// A checkpoint's hash disagrees with the chain at its record.
    CheckpointMismatch,
    /// A checkpoint's signature does not verify with the key, or names another key.
    BadSignature,
}

/// The first record that does not fit, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
    pub fault: Fault,
}

impl Broken {
    /// Chinese, then English: for the CLI and the audit page.
    pub fn describe(&self) -> String {
        let (zh, en) = match self.fault {
            Fault::Changed => (
                "内容或哈希与链不符(被修改、调换或插入)",
                "changed, swapped or inserted",
            ),
            Fault::Missing => ("缺失(被删除或截断)", "missing: deleted or cut off"),
            Fault::BeyondHead => ("位于链头之后(被追加)", "after the head: appended"),
            Fault::OutOfOrder => ("序号重复或倒序", "out of order"),
            Fault::CheckpointMismatch => ("与签名检查点不符", "disagrees with a signed checkpoint"),
            Fault::BadSignature => ("检查点签名无效", "checkpoint signature does not verify"),
        };
        format!(
            "第{}条审计记录{zh} / audit record {} {en}",
            self.seq, self.seq
        )
    }
}

/// What a successful check covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub records: i64,
    pub checkpoints: usize,
    /// Whether checkpoint signatures were checked (a key was given).
    pub signatures_checked: bool,
    /// The last record a signed checkpoint vouches for (0: none).
    pub anchored_to: i64,
}

/// Feeds on records in sequence order; see the module docs.
pub struct Verifier<'a> {
    signer: Option<&'a dyn Signer>,
    checkpoints: Vec<Checkpoint>,
    next_checkpoint: usize,
    expect: i64,
    previous: Hash,
    anchored_to: i64,
}

impl<'a> Verifier<'a> {
    /// Without a signer, checkpoints are held to the chain but their signatures are
    /// not checked.
    pub fn new(signer: Option<&'a dyn Signer>, mut checkpoints: Vec<Checkpoint>) -> Self {
        checkpoints.sort_by_key(|c| c.seq);
        Verifier {
            signer,
            checkpoints,
            next_checkpoint: 0,
            expect: 1,
            previous: super::GENESIS,
            anchored_to: 0,
        }
    }

    /// The next record as stored, with its stored hash (hex).
    pub fn record(&mut self, r: &Record, stored_hash: &str) -> Result<(), Broken> {
        let broken = |seq, fault| Err(Broken { seq, fault });
        if r.seq > self.expect {
            return broken(self.expect, Fault::Missing);
        }
        if r.seq < self.expect {
            return broken(r.seq, Fault::OutOfOrder);
        }
        let h = r.chain(&self.previous);
        if hash_from_hex(stored_hash) != Some(h) {
            return broken(r.seq, Fault::Changed);
        }
        while let Some(c) = self.checkpoints.get(self.next_checkpoint) {
            if c.seq > r.seq {
                break;
            }
            if c.seq < r.seq {
                // Skipped over: a checkpoint for a sequence number never seen.
                return broken(c.seq, Fault::Missing);
            }
            if c.hash != h {
                return broken(r.seq, Fault::CheckpointMismatch);
            }
            if let Some(s) = self.signer {
                let message = checkpoint_message(c.seq, &c.hash, c.at);
                if c.key_id != s.key_id() || !s.verify(&message, &c.signature) {
                    return broken(r.seq, Fault::BadSignature);
                }
                self.anchored_to = r.seq;
            }
            self.next_checkpoint += 1;
        }
        self.previous = h;
        self.expect += 1;
        Ok(())
    }

    /// Ends the check against the stored head (last sequence number and hash).
    pub fn finish(self, head: (i64, &str)) -> Result<Summary, Broken> {
        let last = self.expect - 1;
        let broken = |seq, fault| Err(Broken { seq, fault });
        if self.next_checkpoint < self.checkpoints.len() {
            return broken(self.expect, Fault::Missing);
        }
        let (head_seq, head_hash) = head;
        if head_seq > last {
            return broken(self.expect, Fault::Missing);
        }
        if head_seq < last {
            return broken(head_seq + 1, Fault::BeyondHead);
        }
        let expected_head = if last == 0 {
            Some(super::GENESIS)
        } else {
            hash_from_hex(head_hash)
        };
        if expected_head != Some(self.previous) {
            return broken(last.max(1), Fault::Changed);
        }
        Ok(Summary {
            records: last,
            checkpoints: self.checkpoints.len(),
            signatures_checked: self.signer.is_some(),
            anchored_to: self.anchored_to,
        })
    }
}
