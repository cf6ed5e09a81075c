//! Values read back from a completion table (完成情况表) — the layout
//! [`crate::tables::completion_table`] writes, as departments e-mail it back to the
//! office: validated in full, every error placed by sheet, row and column in Chinese and
//! English, and the values only when there is none.
//!
//! Each indicator's column group is found by its heading (`序号.实事:指标`, as the export
//! writes it), each row by its region's name (`全市` for the city as a whole). Only the
//! 进度 column is read: 目标任务 and 完成比例(%) are the plan's and computed, so they are
//! ignored, even when changed. A cell equal to what the table shows now is as the
//! office has it and changes nothing, so a table exported and imported back is no change.

use std::collections::HashMap;

use crate::decimal::Decimal;
use crate::ids::{IndicatorId, ItemId, UnitId};
use crate::indicator::{Indicator, IndicatorKind};
use crate::plan::Item;
use crate::report::{ASSESSMENTS, Figure, FigureInput, Reading};
use crate::sheet::{Cell, Sheet};
use crate::tables::{CITY_ROW, PlanData};
use crate::template::{ImportError, ReadCell, ReadSheet, column_letter};
use crate::unit::Unit;

/// The sheet's name, as the export names it.
pub const SHEET: &str = "完成情况表";
/// The rows before the data: the title, then the three header rows.
pub const FIRST_DATA_ROW: usize = 4;
/// The header rows: the indicator's heading, its unit and lead unit, the group's columns.
const HEADING_ROW: usize = 1;
const COLUMN_ROW: usize = 3;
/// The column the group's values are read from.
pub const VALUE_COLUMN: &str = "进度";

/// A group's heading as the export writes it.
pub fn heading(item: &Item, ind: &Indicator) -> String {
    format!("{}.{}:{}", item.number, item.title, ind.name)
}

/// One value read: whose report it goes to (the lead unit's for 全市, the region's own
/// for a region) and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionValue {
    pub item_id: ItemId,
    pub unit_id: UnitId,
    pub figure: Figure,
    pub sheet: String,
    pub row: u32,
    pub column: String,
}

impl CompletionValue {
    /// Where it is, e.g. `完成情况表!C5`.
    pub fn place(&self) -> String {
        format!("{}!{}{}", self.sheet, self.column, self.row)
    }
}

/// What a completion table is read against: the plan, and the table as it is exported
/// now (what the office already has).
pub struct Expect<'a> {
    pub data: PlanData<'a>,
    pub shown: &'a Sheet,
}

/// A row's subject: the city as a whole, or a region.
#[derive(Clone, Copy)]
enum Subject<'a> {
    City,
    Region(&'a Unit),
}

/// A reading as a table's cell shows it: a number, a stage's name, a judgement's label.
fn shown_reading(ind: &Indicator, cell: &Cell) -> Option<Reading> {
    match (ind.kind, cell) {
        (_, Cell::Number { value, .. }) => Some(Reading::Value(*value)),
        (IndicatorKind::Stage, Cell::Text(t)) => ind.stage_index(t).map(Reading::Stage),
        (IndicatorKind::Qualitative, Cell::Text(t)) => ASSESSMENTS
            .iter()
            .find(|s| s.label_zh() == t)
            .map(|s| Reading::Assessment(*s)),
        _ => None,
    }
}

