//! Backups: a logical export of every table read in one snapshot, portable between
//! SQLite and PostgreSQL, with per-table row counts and checksums; loading one into a
//! fresh, empty database; and, on SQLite, a consistent copy of the file (`VACUUM INTO`).
//!
//! The export is JSON lines: a header, then per table a line naming its columns and
//! one line per row (an array of integers, strings and nulls), then a manifest with
//! each table's row count and checksum. A table's checksum does not depend on row or
//! column order, so it compares an export with a database of either kind.
//!
//! Table and column names are read from the database's own catalogue, never from the
//! file: a name in a file is only ever compared with them. So the statements built
//! from names (one per table) hold only identifiers the schema defined.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Dialect, Store, StoreError, migrate, rows::Tx};

/// What an export file says it is.
pub const FORMAT: &str = "duban-export";
pub const FORMAT_VERSION: i64 = 1;

/// Why a backup or a restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The target or the request does not allow it; nothing was changed.
    #[error("{zh} / {en}")]
    Refused { zh: String, en: String },
    /// The file is not a whole, unaltered export.
    #[error("备份文件无效 / not a valid backup file: {0}")]
    BadFile(String),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(e.into())
    }
}

type Result<T> = std::result::Result<T, BackupError>;

fn refused(zh: impl Into<String>, en: impl Into<String>) -> BackupError {
    BackupError::Refused {
        zh: zh.into(),
        en: en.into(),
    }
}

/// The first line of an export.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Header {
    pub format: String,
    pub format_version: i64,
    /// The last migration the source had: the target is migrated to it before loading.
    pub schema_version: i64,
    /// `sqlite` or `postgres`.
    pub source: String,
    pub taken_at: i64,
}

/// One table's row count and checksum.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableSum {
    pub table: String,
    pub rows: u64,
    /// 32 hex digits: the sum, modulo 2^128, of each row's SHA-256 (first 16 bytes) over
    /// its values keyed by column name, so that neither order matters.
    pub checksum: String,
}

/// What an export held (its last line) or a restore loaded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub header: Header,
    pub tables: Vec<TableSum>,
}

impl Manifest {
    pub fn rows(&self, table: &str) -> Option<u64> {
        self.tables
            .iter()
            .find(|t| t.table == table)
            .map(|t| t.rows)
    }
}

#[derive(Serialize, Deserialize)]
struct TableLine {
    table: String,
    columns: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct ManifestLine {
    manifest: Vec<TableSum>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Text,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    kind: Kind,
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<Column>,
    /// Primary-key columns, to read rows in key order (a parent unit before its
    /// children, as ids rise).
    key: Vec<String>,
}

/// The running checksum of one table.
#[derive(Default)]
struct Sum {
    rows: u64,
    acc: u128,
}

impl Sum {
    /// `values` in the order of `names`.
    fn add(&mut self, names: &[&str], values: &[Value]) {
        let mut pairs: Vec<(&str, &Value)> = names.iter().copied().zip(values).collect();
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = Sha256::new();
        for (n, v) in pairs {
            h.update(n.as_bytes());
            h.update(b"=");
            h.update(v.to_string().as_bytes());
            h.update(b"\n");
        }
        let d = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&d[..16]);
        self.acc = self.acc.wrapping_add(u128::from_be_bytes(first));
        self.rows += 1;
    }

    fn finish(&self, table: &str) -> TableSum {
        TableSum {
            table: table.to_string(),
            rows: self.rows,
            checksum: format!("{:032x}", self.acc),
        }
    }
}

/// Identifiers the schema defines are lower-case letters, digits and underscores; a
/// catalogue name that is not is refused rather than written into a statement.
fn plain(name: &str) -> Result<&str> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(name)
    } else {
        Err(BackupError::Store(StoreError::Corrupt(format!(
            "unexpected table or column name {name:?}"
        ))))
    }
}

fn kind_of(declared: &str) -> Kind {
    if declared.to_ascii_uppercase().contains("INT") {
        Kind::Int
    } else {
        Kind::Text
    }
}

