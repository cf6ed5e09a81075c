//! Evidence files (佐证材料): the record in the database, the bytes in a directory of
//! their own ([`EvidenceDir`]), under a generated name, outside anything served.
//!
//! A file is written in full, flushed to disk and only then renamed to its final name,
//! and the record is inserted after that: a record never names a file that is missing
//! or half-written. When the insert fails, the file is removed again. Withdrawing
//! evidence marks the record and keeps both it and the file: history is never destroyed.

use std::io::Write;
use std::path::{Path, PathBuf};

use duban_domain::audit::to_hex as hex;
use duban_domain::evidence::{
    Evidence, EvidenceName, EvidenceParent, FileKind, problem_takes_evidence, report_takes_evidence,
};
use duban_domain::problem::ProblemState;
use duban_domain::{EvidenceId, PeriodState, ProblemId, ReportId, ReportState, UserId};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{Change, Tx, Versioned, corrupt, versioned};
use crate::{Result, Store, StoreError, history};

macro_rules! select_evidence {
    ($tail:literal) => {
        concat!(
            "SELECT id, report_id, problem_id, file_name, kind, size_bytes, sha256, stored_name, ",
            "uploaded_by, uploaded_at, deleted_at, deleted_by, version, ",
            "uploaded_at AS created_at, COALESCE(deleted_at, uploaded_at) AS updated_at ",
            "FROM evidence ",
            $tail
        )
    };
}

fn evidence(r: &AnyRow) -> Result<Versioned<Evidence>> {
    let kind: String = r.try_get("kind")?;
    let e = Evidence {
        id: EvidenceId(r.try_get("id")?),
        report_id: r.try_get::<Option<i64>, _>("report_id")?.map(ReportId),
        problem_id: r.try_get::<Option<i64>, _>("problem_id")?.map(ProblemId),
        file_name: EvidenceName::from_stored(r.try_get("file_name")?),
        kind: FileKind::parse(&kind).ok_or_else(|| corrupt("file kind", &kind))?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        stored_name: r.try_get("stored_name")?,
        uploaded_by: UserId(r.try_get("uploaded_by")?),
        uploaded_at: r.try_get("uploaded_at")?,
        deleted_at: r.try_get("deleted_at")?,
        deleted_by: r.try_get::<Option<i64>, _>("deleted_by")?.map(UserId),
    };
    versioned(r, e)
}

/// A new evidence file, its kind already judged from its bytes.
#[derive(Debug, Clone, Copy)]
pub struct NewEvidence<'a> {
    pub parent: EvidenceParent,
    pub file_name: &'a EvidenceName,
    pub kind: FileKind,
    /// Refuse (409) unless the parent still takes evidence: a report with its reporter,
    /// a rectification still open. The office attaches to a problem in any state.
    pub only_while_open: bool,
}

/// The directory evidence bytes are kept in. Nothing serves it: files leave only
/// through the API, to those who may read what they are attached to.
#[derive(Debug, Clone)]
pub struct EvidenceDir {
    root: PathBuf,
}

/// What was written: the generated name, the SHA-256 (hex) and the size.
struct Written {
    name: String,
    sha256: String,
    size: i64,
}

