//! An indicator's form: kind, unit, target, baseline, stages, the regional split over
//! the item's regions and the quarterly plan; drawn from the stored indicator or from
//! what was posted, and read back into the API's input.

use duban_domain::{Decimal, FieldError, Indicator, IndicatorKind};

use super::form::{Choices, Field, Form, Group, Posted, Reader};
use crate::error::ApiError;
use crate::extract::Patch;
use crate::pages::i18n::tr;
use crate::routes::indicators::{IndicatorInput, IndicatorPatch, RegionTargetInput};

/// The kinds of indicator, as the select offers them.
fn kinds() -> Choices {
    let label = |k: IndicatorKind| match k {
        IndicatorKind::Cumulative => tr("累计类:数量或金额,越多越好"),
        IndicatorKind::Ceiling => tr("控制类:不超过目标值"),
        IndicatorKind::Rate => tr("比率类:百分比"),
        IndicatorKind::Stage => tr("阶段类:按阶段推进"),
        IndicatorKind::Qualitative => tr("定性类:由审核评定"),
    };
    IndicatorKind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), label(k).to_string()))
        .collect()
}

/// The regions a split is drawn for: the indicator's own, in their order (which the
/// store compares when targets are locked), then the item's others.
pub(super) fn split_rows(ind: Option<&Indicator>, item: &duban_domain::Item) -> Vec<i64> {
    let mut rows: Vec<i64> = ind
        .map(|i| i.regions.iter().map(|r| r.region_id.0).collect())
        .unwrap_or_default();
    for r in &item.region_ids {
        if !rows.contains(&r.0) {
            rows.push(r.0);
        }
    }
    rows
}

pub(super) fn indicator_posted(i: &Indicator) -> Posted {
    let mut p = Posted::default();
    p.set("seq", i.seq);
    p.set("name", &i.name);
    p.set("kind", i.kind.as_str());
    p.set("unit", &i.unit);
    p.set(
        "target",
        i.target.map(|d| d.to_string()).unwrap_or_default(),
    );
    p.set(
        "baseline",
        i.baseline.map(|d| d.to_string()).unwrap_or_default(),
    );
    p.set("decimals", i.decimals);
    p.set("stages", i.stages.join("\n"));
    for r in &i.regions {
        p.set(&format!("region/{}", r.region_id.0), "1");
        if let Some(t) = r.target {
            p.set(&format!("region/{}/target", r.region_id.0), t);
        }
    }
    if let Some(q) = i.quarterly {
        for (n, v) in q.0.iter().enumerate() {
            p.set(&format!("q{}", n + 1), v);
        }
    }
    p
}

/// The form of an indicator, drawn from `p`; `rows` are the regions of its split.
pub(super) fn indicator_form(
    mut f: Form,
    prefix: &str,
    p: &Posted,
    rows: &[i64],
    names: &NameOf,
) -> Form {
    f.fields = vec![
        Field::text(prefix, "name", tr("指标名称"), p),
        Field::select(prefix, "kind", tr("指标类型"), &kinds(), p),
        Field::text(prefix, "unit", tr("计量单位"), p)
            .max(20)
            .hint(tr("如:人、万人、亿元、公里、%;可留空。")),
        Field::decimal(prefix, "target", tr("年度目标值"), p).hint(tr("阶段类和定性类指标不填。")),
        Field::decimal(prefix, "baseline", tr("基数(年初值)"), p)
            .hint(tr("完成率从基数算起;可留空。")),
        Field::integer(prefix, "decimals", tr("小数位数"), p).hint(tr("0至4;留空按计量单位确定。")),
        Field::lines(prefix, "stages", tr("阶段(每行一个,按先后顺序)"), p)
            .hint(tr("仅阶段类指标填写;留空则用默认阶段。")),
        Field::integer(prefix, "seq", tr("排列序号"), p).hint(tr("留空则排在最后。")),
    ];
    let split = rows
        .iter()
        .map(|r| {
            let name = names(*r);
            vec![
                Field::check(prefix, &format!("region/{r}"), &name, p),
                Field::decimal(
                    prefix,
                    &format!("region/{r}/target"),
                    &format!("{name} {}", tr("区域目标值")),
                    p,
                )
                .quiet(),
            ]
        })
        .collect();
    f.groups.push(Group {
        key: "regions",
        id: format!("{prefix}regions"),
        legend: tr("区域分解").into(),
        hint: tr("勾选承担本指标的县区(含市本级),填写各自的目标值;累计类指标各区域目标之和须等于年度目标。可选的县区是实事的涉及县区。").into(),
        class: "split",
        rows: split,
        errors: Vec::new(),
    });
    let quarters = (1..=4)
        .map(|n| {
            let label = match n {
                1 => tr("第一季度末"),
                2 => tr("第二季度末"),
                3 => tr("第三季度末"),
                _ => tr("第四季度末"),
            };
            vec![Field::decimal(prefix, &format!("q{n}"), label, p)]
        })
        .collect();
    f.groups.push(Group {
        key: "quarterly",
        id: format!("{prefix}quarterly"),
        legend: tr("季度计划(累计计划值)").into(),
        hint: tr("四个季度末的累计计划值,逐季不减,第四季度等于年度目标;阶段类填阶段序号(从0起)。不按季度分解的全部留空,按序时进度评估。").into(),
        class: "quarters",
        rows: quarters,
        errors: Vec::new(),
    });
    f
}