/// The tables of the schema (but `schema_migrations`, which migrating rewrites), each
/// after the tables it references.
async fn catalogue(tx: &mut Tx, dialect: Dialect) -> Result<Vec<Table>> {
    let (names, edges): (Vec<String>, Vec<(String, String)>) = match dialect {
        Dialect::Sqlite => {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY name",
            )
            .fetch_all(&mut **tx)
            .await?;
            let mut edges = Vec::new();
            for n in &names {
                let parents: Vec<String> =
                    sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_list($1)")
                        .bind(n)
                        .fetch_all(&mut **tx)
                        .await?;
                edges.extend(parents.into_iter().map(|p| (n.clone(), p)));
            }
            (names, edges)
        }
        Dialect::Postgres => {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> 'schema_migrations' ORDER BY 1",
            )
            .fetch_all(&mut **tx)
            .await?;
            let rows = sqlx::query(
                "SELECT cl.relname::text AS child, pr.relname::text AS parent \
                 FROM pg_constraint c \
                 JOIN pg_class cl ON cl.oid = c.conrelid \
                 JOIN pg_class pr ON pr.oid = c.confrelid \
                 WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace",
            )
            .fetch_all(&mut **tx)
            .await?;
            let mut edges = Vec::new();
            for r in rows {
                edges.push((r.try_get("child")?, r.try_get("parent")?));
            }
            (names, edges)
        }
    };
    let order = parents_first(&names, &edges)?;
    let mut tables = Vec::new();
    for name in order {
        tables.push(describe(tx, dialect, &name).await?);
    }
    Ok(tables)
}

/// Orders `names` so that each comes after those it references (references to itself
/// aside). Ties keep alphabetical order, so two databases of one schema agree.
fn parents_first(names: &[String], edges: &[(String, String)]) -> Result<Vec<String>> {
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = names
        .iter()
        .map(|n| (n.as_str(), BTreeSet::new()))
        .collect();
    for (child, parent) in edges {
        if child != parent
            && needs.contains_key(parent.as_str())
            && let Some(set) = needs.get_mut(child.as_str())
        {
            set.insert(parent.as_str());
        }
    }
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::new();
    while order.len() < names.len() {
        let next = needs
            .iter()
            .find(|(n, ps)| !done.contains(*n) && ps.iter().all(|p| done.contains(p)))
            .map(|(n, _)| *n);
        let Some(n) = next else {
            return Err(BackupError::Store(StoreError::Corrupt(
                "the tables' references form a cycle".into(),
            )));
        };
        done.insert(n);
        order.push(n.to_string());
    }
    Ok(order)
}

async fn describe(tx: &mut Tx, dialect: Dialect, name: &str) -> Result<Table> {
    let mut columns = Vec::new();
    let mut key = Vec::new();
    match dialect {
        Dialect::Sqlite => {
            let rows =
                sqlx::query("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY pk, cid")
                    .bind(name)
                    .fetch_all(&mut **tx)
                    .await?;
            for r in rows {
                let n: String = r.try_get("name")?;
                let t: String = r.try_get("type")?;
                let pk: i64 = r.try_get("pk")?;
                if pk > 0 {
                    key.push(n.clone());
                }
                columns.push(Column {
                    name: n,
                    kind: kind_of(&t),
                });
            }
        }
        Dialect::Postgres => {
            let rows = sqlx::query(
                "SELECT column_name::text AS name, data_type::text AS type \
                 FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 \
                 ORDER BY ordinal_position",
            )
            .bind(name)
            .fetch_all(&mut **tx)
            .await?;
            for r in rows {
                let n: String = r.try_get("name")?;
                let t: String = r.try_get("type")?;
                columns.push(Column {
                    name: n,
                    kind: kind_of(&t),
                });
            }
            key = sqlx::query_scalar(
                "SELECT a.attname::text FROM pg_index i \
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
                 WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum",
            )
            .bind(name)
            .fetch_all(&mut **tx)
            .await?;
        }
    }
    plain(name)?;
    for c in &columns {
        plain(&c.name)?;
    }
    Ok(Table {
        name: name.to_string(),
        columns,
        key,
    })
}

