//! The xlsx writer.

use std::collections::HashMap;

use duban_domain::sheet::{Cell, Sheet, Workbook};
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet,
};

pub use rust_xlsxwriter::XlsxError;

/// A3 in the paper codes of SpreadsheetML.
const PAPER_A3: u8 = 8;

/// The workbook as xlsx bytes. The same workbook gives the same bytes: the document's
/// creation time is fixed.
pub fn to_xlsx(book: &Workbook) -> Result<Vec<u8>, XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(book.file_stem.as_str())
            .set_creation_datetime(&epoch),
    );
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet)?;
    }
    wb.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet) -> Result<(), XlsxError> {
    ws.set_name(s.name.as_str())?;
    let ncols = s.columns.len().max(1) as u16;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(0xDDEBF7);
    if ncols > 1 {
        ws.merge_range(0, 0, 0, ncols - 1, &s.title, &title)?;
    } else {
        ws.write_string_with_format(0, 0, &s.title, &title)?;
    }
    ws.set_row_height(0, 30)?;
    for h in &s.header {
        let (r, c) = (1 + u32::from(h.row), h.col);
        let (r2, c2) = (r + u32::from(h.rows.max(1)) - 1, c + h.cols.max(1) - 1);
        if r2 > r || c2 > c {
            ws.merge_range(r, c, r2, c2, &h.text, &header)?;
        } else {
            ws.write_string_with_format(r, c, &h.text, &header)?;
        }
    }
    for (i, c) in s.columns.iter().enumerate() {
        ws.set_column_width(i as u16, c.width)?;
        if c.hidden {
            ws.set_column_hidden(i as u16)?;
        }
    }
    let first = 1 + u32::from(s.header_rows);
    let inputs: std::collections::HashSet<(u32, u16)> = s.inputs.iter().copied().collect();
    let mut formats = Formats::default();
    for (i, row) in s.rows.iter().enumerate() {
        let r = first + i as u32;
        for (j, cell) in row.iter().enumerate() {
            let c = j as u16;
            let open = inputs.contains(&(i as u32, c));
            match cell {
                Cell::Empty => {
                    ws.write_blank(r, c, formats.get("@", open))?;
                }
                Cell::Text(t) => {
                    ws.write_string_with_format(r, c, t, formats.get("@", open))?;
                }
                Cell::Number {
                    value,
                    decimals,
                    prefix,
                } => {
                    let code = number_format(*decimals, prefix);
                    ws.write_number_with_format(r, c, value.to_f64(), formats.get(&code, open))?;
                }
                Cell::Percent(p) => {
                    ws.write_number_with_format(r, c, p.to_f64(), formats.get("0.0", open))?;
                }
            }
        }
    }
    for ch in &s.choices {
        let dv = DataValidation::new().allow_list_strings(&ch.options)?;
        ws.add_data_validation(first + ch.row, ch.col, first + ch.row, ch.col, &dv)?;
    }
    ws.set_freeze_panes(first, s.freeze_cols)?;
    ws.set_paper_size(PAPER_A3);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, first - 1)?;
    if s.protect {
        ws.protect();
    }
    Ok(())
}

/// `0.0`, or `"≤"0.0` for a ceiling's target: the figure stays a number.
fn number_format(decimals: u8, prefix: &str) -> String {
    let digits = if decimals == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(decimals as usize))
    };
    if prefix.is_empty() {
        digits
    } else {
        format!("\"{prefix}\"{digits}")
    }
}

/// Data cell formats, one per number format and lock state.
#[derive(Default)]
struct Formats(HashMap<(String, bool), Format>);

impl Formats {
    fn get(&mut self, code: &str, open: bool) -> &Format {
        self.0.entry((code.to_string(), open)).or_insert_with(|| {
            let f = Format::new()
                .set_num_format(code)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter);
            if open {
                f.set_unlocked().set_background_color(0xFFF2CC)
            } else {
                f
            }
        })
    }
}
