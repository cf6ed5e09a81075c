//! Spreadsheets: the domain's [`Workbook`] written as xlsx (rust_xlsxwriter) or as CSV,
//! and filled templates read back (calamine). Layout only: merged headers, frozen
//! panes, number formats, A3 landscape print set-up; the content is the domain's.

mod csv;
mod read;
mod write;

pub use csv::to_csv;
pub use read::{ReadError, read_xlsx};
pub use write::{XlsxError, to_xlsx};

/// The MIME type of an xlsx file.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The MIME type of a CSV file, UTF-8 (with a byte-order mark, which Excel needs to
/// read Chinese).
pub const CSV_MIME: &str = "text/csv; charset=utf-8";
