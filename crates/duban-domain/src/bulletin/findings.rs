//! Section 二 (存在的问题): the office's own points, then what the ledger shows: items
//! behind schedule, by region and by lead unit, and problems not yet rectified, by
//! owner; last, once approved, the evaluation's places (`league`). Points are numbered
//! 一是、二是… across them all.

use std::collections::BTreeMap;

use crate::decimal::Decimal;
use crate::ids::UnitId;
use crate::plan::Item;
use crate::problem::is_overdue;
use crate::status::Status;

use super::input::DraftInput;
use super::model::{Figure, Paragraph, Source};
use super::numbering::{CLOSE, COLON, COMMA, LIST, OPEN, PERIOD, SEMICOLON, point};

fn is_behind(s: Status) -> bool {
    matches!(s, Status::Lagging | Status::SeriouslyLagging)
}

/// A count of items or problems, computed from the ledger: the formula names them.
fn count(label: &str, n: usize, what: &str) -> Figure {
    Figure {
        label: label.to_string(),
        text: n.to_string(),
        value: Some(Decimal::from_int(n as i64)),
        source: Source::Derived {
            formula: what.to_string(),
            inputs: vec![],
        },
    }
}

fn numbers(items: &[&Item]) -> String {
    items
        .iter()
        .map(|i| i.number.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

fn titles(items: &[&Item]) -> String {
    items
        .iter()
        .map(|i| i.title.as_str())
        .collect::<Vec<_>>()
        .join(LIST)
}

/// "甲县2项(A、B)" for each group, joined with ",".
fn groups(p: &mut Paragraph, by: &[(String, Vec<&Item>)], what: &str) {
    for (n, (name, items)) in by.iter().enumerate() {
        if n > 0 {
            p.push_text(COMMA);
        }
        p.push_text(name);
        p.push_figure(count(
            &format!("{name}{what}"),
            items.len(),
            &format!("{name}{what}:第{}项", numbers(items)),
        ));
        p.push_text(&format!("项{OPEN}{}{CLOSE}", titles(items)));
    }
}

/// Items behind schedule, by region and lead unit.
fn lagging(input: &DraftInput, items: &[&Item], n: u32) -> Paragraph {
    let ledger = &input.ledger;
    let status = |i: &Item| ledger.items.get(&i.id).map(|s| s.status);
    let behind: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| status(i).is_some_and(is_behind))
        .collect();
    let mut p = Paragraph::text(point(n));
    if behind.is_empty() {
        p.push_text(&format!(
            "各事项推进总体正常。本期暂无进度滞后的事项{PERIOD}"
        ));
        return p;
    }
    p.push_text("部分事项推进缓慢。推进缓慢的有");
    p.push_figure(count(
        "推进缓慢的事项数",
        behind.len(),
        &format!("台账中进度滞后或严重滞后的事项:第{}项", numbers(&behind)),
    ));
    p.push_text(&format!("项{OPEN}{}{CLOSE}", titles(&behind)));
    let serious: Vec<&Item> = behind
        .iter()
        .copied()
        .filter(|i| status(i) == Some(Status::SeriouslyLagging))
        .collect();
    if !serious.is_empty() {
        p.push_text(&format!("{COMMA}其中严重滞后"));
        p.push_figure(count(
            "严重滞后的事项数",
            serious.len(),
            &format!("台账中严重滞后的事项:第{}项", numbers(&serious)),
        ));
        p.push_text(&format!("项{OPEN}{}{CLOSE}", titles(&serious)));
    }
    // A region is behind on an item when any of the item's indicators is behind there.
    let mut by_region: BTreeMap<UnitId, Vec<&Item>> = BTreeMap::new();
    for item in items {
        for ind in input.indicators.iter().filter(|x| x.item_id == item.id) {
            let Some(p) = ledger.indicators.get(&ind.id) else {
                continue;
            };
            for r in p.regions.iter().filter(|r| is_behind(r.progress.status)) {
                let list = by_region.entry(r.region_id).or_default();
                if !list.iter().any(|i| i.id == item.id) {
                    list.push(item);
                }
            }
        }
    }
    if !by_region.is_empty() {
        p.push_text(&format!("{SEMICOLON}分县区看{COLON}"));
        let mut named: Vec<(i64, UnitId, String, Vec<&Item>)> = by_region
            .into_iter()
            .map(|(id, v)| {
                let seq = input
                    .units
                    .iter()
                    .find(|u| u.id == id)
                    .map_or(i64::MAX, |u| u.seq);
                (seq, id, input.unit_name(id), v)
            })
            .collect();
        named.sort_by_key(|(seq, id, ..)| (*seq, *id));
        let named: Vec<(String, Vec<&Item>)> =
            named.into_iter().map(|(_, _, n, v)| (n, v)).collect();
        groups(&mut p, &named, "进度滞后的事项数");
    }
    let mut by_unit: Vec<(String, Vec<&Item>)> = Vec::new();
    for item in &behind {
        let name = input.unit_name(item.lead_unit_id);
        match by_unit.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(item),
            None => by_unit.push((name, vec![item])),
        }
    }
    p.push_text(&format!("{SEMICOLON}分牵头单位看{COLON}"));
    groups(&mut p, &by_unit, "牵头的进度滞后事项数");
    p.push_text(PERIOD);
    p
}

