//! The audit log (留痕): records appended in the same transaction as the change or
//! event they record, chained with SM3 (`duban_domain::audit`), sealed now and then by
//! a signed checkpoint, and checked from the first record to the head.
//!
//! Who acted comes with each call; the client address is ambient, like a tracing
//! span: the HTTP layer runs each request inside [`with_address`], the CLI names
//! itself, and anything else is `local`. Passing it through every store method would
//! add a parameter to a hundred signatures for one column.

use std::future::Future;

use duban_domain::UserId;
use duban_domain::audit::{self, Broken, Checkpoint, Record, Signer, Summary, Verifier};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::rows::Tx;
use crate::{Dialect, Page, Paged, Result, Store, StoreError};

tokio::task_local! {
    static ADDRESS: String;
}

/// Runs `f` with `address` as the client address of every record it writes.
pub async fn with_address<F: Future>(address: String, f: F) -> F::Output {
    ADDRESS.scope(address, f).await
}

fn current_address() -> String {
    ADDRESS
        .try_with(|a| a.clone())
        .unwrap_or_else(|_| "local".into())
}

/// Who an event is recorded against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    User(UserId),
    /// Someone not logged in (a login attempt, a public objection).
    Anonymous,
    /// duban itself or an operator at the command line.
    System,
}

impl From<Option<UserId>> for Who {
    fn from(u: Option<UserId>) -> Who {
        u.map_or(Who::System, Who::User)
    }
}

/// What to record; the store adds the sequence number, the person's name and role,
/// the address and the hash.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: i64,
    pub who: Who,
    pub event: String,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub outcome: &'static str,
}

impl Entry {
    /// The same event, with what its object became.
    pub fn with_after(self, after: String) -> Entry {
        Entry {
            after: Some(after),
            ..self
        }
    }

    /// An event without a before and after.
    pub fn event(at: i64, who: Who, event: &str, object: String, outcome: &'static str) -> Entry {
        Entry {
            at,
            who,
            event: event.into(),
            object,
            before: None,
            after: None,
            outcome,
        }
    }
}

