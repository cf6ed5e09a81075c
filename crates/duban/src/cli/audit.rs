//! `duban audit`: check the audit log's chain, sign its head, make a key.
//!
//! The key signs checkpoints and must live outside the database (a file readable by
//! the service account only, or a cryptographic module behind `duban_domain::audit::
//! Signer`): whoever can change the database must not also hold it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use duban_api::audit::AuditKey;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// 校验审计日志的哈希链与签名检查点 / Check the whole chain and the signed checkpoints
    Verify(KeyedArgs),
    /// 立即对链头加签 / Sign the chain's head as a checkpoint now
    Seal(SealArgs),
    /// 生成新的审计密钥文件(仅属主可读)/ Write a new key file, readable by its owner only
    Keygen(KeygenArgs),
}

/// Where the key is.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The audit key file (64 hex digits), kept outside the database.
    #[arg(long, env = "DUBAN_AUDIT_KEY_FILE")]
    pub audit_key_file: Option<PathBuf>,
}

impl KeyArgs {
    pub fn load(&self) -> anyhow::Result<Option<AuditKey>> {
        self.audit_key_file.as_deref().map(load_key).transpose()
    }
}

#[derive(Debug, Args)]
pub struct KeyedArgs {
    #[command(flatten)]
    pub db: super::DbArgs,
    #[command(flatten)]
    pub key: KeyArgs,
}

#[derive(Debug, Args)]
pub struct SealArgs {
    #[command(flatten)]
    pub db: super::DbArgs,
    /// The audit key file (64 hex digits).
    #[arg(long, env = "DUBAN_AUDIT_KEY_FILE")]
    pub audit_key_file: PathBuf,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the key; an existing file is never overwritten.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn load_key(path: &Path) -> anyhow::Result<AuditKey> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the audit key file (无法读取审计密钥文件) {}",
            path.display()
        )
    })?;
    AuditKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{e}: {}", path.display()))
}

pub async fn run(c: AuditCommand) -> anyhow::Result<()> {
    match c {
        AuditCommand::Verify(a) => verify(a).await,
        AuditCommand::Seal(a) => {
            let key = load_key(&a.audit_key_file)?;
            let store = a.db.open().await?;
            match store
                .seal_audit(key.signer(), duban_store::now_ms())
                .await?
            {
                Some(c) => println!("已加签至第 {} 条 / sealed up to record {}", c.seq, c.seq),
                None => println!("无新记录需加签 / nothing new to seal"),
            }
            store.close().await;
            Ok(())
        }
        AuditCommand::Keygen(a) => keygen(&a.out),
    }
}

async fn verify(a: KeyedArgs) -> anyhow::Result<()> {
    let key = a.key.load()?;
    let store = a.db.open().await?;
    let result = store.verify_audit(key.as_ref().map(|k| k.signer())).await?;
    store.close().await;
    match result {
        Ok(s) => {
            println!(
                "审计日志完整:{} 条记录,{} 个检查点 / audit log intact: {} records, {} checkpoints",
                s.records, s.checkpoints, s.records, s.checkpoints
            );
            if s.signatures_checked {
                println!(
                    "签名已校验,加签覆盖至第 {} 条 / signatures verified; signed up to record {}",
                    s.anchored_to, s.anchored_to
                );
            } else {
                println!("未提供审计密钥,签名未校验 / no audit key given: signatures not checked");
            }
            Ok(())
        }
        Err(b) => bail!(
            "审计日志被篡改 / the audit log was tampered with: {}",
            b.describe()
        ),
    }
}

pub fn keygen(out: &Path) -> anyhow::Result<()> {
    let hex = AuditKey::generate_hex().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(out).with_context(|| {
        format!(
            "cannot create the key file (无法创建密钥文件) {}",
            out.display()
        )
    })?;
    writeln!(f, "{hex}")?;
    f.sync_all()?;
    println!("已写入审计密钥 / audit key written to {}", out.display());
    Ok(())
}
