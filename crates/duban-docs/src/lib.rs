//! Renderers of duban's documents. Each takes the domain's document model
//! ([`duban_domain::bulletin::Bulletin`]) and adds layout only: no figure is computed
//! and no text is written here, so every format prints the same figures with the same
//! sources, and the same bulletin always renders to the same bytes.
//!
//! - [`markdown`]: Markdown, with the annex as a table and a 数据来源 annex that gives
//!   each figure's source; figures without an approved source are marked 【待核实】.
//!
//! - [`html`]: HTML, a fragment for the pages or a whole document; each figure links to
//!   its source line and shows it when hovered.
//!
//! - [`item_page`]: an item's progress page as an HTML fragment, for the portal.
//!
//! - [`chart`]: charts as SVG (an indicator's trajectory), for the pages and documents.
//!
//! - [`docx`]: DOCX after GB/T 9704's layout (a small ZIP writer of our own packs it).
//!
//! - [`pdf`]: PDF, the DOCX laid out by LibreOffice — the one module that does I/O.
//!
//! - [`xlsx`]: the ledger's tables (完成情况表, 台账, 责任分工表) and fill-in templates as
//!   xlsx and CSV, from the domain's `sheet::Workbook`; filled templates read back.
//!
//! Other formats will live beside them, one module each, taking the same model.
//! Apart from `pdf`, nothing here does I/O: renderers return the document; callers
//! write it.
#![forbid(unsafe_code)]

pub mod chart;
pub mod docx;
pub mod html;
pub mod item_page;
pub mod markdown;
pub mod pdf;
pub mod xlsx;
mod zip;

pub use markdown::render as render_markdown;
