//! Evidence files (佐证材料) attached to a report or to a problem's rectification: what a
//! file is, judged by its bytes and never by its name or the client's word, and the name
//! its uploader gave it, for display and for the download.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::ids::{EvidenceId, ProblemId, ReportId, UserId};
use crate::problem::{ProblemAction, ProblemState};
use crate::report::ReportState;

/// The kinds of file taken as evidence: images, PDF, and Office documents (old and new).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    /// A Word (or WPS Writer) document in the old compound-file format.
    Doc,
    /// An Excel (or WPS Spreadsheets) workbook in the old compound-file format.
    Xls,
    /// A PowerPoint (or WPS Presentation) deck in the old compound-file format.
    Ppt,
    Docx,
    Xlsx,
    Pptx,
}

/// The field evidence errors are reported under: the uploaded file itself.
pub const FILE_FIELD: &str = "file";

impl FileKind {
    pub const ALL: [FileKind; 11] = [
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Gif,
        FileKind::Webp,
        FileKind::Pdf,
        FileKind::Doc,
        FileKind::Xls,
        FileKind::Ppt,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Pptx,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Gif => "gif",
            FileKind::Webp => "webp",
            FileKind::Pdf => "pdf",
            FileKind::Doc => "doc",
            FileKind::Xls => "xls",
            FileKind::Ppt => "ppt",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Pptx => "pptx",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
            FileKind::Doc => "application/msword",
            FileKind::Xls => "application/vnd.ms-excel",
            FileKind::Ppt => "application/vnd.ms-powerpoint",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
        }
    }

    /// The extension files of this kind are stored under.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// Extensions a download of this kind may keep from its original name; any other is
    /// followed by the canonical one, so that no download opens as something else.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg", "jpe"],
            FileKind::Gif => &["gif"],
            FileKind::Webp => &["webp"],
            FileKind::Pdf => &["pdf"],
            // WPS's own old formats are compound files with the same streams.
            FileKind::Doc => &["doc", "wps"],
            FileKind::Xls => &["xls", "et"],
            FileKind::Ppt => &["ppt", "dps"],
            FileKind::Docx => &["docx"],
            FileKind::Xlsx => &["xlsx"],
            FileKind::Pptx => &["pptx"],
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Webp => "图片",
            FileKind::Pdf => "PDF文档",
            FileKind::Doc | FileKind::Docx => "Word文档",
            FileKind::Xls | FileKind::Xlsx => "Excel表格",
            FileKind::Ppt | FileKind::Pptx => "PowerPoint演示文稿",
        }
    }

    /// What the bytes are. Empty: `empty`. Anything but an image, a PDF or an Office
    /// document (executables, HTML, SVG, archives, macro-enabled documents):
    /// `file_type_not_allowed` or `macros_not_allowed`.
    pub fn detect(b: &[u8]) -> Result<FileKind, FieldError> {
        if b.is_empty() {
            return Err(FieldError::new(
                FILE_FIELD,
                "empty",
                "文件为空",
                "the file is empty",
            ));
        }
        let kind = if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
            Some(FileKind::Png)
        } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
            Some(FileKind::Gif)
        } else if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
            Some(FileKind::Webp)
        } else if b.starts_with(b"%PDF-") {
            // At the very start only: a header further in would let HTML come first.
            Some(FileKind::Pdf)
        } else if b.starts_with(&OLE_MAGIC) {
            compound_file(b)?
        } else if b.starts_with(b"PK\x03\x04") {
            // At the start, so a self-extracting executable (a ZIP appended) is not one.
            ooxml(b)?
        } else {
            None
        };
        kind.ok_or_else(not_allowed)
    }
}

fn not_allowed() -> FieldError {
    FieldError::new(
        FILE_FIELD,
        "file_type_not_allowed",
        "文件类型不允许:仅接受图片(PNG、JPEG、GIF、WebP)、PDF 和 Office 文档(Word、Excel、PowerPoint)",
        "file type not allowed: only images (PNG, JPEG, GIF, WebP), PDF and Office documents (Word, Excel, PowerPoint) are accepted",
    )
}

