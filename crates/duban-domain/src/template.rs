//! Fill-in templates (填报模板): a unit's figures owed in a period as a sheet to fill in,
//! and a filled sheet read back into figures — validated in full, every error placed
//! by sheet, row and column, in Chinese and English.
//!
//! Each row carries a hidden key (`item/indicator/region code`), so a re-upload
//! matches its rows even when the clerk has sorted them. Figures are parsed with
//! [`Figure::parse`], the check of the fill-in form and the reports API.

use std::collections::HashMap;

use crate::decimal::Decimal;
use crate::ids::{IndicatorId, ItemId};
use crate::indicator::{Indicator, IndicatorKind};
use crate::report::{ASSESSMENTS, Figure, FigureInput, Reading};
use crate::sheet::{Cell, Choice, Column, HeaderCell, Sheet, Workbook};
use crate::unit::Unit;

/// The template's sheet name.
pub const SHEET: &str = "填报";
/// Its columns: the hidden key, then what the clerk reads, then the one to fill in.
pub const HEADINGS: [&str; 8] = [
    "键",
    "序号",
    "实事",
    "指标",
    "地区",
    "单位",
    "上期审核值",
    "本期填报",
];
const KEY: usize = 0;
const INPUT: usize = 7;
/// The rows before the data: the title and the heading row.
pub const FIRST_DATA_ROW: u32 = 2;

/// One figure a unit owes: its item, indicator and region, and the last approved reading.
#[derive(Debug, Clone)]
pub struct Owed<'a> {
    pub item_id: ItemId,
    pub item_number: i64,
    pub item_title: &'a str,
    pub indicator: &'a Indicator,
    pub region: Option<&'a Unit>,
    pub last: Option<Reading>,
}

/// The key of a row: `item/indicator/region code` (`-` for the city as a whole).
pub fn key(item: ItemId, indicator: IndicatorId, region: Option<&Unit>) -> String {
    format!(
        "{}/{}/{}",
        item.0,
        indicator.0,
        region.map_or("-", |u| u.code.as_str())
    )
}

/// A reading as the clerk writes it: a number, a stage's name, a judgement's label.
fn reading_cell(ind: &Indicator, r: Option<Reading>) -> Cell {
    match r {
        None => Cell::Empty,
        Some(Reading::Value(v)) => Cell::number(v, ind.decimals.max(decimals_of(v))),
        Some(Reading::Stage(i)) => ind
            .stages
            .get(i)
            .map_or(Cell::Empty, |s| Cell::text(s.clone())),
        Some(Reading::Assessment(s)) => Cell::text(s.label_zh()),
    }
}

/// The fractional digits a value needs, so that a prefilled figure reads back exactly.
fn decimals_of(v: Decimal) -> u8 {
    let mut s = v.scaled().rem_euclid(crate::decimal::SCALE);
    if s == 0 {
        return 0;
    }
    let mut d = 4;
    while s % 10 == 0 {
        s /= 10;
        d -= 1;
    }
    d
}

/// The template of `unit` for `period_label`: one row per figure owed, prefilled with
/// the last approved reading; only the 本期填报 column is open, stages and judgements
/// are chosen from lists.
pub fn fill_template(unit: &Unit, period_label: &str, owed: &[Owed<'_>]) -> Workbook {
    let columns = [16u16, 6, 24, 28, 10, 8, 12, 14]
        .into_iter()
        .enumerate()
        .map(|(i, width)| Column {
            width,
            hidden: i == KEY,
        })
        .collect();
    let mut sheet = Sheet::new(
        SHEET,
        format!("{}{}填报模板", unit.name, period_label),
        columns,
    );
    sheet.freeze_cols = 4;
    sheet.protect = true;
    sheet.header = HEADINGS
        .iter()
        .enumerate()
        .map(|(c, t)| HeaderCell {
            row: 0,
            col: c as u16,
            rows: 1,
            cols: 1,
            text: (*t).to_string(),
        })
        .collect();
    for (n, o) in owed.iter().enumerate() {
        let ind = o.indicator;
        sheet.rows.push(vec![
            Cell::text(key(o.item_id, ind.id, o.region)),
            Cell::number(Decimal::from_int(o.item_number), 0),
            Cell::text(o.item_title),
            Cell::text(ind.name.clone()),
            Cell::text(
                o.region
                    .map_or(crate::tables::CITY_ROW, |u| u.name.as_str()),
            ),
            Cell::text(ind.unit.clone()),
            reading_cell(ind, o.last),
            reading_cell(ind, o.last),
        ]);
        sheet.inputs.push((n as u32, INPUT as u16));
        let options: Option<Vec<String>> = match ind.kind {
            IndicatorKind::Stage => Some(ind.stages.clone()),
            IndicatorKind::Qualitative => Some(
                ASSESSMENTS
                    .iter()
                    .map(|s| s.label_zh().to_string())
                    .collect(),
            ),
            _ => None,
        };
        if let Some(options) = options {
            sheet.choices.push(Choice {
                row: n as u32,
                col: INPUT as u16,
                options,
            });
        }
    }
    Workbook {
        file_stem: format!("{}-{}-填报模板", unit.name, period_label),
        sheets: vec![sheet],
    }
}

/// A cell as read from a filled file.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadCell {
    Empty,
    Text(String),
    Number(f64),
    /// A formula (its text): refused, since what it gives is not what was written.
    Formula(String),
}

