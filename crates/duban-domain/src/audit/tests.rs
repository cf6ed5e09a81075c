//! The chain, checkpoints and verifier, with every kind of tampering the issue names.

use proptest::prelude::*;

use super::*;

fn record(seq: i64, n: u64) -> Record {
    Record {
        seq,
        at: 1_700_000_000_000 + seq * 1000,
        actor_id: (!n.is_multiple_of(3)).then_some((n % 7) as i64),
        actor: format!("user{}", n % 5),
        role: "office".into(),
        address: "127.0.0.1".into(),
        event: "item.update".into(),
        object: format!("item:{}", n % 11),
        before: n.is_multiple_of(2).then(|| format!("{{\"v\":{n}}}")),
        after: Some(format!("{{\"v\":{}}}", n + 1)),
        outcome: outcome::OK.into(),
    }
}

/// A sealed log: records with their hashes, checkpoints every `every` and at the end.
struct Log {
    rows: Vec<(Record, String)>,
    checkpoints: Vec<Checkpoint>,
    head: (i64, String),
}

fn key() -> HmacSm3 {
    HmacSm3::new([7; KEY_BYTES])
}

fn sealed(n: i64, every: i64, salt: u64) -> Log {
    let signer = key();
    let mut prev = GENESIS;
    let mut rows = Vec::new();
    let mut checkpoints = Vec::new();
    for seq in 1..=n {
        let r = record(seq, salt.wrapping_mul(31).wrapping_add(seq as u64));
        prev = r.chain(&prev);
        if seq % every == 0 || seq == n {
            checkpoints.push(Checkpoint::new(&signer, seq, prev, seq * 10));
        }
        rows.push((r, to_hex(&prev)));
    }
    Log {
        rows,
        checkpoints,
        head: (n, to_hex(&prev)),
    }
}

fn verify(log: &Log) -> Result<Summary, Broken> {
    let signer = key();
    let mut v = Verifier::new(Some(&signer), log.checkpoints.clone());
    for (r, h) in &log.rows {
        v.record(r, h)?;
    }
    v.finish((log.head.0, &log.head.1))
}

#[test]
fn an_untouched_log_verifies_and_is_anchored_to_its_last_checkpoint() {
    let log = sealed(20, 8, 1);
    let s = verify(&log).unwrap();
    assert_eq!((s.records, s.checkpoints, s.anchored_to), (20, 3, 20));
    assert!(s.signatures_checked);
}

#[test]
fn an_empty_log_verifies() {
    let log = Log {
        rows: vec![],
        checkpoints: vec![],
        head: (0, to_hex(&GENESIS)),
    };
    assert_eq!(verify(&log).unwrap().records, 0);
}

#[test]
fn the_encoding_tells_apart_fields_that_would_run_together() {
    let mut a = record(1, 0);
    let mut b = a.clone();
    a.actor = "ab".into();
    a.role = "c".into();
    b.actor = "a".into();
    b.role = "bc".into();
    assert_ne!(a.encode(), b.encode());
    let mut c = record(1, 1);
    c.before = None;
    let mut d = c.clone();
    d.before = Some(String::new());
    assert_ne!(c.encode(), d.encode());
}