/// Items on track whose forecast misses the target (有风险), each at-risk indicator
/// with its forecast, range, target and the monthly pace needed; None when none is.
fn at_risk(input: &DraftInput, items: &[&Item], n: u32) -> Option<Paragraph> {
    let ledger = &input.ledger;
    let risky: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| ledger.items.get(&i.id).map(|s| s.status) == Some(Status::AtRisk))
        .collect();
    if risky.is_empty() {
        return None;
    }
    let mut p = Paragraph::text(point(n));
    p.push_text("部分事项存在完不成年度目标的风险。按目前进度预测年底达不到目标的有");
    p.push_figure(count(
        "有风险的事项数",
        risky.len(),
        &format!("台账中有风险的事项:第{}项", numbers(&risky)),
    ));
    p.push_text(&format!("项{OPEN}{}{CLOSE}{COLON}", titles(&risky)));
    let mut first = true;
    for item in &risky {
        for ind in input.indicators.iter().filter(|x| x.item_id == item.id) {
            let at = ledger.indicators.get(&ind.id).map(|p| p.total.status);
            let (Some(Status::AtRisk), Some(f)) = (at, ledger.forecasts.get(&ind.id)) else {
                continue;
            };
            if !first {
                p.push_text(SEMICOLON);
            }
            first = false;
            let dp = u32::from(ind.decimals);
            let method = format!(
                "第{}项{}:截至{}审定值{}{},按计划曲线对各期累计值作稳健趋势(Theil–Sen)拟合,外推至年底",
                item.number, ind.name, f.last_cutoff, f.last, ind.unit
            );
            let fig = |label: &str, v: Decimal, digits: u32, formula: String| Figure {
                label: format!("{}{label}", ind.name),
                text: v.round(digits).to_string(),
                value: Some(v.round(digits)),
                source: Source::Derived {
                    formula,
                    inputs: vec![],
                },
            };
            p.push_text(&format!("{}预测年底", ind.name));
            p.push_figure(fig("年底预测", f.point, dp, method.clone()));
            p.push_text(&format!("{}{OPEN}区间", ind.unit));
            p.push_figure(fig(
                "预测区间下限",
                f.low,
                dp,
                format!("{method}(成对斜率下四分位)"),
            ));
            p.push_text("至");
            p.push_figure(fig(
                "预测区间上限",
                f.high,
                dp,
                format!("{method}(成对斜率上四分位)"),
            ));
            p.push_text(&format!("{}{CLOSE}", ind.unit));
            if let Some(t) = f.target {
                p.push_text(&format!("{COMMA}目标"));
                p.push_figure(Figure {
                    label: format!("{}目标", ind.name),
                    text: t.round(dp).to_string(),
                    value: Some(t),
                    source: Source::Plan {
                        plan_id: input.plan.id,
                        plan_title: input.plan.title.clone(),
                    },
                });
                p.push_text(&ind.unit);
            }
            if let Some(pace) = f.needed_pace {
                p.push_text(&format!("{COMMA}尚需每月"));
                p.push_figure(fig(
                    "尚需月均进度",
                    pace,
                    dp + 1,
                    format!(
                        "(目标−截至{}审定值{})÷年内剩余{}个月",
                        f.last_cutoff,
                        f.last,
                        f.months_left.round(2)
                    ),
                ));
                p.push_text(&ind.unit);
            }
        }
    }
    p.push_text(PERIOD);
    Some(p)
}

