//! Reading a plan structure workbook: every sheet checked for merged cells and
//! formulas, every cell for its type, units by name or code, keys for repeats, the
//! regional split against the items' regions, and each row by the domain's own rules
//! (`AreaFields`, `ItemFields`, `IndicatorFields`), each error at its cell.

use std::collections::BTreeMap;

use super::*;
use crate::indicator::IndicatorInput;
use crate::plan::ItemFields;
use crate::template::{FIRST_DATA_ROW, ReadCell, column_letter};

/// Every error found so far, and the sheet being read.
struct Errors {
    list: Vec<ImportError>,
}

impl Errors {
    fn push(
        &mut self,
        sheet: &str,
        row: usize,
        col: usize,
        code: &'static str,
        zh: String,
        en: String,
    ) {
        self.list.push(ImportError {
            sheet: sheet.to_string(),
            row: row as u32 + 1,
            column: column_letter(col),
            code,
            zh,
            en,
        });
    }
}

/// One sheet being read: its data rows, checked for formulas and merged cells first.
struct Rows<'a> {
    sheet: &'a ReadSheet,
    heads: &'a [&'a str],
}

impl<'a> Rows<'a> {
    /// The data rows worth reading: not empty, without formulas.
    fn data(&self, e: &mut Errors) -> Vec<(usize, &'a [ReadCell])> {
        let first = FIRST_DATA_ROW as usize;
        let name = &self.sheet.name;
        for &(r1, c1, r2, _) in &self.sheet.merged {
            if r2 as usize >= first {
                e.push(
                    name,
                    (r1 as usize).max(first),
                    c1 as usize,
                    "merged_cells",
                    "数据行中不能有合并单元格,请取消合并".into(),
                    "data rows must not contain merged cells; unmerge them".into(),
                );
            }
        }
        let mut out = Vec::new();
        for (r, row) in self.sheet.rows.iter().enumerate().skip(first) {
            if row.iter().all(|c| *c == ReadCell::Empty) {
                continue;
            }
            let mut formula = false;
            for (c, x) in row.iter().enumerate() {
                if let ReadCell::Formula(f) = x {
                    formula = true;
                    e.push(
                        name,
                        r,
                        c,
                        "formula",
                        format!("不能使用公式(={f}),请填写数值"),
                        format!("formulas are not taken (={f}); enter the value"),
                    );
                }
            }
            if !formula {
                out.push((r, row.as_slice()));
            }
        }
        out
    }

    fn cell(row: &[ReadCell], c: usize) -> &ReadCell {
        row.get(c).unwrap_or(&ReadCell::Empty)
    }

    fn missing(&self, e: &mut Errors, r: usize, c: usize) {
        e.push(
            &self.sheet.name,
            r,
            c,
            "missing_cell",
            format!("缺少必填的“{}”", self.heads[c]),
            format!("the required cell {:?} is empty", self.heads[c]),
        );
    }

    fn wrong(&self, e: &mut Errors, r: usize, c: usize, shown: &str, zh: &str, en: &str) {
        e.push(
            &self.sheet.name,
            r,
            c,
            "wrong_type",
            format!("“{}”的值“{shown}”{zh}", self.heads[c]),
            format!("{:?} {shown:?} {en}", self.heads[c]),
        );
    }

