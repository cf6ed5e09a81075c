//! The database's own consistency, checked after a crash or a restore: SQLite's
//! `integrity_check` and `foreign_key_check`, and on both databases the invariants
//! between tables that no constraint states (a report's current version exists; the
//! audit head names the last record).

use sqlx::Row;

use crate::{Dialect, Result, Store};

/// Invariants between tables; each query lists what breaks it.
const INVARIANTS: [(&str, &str); 3] = [
    (
        "report without its current version",
        "SELECT r.id FROM reports r WHERE NOT EXISTS (
             SELECT 1 FROM report_versions v
             WHERE v.report_id = r.id AND v.version = r.current_version)",
    ),
    (
        "report version past its report's current one",
        "SELECT v.report_id FROM report_versions v JOIN reports r ON r.id = v.report_id
         WHERE v.version > r.current_version",
    ),
    (
        "audit head not at the last record",
        "SELECT h.seq FROM audit_head h
         WHERE h.seq <> (SELECT COALESCE(MAX(seq), 0) FROM audit_log)",
    ),
];

impl Store {
    /// What is wrong with the stored data, in words; empty when nothing is.
    pub async fn check_integrity(&self) -> Result<Vec<String>> {
        let mut faults = Vec::new();
        if self.dialect == Dialect::Sqlite {
            let rows = sqlx::query("PRAGMA integrity_check")
                .fetch_all(&self.pool)
                .await?;
            for r in rows {
                let line: String = r.try_get(0)?;
                if line != "ok" {
                    faults.push(format!("integrity_check: {line}"));
                }
            }
            let broken = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&self.pool)
                .await?;
            if !broken.is_empty() {
                faults.push(format!("{} rows break a foreign key", broken.len()));
            }
        }
        for (what, query) in INVARIANTS {
            let n = sqlx::query(query).fetch_all(&self.pool).await?.len();
            if n > 0 {
                faults.push(format!("{what}: {n}"));
            }
        }
        Ok(faults)
    }
}
