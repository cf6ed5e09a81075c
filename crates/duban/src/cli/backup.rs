//! `duban backup` and `duban restore`: a consistent online backup, and loading one into
//! a fresh, empty database of either kind.
//!
//! Two forms of backup:
//! - `export` (the default, both databases): every table's rows read in one snapshot,
//!   as JSON lines with a manifest of row counts and checksums
//!   (`duban_store::backup`). Portable between SQLite and PostgreSQL and checked
//!   row by row on restore.
//! - `sqlite-copy` (SQLite only): `VACUUM INTO`, SQLite's own consistent copy of the
//!   database taken in one read transaction while writers go on. sqlx does not expose
//!   SQLite's online backup API, and `VACUUM INTO` gives the same guarantee (a
//!   snapshot as of one commit) as a compact, ordinary database file: restoring it is
//!   putting it in place of the database file while duban is stopped.
//!
//! Either is written to a temporary file beside the target, flushed to disk and then
//! renamed, so a file under the final name is always whole.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use duban_store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON lines of every table, with a manifest; restores into either database
    Export,
    /// SQLite only: a consistent copy of the database file (VACUUM INTO)
    SqliteCopy,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// sqlite://FILE or postgres://USER@HOST/DB
    #[arg(long, env = "DUBAN_DATABASE_URL")]
    pub database_url: String,
    /// The backup file to write; an existing file is never overwritten.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "export")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The export to load (made by `duban backup`).
    #[arg(long)]
    pub from: PathBuf,
    /// The database to load it into: new and empty (or only migrated).
    #[arg(long, env = "DUBAN_DATABASE_URL")]
    pub database_url: String,
}

pub async fn backup(a: BackupArgs) -> anyhow::Result<()> {
    if a.out.exists() {
        bail!(
            "备份文件已存在,未覆盖 / the backup file exists; not overwriting it: {}",
            a.out.display()
        );
    }
    let store = Store::connect(&a.database_url)
        .await
        .context("cannot open the database (无法打开数据库)")?;
    let tmp = temporary(&a.out);
    let result = async {
        match a.format {
            Format::Export => {
                let file =
                    create_private(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
                let mut out = BufWriter::new(file);
                let m = store.export(&mut out).await?;
                let file = out.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()?;
                let rows: u64 = m.tables.iter().map(|t| t.rows).sum();
                Ok::<_, anyhow::Error>(format!(
                    "已导出 {} 张表、{rows} 行(结构版本 {})/ exported {} tables, {rows} rows (schema {})",
                    m.tables.len(),
                    m.header.schema_version,
                    m.tables.len(),
                    m.header.schema_version
                ))
            }
            Format::SqliteCopy => {
                store.sqlite_copy(&tmp).await?;
                owner_only(&tmp)?;
                File::open(&tmp)?.sync_all()?;
                Ok("已复制 SQLite 数据库 / copied the SQLite database".to_string())
            }
        }
    }
    .await;
    store.close().await;
    let said = match result {
        Ok(said) => said,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.context("备份失败 / the backup failed"));
        }
    };
    std::fs::rename(&tmp, &a.out)
        .with_context(|| format!("cannot rename to {}", a.out.display()))?;
    sync_dir(&a.out);
    println!("{said}: {}", a.out.display());
    Ok(())
}

pub async fn restore(a: RestoreArgs) -> anyhow::Result<()> {
    let mut file = File::open(&a.from)
        .with_context(|| format!("cannot read the backup (无法读取备份) {}", a.from.display()))?;
    let mut magic = [0u8; 16];
    let n = file.read(&mut magic)?;
    if &magic[..n] == b"SQLite format 3\0" {
        bail!(
            "这是 SQLite 数据库副本:停止服务后把它放到数据库文件的位置即可;要恢复到 PostgreSQL,先用 duban backup --database-url sqlite://该文件 导出 / \
             this is a SQLite copy: stop duban and put it in place of the database file; to load it into PostgreSQL, export it first with duban backup --database-url sqlite://THAT-FILE"
        );
    }
    let file = File::open(&a.from)?;
    let store = Store::connect(&a.database_url)
        .await
        .context("cannot open the database (无法打开数据库)")?;
    let result = store.restore(&mut BufReader::new(file)).await;
    store.close().await;
    let m = result.context("未恢复 / nothing restored")?;
    let rows: u64 = m.tables.iter().map(|t| t.rows).sum();
    println!(
        "已恢复 {} 张表、{rows} 行,行数与校验和一致 / restored {} tables, {rows} rows; counts and checksums agree",
        m.tables.len(),
        m.tables.len()
    );
    Ok(())
}

/// A backup holds the whole database: readable by its owner only (0600), from the
/// start, so that no one can open it while it is written.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

fn owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// `DIR/.NAME.tmp-PID`: beside the target, so the rename stays in one file system.
fn temporary(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    out.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Makes the rename itself durable; best effort (not every platform can).
fn sync_dir(file: &Path) {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