fn macros() -> FieldError {
    FieldError::new(
        FILE_FIELD,
        "macros_not_allowed",
        "不接受含宏的文档,请另存为不含宏的格式后上传",
        "documents with macros are not accepted; save without macros and upload again",
    )
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn u16le(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32le(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// An old-format Office document: a compound file (OLE2) holding the stream its
/// application writes. Other compound files (installers (.msi), Outlook messages) are
/// refused. Directory entries are 128 bytes and sectors start at multiples of 512, so
/// every entry sits at a multiple of 128: looking there for the stream names needs no
/// walk of the sector chains.
fn compound_file(b: &[u8]) -> Result<Option<FileKind>, FieldError> {
    // Sector size 512 (version 3) or 4096 (version 4); anything else is not a real one.
    if !matches!(u16le(b, 0x1E), Some(9 | 12)) {
        return Ok(None);
    }
    let (mut word, mut excel, mut powerpoint) = (false, false, false);
    for entry in b[512.min(b.len())..].chunks_exact(128) {
        let Some(name) = entry_name(entry) else {
            continue;
        };
        match (entry[66], name.as_str()) {
            (2, "WordDocument") => word = true,
            (2, "Workbook" | "Book") => excel = true,
            (2, "PowerPoint Document") => powerpoint = true,
            // The VBA project's storage: in Macros (Word) or _VBA_PROJECT_CUR (Excel).
            (1, "VBA" | "Macros" | "_VBA_PROJECT_CUR") => return Err(macros()),
            _ => {}
        }
    }
    // A document may embed another (a workbook in a Word file): the host decides.
    Ok(if word {
        Some(FileKind::Doc)
    } else if powerpoint {
        Some(FileKind::Ppt)
    } else if excel {
        Some(FileKind::Xls)
    } else {
        None
    })
}

/// The name of a compound-file directory entry (UTF-16LE, its length in bytes with the
/// terminator at offset 64), when it is a storage or stream with a readable name.
fn entry_name(entry: &[u8]) -> Option<String> {
    let len = u16le(entry, 64)?;
    if !(4..=64).contains(&len) || len % 2 != 0 || !matches!(entry[66], 1 | 2) {
        return None;
    }
    let units: Vec<u16> = entry[..len - 2]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// A new-format Office document: a ZIP with `[Content_Types].xml` and the parts of one
/// application (`word/`, `xl/` or `ppt/`). The names come from the central directory,
/// which is what readers trust; local headers may defer their sizes to after the data.
fn ooxml(b: &[u8]) -> Result<Option<FileKind>, FieldError> {
    let Some(names) = zip_names(b) else {
        return Ok(None);
    };
    let mut types = false;
    let mut kinds = Vec::new();
    for name in &names {
        let lower = name.to_ascii_lowercase();
        if lower == "[content_types].xml" {
            types = true;
        }
        if lower.ends_with("vbaproject.bin") {
            return Err(macros());
        }
        for (prefix, kind) in [
            ("word/", FileKind::Docx),
            ("xl/", FileKind::Xlsx),
            ("ppt/", FileKind::Pptx),
        ] {
            if lower.starts_with(prefix) && !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    Ok(match kinds.as_slice() {
        [kind] if types => Some(*kind),
        _ => None,
    })
}

/// The entry names of a ZIP's central directory; None when it is not a readable ZIP
/// (ZIP64 included: evidence files are far below its sizes).
fn zip_names(b: &[u8]) -> Option<Vec<String>> {
    // The end record is 22 bytes plus a comment of at most 65535.
    let last = b.len().checked_sub(22)?;
    let first = b.len().saturating_sub(22 + 0xFFFF);
    // The record whose comment ends exactly at the end of the file: a comment may
    // itself hold the record's signature.
    let end = (first..=last).rev().find(|&i| {
        b[i..].starts_with(b"PK\x05\x06") && u16le(b, i + 20).is_some_and(|c| i + 22 + c == b.len())
    })?;
    let count = u16le(b, end + 10)?;
    let mut at = u32le(b, end + 16)?;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if !b.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let (n, extra, comment) = (u16le(b, at + 28)?, u16le(b, at + 30)?, u16le(b, at + 32)?);
        names.push(String::from_utf8_lossy(b.get(at + 46..at + 46 + n)?).into_owned());
        at += 46 + n + extra + comment;
    }
    Some(names)
}

/// A file's name as its uploader gave it: the last component of a path, trimmed, 1 to
/// 200 characters without control characters. Shown, and offered as the download's
/// name; never used as a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EvidenceName(String);

impl EvidenceName {
    pub const MAX_CHARS: usize = 200;

    /// `field` names the input in errors (the query parameter `name`).
    pub fn parse(field: &str, raw: &str) -> Result<EvidenceName, FieldError> {
        // Browsers on Windows once sent the whole path; keep only the name.
        let last = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
        if last.is_empty() {
            return Err(FieldError::new(
                field,
                "required",
                "请给出文件名",
                "a file name is required",
            ));
        }
        if last.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("文件名不能超过{}个字符", Self::MAX_CHARS),
                format!(
                    "the file name must be at most {} characters",
                    Self::MAX_CHARS
                ),
            ));
        }
        if last.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                "control_character",
                "文件名不能包含控制字符",
                "the file name must not contain control characters",
            ));
        }
        if last == "." || last == ".." {
            return Err(FieldError::new(
                field,
                "invalid_name",
                "文件名无效",
                "not a file name",
            ));
        }
        Ok(EvidenceName(last.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The stored name, read back (already checked when it was written).
    pub fn from_stored(s: String) -> EvidenceName {
        EvidenceName(s)
    }

    /// The name a download of `kind` is saved under: the original when its extension
    /// fits the kind, else the original followed by the kind's extension
    /// (`整改报告.exe` that is a PDF downloads as `整改报告.exe.pdf`).
    pub fn download_name(&self, kind: FileKind) -> String {
        let ext = self.0.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if ext.is_some_and(|e| kind.extensions().contains(&e.as_str())) {
            self.0.clone()
        } else {
            format!("{}.{}", self.0, kind.extension())
        }
    }

    /// `Content-Disposition` for downloading the file as an attachment (RFC 6266): the
    /// name in UTF-8 as `filename*` (RFC 8187), and an ASCII stand-in as `filename` for
    /// clients that read only that.
    pub fn content_disposition(&self, kind: FileKind) -> String {
        attachment(&self.download_name(kind))
    }
}

/// `Content-Disposition` of an attachment named `name` (RFC 6266): the name in UTF-8
/// as `filename*` (RFC 8187), and an ASCII stand-in as `filename`.
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()[]+~".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        // attr-char of RFC 8187; everything else is percent-encoded.
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

impl std::fmt::Display for EvidenceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What evidence is attached to: a progress report, or a problem's rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceParent {
    Report(ReportId),
    Problem(ProblemId),
}

/// An evidence file as recorded. The bytes live elsewhere under `stored_name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: EvidenceId,
    /// Exactly one of `report_id` and `problem_id` is set.
    pub report_id: Option<ReportId>,
    pub problem_id: Option<ProblemId>,
    pub file_name: EvidenceName,
    pub kind: FileKind,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The generated name the bytes are stored under.
    pub stored_name: String,
    pub uploaded_by: UserId,
    /// Epoch milliseconds.
    pub uploaded_at: i64,
    /// When it was withdrawn; the record and the bytes stay.
    pub deleted_at: Option<i64>,
    pub deleted_by: Option<UserId>,
}

