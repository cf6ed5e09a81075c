//! Reading a filled workbook (calamine): each sheet's cells with formulas told apart,
//! and its merged areas, for the domain to check.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use duban_domain::template::{ReadCell, ReadSheet};

/// A file that is not an xlsx workbook calamine can read.
#[derive(Debug, thiserror::Error)]
#[error("无法读取xlsx文件 / cannot read the xlsx file: {0}")]
pub struct ReadError(String);

/// Every sheet of the workbook in `bytes`, rows from the sheet's first row.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<ReadSheet>, ReadError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError(e.to_string()))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError(e.to_string()))?;
        let formulas = book
            .worksheet_formula(&name)
            .map_err(|e| ReadError(e.to_string()))?;
        // Both ranges start where their first used cell is; rows here start at 0.
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (height, width) = match range.end() {
            Some((r, c)) => (r as usize + 1, c as usize + 1),
            None => (0, 0),
        };
        let mut rows = vec![vec![ReadCell::Empty; width]; height];
        for (r, c, v) in range.used_cells() {
            let cell = match v {
                Data::Empty => ReadCell::Empty,
                Data::String(s) => ReadCell::Text(s.clone()),
                Data::Float(f) => ReadCell::Number(*f),
                Data::Int(i) => ReadCell::Number(*i as f64),
                Data::Bool(b) => ReadCell::Text(b.to_string()),
                other => ReadCell::Text(other.to_string()),
            };
            rows[r0 as usize + r][c0 as usize + c] = cell;
        }
        if let Some((fr, fc)) = formulas.start() {
            for (r, c, f) in formulas.used_cells() {
                let (r, c) = (fr as usize + r, fc as usize + c);
                if !f.is_empty() {
                    if rows.len() <= r {
                        rows.resize(r + 1, Vec::new());
                    }
                    if rows[r].len() <= c {
                        rows[r].resize(c + 1, ReadCell::Empty);
                    }
                    rows[r][c] = ReadCell::Formula(f.clone());
                }
            }
        }
        let merged = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| ReadError(e.to_string()))?
            .into_iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        out.push(ReadSheet { name, rows, merged });
    }
    Ok(out)
}