impl EvidenceDir {
    pub fn new(root: impl Into<PathBuf>) -> EvidenceDir {
        EvidenceDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Creates the directory when missing, readable by its owner only, so that a
    /// misconfiguration shows at start rather than at the first upload.
    pub fn ensure(&self) -> std::io::Result<()> {
        ensure_dir(&self.root)
    }

    /// The bytes of a stored file.
    pub async fn read(&self, stored_name: &str) -> Result<Vec<u8>> {
        let path = self.path_of(stored_name)?;
        tokio::task::spawn_blocking(move || std::fs::read(&path))
            .await
            .map_err(|e| StoreError::Files(std::io::Error::other(e)))?
            .map_err(StoreError::Files)
    }

    /// Only names this module generates are ever opened: `<32 hex>.<extension>`.
    fn path_of(&self, stored_name: &str) -> Result<PathBuf> {
        let ok = stored_name.split_once('.').is_some_and(|(stem, ext)| {
            stem.len() == 32
                && stem
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                && FileKind::ALL.iter().any(|k| k.extension() == ext)
        });
        if ok {
            Ok(self.root.join(stored_name))
        } else {
            Err(StoreError::Corrupt(format!(
                "not a stored evidence name: {stored_name:?}"
            )))
        }
    }

    /// Writes the bytes under a new name, durably, off the async threads.
    async fn put(&self, bytes: Vec<u8>, extension: &'static str) -> Result<Written> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || put_blocking(&root, &bytes, extension))
            .await
            .map_err(|e| StoreError::Files(std::io::Error::other(e)))?
            .map_err(StoreError::Files)
    }

    /// Removes a file whose record was never written. Best effort: a file left behind
    /// is named by no record and served to nobody.
    async fn discard(&self, stored_name: &str) {
        let Ok(path) = self.path_of(stored_name) else {
            return;
        };
        let root = self.root.clone();
        let done = tokio::task::spawn_blocking(move || {
            std::fs::remove_file(&path)?;
            sync_dir(&root)
        })
        .await;
        if !matches!(done, Ok(Ok(()))) {
            tracing::warn!(
                file = stored_name,
                "an evidence file without a record stays"
            );
        }
    }
}

fn ensure_dir(root: &Path) -> std::io::Result<()> {
    if root.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(root)
}

/// 128 random bits as lower-case hex.
fn random_hex() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(hex(&b))
}

