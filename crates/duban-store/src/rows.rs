//! Small pieces shared by the resource modules: time, paging, versioned values and the
//! column conventions (scaled decimals, JSON text, 0/1 flags).

use std::time::{SystemTime, UNIX_EPOCH};

use duban_domain::{Decimal, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Result, StoreError};

pub type Tx = Transaction<'static, Any>;

/// Milliseconds since 1970-01-01 UTC.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Who makes a change, and when. Passed in so that tests can fix the clock and every
/// history row names its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub actor: Option<UserId>,
    pub at: i64,
}

impl Change {
    pub fn now(actor: Option<UserId>) -> Change {
        Change {
            actor,
            at: now_ms(),
        }
    }
}

/// A stored value with the version its ETag is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versioned<T> {
    #[serde(flatten)]
    pub value: T,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Which slice of a list to read: 1-based page of `per_page` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: i64,
    pub per_page: i64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            page: 1,
            per_page: 50,
        }
    }
}

impl Page {
    pub const MAX_PER_PAGE: i64 = 500;

    pub fn offset(&self) -> i64 {
        // Saturating: a page far past the end is empty, not an overflow.
        (self.page.max(1) - 1).saturating_mul(self.limit())
    }

    pub fn limit(&self) -> i64 {
        self.per_page.clamp(1, Self::MAX_PER_PAGE)
    }

    /// This page's rows, out of `total`.
    pub fn of<T>(&self, items: Vec<T>, total: i64) -> Paged<T> {
        Paged {
            items,
            total,
            page: self.page.max(1),
            per_page: self.limit(),
        }
    }
}

/// One page of a list and the number of rows in the whole list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

pub(crate) fn dec(row: &AnyRow, col: &str) -> Result<Option<Decimal>> {
    Ok(row
        .try_get::<Option<i64>, _>(col)?
        .map(Decimal::from_scaled))
}

pub(crate) fn scaled(d: Option<Decimal>) -> Option<i64> {
    d.map(Decimal::scaled)
}

/// `s` with LIKE's wildcards escaped, for `LIKE … ESCAPE '\\'`.
pub(crate) fn like_escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub(crate) fn json_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("domain values serialise to JSON")
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

pub(crate) fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown {what} {v:?}"))
}

pub(crate) fn versioned<T>(row: &AnyRow, value: T) -> Result<Versioned<T>> {
    Ok(Versioned {
        value,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// After an UPDATE … WHERE id = $1 AND version = $2 touched no row: was the row gone,
/// or was the caller's version stale? `sql` selects the current version by id.
pub(crate) async fn missing_or_stale(
    tx: &mut Tx,
    sql: &'static str,
    entity: &'static str,
    id: i64,
) -> StoreError {
    match sqlx::query_scalar::<_, i64>(sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
    {
        Ok(Some(current)) => StoreError::Stale {
            entity,
            id,
            current,
        },
        Ok(None) => StoreError::NotFound { entity, id },
        Err(e) => e.into(),
    }
}

/// A many-row INSERT: `head` (`INSERT INTO t (a, b) VALUES `, our own table and column
/// names) and `rows` groups of `cols` numbered parameters, `($1, $2), ($3, $4), …`. It
/// is safe to write out: it holds our own names and numbered parameters only, never
/// input (every value is bound). Imports and generated data write thousands of rows.
pub(crate) fn insert_rows_sql(head: &'static str, cols: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * cols * 6);
    sql.push_str(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(r * cols + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}