/// Appends `e` inside `tx`, claiming the request's idempotency key, if any, in the
/// same transaction (`crate::idempotency`). Taking the head row with an UPDATE locks it until `tx`
/// ends, so concurrent writers on PostgreSQL chain one after another; SQLite has one
/// writer at a time anyway.
pub(crate) async fn append(tx: &mut Tx, e: Entry) -> Result<i64> {
    crate::idempotency::claim_in(tx).await?;
    let (actor_id, actor, role) = match e.who {
        Who::User(id) => {
            let r = sqlx::query("SELECT username, role FROM users WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?;
            match r {
                Some(r) => (Some(id.0), r.try_get("username")?, r.try_get("role")?),
                None => (Some(id.0), String::new(), "unknown".to_string()),
            }
        }
        Who::Anonymous => (None, String::new(), "anonymous".to_string()),
        Who::System => (None, String::new(), "system".to_string()),
    };
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let previous: String = head.try_get("hash")?;
    let previous = audit::hash_from_hex(&previous)
        .ok_or_else(|| StoreError::Corrupt("audit head hash".into()))?;
    let record = Record {
        seq,
        at: e.at,
        actor_id,
        actor,
        role,
        address: current_address(),
        event: e.event,
        object: e.object,
        before: e.before,
        after: e.after,
        outcome: e.outcome.into(),
    };
    let hash = audit::to_hex(&record.chain(&previous));
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor, role, address, event, object,
                                before_data, after_data, outcome, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(record.seq)
    .bind(record.at)
    .bind(record.actor_id)
    .bind(&record.actor)
    .bind(&record.role)
    .bind(&record.address)
    .bind(&record.event)
    .bind(&record.object)
    .bind(&record.before)
    .bind(&record.after)
    .bind(&record.outcome)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

macro_rules! select_audit {
    () => {
        "SELECT seq, at, actor_id, actor, role, address, event, object, before_data, \
         after_data, outcome, hash FROM audit_log"
    };
}

/// `$head` filtered by the listing's optional event prefix, person and time range.
macro_rules! audit_where {
    ($head:expr, $tail:literal) => {
        concat!(
            $head,
            " WHERE ($1 IS NULL OR event LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR actor_id = $2)",
            " AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4)",
            $tail
        )
    };
}

fn record(r: &AnyRow) -> Result<(Record, String)> {
    Ok((
        Record {
            seq: r.try_get("seq")?,
            at: r.try_get("at")?,
            actor_id: r.try_get("actor_id")?,
            actor: r.try_get("actor")?,
            role: r.try_get("role")?,
            address: r.try_get("address")?,
            event: r.try_get("event")?,
            object: r.try_get("object")?,
            before: r.try_get("before_data")?,
            after: r.try_get("after_data")?,
            outcome: r.try_get("outcome")?,
        },
        r.try_get("hash")?,
    ))
}

/// One stored record with its hash, as the audit administrator reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub record: Record,
    pub hash: String,
}

/// Which records to list; every part optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Events starting with this (`login.` for every login event).
    pub event: Option<String>,
    pub actor_id: Option<i64>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// Records per read while checking the chain.
const BATCH: i64 = 1000;

/// Checks the whole chain as `conn` sees it: records in order, the head, and the
/// checkpoints (their signatures too when `signer` is given). The outer error is the
/// database failing; the inner one names the first bad record.
pub async fn verify_on(
    conn: &mut AnyConnection,
    signer: Option<&dyn Signer>,
) -> Result<std::result::Result<Summary, Broken>> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    let head: (i64, String) = match head {
        Some(h) => (h.try_get("seq")?, h.try_get("hash")?),
        // The head row itself is gone: nothing vouches for any record.
        None => (-1, String::new()),
    };
    let mut checkpoints = Vec::new();
    for r in sqlx::query("SELECT seq, hash, at, key_id, signature FROM audit_checkpoints")
        .fetch_all(&mut *conn)
        .await?
    {
        let seq: i64 = r.try_get("seq")?;
        let hash: String = r.try_get("hash")?;
        let signature: String = r.try_get("signature")?;
        checkpoints.push(Checkpoint {
            seq,
            // An unreadable stored hash or signature can match nothing.
            hash: audit::hash_from_hex(&hash).unwrap_or([0xff; 32]),
            at: r.try_get("at")?,
            key_id: r.try_get("key_id")?,
            signature: audit::from_hex(&signature).unwrap_or_default(),
        });
    }
    let mut v = Verifier::new(signer, checkpoints);
    let mut after = 0i64;
    loop {
        let rows = sqlx::query(concat!(
            select_audit!(),
            " WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(after)
        .bind(BATCH)
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let (r, hash) = record(row)?;
            after = r.seq;
            if let Err(b) = v.record(&r, &hash) {
                return Ok(Err(b));
            }
        }
        if (rows.len() as i64) < BATCH {
            break;
        }
    }
    if head.0 < 0 {
        return Ok(Err(Broken {
            seq: 1,
            fault: audit::Fault::Missing,
        }));
    }
    Ok(v.finish((head.0, &head.1)))
}

impl Store {
    /// Records one event in a transaction of its own (a refusal, a download, a login).
    pub async fn audit_event(&self, e: Entry) -> Result<i64> {
        let mut tx = self.write().await?;
        let seq = append(&mut tx, e).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Checks the whole log in one consistent snapshot; see [`verify_on`].
    pub async fn verify_audit(
        &self,
        signer: Option<&dyn Signer>,
    ) -> Result<std::result::Result<Summary, Broken>> {
        let mut tx = self.pool.begin().await?;
        if self.dialect == Dialect::Postgres {
            // Every statement of the check sees the same committed state.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await?;
        }
        let out = verify_on(&mut tx, signer).await?;
        tx.rollback().await?;
        Ok(out)
    }

    /// Signs the head as a checkpoint unless the last checkpoint already covers it;
    /// the checkpoint written, if any.
    pub async fn seal_audit(&self, signer: &dyn Signer, at: i64) -> Result<Option<Checkpoint>> {
        let mut tx = self.write().await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        let seq: i64 = head.try_get("seq")?;
        let hash: String = head.try_get("hash")?;
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM audit_checkpoints")
            .fetch_one(&mut *tx)
            .await?;
        if seq == 0 || last.is_some_and(|l| l >= seq) {
            return Ok(None);
        }
        let hash = audit::hash_from_hex(&hash)
            .ok_or_else(|| StoreError::Corrupt("audit head hash".into()))?;
        let c = Checkpoint::new(signer, seq, hash, at);
        sqlx::query(
            "INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(c.seq)
        .bind(audit::to_hex(&c.hash))
        .bind(c.at)
        .bind(&c.key_id)
        .bind(audit::to_hex(&c.signature))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(c))
    }

    /// A page of records, newest first.
    pub async fn audit_records(&self, f: &Filter, page: Page) -> Result<Paged<Stored>> {
        let like = f
            .event
            .as_deref()
            .map(|e| format!("{}%", crate::rows::like_escaped(e)));
        let total: i64 = sqlx::query_scalar(audit_where!("SELECT COUNT(*) FROM audit_log", ""))
            .bind(&like)
            .bind(f.actor_id)
            .bind(f.from)
            .bind(f.to)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(audit_where!(
            select_audit!(),
            " ORDER BY seq DESC LIMIT $5 OFFSET $6"
        ))
        .bind(&like)
        .bind(f.actor_id)
        .bind(f.from)
        .bind(f.to)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|r| record(r).map(|(record, hash)| Stored { record, hash }))
            .collect::<Result<Vec<_>>>()?;
        Ok(page.of(items, total))
    }
}