/// A temporary file in the same directory, written and flushed, then renamed to the
/// final name and the directory flushed: after a crash there is either no file under
/// the final name or a whole one, and once this returns the file survives power loss.
fn put_blocking(root: &Path, bytes: &[u8], extension: &str) -> std::io::Result<Written> {
    ensure_dir(root)?;
    let name = format!("{}.{extension}", random_hex()?);
    let tmp = root.join(format!(".tmp-{}", random_hex()?));
    let written = (|| {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut f = o.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, root.join(&name))?;
        sync_dir(root)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(Written {
        name,
        sha256: hex(&Sha256::digest(bytes)),
        size: bytes.len() as i64,
    })
}

/// Flushes a directory's entries (the rename) to disk. Only Unix can open a directory
/// for this; elsewhere the rename is as durable as the platform makes it.
fn sync_dir(root: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(root)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = root;
    Ok(())
}

impl Store {
    pub async fn evidence(&self, id: EvidenceId) -> Result<Versioned<Evidence>> {
        let r = sqlx::query(select_evidence!("WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "evidence",
                id: id.0,
            })?;
        evidence(&r)
    }

    /// The evidence of a report or problem in the order it was added; withdrawn files
    /// only when asked for.
    pub async fn evidence_of(
        &self,
        parent: EvidenceParent,
        include_withdrawn: bool,
    ) -> Result<Vec<Versioned<Evidence>>> {
        let (sql, id) = match parent {
            EvidenceParent::Report(r) => (
                select_evidence!(
                    "WHERE report_id = $1 AND ($2 = 1 OR deleted_at IS NULL) ORDER BY id"
                ),
                r.0,
            ),
            EvidenceParent::Problem(p) => (
                select_evidence!(
                    "WHERE problem_id = $1 AND ($2 = 1 OR deleted_at IS NULL) ORDER BY id"
                ),
                p.0,
            ),
        };
        let rows = sqlx::query(sql)
            .bind(id)
            .bind(i64::from(include_withdrawn))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(evidence).collect()
    }

    /// Stores the bytes in `dir`, then records them, with their SHA-256 and size, in
    /// the same transaction as their history. If recording fails the file is removed.
    pub async fn create_evidence(
        &self,
        dir: &EvidenceDir,
        e: &NewEvidence<'_>,
        bytes: Vec<u8>,
        change: Change,
    ) -> Result<Versioned<Evidence>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("evidence needs an uploader".into()))?;
        let file = dir.put(bytes, e.kind.extension()).await?;
        let recorded = async {
            let mut tx = self.write().await?;
            hold_parent(&mut tx, e.parent, e.only_while_open).await?;
            let (report, problem) = match e.parent {
                EvidenceParent::Report(r) => (Some(r.0), None),
                EvidenceParent::Problem(p) => (None, Some(p.0)),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO evidence (report_id, problem_id, file_name, kind, mime, size_bytes,
                    sha256, stored_name, uploaded_by, uploaded_at, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id",
            )
            .bind(report)
            .bind(problem)
            .bind(e.file_name.as_str())
            .bind(e.kind.as_str())
            .bind(e.kind.mime())
            .bind(file.size)
            .bind(&file.sha256)
            .bind(&file.name)
            .bind(actor.0)
            .bind(change.at)
            .fetch_one(&mut *tx)
            .await?;
            let v = snapshot(&mut tx, id, change).await?;
            Ok::<_, StoreError>((tx, v))
        }
        .await;
        match recorded {
            // A failed commit may still have committed (the answer was lost), so the
            // file stays: a file without a record is harmless, the reverse is not.
            Ok((tx, v)) => {
                tx.commit().await?;
                Ok(v)
            }
            Err(err) => {
                dir.discard(&file.name).await;
                Err(err)
            }
        }
    }

    /// Withdraws evidence: marks the record with who and when; the record, its history
    /// and the file stay. Withdrawing twice is a conflict.
    pub async fn withdraw_evidence(
        &self,
        id: EvidenceId,
        only_while_open: bool,
        change: Change,
    ) -> Result<Versioned<Evidence>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("a withdrawal needs an actor".into()))?;
        let mut tx = self.write().await?;
        let cur = sqlx::query(select_evidence!("WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "evidence",
                id: id.0,
            })?;
        let cur = evidence(&cur)?.value;
        if cur.deleted_at.is_some() {
            return Err(withdrawn());
        }
        let parent = cur
            .parent()
            .ok_or_else(|| StoreError::Corrupt(format!("evidence {id} has no parent")))?;
        hold_parent(&mut tx, parent, only_while_open).await?;
        let done = sqlx::query(
            "UPDATE evidence SET deleted_at = $2, deleted_by = $3, version = version + 1
             WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(id.0)
        .bind(change.at)
        .bind(actor.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(withdrawn());
        }
        let v = snapshot(&mut tx, id.0, change).await?;
        tx.commit().await?;
        Ok(v)
    }
}

fn withdrawn() -> StoreError {
    StoreError::conflict(
        "already_withdrawn",
        "该佐证材料已撤回",
        "this evidence has already been withdrawn",
    )
}

/// The conflict of adding evidence to (or withdrawing it from) a report that is no
/// longer with its reporter.
pub fn report_closed(s: ReportState) -> StoreError {
    closed(report_label(s), s.as_str(), "填报", "report")
}

/// The conflict of the owner adding evidence to (or withdrawing it from) a problem
/// whose rectification is no longer open.
pub fn problem_closed(s: ProblemState) -> StoreError {
    closed(s.label_zh(), s.as_str(), "问题", "problem")
}

fn closed(zh_state: &str, en_state: &str, zh_what: &str, en_what: &str) -> StoreError {
    StoreError::conflict(
        "wrong_state",
        format!("{zh_what}当前状态为“{zh_state}”,不能增加或撤回佐证材料"),
        format!("evidence cannot be added to or withdrawn from a {en_what} that is {en_state}"),
    )
}

fn changed(zh_what: &str, en_what: &str) -> StoreError {
    StoreError::conflict(
        "wrong_state",
        format!("{zh_what}的状态刚刚发生变化,请刷新后重试"),
        format!("the {en_what}'s state has just changed; reload and try again"),
    )
}