/// Problems not yet rectified, by owner; None when there are none.
fn open_problems(input: &DraftInput, n: u32) -> Option<Paragraph> {
    let today = input.issue.date.unwrap_or(input.period.cutoff);
    let pending: Vec<_> = input
        .problems
        .iter()
        .filter(|p| p.plan_id == input.plan.id && p.state.is_pending())
        .collect();
    if pending.is_empty() {
        return None;
    }
    let overdue = pending
        .iter()
        .filter(|p| is_overdue(p.state, p.deadline, today))
        .count();
    let ids = |v: &[&crate::problem::Problem]| {
        v.iter()
            .map(|p| p.id.to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut p = Paragraph::text(format!(
        "{}部分问题尚未整改到位。尚未整改销号的问题",
        point(n)
    ));
    p.push_figure(count(
        "尚未整改销号的问题数",
        pending.len(),
        &format!(
            "状态为待整改、整改中或已整改待核实的问题:编号{}",
            ids(&pending)
        ),
    ));
    p.push_text("个");
    if overdue > 0 {
        p.push_text(&format!("{COMMA}其中逾期"));
        p.push_figure(count(
            "逾期问题数",
            overdue,
            &format!("整改期限早于{today}且尚未整改销号的问题"),
        ));
        p.push_text("个");
    }
    p.push_text(&format!("{SEMICOLON}分责任单位看{COLON}"));
    let mut owners: Vec<(UnitId, Vec<&crate::problem::Problem>)> = Vec::new();
    for pr in &pending {
        match owners.iter_mut().find(|(u, _)| *u == pr.owner_unit_id) {
            Some((_, v)) => v.push(pr),
            None => owners.push((pr.owner_unit_id, vec![pr])),
        }
    }
    for (i, (unit, list)) in owners.iter().enumerate() {
        if i > 0 {
            p.push_text(COMMA);
        }
        let name = input.unit_name(*unit);
        p.push_text(&name);
        p.push_figure(count(
            &format!("{name}尚未整改销号的问题数"),
            list.len(),
            &format!("{name}负责整改的问题:编号{}", ids(list)),
        ));
        let titles: Vec<&str> = list.iter().map(|p| p.title.as_str()).collect();
        p.push_text(&format!("个{OPEN}{}{CLOSE}", titles.join(LIST)));
    }
    p.push_text(PERIOD);
    Some(p)
}

/// The paragraphs of section 二, over the plan's items in print order (items the office
/// left out of section 一 included: the ledger is not edited).
pub fn paragraphs(input: &DraftInput, items: &[&Item]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    for text in input.edits.problems.iter().filter(|t| !t.trim().is_empty()) {
        out.push(Paragraph::text(format!(
            "{}{}",
            point(out.len() as u32 + 1),
            text.trim()
        )));
    }
    out.push(lagging(input, items, out.len() as u32 + 1));
    if let Some(p) = at_risk(input, items, out.len() as u32 + 1) {
        out.push(p);
    }
    if let Some(p) = open_problems(input, out.len() as u32 + 1) {
        out.push(p);
    }
    if let Some(p) = super::league::paragraph(input, out.len() as u32 + 1) {
        out.push(p);
    }
    out
}