/// A sheet as read: cells by row from the sheet's first row (0), and the merged areas
/// as (first row, first column, last row, last column).
#[derive(Debug, Clone, Default)]
pub struct ReadSheet {
    pub name: String,
    pub rows: Vec<Vec<ReadCell>>,
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// One error of an import, placed by sheet, row (1-based, as the spreadsheet shows it)
/// and column (`A`, `B`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl ImportError {
    /// Where it is, e.g. `填报!H5`.
    pub fn place(&self) -> String {
        format!("{}!{}{}", self.sheet, self.column, self.row)
    }
}

/// A column's letter.
pub fn column_letter(c: usize) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// One figure read from a template row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFigure {
    pub item_id: ItemId,
    pub figure: Figure,
}

/// What a template is checked against: the figures the unit owes (by key), and every
/// unit by code (to tell an unknown unit from one the indicator does not have).
pub struct Expect<'a> {
    pub owed: &'a [Owed<'a>],
    pub units: &'a [Unit],
    /// Indicators by id, to tell a region the indicator lacks from a figure not owed.
    pub indicators: &'a [Indicator],
}

/// Reads a filled template: every row checked, every error collected; the figures only
/// when there is none. A row whose 本期填报 is empty reports nothing.
pub fn read_template(
    sheet: &ReadSheet,
    expect: &Expect<'_>,
) -> Result<Vec<ImportedFigure>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let err = |row: usize, col: usize, code, zh: String, en: String| ImportError {
        sheet: sheet.name.clone(),
        row: row as u32 + 1,
        column: column_letter(col),
        code,
        zh,
        en,
    };
    let first = FIRST_DATA_ROW as usize;
    for &(r1, c1, r2, _) in &sheet.merged {
        if r2 as usize >= first {
            errors.push(err(
                (r1 as usize).max(first),
                c1 as usize,
                "merged_cells",
                "数据行中不能有合并单元格,请取消合并".into(),
                "data rows must not contain merged cells; unmerge them".into(),
            ));
        }
    }
    let owed: HashMap<String, &Owed<'_>> = expect
        .owed
        .iter()
        .map(|o| (key(o.item_id, o.indicator.id, o.region), o))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate().skip(first) {
        let cell = |c: usize| row.get(c).unwrap_or(&ReadCell::Empty);
        if row.iter().all(|c| *c == ReadCell::Empty) {
            continue;
        }
        let mut formula = false;
        for (c, x) in row.iter().enumerate() {
            if let ReadCell::Formula(f) = x {
                formula = true;
                errors.push(err(
                    r,
                    c,
                    "formula",
                    format!("不能使用公式(={f}),请填写数值"),
                    format!("formulas are not taken (={f}); enter the value"),
                ));
            }
        }
        if formula {
            continue;
        }
        let k = match cell(KEY) {
            ReadCell::Text(t) if !t.trim().is_empty() => t.trim().to_string(),
            _ => {
                errors.push(err(
                    r,
                    KEY,
                    "missing_cell",
                    format!("缺少必填的“{}”列,请勿删改模板的结构列", HEADINGS[KEY]),
                    "the key column is missing; do not change the template's structure columns"
                        .into(),
                ));
                continue;
            }
        };
        if let Some(earlier) = seen.insert(k.clone(), r) {
            errors.push(err(
                r,
                KEY,
                "duplicate_row",
                format!("与第{}行重复", earlier + 1),
                format!("repeats row {}", earlier + 1),
            ));
            continue;
        }
        let Some(o) = owed.get(&k) else {
            errors.push(unowed(&k, expect, |code, zh, en| err(r, KEY, code, zh, en)));
            continue;
        };
        let ind = o.indicator;
        let here = |code, zh: String, en: String| err(r, INPUT, code, zh, en);
        let raw = match (ind.kind, cell(INPUT)) {
            (_, ReadCell::Empty) => continue,
            (IndicatorKind::Stage, ReadCell::Text(t)) => Raw::Stage(t.trim().to_string()),
            (IndicatorKind::Qualitative, ReadCell::Text(t)) => {
                match ASSESSMENTS.iter().find(|s| s.label_zh() == t.trim()) {
                    Some(s) => Raw::Assessment(s.as_str()),
                    None => {
                        errors.push(here(
                            "wrong_type",
                            format!(
                                "“{}”须为下列评价之一:已完成、正常推进、进度滞后、严重滞后、未启动",
                                t.trim()
                            ),
                            format!("{:?} must be one of the judgements in the list", t.trim()),
                        ));
                        continue;
                    }
                }
            }
            (k, ReadCell::Number(v)) if k.is_numeric() => match Decimal::from_f64(*v) {
                Some(d) => Raw::Value(d),
                None => {
                    errors.push(here(
                        "wrong_type",
                        format!("数值{v}超出范围"),
                        format!("the value {v} is out of range"),
                    ));
                    continue;
                }
            },
            (k, ReadCell::Text(t)) if k.is_numeric() => match Decimal::parse(t.trim()) {
                Some(d) => Raw::Value(d),
                None => {
                    errors.push(here(
                        "wrong_type",
                        format!("“{}”不是数字,请填写数字(最多四位小数)", t.trim()),
                        format!(
                            "{:?} is not a number; enter a number (at most four decimals)",
                            t.trim()
                        ),
                    ));
                    continue;
                }
            },
            (_, other) => {
                let shown = match other {
                    ReadCell::Number(v) => v.to_string(),
                    ReadCell::Text(t) => t.clone(),
                    _ => String::new(),
                };
                errors.push(here(
                    "wrong_type",
                    format!("“{shown}”不是该指标可选的阶段或评价,请从下拉列表中选择"),
                    format!("{shown:?} is not a choice of this indicator; pick one from the list"),
                ));
                continue;
            }
        };
        let input = FigureInput {
            indicator_id: ind.id,
            region_id: o.region.map(|u| u.id),
            value: match &raw {
                Raw::Value(v) => Some(*v),
                _ => None,
            },
            stage: match &raw {
                Raw::Stage(s) => Some(s.as_str()),
                _ => None,
            },
            assessment: match &raw {
                Raw::Assessment(a) => Some(a),
                _ => None,
            },
        };
        match Figure::parse(ind, &input) {
            Ok(figure) => out.push(ImportedFigure {
                item_id: o.item_id,
                figure,
            }),
            Err(bad) => errors.extend(
                bad.0
                    .into_iter()
                    .map(|e| here("invalid_value", e.message_zh, e.message_en)),
            ),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| (e.row, e.column.len(), e.column.clone()));
        Err(errors)
    }
}

