//! A bulletin as PDF: its DOCX, laid out by LibreOffice (`soffice --headless
//! --convert-to pdf`), which embeds the fonts it sets the text in. On Debian the
//! packages are `libreoffice-writer-nogui` and, for the Chinese text, `fonts-noto-cjk`
//! (or an office's own 仿宋_GB2312 and 方正小标宋简体, which it prefers when installed).
//! duban finds `soffice` on the PATH, or where `DUBAN_SOFFICE` says. The one renderer
//! that does I/O: it writes the DOCX to a fresh temporary directory, runs LibreOffice
//! there with a profile of its own, and reads the PDF back.

use std::path::PathBuf;
use std::process::Command;

/// Why no PDF could be made; the message says what to install.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "无法生成PDF:未找到 LibreOffice(请安装 Debian 软件包 libreoffice-writer-nogui 和 fonts-noto-cjk,或以 DUBAN_SOFFICE 指明 soffice 的位置) / cannot make a PDF: LibreOffice not found ({0})"
    )]
    Missing(String),
    #[error("无法生成PDF:LibreOffice 转换失败 / cannot make a PDF: LibreOffice failed: {0}")]
    Failed(String),
}

fn scratch() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "duban-pdf-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The PDF of a DOCX. Blocking: it waits for LibreOffice (a second or two).
pub fn from_docx(docx: &[u8]) -> Result<Vec<u8>, PdfError> {
    let dir = scratch();
    let result = convert(&dir, docx);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn convert(dir: &std::path::Path, docx: &[u8]) -> Result<Vec<u8>, PdfError> {
    let failed = |e: std::io::Error| PdfError::Failed(e.to_string());
    std::fs::create_dir_all(dir).map_err(failed)?;
    let input = dir.join("bulletin.docx");
    std::fs::write(&input, docx).map_err(failed)?;
    let soffice = std::env::var_os("DUBAN_SOFFICE").unwrap_or_else(|| "soffice".into());
    let out = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .map_err(|e| PdfError::Missing(format!("{}: {e}", soffice.to_string_lossy())))?;
    let pdf = dir.join("bulletin.pdf");
    if !out.status.success() || !pdf.exists() {
        return Err(PdfError::Failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    std::fs::read(&pdf).map_err(failed)
}
