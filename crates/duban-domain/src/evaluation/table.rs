//! A period's league tables (考评排名表): every subject scored, ranked within its
//! league, named; and the same tables as a workbook for download.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::ids::UnitId;
use crate::sheet::{Cell, Sheet, Workbook};
use crate::tables::{col, head};

use super::{Entry, Evaluation, League, ProblemFact, Ranked, ReportFact, Scheme, Source};

/// A unit as a league table names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub unit_id: UnitId,
    pub name: String,
}

/// One league's table, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub league: League,
    pub rows: Vec<Ranked<Named>>,
}

/// A period's evaluation as the office approved it: the scheme and the tables as they
/// stood, shown from then on instead of a new count, and what a bulletin may print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approved {
    pub scheme: Scheme,
    pub tables: Vec<Table>,
}

/// The period's tables: departments, then regions (a league without subjects is
/// left out).
pub fn tables(
    scheme: &Scheme,
    src: &Source<'_>,
    reports: &[ReportFact],
    problems: &[ProblemFact],
    entries: &BTreeMap<UnitId, Entry>,
) -> Vec<Table> {
    let mut by_league: BTreeMap<League, Vec<(Named, Evaluation)>> = BTreeMap::new();
    for (league, unit, facts) in super::gather(src, reports, problems, entries) {
        let name = src
            .units
            .iter()
            .find(|u| u.id == unit)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        by_league.entry(league).or_default().push((
            Named {
                unit_id: unit,
                name,
            },
            super::evaluate(scheme, &facts),
        ));
    }
    by_league
        .into_iter()
        .map(|(league, rows)| Table {
            league,
            rows: super::league(rows),
        })
        .collect()
}

fn decimal_cell(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::number(v, 2))
}

/// The tables as a workbook: a sheet per league with place, unit, each criterion's
/// score (headed by its weight), the total and whether it is final.
pub fn workbook(title: &str, period: &str, scheme: &Scheme, tables: &[Table]) -> Workbook {
    let sheets = tables
        .iter()
        .map(|t| {
            let n = scheme.weights.len() as u16;
            let mut columns = vec![col(6), col(24)];
            columns.extend(std::iter::repeat_n(col(12), scheme.weights.len()));
            columns.extend([col(10), col(10)]);
            let mut sheet = Sheet::new(
                t.league.label_zh(),
                format!("{title}绩效考评排名表({period},{})", t.league.label_zh()),
                columns,
            );
            sheet.header_rows = 2;
            sheet.freeze_cols = 2;
            sheet.header.push(head(0, 0, 2, 1, "名次"));
            sheet.header.push(head(0, 1, 2, 1, "单位"));
            if n > 0 {
                sheet.header.push(head(0, 2, 1, n, "分项得分"));
            }
            for (k, w) in scheme.weights.iter().enumerate() {
                let text = format!("{}({}分)", w.criterion.label_zh(), w.weight);
                sheet.header.push(head(1, 2 + k as u16, 1, 1, text));
            }
            sheet.header.push(head(0, 2 + n, 2, 1, "总分"));
            sheet.header.push(head(0, 3 + n, 2, 1, "状态"));
            for r in &t.rows {
                let mut row = vec![
                    r.rank.map_or(Cell::Empty, |k| {
                        Cell::number(Decimal::from_int(k.into()), 0)
                    }),
                    Cell::text(r.subject.name.clone()),
                ];
                for w in &scheme.weights {
                    let line = r
                        .evaluation
                        .lines
                        .iter()
                        .find(|l| l.criterion == w.criterion);
                    row.push(match line.map(|l| &l.measure) {
                        Some(super::Measure::Scored { score, .. }) => Cell::number(*score, 2),
                        Some(super::Measure::Pending) => Cell::text("待评分"),
                        _ => Cell::text("不适用"),
                    });
                }
                row.push(decimal_cell(r.evaluation.total));
                row.push(Cell::text(if r.evaluation.complete {
                    "已评定"
                } else {
                    "暂定"
                }));
                sheet.rows.push(row);
            }
            sheet
        })
        .collect();
    Workbook {
        file_stem: format!("{title}-绩效考评排名表-{period}"),
        sheets,
    }
}