impl Evidence {
    pub fn parent(&self) -> Option<EvidenceParent> {
        match (self.report_id, self.problem_id) {
            (Some(r), None) => Some(EvidenceParent::Report(r)),
            (None, Some(p)) => Some(EvidenceParent::Problem(p)),
            _ => None,
        }
    }
}

/// A report takes evidence (and lets its uploader withdraw it) only while it is with
/// its reporter, as its figures do.
pub fn report_takes_evidence(state: ReportState) -> bool {
    state.is_editable()
}

/// A problem takes evidence from its owner unit while the rectification is still
/// theirs to report: open or rectifying, the states `rectify` starts from.
pub fn problem_takes_evidence(state: ProblemState) -> bool {
    ProblemAction::Rectify.next(state).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(b: &[u8]) -> Result<FileKind, &'static str> {
        FileKind::detect(b).map_err(|e| e.code)
    }

    /// A ZIP of empty stored entries with these names, local headers and central
    /// directory as a writer makes them.
    fn zip(names: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for name in names {
            let offset = out.len() as u32;
            out.extend(b"PK\x03\x04");
            out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend([0u8; 12]); // crc, sizes
            out.extend((name.len() as u16).to_le_bytes());
            out.extend([0, 0]);
            out.extend(name.as_bytes());
            central.extend(b"PK\x01\x02");
            central.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend([0u8; 12]);
            central.extend((name.len() as u16).to_le_bytes());
            central.extend([0u8; 12]); // extra, comment, disk, attributes
            central.extend(offset.to_le_bytes());
            central.extend(name.as_bytes());
        }
        let at = out.len() as u32;
        out.extend(&central);
        out.extend(b"PK\x05\x06");
        out.extend([0u8; 4]);
        out.extend((names.len() as u16).to_le_bytes());
        out.extend((names.len() as u16).to_le_bytes());
        out.extend((central.len() as u32).to_le_bytes());
        out.extend(at.to_le_bytes());
        out.extend([0, 0]);
        out
    }

    /// A compound file whose directory holds these (name, type) entries.
    fn ole(entries: &[(&str, u8)]) -> Vec<u8> {
        let mut out = vec![0u8; 512];
        out[..8].copy_from_slice(&OLE_MAGIC);
        out[0x1E] = 9;
        for root in [("Root Entry", 5)].iter().chain(entries) {
            let mut e = [0u8; 128];
            let units: Vec<u16> = root.0.encode_utf16().collect();
            for (i, u) in units.iter().enumerate() {
                e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
            e[66] = root.1;
            out.extend(e);
        }
        out
    }

    const DOCX: &[&str] = &[
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
    ];

    #[test]
    fn images_and_pdf_are_known_by_their_first_bytes() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        assert_eq!(kind(png), Ok(FileKind::Png));
        assert_eq!(kind(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"), Ok(FileKind::Jpeg));
        assert_eq!(kind(b"GIF89a\x01\0\x01\0"), Ok(FileKind::Gif));
        assert_eq!(kind(b"GIF87a\x01\0\x01\0"), Ok(FileKind::Gif));
        assert_eq!(kind(b"RIFF\x24\0\0\0WEBPVP8 "), Ok(FileKind::Webp));
        assert_eq!(kind(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), Ok(FileKind::Pdf));
        // A PNG signature without its header chunk is not a PNG.
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n"), Err("file_type_not_allowed"));
        // A PDF header further in does not count: HTML could come first.
        assert_eq!(
            kind(b"<html><script>alert(1)</script>%PDF-1.4"),
            Err("file_type_not_allowed")
        );
    }

    #[test]
    fn new_office_documents_are_told_apart_by_their_parts() {
        assert_eq!(kind(&zip(DOCX)), Ok(FileKind::Docx));
        let xlsx = [
            "xl/workbook.xml",
            "[Content_Types].xml",
            "xl/worksheets/sheet1.xml",
        ];
        assert_eq!(kind(&zip(&xlsx)), Ok(FileKind::Xlsx));
        let pptx = ["[Content_Types].xml", "ppt/presentation.xml"];
        assert_eq!(kind(&zip(&pptx)), Ok(FileKind::Pptx));
        // A workbook embedded in a Word document is a file inside word/, not xl/.
        let embedded = [
            "[Content_Types].xml",
            "word/document.xml",
            "word/embeddings/a.xlsx",
        ];
        assert_eq!(kind(&zip(&embedded)), Ok(FileKind::Docx));
    }

    #[test]
    fn a_zip_comment_holding_the_end_signature_does_not_mislead() {
        let mut z = zip(DOCX);
        let n = z.len();
        let comment = b"PK\x05\x06 made by hand";
        z[n - 2..].copy_from_slice(&(comment.len() as u16).to_le_bytes());
        z.extend(comment);
        assert_eq!(kind(&z), Ok(FileKind::Docx));
    }

    #[test]
    fn other_zips_and_macro_enabled_documents_are_refused() {
        assert_eq!(
            kind(&zip(&["报告.txt", "a.exe"])),
            Err("file_type_not_allowed")
        );
        // word/ without [Content_Types].xml is no Office document.
        assert_eq!(
            kind(&zip(&["word/document.xml"])),
            Err("file_type_not_allowed")
        );
        let both = [
            "[Content_Types].xml",
            "word/document.xml",
            "xl/workbook.xml",
        ];
        assert_eq!(kind(&zip(&both)), Err("file_type_not_allowed"));
        let docm = [
            "[Content_Types].xml",
            "word/document.xml",
            "word/vbaProject.bin",
        ];
        assert_eq!(kind(&zip(&docm)), Err("macros_not_allowed"));
        // A ZIP cut short, and an executable with a document appended (self-extracting).
        let cut = zip(DOCX);
        assert_eq!(kind(&cut[..cut.len() - 30]), Err("file_type_not_allowed"));
        let mut sfx = b"MZ\x90\0\x03\0\0\0".to_vec();
        sfx.extend(zip(DOCX));
        assert_eq!(kind(&sfx), Err("file_type_not_allowed"));
    }

    #[test]
    fn old_office_documents_are_told_apart_by_their_streams() {
        assert_eq!(
            kind(&ole(&[("WordDocument", 2), ("1Table", 2)])),
            Ok(FileKind::Doc)
        );
        assert_eq!(kind(&ole(&[("Workbook", 2)])), Ok(FileKind::Xls));
        assert_eq!(kind(&ole(&[("Book", 2)])), Ok(FileKind::Xls));
        assert_eq!(kind(&ole(&[("PowerPoint Document", 2)])), Ok(FileKind::Ppt));
        // A Word document embedding a workbook is a Word document.
        let both = [("ObjectPool", 1), ("Workbook", 2), ("WordDocument", 2)];
        assert_eq!(kind(&ole(&both)), Ok(FileKind::Doc));
        // An installer is a compound file too, with none of those streams.
        let msi = [("\u{4840}\u{3F3F}\u{4577}", 2), ("SummaryInformation", 2)];
        assert_eq!(kind(&ole(&msi)), Err("file_type_not_allowed"));
        let macros = [("WordDocument", 2), ("Macros", 1), ("VBA", 1)];
        assert_eq!(kind(&ole(&macros)), Err("macros_not_allowed"));
        // The name stored as a storage, not a stream, is not the document.
        assert_eq!(
            kind(&ole(&[("WordDocument", 1)])),
            Err("file_type_not_allowed")
        );
    }

    #[test]
    fn executables_markup_and_empty_files_are_refused() {
        assert_eq!(kind(b""), Err("empty"));
        for refused in [
            &b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF"[..],
            b"\x7FELF\x02\x01\x01\0",
            b"#!/bin/sh\nrm -rf /\n",
            b"<!DOCTYPE html><html><body>report</body></html>",
            b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            b"<svg><script>alert(1)</script></svg>",
            b"Rar!\x1a\x07\x01\0",
            b"plain text that says it is a PDF",
        ] {
            assert_eq!(kind(refused), Err("file_type_not_allowed"), "{refused:?}");
        }
        let e = FileKind::detect(b"MZ").unwrap_err();
        assert_eq!(e.field, "file");
        assert!(e.message_zh.contains("文件类型不允许") && e.message_en.contains("not allowed"));
    }

    #[test]
    fn every_kind_has_its_mime_type_and_extension() {
        for k in FileKind::ALL {
            assert_eq!(FileKind::parse(k.as_str()), Some(k));
            assert!(k.mime().contains('/'));
            assert!(k.extensions().contains(&k.extension()));
        }
        assert_eq!(FileKind::Jpeg.extension(), "jpg");
        assert_eq!(
            FileKind::Docx.mime(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
    }

    #[test]
    fn a_file_name_keeps_its_last_path_component_trimmed() {
        let n = |s: &str| {
            EvidenceName::parse("name", s)
                .map(|n| n.0)
                .map_err(|e| e.code)
        };
        assert_eq!(n("  整改报告.pdf "), Ok("整改报告.pdf".to_string()));
        assert_eq!(
            n("C:\\Users\\张三\\现场照片.jpg"),
            Ok("现场照片.jpg".to_string())
        );
        assert_eq!(n("../../etc/passwd"), Ok("passwd".to_string()));
        assert_eq!(n(""), Err("required"));
        assert_eq!(n("材料/"), Err("required"));
        assert_eq!(n(".."), Err("invalid_name"));
        assert_eq!(n("a\nb.pdf"), Err("control_character"));
        assert_eq!(n("a\tb.pdf"), Err("control_character"));
        assert_eq!(n(&"字".repeat(200)).map(|s| s.chars().count()), Ok(200));
        assert_eq!(n(&"字".repeat(201)), Err("too_long"));
        let e = EvidenceName::parse("name", "").unwrap_err();
        assert_eq!(e.field, "name");
    }

    #[test]
    fn a_download_keeps_a_fitting_extension_and_gets_the_kinds_otherwise() {
        let n = |s: &str| EvidenceName::parse("name", s).unwrap();
        assert_eq!(n("现场.JPEG").download_name(FileKind::Jpeg), "现场.JPEG");
        assert_eq!(n("报告.pdf").download_name(FileKind::Pdf), "报告.pdf");
        assert_eq!(n("报告").download_name(FileKind::Pdf), "报告.pdf");
        assert_eq!(n("报告.exe").download_name(FileKind::Pdf), "报告.exe.pdf");
        assert_eq!(n("台账.et").download_name(FileKind::Xls), "台账.et");
    }

    #[test]
    fn content_disposition_carries_the_name_in_utf8_and_an_ascii_stand_in() {
        let n = EvidenceName::parse("name", "整改 报告\"v2\";.pdf").unwrap();
        assert_eq!(
            n.content_disposition(FileKind::Pdf),
            "attachment; filename=\"__ ___v2__.pdf\"; \
             filename*=UTF-8''%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A%22v2%22%3B.pdf"
        );
        let plain = EvidenceName::parse("name", "photo-1.png").unwrap();
        assert_eq!(
            plain.content_disposition(FileKind::Png),
            "attachment; filename=\"photo-1.png\"; filename*=UTF-8''photo-1.png"
        );
    }

    #[test]
    fn evidence_may_be_added_while_the_report_or_rectification_is_open() {
        use ProblemState::*;
        use ReportState::*;
        let reports: Vec<_> = ReportState::ALL
            .into_iter()
            .filter(|s| report_takes_evidence(*s))
            .collect();
        assert_eq!(reports, [Draft, Returned]);
        let problems: Vec<_> = ProblemState::ALL
            .into_iter()
            .filter(|s| problem_takes_evidence(*s))
            .collect();
        assert_eq!(problems, [Open, Rectifying]);
    }
}