    /// A text cell (a number is taken as its digits); None when empty.
    fn text(row: &[ReadCell], c: usize) -> Option<String> {
        match Self::cell(row, c) {
            ReadCell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            ReadCell::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn required_text(
        &self,
        e: &mut Errors,
        r: usize,
        row: &[ReadCell],
        c: usize,
    ) -> Option<String> {
        let t = Self::text(row, c);
        if t.is_none() {
            self.missing(e, r, c);
        }
        t
    }

    /// A decimal cell; Err(()) when it holds something else (the error is pushed).
    fn decimal(
        &self,
        e: &mut Errors,
        r: usize,
        row: &[ReadCell],
        c: usize,
    ) -> Result<Option<Decimal>, ()> {
        let (d, shown) = match Self::cell(row, c) {
            ReadCell::Empty => return Ok(None),
            ReadCell::Text(t) if t.trim().is_empty() => return Ok(None),
            ReadCell::Number(n) => (Decimal::from_f64(*n), n.to_string()),
            ReadCell::Text(t) => (Decimal::parse(t.trim()), t.trim().to_string()),
            ReadCell::Formula(_) => return Err(()),
        };
        match d {
            Some(d) => Ok(Some(d)),
            None => {
                self.wrong(e, r, c, &shown, "不是数字", "is not a number");
                Err(())
            }
        }
    }

    /// A whole number cell, required.
    fn int(&self, e: &mut Errors, r: usize, row: &[ReadCell], c: usize) -> Option<i64> {
        match self.decimal(e, r, row, c) {
            Ok(None) => {
                self.missing(e, r, c);
                None
            }
            Ok(Some(d)) if d.scaled() % crate::decimal::SCALE == 0 => {
                Some(d.scaled() / crate::decimal::SCALE)
            }
            Ok(Some(d)) => {
                let shown = d.to_fixed(4);
                self.wrong(e, r, c, &shown, "不是整数", "is not a whole number");
                None
            }
            Err(()) => None,
        }
    }

    /// A list of units by name or code; unknown ones are errors.
    fn units(
        &self,
        e: &mut Errors,
        r: usize,
        row: &[ReadCell],
        c: usize,
        units: &[Unit],
    ) -> Option<Vec<UnitId>> {
        let Some(t) = Self::text(row, c) else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for n in t
            .split(['、', ',', ',', ';', ';'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            match unit_named(units, n) {
                Some(u) => out.push(u),
                None => {
                    ok = false;
                    e.push(
                        &self.sheet.name,
                        r,
                        c,
                        "unknown_unit",
                        format!("单位“{n}”不存在"),
                        format!("no such unit {n:?}"),
                    );
                }
            }
        }
        ok.then_some(out)
    }
}

fn unit_named(units: &[Unit], n: &str) -> Option<UnitId> {
    units
        .iter()
        .find(|u| u.name == n || u.code == n)
        .map(|u| u.id)
}

/// The first row each key was seen on; a repeat is an error naming that row.
fn once<K: Ord + Clone>(
    seen: &mut BTreeMap<K, usize>,
    key: K,
    r: usize,
    e: &mut Errors,
    sheet: &str,
) -> bool {
    if let Some(earlier) = seen.get(&key) {
        e.push(
            sheet,
            r,
            0,
            "duplicate_row",
            format!("与第{}行重复", earlier + 1),
            format!("repeats row {}", earlier + 1),
        );
        return false;
    }
    seen.insert(key, r);
    true
}

fn find<'a>(sheets: &'a [ReadSheet], name: &str, e: &mut Errors) -> Option<&'a ReadSheet> {
    let s = sheets.iter().find(|s| s.name == name);
    if s.is_none() {
        e.push(
            name,
            0,
            0,
            "missing_sheet",
            format!("工作簿中没有“{name}”工作表,请使用导出的计划结构表"),
            format!("the workbook has no sheet {name}; use an exported plan structure"),
        );
    }
    s
}

/// Reads a plan structure workbook against the units that exist. Every error is
/// collected; the structure comes back only when there is none.
pub fn read_plan(sheets: &[ReadSheet], units: &[Unit]) -> Result<PlanStructure, Vec<ImportError>> {
    let mut e = Errors { list: Vec::new() };
    let found = [AREAS, ITEMS, INDICATORS, SPLIT].map(|n| find(sheets, n, &mut e));
    let [Some(a), Some(i), Some(x), Some(sp)] = found else {
        return Err(e.list);
    };
    let mut out = PlanStructure::default();

    let rows = Rows {
        sheet: a,
        heads: &AREA_HEADS,
    };
    let mut seen = BTreeMap::new();
    for (r, row) in rows.data(&mut e) {
        let seq = rows.int(&mut e, r, row, 0);
        let title = rows.required_text(&mut e, r, row, 1);
        if let (Some(seq), Some(title)) = (seq, title)
            && once(&mut seen, seq, r, &mut e, AREAS)
        {
            match crate::plan::AreaFields::parse(seq, &title) {
                Ok(f) => out.areas.push(AreaRow {
                    seq: f.seq,
                    title: f.title,
                }),
                Err(bad) => invalid(&mut e, AREAS, r, &bad, &[("seq", 0), ("title", 1)]),
            }
        }
    }

    let rows = Rows {
        sheet: i,
        heads: &ITEM_HEADS,
    };
    let mut seen = BTreeMap::new();
    for (r, row) in rows.data(&mut e) {
        let number = rows.int(&mut e, r, row, 0);
        let area = rows.int(&mut e, r, row, 1);
        let title = rows.required_text(&mut e, r, row, 2);
        let lead = match rows.required_text(&mut e, r, row, 3) {
            Some(n) => match unit_named(units, &n) {
                Some(u) => Some(u),
                None => {
                    e.push(
                        ITEMS,
                        r,
                        3,
                        "unknown_unit",
                        format!("单位“{n}”不存在"),
                        format!("no such unit {n:?}"),
                    );
                    None
                }
            },
            None => None,
        };
        let co = rows.units(&mut e, r, row, 4, units);
        let regions = rows.units(&mut e, r, row, 5, units);
        let leader = Rows::text(row, 6);
        if let Some(area) = area
            && !out.areas.iter().any(|x| x.seq == area)
        {
            e.push(
                ITEMS,
                r,
                1,
                "unknown_area",
                format!("领域序号{area}不在“领域”工作表中"),
                format!("area {area} is not on the sheet 领域"),
            );
            continue;
        }
        let (Some(number), Some(area), Some(title), Some(lead), Some(co), Some(regions)) =
            (number, area, title, lead, co, regions)
        else {
            continue;
        };
        if !once(&mut seen, number, r, &mut e, ITEMS) {
            continue;
        }
        match ItemFields::parse(
            AreaId(0),
            number,
            &title,
            lead,
            co,
            regions,
            leader.as_deref(),
        ) {
            Ok(f) => out.items.push(ItemRow {
                number: f.number,
                area_seq: area,
                title: f.title,
                lead_unit_id: f.lead_unit_id,
                co_unit_ids: f.co_unit_ids,
                region_ids: f.region_ids,
                leader: f.leader,
            }),
            Err(bad) => invalid(
                &mut e,
                ITEMS,
                r,
                &bad,
                &[
                    ("number", 0),
                    ("title", 2),
                    ("co_unit_ids", 4),
                    ("region_ids", 5),
                    ("leader", 6),
                ],
            ),
        }
    }

    // The regional split first, by indicator, so that each indicator is checked whole.
    let rows = Rows {
        sheet: sp,
        heads: &SPLIT_HEADS,
    };
    let mut split: BTreeMap<(i64, i64), Vec<(usize, RegionTarget)>> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    for (r, row) in rows.data(&mut e) {
        let item = rows.int(&mut e, r, row, 0);
        let seq = rows.int(&mut e, r, row, 1);
        let region = rows.required_text(&mut e, r, row, 2);
        let target = rows.decimal(&mut e, r, row, 3);
        let (Some(item), Some(seq), Some(region), Ok(target)) = (item, seq, region, target) else {
            continue;
        };
        let Some(region_id) = unit_named(units, &region) else {
            e.push(
                SPLIT,
                r,
                2,
                "unknown_unit",
                format!("单位“{region}”不存在"),
                format!("no such unit {region:?}"),
            );
            continue;
        };
        let Some(it) = out.items.iter().find(|x| x.number == item) else {
            e.push(
                SPLIT,
                r,
                0,
                "unknown_item",
                format!("第{item}项不在“实事”工作表中"),
                format!("item {item} is not on the sheet 实事"),
            );
            continue;
        };
        if !it.region_ids.contains(&region_id) {
            e.push(
                SPLIT,
                r,
                2,
                "region_not_in_item",
                format!("第{item}项不涉及“{region}”,不能分解到该地区"),
                format!("item {item} does not cover {region:?}; no target can be split to it"),
            );
            continue;
        }
        if once(&mut seen, (item, seq, region_id), r, &mut e, SPLIT) {
            split
                .entry((item, seq))
                .or_default()
                .push((r, RegionTarget { region_id, target }));
        }
    }

    let rows = Rows {
        sheet: x,
        heads: &INDICATOR_HEADS,
    };
    let mut seen = BTreeMap::new();
    for (r, row) in rows.data(&mut e) {
        let item = rows.int(&mut e, r, row, 0);
        let seq = rows.int(&mut e, r, row, 1);
        let name = rows.required_text(&mut e, r, row, 2);
        let kind = match rows.required_text(&mut e, r, row, 3) {
            Some(k) => match kind_of(&k) {
                Some(k) => Some(k),
                None => {
                    rows.wrong(
                        &mut e,
                        r,
                        3,
                        &k,
                        "不是指标类型(累计值、控制上限、比率、阶段、定性)",
                        "is not a kind (累计值, 控制上限, 比率, 阶段, 定性)",
                    );
                    None
                }
            },
            None => None,
        };
        let unit = Rows::text(row, 4);
        let target = rows.decimal(&mut e, r, row, 5);
        let baseline = rows.decimal(&mut e, r, row, 6);
        let decimals = rows.decimal(&mut e, r, row, 7);
        let stages = Rows::text(row, 8).map(|t| {
            t.split(SEP)
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        });
        let quarters: Vec<Result<Option<Decimal>, ()>> =
            (9..13).map(|c| rows.decimal(&mut e, r, row, c)).collect();
        let (Some(item), Some(seq), Some(name), Some(kind), Ok(target), Ok(baseline), Ok(decimals)) =
            (item, seq, name, kind, target, baseline, decimals)
        else {
            continue;
        };
        if !out.items.iter().any(|i| i.number == item) {
            e.push(
                INDICATORS,
                r,
                0,
                "unknown_item",
                format!("第{item}项不在“实事”工作表中"),
                format!("item {item} is not on the sheet 实事"),
            );
            continue;
        }
        let quarterly = match quarters.iter().copied().collect::<Result<Vec<_>, ()>>() {
            Err(()) => continue,
            Ok(q) if q.iter().all(Option::is_none) => None,
            Ok(q) => match q.iter().copied().collect::<Option<Vec<_>>>() {
                Some(q) => Some([q[0], q[1], q[2], q[3]]),
                None => {
                    let c = 9 + q.iter().position(Option::is_none).unwrap_or(0);
                    rows.missing(&mut e, r, c);
                    continue;
                }
            },
        };
        if !once(&mut seen, (item, seq), r, &mut e, INDICATORS) {
            continue;
        }
        let regions = split.remove(&(item, seq)).unwrap_or_default();
        let input = IndicatorInput {
            seq,
            name: &name,
            kind: kind.as_str(),
            unit: unit.as_deref(),
            target,
            baseline,
            decimals: decimals.map(|d| d.scaled() / crate::decimal::SCALE),
            stages,
            regions: regions.into_iter().map(|(_, t)| t).collect(),
            quarterly,
        };
        match IndicatorFields::parse(input) {
            Ok(fields) => out.indicators.push(IndicatorRow {
                item_number: item,
                fields,
            }),
            Err(bad) => invalid(
                &mut e,
                INDICATORS,
                r,
                &bad,
                &[
                    ("seq", 1),
                    ("name", 2),
                    ("kind", 3),
                    ("unit", 4),
                    ("target", 5),
                    ("regions", 5),
                    ("baseline", 6),
                    ("decimals", 7),
                    ("stages", 8),
                    ("quarterly", 9),
                ],
            ),
        }
    }
    // Split rows for an indicator the file does not have.
    for ((item, seq), rows) in split {
        for (r, _) in rows {
            e.push(
                SPLIT,
                r,
                1,
                "unknown_indicator",
                format!("第{item}项没有序号为{seq}的指标"),
                format!("item {item} has no indicator {seq}"),
            );
        }
    }
    if e.list.is_empty() {
        out.sort();
        Ok(out)
    } else {
        e.list.sort_by(|a, b| {
            let order = |s: &str| {
                [AREAS, ITEMS, INDICATORS, SPLIT]
                    .iter()
                    .position(|n| *n == s)
            };
            (order(&a.sheet), a.row, a.column.len(), &a.column).cmp(&(
                order(&b.sheet),
                b.row,
                b.column.len(),
                &b.column,
            ))
        });
        Err(e.list)
    }
}

/// The domain's own errors for a row, each at the column of its field (`regions/…`
/// and other fields not in the map at the row's first column).
fn invalid(e: &mut Errors, sheet: &str, r: usize, bad: &crate::Invalid, columns: &[(&str, usize)]) {
    for f in &bad.0 {
        let head = f.field.split('/').next().unwrap_or("");
        let c = columns
            .iter()
            .find(|(n, _)| *n == head)
            .map_or(0, |(_, c)| *c);
        e.push(
            sheet,
            r,
            c,
            "invalid",
            f.message_zh.clone(),
            f.message_en.clone(),
        );
    }
}
