//! A spreadsheet as the domain hands it to a writer: a titled sheet with merged header
//! cells and typed data cells. The xlsx and CSV writers (duban-docs) add layout only,
//! so the two files of one table carry the same content.

use crate::decimal::Decimal;

/// One data cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A figure printed with `decimals` fractional digits, after `prefix` (`≤` marks a
    /// ceiling's target, so it reads as a ceiling and stays a number).
    Number {
        value: Decimal,
        decimals: u8,
        prefix: &'static str,
    },
    /// A completion in percent points (41.4 for 41.4%), one decimal.
    Percent(Decimal),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn number(value: Decimal, decimals: u8) -> Cell {
        Cell::Number {
            value,
            decimals,
            prefix: "",
        }
    }

    /// The cell as printed: what a CSV holds and a reader of the xlsx sees.
    pub fn printed(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number {
                value,
                decimals,
                prefix,
            } => format!("{prefix}{}", value.to_fixed(u32::from(*decimals))),
            Cell::Percent(p) => p.to_fixed(1),
        }
    }
}

/// A header cell spanning `rows` × `cols` from (`row`, `col`), rows counted from the
/// first header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    pub row: u16,
    pub col: u16,
    pub rows: u16,
    pub cols: u16,
    pub text: String,
}

/// A column's width in characters, and whether it is hidden (a template's key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub width: u16,
    pub hidden: bool,
}

/// A drop-down list (data validation) over one column of the data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub row: u32,
    pub col: u16,
    pub options: Vec<String>,
}

/// One sheet: a title row across all columns, `header_rows` rows of header, then data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The tab's name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    pub title: String,
    pub header_rows: u16,
    pub header: Vec<HeaderCell>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns kept in view when scrolling right (the rows' names).
    pub freeze_cols: u16,
    /// Data cells a clerk may change, as (data row, column); all else is locked when
    /// `protect` is set.
    pub inputs: Vec<(u32, u16)>,
    pub protect: bool,
    pub choices: Vec<Choice>,
}

impl Sheet {
    pub fn new(name: &str, title: String, columns: Vec<Column>) -> Sheet {
        Sheet {
            name: tab_name(name),
            title,
            header_rows: 1,
            header: Vec::new(),
            columns,
            rows: Vec::new(),
            freeze_cols: 0,
            inputs: Vec::new(),
            protect: false,
            choices: Vec::new(),
        }
    }

    /// The header as a grid of printed rows: a merged cell's text in its top-left
    /// position, the rest empty (how a CSV carries it).
    pub fn header_grid(&self) -> Vec<Vec<String>> {
        let mut grid = vec![vec![String::new(); self.columns.len()]; self.header_rows as usize];
        for h in &self.header {
            if let Some(c) = grid
                .get_mut(h.row as usize)
                .and_then(|r| r.get_mut(h.col as usize))
            {
                c.clone_from(&h.text);
            }
        }
        grid
    }
}

/// A sheet tab's name: forbidden characters replaced, cut to 31 characters.
fn tab_name(s: &str) -> String {
    s.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// A workbook: its sheets in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbook {
    /// The file's name without extension, e.g. `2019年20项重点民生实事-完成情况表-2019-05`.
    pub file_stem: String,
    pub sheets: Vec<Sheet>,
}