pub(super) type NameOf<'a> = dyn Fn(i64) -> String + 'a;

/// An indicator as the form sent it, and the regions of its split in the order sent
/// (the API names a region's errors by that position).
pub(super) struct ReadIndicator {
    seq: Option<i64>,
    name: String,
    kind: String,
    unit: String,
    target: Option<Decimal>,
    baseline: Option<Decimal>,
    decimals: Option<i64>,
    stages: Option<Vec<String>>,
    regions: Vec<RegionTargetInput>,
    quarterly: Option<[Decimal; 4]>,
}

pub(super) fn read_indicator(p: &Posted, rows: &[i64]) -> Result<ReadIndicator, ApiError> {
    let mut r = Reader::default();
    let seq = r.integer(p, "seq");
    let target = r.decimal(p, "target");
    let baseline = r.decimal(p, "baseline");
    let decimals = r.integer(p, "decimals");
    let mut regions = Vec::new();
    for id in rows {
        let on = !p.get(&format!("region/{id}")).is_empty();
        let field = format!("region/{id}/target");
        let t = r.decimal(p, &field);
        if on {
            regions.push(RegionTargetInput {
                region_id: *id,
                target: t,
            });
        } else if !p.get(&field).is_empty() {
            r.bad.push(FieldError::new(
                field,
                "region_not_ticked",
                "请勾选该区域,或清空其目标值",
                "tick the region, or clear its target",
            ));
        }
    }
    let q: Vec<Option<Decimal>> = (1..=4).map(|n| r.decimal(p, &format!("q{n}"))).collect();
    let given = (1..=4)
        .filter(|n| !p.get(&format!("q{n}")).is_empty())
        .count();
    let quarterly = match q.as_slice() {
        [Some(a), Some(b), Some(c), Some(d)] => Some([*a, *b, *c, *d]),
        // None given, or an unreadable one already refused beside its field.
        _ if given == 0 || given == 4 => None,
        _ => {
            r.bad.push(FieldError::new(
                "quarterly",
                "incomplete",
                "请填满四个季度,或全部留空",
                "give all four quarters, or none",
            ));
            None
        }
    };
    r.finish()?;
    let stages: Vec<String> = p
        .get("stages")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    Ok(ReadIndicator {
        seq,
        name: p.get("name").to_string(),
        kind: p.get("kind").to_string(),
        unit: p.get("unit").to_string(),
        target,
        baseline,
        decimals,
        stages: (!stages.is_empty()).then_some(stages),
        regions,
        quarterly,
    })
}

/// The API's name of an indicator field as the form names it: a region by its place
/// in the split sent, a stage as the stage list.
pub(super) fn indicator_field(sent: &[i64]) -> impl Fn(&str) -> String + '_ {
    move |api: &str| {
        let parts: Vec<&str> = api.split('/').collect();
        match parts[..] {
            ["regions", n, rest] => match n.parse::<usize>().ok().and_then(|n| sent.get(n)) {
                Some(id) if rest == "target" => format!("region/{id}/target"),
                Some(id) => format!("region/{id}"),
                None => "regions".into(),
            },
            ["stages", _] => "stages".into(),
            _ => api.to_string(),
        }
    }
}

/// The regions ticked in a posted split, in the order they were sent to the API.
pub(super) fn sent_regions(p: &Posted, rows: &[i64]) -> Vec<i64> {
    rows.iter()
        .copied()
        .filter(|id| !p.get(&format!("region/{id}")).is_empty())
        .collect()
}

impl ReadIndicator {
    /// A new indicator, as the API takes it.
    pub(super) fn input(self) -> IndicatorInput {
        IndicatorInput {
            seq: self.seq,
            name: self.name,
            kind: self.kind,
            unit: Some(self.unit),
            target: self.target,
            baseline: self.baseline,
            decimals: self.decimals,
            stages: self.stages,
            regions: self.regions,
            quarterly: self.quarterly,
        }
    }

    /// A change of every field the form shows: an emptied figure clears it.
    pub(super) fn patch(self) -> IndicatorPatch {
        let set = |v: Option<Decimal>| v.map_or(Patch::Clear, Patch::Set);
        IndicatorPatch {
            seq: self.seq,
            name: Some(self.name),
            kind: Some(self.kind),
            unit: Some(self.unit),
            target: set(self.target),
            baseline: set(self.baseline),
            decimals: self.decimals,
            stages: self.stages,
            regions: Some(self.regions),
            quarterly: self.quarterly.map_or(Patch::Clear, Patch::Set),
        }
    }
}