/// Reads a completion table: every row and group checked, every error collected; the
/// values that change something only when there is no error.
pub fn read_completion(
    sheet: &ReadSheet,
    expect: &Expect<'_>,
) -> Result<Vec<CompletionValue>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let err = |row: usize, col: usize, code, zh: String, en: String| ImportError {
        sheet: sheet.name.clone(),
        row: row as u32 + 1,
        column: column_letter(col),
        code,
        zh,
        en,
    };
    for &(r1, c1, r2, _) in &sheet.merged {
        if r2 as usize >= FIRST_DATA_ROW {
            errors.push(err(
                (r1 as usize).max(FIRST_DATA_ROW),
                c1 as usize,
                "merged_cells",
                "数据行中不能有合并单元格,请取消合并".into(),
                "data rows must not contain merged cells; unmerge them".into(),
            ));
        }
    }
    let cell = |r: usize, c: usize| {
        sheet
            .rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&ReadCell::Empty)
    };
    let text = |r: usize, c: usize| match cell(r, c) {
        ReadCell::Text(t) => t.trim().to_string(),
        _ => String::new(),
    };

    // The groups: each heading names an indicator; its 进度 column is the one so headed
    // within the group (up to the next heading).
    let ordered = expect.data.ordered();
    let by_heading: HashMap<String, (usize, &Item, &Indicator)> = ordered
        .iter()
        .enumerate()
        .map(|(n, (item, ind))| (heading(item, ind), (n, *item, *ind)))
        .collect();
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    let starts: Vec<usize> = (1..width)
        .filter(|&c| !text(HEADING_ROW, c).is_empty())
        .collect();
    let mut groups: Vec<(usize, usize, &Item, &Indicator)> = Vec::new();
    let mut seen_cols: HashMap<IndicatorId, usize> = HashMap::new();
    for (k, &c) in starts.iter().enumerate() {
        let h = text(HEADING_ROW, c);
        let Some(&(n, item, ind)) = by_heading.get(&h) else {
            errors.push(err(
                HEADING_ROW,
                c,
                "unknown_indicator",
                format!("表头“{h}”不是本计划的指标,请使用导出的完成情况表"),
                format!("the heading {h:?} names no indicator of this plan; use the exported completion table"),
            ));
            continue;
        };
        if let Some(earlier) = seen_cols.insert(ind.id, c) {
            errors.push(err(
                HEADING_ROW,
                c,
                "duplicate_column",
                format!("与{}列的指标重复", column_letter(earlier)),
                format!("repeats the indicator of column {}", column_letter(earlier)),
            ));
            continue;
        }
        let end = starts.get(k + 1).copied().unwrap_or(width);
        match (c..end).find(|&x| text(COLUMN_ROW, x) == VALUE_COLUMN) {
            Some(v) => groups.push((n, v, item, ind)),
            None => errors.push(err(
                COLUMN_ROW,
                c,
                "missing_column",
                format!("指标“{}”下没有“{VALUE_COLUMN}”列", ind.name),
                format!("indicator {:?} has no column {VALUE_COLUMN}", ind.name),
            )),
        }
    }

    // The rows: each names the city or a region, once.
    let (_, regions) = expect.data.regions();
    let shown_row: HashMap<&str, usize> = expect
        .shown
        .rows
        .iter()
        .enumerate()
        .filter_map(|(k, r)| match r.first() {
            Some(Cell::Text(t)) => Some((t.as_str(), k)),
            _ => None,
        })
        .collect();
    let mut rows: Vec<(usize, Subject<'_>, Option<usize>)> = Vec::new();
    let mut seen_rows: HashMap<String, usize> = HashMap::new();
    for r in FIRST_DATA_ROW..sheet.rows.len() {
        let row = &sheet.rows[r];
        if row.iter().all(|c| *c == ReadCell::Empty) {
            continue;
        }
        let name = match cell(r, 0) {
            ReadCell::Text(t) if !t.trim().is_empty() => t.trim().to_string(),
            ReadCell::Formula(f) => {
                errors.push(formula(&err, r, 0, f));
                continue;
            }
            _ => {
                errors.push(err(
                    r,
                    0,
                    "missing_cell",
                    "缺少地区名称".into(),
                    "the region's name is missing".into(),
                ));
                continue;
            }
        };
        let subject = if name == CITY_ROW {
            Subject::City
        } else if let Some(u) = regions.iter().find(|u| u.name == name) {
            Subject::Region(u)
        } else {
            errors.push(err(
                r,
                0,
                "unknown_region",
                format!("地区“{name}”不存在,请填写“{CITY_ROW}”、市本级或县区的名称"),
                format!("no region {name:?}: name {CITY_ROW}, 市本级 or a county"),
            ));
            continue;
        };
        if let Some(earlier) = seen_rows.insert(name.clone(), r) {
            errors.push(err(
                r,
                0,
                "duplicate_row",
                format!("与第{}行重复", earlier + 1),
                format!("repeats row {}", earlier + 1),
            ));
            continue;
        }
        rows.push((r, subject, shown_row.get(name.as_str()).copied()));
    }

    // An additive indicator's city total is its regions' sum when the table gives any
    // region a value: computed, like the ratio, and so not read.
    let regional_given = |v: usize, ind: &Indicator| {
        rows.iter().any(|(r, s, _)| {
            matches!(s, Subject::Region(u) if ind.has_region(u.id))
                && *cell(*r, v) != ReadCell::Empty
        })
    };
    let mut out = Vec::new();
    for &(n, v, item, ind) in &groups {
        let summed = ind.kind.is_additive() && !ind.regions.is_empty() && regional_given(v, ind);
        for &(r, subject, shown) in &rows {
            let here = |code, zh: String, en: String| err(r, v, code, zh, en);
            let raw = cell(r, v);
            if let ReadCell::Formula(f) = raw {
                errors.push(formula(&err, r, v, f));
                continue;
            }
            if *raw == ReadCell::Empty {
                continue;
            }
            let (unit, region) = match subject {
                Subject::City if summed => continue,
                Subject::City => (item.lead_unit_id, None),
                Subject::Region(u) if !ind.has_region(u.id) => {
                    errors.push(here(
                        "region_not_in_indicator",
                        format!("指标“{}”未分解到“{}”", ind.name, u.name),
                        format!(
                            "indicator {:?} is not decomposed over {:?}",
                            ind.name, u.name
                        ),
                    ));
                    continue;
                }
                Subject::Region(u) if !reports_on(item, u.id) => {
                    errors.push(here(
                        "unit_not_responsible",
                        format!("“{}”不是第{}项实事的涉及县区", u.name, item.number),
                        format!("{:?} is not a region of item {}", u.name, item.number),
                    ));
                    continue;
                }
                Subject::Region(u) => (u.id, Some(u.id)),
            };
            let reading = match read_value(ind, raw) {
                Ok(x) => x,
                Err((zh, en)) => {
                    errors.push(here("wrong_type", zh, en));
                    continue;
                }
            };
            let input = FigureInput {
                indicator_id: ind.id,
                region_id: region,
                value: match &reading {
                    Raw::Value(x) => Some(*x),
                    _ => None,
                },
                stage: match &reading {
                    Raw::Stage(s) => Some(s.as_str()),
                    _ => None,
                },
                assessment: match &reading {
                    Raw::Assessment(a) => Some(a),
                    _ => None,
                },
            };
            let figure = match Figure::parse(ind, &input) {
                Ok(f) => f,
                Err(bad) => {
                    errors.extend(
                        bad.0
                            .into_iter()
                            .map(|e| here("invalid_value", e.message_zh, e.message_en)),
                    );
                    continue;
                }
            };
            let as_shown = shown
                .and_then(|k| expect.shown.rows.get(k))
                .and_then(|row| row.get(2 + 3 * n))
                .and_then(|c| shown_reading(ind, c));
            if as_shown == Some(figure.reading) {
                continue;
            }
            out.push(CompletionValue {
                item_id: item.id,
                unit_id: unit,
                figure,
                sheet: sheet.name.clone(),
                row: r as u32 + 1,
                column: column_letter(v),
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| (e.row, e.column.len(), e.column.clone()));
        Err(errors)
    }
}

/// Whether a unit reports on an item: its lead, a co-responsible unit or a region of it.
fn reports_on(item: &Item, unit: UnitId) -> bool {
    item.lead_unit_id == unit || item.co_unit_ids.contains(&unit) || item.region_ids.contains(&unit)
}

fn formula(
    err: &impl Fn(usize, usize, &'static str, String, String) -> ImportError,
    r: usize,
    c: usize,
    f: &str,
) -> ImportError {
    err(
        r,
        c,
        "formula",
        format!("不能使用公式(={f}),请填写数值"),
        format!("formulas are not taken (={f}); enter the value"),
    )
}

enum Raw {
    Value(Decimal),
    Stage(String),
    Assessment(&'static str),
}

/// A 进度 cell as the indicator's kind reads it: a number, a stage's name, a
/// judgement's label. The error in both languages otherwise.
fn read_value(ind: &Indicator, raw: &ReadCell) -> Result<Raw, (String, String)> {
    let shown = match raw {
        ReadCell::Number(v) => v.to_string(),
        ReadCell::Text(t) => t.trim().to_string(),
        _ => String::new(),
    };
    match (ind.kind, raw) {
        (k, ReadCell::Number(v)) if k.is_numeric() => Decimal::from_f64(*v)
            .map(Raw::Value)
            .ok_or_else(|| {
                (
                    format!("数值{v}超出范围"),
                    format!("the value {v} is out of range"),
                )
            }),
        (k, ReadCell::Text(t)) if k.is_numeric() => {
            Decimal::parse(t.trim()).map(Raw::Value).ok_or_else(|| {
                (
                    format!("“{shown}”不是数字,请填写数字(最多四位小数)"),
                    format!("{shown:?} is not a number; enter a number (at most four decimals)"),
                )
            })
        }
        (IndicatorKind::Stage, ReadCell::Text(_)) => Ok(Raw::Stage(shown)),
        (IndicatorKind::Qualitative, ReadCell::Text(_)) => ASSESSMENTS
            .iter()
            .find(|s| s.label_zh() == shown)
            .map(|s| Raw::Assessment(s.as_str()))
            .ok_or_else(|| {
                (
                    format!(
                        "“{shown}”须为下列评价之一:已完成、正常推进、进度滞后、严重滞后、未启动"
                    ),
                    format!("{shown:?} must be one of the judgements 已完成, 正常推进, 进度滞后, 严重滞后, 未启动"),
                )
            }),
        _ => Err((
            format!("“{shown}”不是该指标的阶段名称"),
            format!("{shown:?} is not a stage of this indicator"),
        )),
    }
}

#[cfg(test)]
#[path = "completion_import/tests.rs"]
mod tests;