impl Table {
    fn select(&self) -> String {
        let cols: Vec<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        let mut sql = format!("SELECT {} FROM {}", cols.join(", "), self.name);
        if !self.key.is_empty() {
            sql.push_str(" ORDER BY ");
            sql.push_str(&self.key.join(", "));
        }
        sql
    }

    fn insert(&self, columns: &[&Column]) -> String {
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            names.join(", "),
            marks.join(", ")
        )
    }

    fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

fn read_value(row: &AnyRow, i: usize, kind: Kind) -> Result<Value> {
    Ok(match kind {
        Kind::Int => row
            .try_get::<Option<i64>, _>(i)?
            .map_or(Value::Null, Value::from),
        Kind::Text => row
            .try_get::<Option<String>, _>(i)?
            .map_or(Value::Null, Value::String),
    })
}

async fn schema_version(tx: &mut Tx) -> Result<i64> {
    let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
        .fetch_one(&mut **tx)
        .await?;
    Ok(v.unwrap_or(0))
}

impl Store {
    /// One read transaction that sees a single committed state throughout, while
    /// writers go on: SQLite's WAL gives a reader its snapshot at its first read;
    /// PostgreSQL is asked for REPEATABLE READ.
    async fn snapshot(&self) -> Result<Tx> {
        Ok(match self.dialect {
            Dialect::Sqlite => self.pool.begin().await?,
            Dialect::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }

    /// Writes every table's rows, read in one snapshot, to `out`; the manifest written
    /// last. The caller makes `out` durable (see the CLI: a temporary file, flushed,
    /// then renamed).
    pub async fn export(&self, out: &mut dyn Write) -> Result<Manifest> {
        let mut tx = self.snapshot().await?;
        let header = Header {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            schema_version: schema_version(&mut tx).await?,
            source: match self.dialect {
                Dialect::Sqlite => "sqlite".into(),
                Dialect::Postgres => "postgres".into(),
            },
            taken_at: crate::now_ms(),
        };
        writeln!(out, "{}", json(&header)?)?;
        let tables = catalogue(&mut tx, self.dialect).await?;
        let mut sums = Vec::new();
        for t in &tables {
            let line = TableLine {
                table: t.name.clone(),
                columns: t.columns.iter().map(|c| c.name.clone()).collect(),
            };
            writeln!(out, "{}", json(&line)?)?;
            let names = t.names();
            let mut sum = Sum::default();
            let sql = t.select();
            // Names from the catalogue only (see the module's note).
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                let mut values = Vec::with_capacity(t.columns.len());
                for (i, c) in t.columns.iter().enumerate() {
                    values.push(read_value(&row, i, c.kind)?);
                }
                sum.add(&names, &values);
                writeln!(out, "{}", Value::Array(values))?;
            }
            drop(rows);
            sums.push(sum.finish(&t.name));
        }
        tx.rollback().await?;
        writeln!(
            out,
            "{}",
            json(&ManifestLine {
                manifest: sums.clone()
            })?
        )?;
        out.flush()?;
        Ok(Manifest {
            header,
            tables: sums,
        })
    }

    /// Each table's row count and checksum now, read in one snapshot; the same figures
    /// an export of this moment would carry.
    pub async fn table_sums(&self) -> Result<Vec<TableSum>> {
        let mut tx = self.snapshot().await?;
        let sums = sums_on(&mut tx, self.dialect).await?;
        tx.rollback().await?;
        Ok(sums)
    }

    /// A consistent copy of a SQLite database, written by SQLite itself into a new file
    /// while writers go on (`VACUUM INTO` runs as one read transaction).
    pub async fn sqlite_copy(&self, path: &std::path::Path) -> Result<()> {
        if self.dialect != Dialect::Sqlite {
            return Err(refused(
                "数据库副本仅适用于 SQLite;PostgreSQL 请用导出或 pg_dump",
                "a file copy is for SQLite only; for PostgreSQL use the export or pg_dump",
            ));
        }
        let path = path
            .to_str()
            .ok_or_else(|| refused("备份路径须为 UTF-8", "the backup path must be valid UTF-8"))?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Loads an export into this database, which must be empty (fresh, or only
    /// migrated): migrates it to the export's schema version, inserts every row in one
    /// transaction, tables in reference order, checks each table's count and checksum
    /// against the manifest before committing, resets PostgreSQL's id sequences, then
    /// applies the migrations that came after the export. Nothing is kept if anything
    /// disagrees.
    pub async fn restore(&self, input: &mut dyn BufRead) -> Result<Manifest> {
        let mut lines = input.lines();
        let first = lines
            .next()
            .ok_or_else(|| BackupError::BadFile("the file is empty".into()))??;
        let header: Header = serde_json::from_str(&first)
            .map_err(|e| BackupError::BadFile(format!("header: {e}")))?;
        if header.format != FORMAT || header.format_version != FORMAT_VERSION {
            return Err(BackupError::BadFile(format!(
                "format {} {} is not {FORMAT} {FORMAT_VERSION}",
                header.format, header.format_version
            )));
        }
        let latest = migrate::latest();
        if header.schema_version > latest {
            return Err(refused(
                format!(
                    "备份来自更新版本的 duban(结构版本 {}),本程序只到 {latest}",
                    header.schema_version
                ),
                format!(
                    "the backup is from a newer duban (schema {}); this one knows up to {latest}",
                    header.schema_version
                ),
            ));
        }
        self.refuse_unless_empty(header.schema_version).await?;
        migrate::run_until(&self.writer, self.dialect, header.schema_version).await?;

        let mut tx = self.write().await?;
        let tables = catalogue(&mut tx, self.dialect).await?;
        let by_name: BTreeMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut loaded: BTreeMap<String, TableSum> = BTreeMap::new();
        let mut current: Option<Loading> = None;
        let mut manifest: Option<Vec<TableSum>> = None;
        for line in lines {
            let line = line?;
            if manifest.is_some() {
                if line.trim().is_empty() {
                    continue;
                }
                return Err(BackupError::BadFile("lines after the manifest".into()));
            }
            if line.starts_with('[') {
                let Some(Loading {
                    table,
                    cols,
                    names,
                    sum,
                    sql,
                }) = current.as_mut()
                else {
                    return Err(BackupError::BadFile("a row before any table".into()));
                };
                let values: Vec<Value> = serde_json::from_str(&line)
                    .map_err(|e| BackupError::BadFile(format!("{}: {e}", table.name)))?;
                if values.len() != cols.len() {
                    return Err(BackupError::BadFile(format!(
                        "{}: a row of {} values for {} columns",
                        table.name,
                        values.len(),
                        cols.len()
                    )));
                }
                let mut q = sqlx::query(AssertSqlSafe(sql.clone()));
                for (v, c) in values.iter().zip(cols.iter()) {
                    q = match (c.kind, v) {
                        (Kind::Int, Value::Null) => q.bind(None::<i64>),
                        (Kind::Text, Value::Null) => q.bind(None::<String>),
                        (Kind::Int, Value::Number(n)) if n.is_i64() => q.bind(n.as_i64()),
                        (Kind::Text, Value::String(s)) => q.bind(s.clone()),
                        _ => {
                            return Err(BackupError::BadFile(format!(
                                "{}.{}: {v} does not fit the column",
                                table.name, c.name
                            )));
                        }
                    };
                }
                q.execute(&mut *tx).await?;
                sum.add(names, &values);
                continue;
            }
            if let Some(Loading { table, sum, .. }) = current.take() {
                loaded.insert(table.name.clone(), sum.finish(&table.name));
            }
            if let Ok(m) = serde_json::from_str::<ManifestLine>(&line) {
                manifest = Some(m.manifest);
                continue;
            }
            let t: TableLine = serde_json::from_str(&line)
                .map_err(|e| BackupError::BadFile(format!("unexpected line: {e}")))?;
            let Some(table) = by_name.get(t.table.as_str()).copied() else {
                return Err(BackupError::BadFile(format!(
                    "table {:?} is not in schema {}",
                    t.table, header.schema_version
                )));
            };
            if loaded.contains_key(&t.table) {
                return Err(BackupError::BadFile(format!("table {} twice", t.table)));
            }
            let mut cols = Vec::new();
            for name in &t.columns {
                let c = table
                    .columns
                    .iter()
                    .find(|c| &c.name == name)
                    .ok_or_else(|| {
                        BackupError::BadFile(format!(
                            "column {}.{name} is not in the schema",
                            t.table
                        ))
                    })?;
                cols.push(c);
            }
            if cols.len() != table.columns.len()
                || t.columns.iter().collect::<BTreeSet<_>>().len() != cols.len()
            {
                return Err(BackupError::BadFile(format!(
                    "table {}: the columns differ from the schema's",
                    t.table
                )));
            }
            let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
            // The audit chain's head is the one row a migration writes, and it may not be
            // deleted: it is set, not inserted.
            let sql = if table.name == "audit_head" {
                let set: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{} = ${}", c.name, i + 1))
                    .collect();
                format!("UPDATE audit_head SET {} WHERE id = 1", set.join(", "))
            } else {
                table.insert(&cols)
            };
            current = Some(Loading {
                table,
                cols,
                names,
                sum: Sum::default(),
                sql,
            });
        }
        let Some(manifest) = manifest else {
            return Err(BackupError::BadFile(
                "no manifest at the end: the file is cut short".into(),
            ));
        };
        // Every table of the schema was in the file and agrees with the manifest.
        for t in &tables {
            let want = manifest.iter().find(|s| s.table == t.name);
            let got = loaded.get(&t.name);
            match (want, got) {
                (Some(w), Some(g)) if w == g => {}
                (Some(w), Some(g)) => {
                    return Err(BackupError::BadFile(format!(
                        "table {}: {} rows, checksum {} read; the manifest says {} rows, {}",
                        t.name, g.rows, g.checksum, w.rows, w.checksum
                    )));
                }
                _ => {
                    return Err(BackupError::BadFile(format!(
                        "table {} is missing from the file or its manifest",
                        t.name
                    )));
                }
            }
        }
        if manifest.len() != tables.len() {
            return Err(BackupError::BadFile(
                "the manifest names tables the file does not hold".into(),
            ));
        }
        if self.dialect == Dialect::Postgres {
            reset_sequences(&mut tx, &tables).await?;
        }
        // What the database now holds, read back, is what the manifest says.
        let stored = sums_on(&mut tx, self.dialect).await?;
        for s in &stored {
            if manifest.iter().find(|m| m.table == s.table) != Some(s) {
                return Err(BackupError::BadFile(format!(
                    "table {} reads back differently from the manifest",
                    s.table
                )));
            }
        }
        tx.commit().await?;
        self.migrate().await?;
        Ok(Manifest {
            header,
            tables: manifest,
        })
    }

    /// Refuses a database holding anything beyond what migrating writes, or migrated
    /// past `version`.
    async fn refuse_unless_empty(&self, version: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let tables = catalogue(&mut tx, self.dialect).await?;
        if tables.iter().any(|t| t.name == "audit_head") {
            let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_head")
                .fetch_one(&mut *tx)
                .await?;
            if head != 0 {
                return Err(not_empty("audit_head"));
            }
        }
        for t in tables.iter().filter(|t| t.name != "audit_head") {
            let sql = format!("SELECT COUNT(*) FROM {}", t.name);
            let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_one(&mut *tx)
                .await?;
            if n > 0 {
                return Err(not_empty(&t.name));
            }
        }
        if !tables.is_empty() {
            let at = schema_version(&mut tx).await?;
            if at > version {
                return Err(refused(
                    format!("目标库结构版本 {at} 新于备份的 {version},请恢复到新建的空库"),
                    format!(
                        "the target's schema ({at}) is newer than the backup's ({version}); restore into a new, empty database"
                    ),
                ));
            }
        }
        tx.rollback().await?;
        Ok(())
    }
}

/// The table a restore is loading rows into, as it reads them.
struct Loading<'a> {
    table: &'a Table,
    /// The file's columns, in the file's order.
    cols: Vec<&'a Column>,
    names: Vec<&'a str>,
    sum: Sum,
    /// The insert (or, for the audit head, the update) of one row.
    sql: String,
}

fn not_empty(table: &str) -> BackupError {
    refused(
        format!("目标数据库不是空库(表 {table} 已有数据),未恢复;请恢复到新建的空库"),
        format!(
            "the target database is not empty (table {table} holds rows); nothing restored: restore into a new, empty database"
        ),
    )
}

async fn sums_on(tx: &mut Tx, dialect: Dialect) -> Result<Vec<TableSum>> {
    let tables = catalogue(tx, dialect).await?;
    let mut sums = Vec::new();
    for t in &tables {
        let names = t.names();
        let mut sum = Sum::default();
        let mut rows = sqlx::query(AssertSqlSafe(t.select())).fetch(&mut **tx);
        while let Some(row) = rows.try_next().await? {
            let mut values = Vec::with_capacity(t.columns.len());
            for (i, c) in t.columns.iter().enumerate() {
                values.push(read_value(&row, i, c.kind)?);
            }
            sum.add(&names, &values);
        }
        drop(rows);
        sums.push(sum.finish(&t.name));
    }
    Ok(sums)
}

/// Rows came in with their ids, which identity columns do not count: each sequence is
/// moved past the largest id, so the next insert does not collide.
async fn reset_sequences(tx: &mut Tx, tables: &[Table]) -> Result<()> {
    for t in tables {
        let identity: Vec<String> = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
        )
        .bind(&t.name)
        .fetch_all(&mut **tx)
        .await?;
        for col in identity {
            plain(&col)?;
            let sql = format!("SELECT COALESCE(MAX({col}), 0) FROM {}", t.name);
            let max: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_one(&mut **tx)
                .await?;
            sqlx::query("SELECT setval(pg_get_serial_sequence($1, $2), $3, false)::text")
                .bind(&t.name)
                .bind(&col)
                .bind(max + 1)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

fn json(v: &impl Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| BackupError::Io(std::io::Error::other(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn tables_come_after_the_tables_they_reference() {
        let names = s(&["b", "a", "c", "units"]);
        let edges = vec![
            ("a".to_string(), "c".to_string()),
            ("b".to_string(), "a".to_string()),
            ("units".to_string(), "units".to_string()),
        ];
        assert_eq!(
            parents_first(&names, &edges).expect("order"),
            s(&["c", "a", "b", "units"])
        );
    }

    #[test]
    fn a_checksum_depends_on_neither_row_nor_column_order() {
        let (mut x, mut y) = (Sum::default(), Sum::default());
        x.add(&["id", "name"], &[Value::from(1), Value::from("a")]);
        x.add(&["id", "name"], &[Value::from(2), Value::Null]);
        y.add(&["name", "id"], &[Value::Null, Value::from(2)]);
        y.add(&["name", "id"], &[Value::from("a"), Value::from(1)]);
        assert_eq!(x.finish("t"), y.finish("t"));
        let mut z = Sum::default();
        z.add(&["id", "name"], &[Value::from(1), Value::from("b")]);
        z.add(&["id", "name"], &[Value::from(2), Value::Null]);
        assert_ne!(x.finish("t"), z.finish("t"));
    }

    #[test]
    fn names_outside_the_schema_alphabet_are_refused() {
        assert!(plain("audit_log").is_ok());
        assert!(plain("x; DROP TABLE y").is_err());
        assert!(plain("").is_err());
    }
}