enum Raw {
    Value(Decimal),
    Stage(String),
    Assessment(&'static str),
}

/// Why a key names no figure the unit owes: an unknown unit, a region the indicator
/// is not decomposed over, or simply not this unit's task.
fn unowed(
    k: &str,
    expect: &Expect<'_>,
    err: impl Fn(&'static str, String, String) -> ImportError,
) -> ImportError {
    let parts: Vec<&str> = k.split('/').collect();
    let [_, ind, region] = parts[..] else {
        return err(
            "missing_cell",
            format!("键“{k}”无效,请勿删改模板的结构列"),
            format!("the key {k:?} is not valid; do not change the template's structure columns"),
        );
    };
    if region != "-" {
        let Some(unit) = expect.units.iter().find(|u| u.code == region) else {
            return err(
                "unknown_unit",
                format!("单位“{region}”不存在"),
                format!("no such unit {region:?}"),
            );
        };
        let indicator = ind
            .parse::<i64>()
            .ok()
            .and_then(|i| expect.indicators.iter().find(|x| x.id == IndicatorId(i)));
        if let Some(indicator) = indicator
            && !indicator.has_region(unit.id)
        {
            return err(
                "region_not_in_indicator",
                format!("指标“{}”未分解到“{}”", indicator.name, unit.name),
                format!(
                    "indicator {:?} is not decomposed over {:?}",
                    indicator.name, unit.name
                ),
            );
        }
    }
    err(
        "not_owed",
        "该行不是本单位本期的填报任务".into(),
        "this row is not a figure the unit owes in this period".into(),
    )
}