/// The parent must exist and, when `only_while_open`, still take evidence. The check
/// rewrites the parent's state unchanged: on PostgreSQL that locks the row until the
/// commit, so a submission racing this upload waits for it or makes it fail; SQLite
/// has one writer anyway.
async fn hold_parent(tx: &mut Tx, parent: EvidenceParent, only_while_open: bool) -> Result<()> {
    match parent {
        EvidenceParent::Report(id) => {
            let row = sqlx::query(
                "SELECT r.state, p.state AS period_state FROM reports r
                 JOIN periods p ON p.id = r.period_id WHERE r.id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "report",
                id: id.0,
            })?;
            if !only_while_open {
                return Ok(());
            }
            let state: String = row.try_get("state")?;
            let s = ReportState::parse(&state).ok_or_else(|| corrupt("report state", &state))?;
            if !report_takes_evidence(s) {
                return Err(report_closed(s));
            }
            // As its figures, a report of a closed period takes no more evidence.
            let period: String = row.try_get("period_state")?;
            if PeriodState::parse(&period) != Some(PeriodState::Open) {
                return Err(StoreError::conflict(
                    "period_closed",
                    "报告期已关闭,不能再增加或撤回佐证材料",
                    "the period is closed: its reports take no more evidence changes",
                ));
            }
            let held = sqlx::query("UPDATE reports SET state = state WHERE id = $1 AND state = $2")
                .bind(id.0)
                .bind(&state)
                .execute(&mut **tx)
                .await?;
            if held.rows_affected() == 0 {
                return Err(changed("填报", "report"));
            }
        }
        EvidenceParent::Problem(id) => {
            let state: String = sqlx::query_scalar("SELECT state FROM problems WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or(StoreError::NotFound {
                    entity: "problem",
                    id: id.0,
                })?;
            if !only_while_open {
                return Ok(());
            }
            let s = ProblemState::parse(&state).ok_or_else(|| corrupt("problem state", &state))?;
            if !problem_takes_evidence(s) {
                return Err(problem_closed(s));
            }
            let held =
                sqlx::query("UPDATE problems SET state = state WHERE id = $1 AND state = $2")
                    .bind(id.0)
                    .bind(&state)
                    .execute(&mut **tx)
                    .await?;
            if held.rows_affected() == 0 {
                return Err(changed("问题", "problem"));
            }
        }
    }
    Ok(())
}

fn report_label(s: ReportState) -> &'static str {
    match s {
        ReportState::Draft => "草稿",
        ReportState::Submitted => "已报送",
        ReportState::Reviewed => "牵头单位已审核",
        ReportState::Approved => "已通过",
        ReportState::Returned => "已退回",
    }
}

/// Reads the row back and records it in history.
async fn snapshot(tx: &mut Tx, id: i64, change: Change) -> Result<Versioned<Evidence>> {
    let r = sqlx::query(select_evidence!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let e = evidence(&r)?;
    history::record(tx, "evidence", id, e.version, change, &e.value).await?;
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_names_are_opened() {
        let dir = EvidenceDir::new("/srv/evidence");
        let good = format!("{}.pdf", "0123456789abcdef".repeat(2));
        assert!(dir.path_of(&good).is_ok());
        for bad in [
            "../etc/passwd".to_string(),
            format!("{}.exe", "0123456789abcdef".repeat(2)),
            format!("{}.pdf", "0123456789ABCDEF".repeat(2)),
            ".tmp-0123".to_string(),
            "x.pdf".to_string(),
        ] {
            assert!(dir.path_of(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_checksum_is_sha256_in_hex() {
        let dir = std::env::temp_dir().join(format!("duban-put-{}", random_hex().unwrap()));
        let w = put_blocking(&dir, b"abc", "pdf").unwrap();
        assert_eq!(
            w.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(std::fs::read(dir.join(&w.name)).unwrap(), b"abc");
        // Only the file itself remains: the temporary one was renamed.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
