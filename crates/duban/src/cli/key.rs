//! The data key (数据密钥) that seals personal data: a file outside the database, made by
//! `duban keygen`, named by `--data-key-file` / `DUBAN_DATA_KEY_FILE`. Losing it loses
//! the personal data it sealed; a copy of the database without it reveals none.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::Args;
use duban_store::cipher::{DataCipher, DataKey, Sm4Cipher};

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the new key (64 hex digits, owner-only). An existing file is
    /// never overwritten: it may be the key of stored data.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn keygen(a: KeygenArgs) -> anyhow::Result<()> {
    let cipher = write_new(&a.out)?;
    println!(
        "已写入数据密钥 {} (密钥标识 {}),请另行备份,丢失则无法读取已加密的个人信息 / data key {} written to {}: back it up apart from the database, without it the personal data it sealed cannot be read",
        a.out.display(),
        cipher.key_id(),
        cipher.key_id(),
        a.out.display()
    );
    Ok(())
}

/// Writes a new key to `path`, which must not exist, readable by its owner only.
pub fn write_new(path: &Path) -> anyhow::Result<Arc<dyn DataCipher>> {
    let key = DataKey::generate()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).with_context(|| {
        format!(
            "无法新建密钥文件(已存在的不会被覆盖)/ cannot create the key file (an existing one is never overwritten): {}",
            path.display()
        )
    })?;
    f.write_all(format!("{}\n", key.to_hex()).as_bytes())?;
    f.sync_all()?;
    Ok(Arc::new(Sm4Cipher::new(&key)))
}

/// Reads the key file at `path`.
pub fn load(path: &Path) -> anyhow::Result<Arc<dyn DataCipher>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "无法读取数据密钥文件 / cannot read the data key file {}",
            path.display()
        )
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            bail!(
                "数据密钥文件 {} 不得允许他人读取(chmod 600)/ the data key file must be readable by its owner only (chmod 600)",
                path.display()
            );
        }
    }
    let key = DataKey::parse(&text).with_context(|| path.display().to_string())?;
    Ok(Arc::new(Sm4Cipher::new(&key)))
}

/// The demo's key: `path` when it exists, else a new one written there.
pub fn load_or_create(path: &Path) -> anyhow::Result<Arc<dyn DataCipher>> {
    if path.exists() {
        load(path)
    } else {
        write_new(path)
    }
}
