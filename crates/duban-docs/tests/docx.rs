//! The bulletin as DOCX, opened by LibreOffice (converted to PDF with
//! `libreoffice --headless --convert-to pdf`), its pages drawn by poppler's `pdftoppm`,
//! and its Chinese text read back with `pdftotext`. `.ci/run` installs both (Debian's
//! libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk); the test needs them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::bulletin;

/// A directory of this test's own under target/docs/, emptied first.
fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/docs")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("target/docs");
    dir
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{cmd:?}: {e} (install libreoffice-writer-nogui and poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Converts `docx` to PDF with LibreOffice, in a profile of its own so that runs in
/// parallel do not share one.
fn to_pdf(docx: &Path, dir: &Path) -> PathBuf {
    let profile = format!("file://{}", dir.join("lo-profile").display());
    run(Command::new("libreoffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx));
    let pdf = docx.with_extension("pdf");
    assert!(pdf.exists(), "LibreOffice wrote no PDF");
    pdf
}

#[test]
fn libreoffice_opens_the_docx_and_its_pdf_carries_the_chinese_text_and_annexes() {
    let dir = out_dir("bulletin-docx");
    let docx = dir.join("bulletin.docx");
    let bytes = duban_docs::docx::render(&bulletin());
    assert_eq!(
        bytes,
        duban_docs::docx::render(&bulletin()),
        "the same bytes twice"
    );
    std::fs::write(&docx, &bytes).expect("write docx");
    let pdf = to_pdf(&docx, &dir);

    let text = run(Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-"));
    // pdftotext spaces CJK from digits as laid out ("第 17 期"): compare without spaces.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for want in [
        "督查专报",
        "第17期",
        "市政府督查室",
        "2019年6月20日",
        "一、工作开展情况",
        "(一)特殊群体关爱服务保障方面。",
        "已完成方案编制109个",
        "二、存在的问题",
        "三、意见建议",
        "附件:数据来源",
        "【待核实】",
        "—1—",
    ] {
        assert!(flat.contains(want), "{want} missing from the PDF:\n{text}");
    }
    let pages = text.matches('\u{c}').count();
    assert!(
        pages >= 3,
        "body, indicator table and sources each start a page: {pages}"
    );

    // Every page draws.
    run(Command::new("pdftoppm")
        .args(["-png", "-r", "40"])
        .arg(&pdf)
        .arg(dir.join("page")));
    let drawn = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".png"))
        .count();
    assert_eq!(drawn, pages, "one picture per page");
}
