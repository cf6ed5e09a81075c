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

/// The pixels of a binary PPM (P6, 8 bits), as pdftoppm writes it.
fn ppm_pixels(ppm: &[u8]) -> Vec<[u8; 3]> {
    // Header: "P6", width, height, maxval, each after whitespace, then one whitespace.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    assert_eq!(fields[3], "255");
    let size = |f: &str| f.parse::<usize>().expect("a size");
    let (w, h) = (size(&fields[1]), size(&fields[2]));
    let data = &ppm[i + 1..];
    assert_eq!(data.len(), w * h * 3, "a whole picture");
    data.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect()
}

/// How many pixels are within a few levels of `rgb` (anti-aliasing aside).
fn near(pixels: &[[u8; 3]], rgb: u32) -> usize {
    let want = [(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8];
    pixels
        .iter()
        .filter(|p| p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 6))
        .count()
}

#[test]
fn both_charts_are_native_chart_parts_that_libreoffice_draws_after_the_overview() {
    let b = bulletin();
    let bytes = duban_docs::docx::render(&b);
    // Entries are stored, not compressed: their text can be read in the archive.
    let zip = String::from_utf8_lossy(&bytes);
    for want in [
        "word/charts/chart1.xml",
        "word/charts/chart2.xml",
        "<Override PartName=\"/word/charts/chart2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>",
        "Id=\"rIdChart1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart1.xml\"",
        "<c:chart r:id=\"rIdChart1\"/>",
        "<c:chart r:id=\"rIdChart2\"/>",
        "<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/>",
        "<c:lineChart>",
        "<c:v>扶持就业及社会保障方面</c:v>",
        "<c:pt idx=\"2\"><c:v>87.2</c:v></c:pt>",
    ] {
        assert!(zip.contains(want), "{want} missing from the DOCX");
    }
    assert!(
        !zip.contains("externalData") && !zip.contains(".xlsx"),
        "no workbook"
    );
    let (overview, chart, progress) = (
        zip.find("截至5月底").expect("overview"),
        zip.find("<c:chart r:id=\"rIdChart1\"/>").expect("chart"),
        zip.find("一、工作开展情况").expect("section 一"),
    );
    assert!(
        overview < chart && chart < progress,
        "after the overview, before 一"
    );

    let dir = out_dir("bulletin-charts");
    let docx = dir.join("charts.docx");
    std::fs::write(&docx, &bytes).expect("write docx");
    let pdf = to_pdf(&docx, &dir);
    let text = run(Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-"));
    // The pages before the annexes: only the chart names the second area.
    let body: String = text
        .split('\u{c}')
        .take_while(|p| !p.contains("附件:重点民生实事指标完成情况表"))
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for want in [
        "各方面实事进度状态",
        "特殊群体关爱服务保障方面",
        "扶持就业及社会保障方面",
        "实事平均完成率走势",
        "87.2",
        "3月",
        "5月",
        "平均完成率",
        "计划进度",
    ] {
        assert!(
            body.contains(want),
            "{want} missing from the body pages:\n{text}"
        );
    }

    // The drawn pages show the bars' and the line's colours (PPM is pdftoppm's default).
    run(Command::new("pdftoppm")
        .args(["-r", "50"])
        .arg(&pdf)
        .arg(dir.join("page")));
    let mut pixels = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ppm"))
        .collect();
    pages.sort();
    for p in pages.iter().take(2) {
        pixels.extend(ppm_pixels(&std::fs::read(p).expect("ppm")));
    }
    // Neither colour is anywhere else on these pages (text is black, marks C00000).
    let (blue, red) = (near(&pixels, 0x1f4e96), near(&pixels, 0xa0161b));
    assert!(blue > 100, "正常推进's blue bar: {blue} pixels");
    assert!(
        red > 10,
        "the completion's red markers and labels: {red} pixels"
    );
}