#[test]
fn the_hash_is_sm3_of_the_previous_hash_and_the_encoding() {
    // SM3("abc") from GB/T 32905 appendix A, to pin the hash function itself.
    use sm3::{Digest, Sm3};
    assert_eq!(
        to_hex(&Sm3::digest(b"abc")),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    let r = record(1, 4);
    let mut input = GENESIS.to_vec();
    input.extend(r.encode());
    assert_eq!(r.chain(&GENESIS).to_vec(), Sm3::digest(&input).to_vec());
}

#[test]
fn a_rewritten_chain_is_caught_at_the_next_checkpoint() {
    let mut log = sealed(30, 8, 2);
    // An attacker without the key changes record 10 and recomputes every hash after it.
    log.rows[9].0.after = Some("{\"v\":0}".into());
    let mut prev = hash_from_hex(&log.rows[8].1).unwrap();
    for (r, h) in log.rows.iter_mut().skip(9) {
        prev = r.chain(&prev);
        *h = to_hex(&prev);
    }
    log.head.1 = to_hex(&prev);
    let b = verify(&log).unwrap_err();
    assert_eq!((b.seq, b.fault), (16, Fault::CheckpointMismatch));
}

#[test]
fn a_checkpoint_signed_with_another_key_is_refused() {
    let mut log = sealed(10, 4, 3);
    let other = HmacSm3::new([8; KEY_BYTES]);
    let c = &log.checkpoints[0];
    log.checkpoints[0] = Checkpoint::new(&other, c.seq, c.hash, c.at);
    let b = verify(&log).unwrap_err();
    assert_eq!((b.seq, b.fault), (4, Fault::BadSignature));
}

#[test]
fn the_key_id_names_the_key_without_showing_it() {
    let k = key();
    assert!(k.key_id().starts_with("hmac-sm3:"));
    assert_ne!(k.key_id(), HmacSm3::new([8; KEY_BYTES]).key_id());
    assert!(!format!("{k:?}").contains("7, 7"));
}

/// One way to tamper with a sealed log of `n` records, and the record it must name.
#[derive(Debug, Clone)]
enum Tamper {
    Field { at: usize, field: u8 },
    Hash { at: usize },
    Delete { at: usize },
    Insert { at: usize },
    Swap { a: usize, b: usize },
    CutTail { from: usize, fix_head: bool },
    Signature { checkpoint: usize },
}

fn tamper() -> impl Strategy<Value = (i64, Tamper)> {
    (2i64..60).prop_flat_map(|n| {
        let i = 0..n as usize;
        let kinds = prop_oneof![
            (i.clone(), 0u8..8).prop_map(|(at, field)| Tamper::Field { at, field }),
            i.clone().prop_map(|at| Tamper::Hash { at }),
            i.clone().prop_map(|at| Tamper::Delete { at }),
            (0..=n as usize).prop_map(|at| Tamper::Insert { at }),
            (i.clone(), i.clone())
                .prop_filter("two records", |(a, b)| a != b)
                .prop_map(|(a, b)| Tamper::Swap {
                    a: a.min(b),
                    b: a.max(b)
                }),
            (i.clone(), any::<bool>())
                .prop_map(|(from, fix_head)| Tamper::CutTail { from, fix_head }),
            (0usize..8).prop_map(|checkpoint| Tamper::Signature { checkpoint }),
        ];
        (Just(n), kinds)
    })
}

/// Applies `t`; the sequence number the verifier must name.
fn apply(log: &mut Log, t: &Tamper) -> i64 {
    match *t {
        Tamper::Field { at, field } => {
            let r = &mut log.rows[at].0;
            match field {
                0 => r.at += 1,
                1 => r.actor_id = Some(r.actor_id.unwrap_or(0) + 1),
                2 => r.actor.push('x'),
                3 => r.role = "leader".into(),
                4 => r.address = "10.0.0.9".into(),
                5 => r.object.push('0'),
                6 => r.before = Some(format!("{}x", r.before.clone().unwrap_or_default())),
                _ => r.outcome = outcome::DENIED.into(),
            }
            r.seq
        }
        Tamper::Hash { at } => {
            let h = &mut log.rows[at].1;
            let flipped = if h.starts_with('0') { "1" } else { "0" };
            h.replace_range(0..1, flipped);
            log.rows[at].0.seq
        }
        Tamper::Delete { at } => log.rows.remove(at).0.seq,
        Tamper::Insert { at } => {
            let seq = at as i64 + 1;
            for (r, _) in log.rows.iter_mut().skip(at) {
                r.seq += 1;
            }
            let forged = record(seq, 999);
            log.rows.insert(at, (forged, to_hex(&[9; 32])));
            seq
        }
        Tamper::Swap { a, b } => {
            let (ra, rb) = (log.rows[a].clone(), log.rows[b].clone());
            log.rows[a] = (
                Record {
                    seq: ra.0.seq,
                    ..rb.0
                },
                rb.1,
            );
            log.rows[b] = (
                Record {
                    seq: rb.0.seq,
                    ..ra.0
                },
                ra.1,
            );
            a as i64 + 1
        }
        Tamper::CutTail { from, fix_head } => {
            log.rows.truncate(from);
            if fix_head {
                // The head rewritten to match: the checkpoint at the end still knows.
                let h = log.rows.last().map(|(_, h)| h.clone());
                log.head = (from as i64, h.unwrap_or_else(|| to_hex(&GENESIS)));
            }
            from as i64 + 1
        }
        Tamper::Signature { checkpoint } => {
            let i = checkpoint % log.checkpoints.len();
            log.checkpoints[i].signature[0] ^= 1;
            log.checkpoints[i].seq
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// 1,000 tamperings of every kind: each is caught, naming the first bad record.
    #[test]
    fn every_tampering_is_caught_and_the_first_bad_record_named((n, t) in tamper(), salt in any::<u64>()) {
        let mut log = sealed(n, 8, salt);
        prop_assert!(verify(&log).is_ok());
        let first_bad = apply(&mut log, &t);
        let broken = verify(&log);
        prop_assert!(broken.is_err(), "{t:?} went unnoticed");
        prop_assert_eq!(broken.unwrap_err().seq, first_bad, "{:?}", t);
    }
}
