//! Indicators (指标): the measurable parts of an item, and their targets.

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::ids::{IndicatorId, ItemId, UnitId};
use crate::plan::distinct;
use crate::text;

/// How an indicator is measured and judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A cumulative count or amount, higher is better (新增就业3.5万人). Regions add up.
    Cumulative,
    /// A ceiling, lower is better (失业率控制在4.3%以内): met at or under the target.
    Ceiling,
    /// A rate in percent (竣工率, 参保率), higher is better. Regions never add up.
    Rate,
    /// A stage on an ordered list (规划设计 → 招标 → 在建 → 完工 → 已完成).
    Stage,
    /// A qualitative target (应补尽补) judged by a reviewer.
    Qualitative,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 5] = [
        IndicatorKind::Cumulative,
        IndicatorKind::Ceiling,
        IndicatorKind::Rate,
        IndicatorKind::Stage,
        IndicatorKind::Qualitative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Cumulative => "cumulative",
            IndicatorKind::Ceiling => "ceiling",
            IndicatorKind::Rate => "rate",
            IndicatorKind::Stage => "stage",
            IndicatorKind::Qualitative => "qualitative",
        }
    }

    pub fn parse(s: &str) -> Option<IndicatorKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Regional values of this kind sum to the total. Rates and ceilings never do.
    pub fn is_additive(self) -> bool {
        self == IndicatorKind::Cumulative
    }

    /// Figures of this kind are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            IndicatorKind::Cumulative | IndicatorKind::Ceiling | IndicatorKind::Rate
        )
    }
}

/// The stages used when an indicator names none.
pub const DEFAULT_STAGES: [&str; 6] = ["未启动", "规划设计", "招标", "在建", "完工", "已完成"];

/// A region's share of an indicator (区域分解).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionTarget {
    pub region_id: UnitId,
    /// The region's target; none when only the region's participation is known.
    pub target: Option<Decimal>,
}

/// Planned cumulative values at the end of each quarter (按季度分解). For a stage
/// indicator, the planned stage's position (0 = the first stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuarterlyPlan(pub [Decimal; 4]);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub item_id: ItemId,
    /// Order within the item.
    pub seq: i64,
    /// e.g. 产业扶贫项目方案编制
    pub name: String,
    pub kind: IndicatorKind,
    /// Unit of measure as printed: 人, 万人, 亿元, 公里, 户, %, 家 …
    pub unit: String,
    /// The year's target; none when the plan gives none.
    pub target: Option<Decimal>,
    /// The value at the start of the year; completion counts from it.
    pub baseline: Option<Decimal>,
    /// Fractional digits figures are printed with.
    pub decimals: u8,
    /// The ordered stages of a stage indicator; empty for other kinds.
    pub stages: Vec<String>,
    /// The regional decomposition; empty when the indicator is city-wide only.
    pub regions: Vec<RegionTarget>,
    pub quarterly: Option<QuarterlyPlan>,
}

impl Indicator {
    /// The target a stage indicator implies: its last stage.
    pub fn effective_target(&self) -> Option<Decimal> {
        match self.kind {
            IndicatorKind::Stage => Some(Decimal::from_int(self.stages.len() as i64 - 1)),
            IndicatorKind::Qualitative => None,
            _ => self.target,
        }
    }

    pub fn region_target(&self, region: UnitId) -> Option<Decimal> {
        let r = self.regions.iter().find(|r| r.region_id == region)?;
        match self.kind {
            IndicatorKind::Stage => self.effective_target(),
            _ => r.target,
        }
    }

    pub fn has_region(&self, region: UnitId) -> bool {
        self.regions.iter().any(|r| r.region_id == region)
    }

    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s == name)
    }
}

/// The fields an indicator is made of, validated together: the rules between them
/// (a stage list only for stages, regions that add up) are checked here once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorFields {
    pub seq: i64,
    pub name: String,
    pub kind: IndicatorKind,
    pub unit: String,
    pub target: Option<Decimal>,
    pub baseline: Option<Decimal>,
    pub decimals: u8,
    pub stages: Vec<String>,
    pub regions: Vec<RegionTarget>,
    pub quarterly: Option<QuarterlyPlan>,
}

/// Raw indicator input, before validation.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput<'a> {
    pub seq: i64,
    pub name: &'a str,
    pub kind: &'a str,
    pub unit: Option<&'a str>,
    pub target: Option<Decimal>,
    pub baseline: Option<Decimal>,
    pub decimals: Option<i64>,
    pub stages: Option<Vec<String>>,
    pub regions: Vec<RegionTarget>,
    pub quarterly: Option<[Decimal; 4]>,
}

impl IndicatorFields {
    pub fn parse(i: IndicatorInput<'_>) -> Result<IndicatorFields, Invalid> {
        let mut bad = Invalid::default();
        let seq = bad.take(crate::plan::parse_seq("seq", i.seq));
        let name = bad.take(text::required("name", i.name, 200));
        let unit = bad.take(text::optional("unit", i.unit, 20)).flatten();
        let kind = IndicatorKind::parse(i.kind);
        if kind.is_none() {
            bad.push(FieldError::new(
                "kind",
                "unknown_kind",
                "指标类型须为 cumulative、ceiling、rate、stage、qualitative 之一",
                "kind must be one of cumulative, ceiling, rate, stage, qualitative",
            ));
        }
        let decimals = i.decimals.unwrap_or(match i.unit {
            Some("亿元") => 2,
            Some("%") | Some("万人") | Some("万元") | Some("万人次") | Some("公里") => 1,
            _ => 0,
        });
        if !(0..=4).contains(&decimals) {
            bad.push(FieldError::new(
                "decimals",
                "out_of_range",
                "小数位数须在0至4之间",
                "decimals must be between 0 and 4",
            ));
        }
        for (f, v) in [("target", i.target), ("baseline", i.baseline)] {
            if v.is_some_and(|v| v < Decimal::ZERO) {
                bad.push(FieldError::new(
                    f,
                    "negative",
                    "不能为负数",
                    "must not be negative",
                ));
            }
        }
        bad.take(distinct(
            "regions",
            &i.regions.iter().map(|r| r.region_id).collect::<Vec<_>>(),
        ));
        for (n, r) in i.regions.iter().enumerate() {
            if r.target.is_some_and(|t| t < Decimal::ZERO) {
                bad.push(FieldError::new(
                    format!("regions/{n}/target"),
                    "negative",
                    "不能为负数",
                    "must not be negative",
                ));
            }
        }
        let Some(kind) = kind else { return Err(bad) };
        let stages = match kind {
            IndicatorKind::Stage => {
                let s = i
                    .stages
                    .unwrap_or_else(|| DEFAULT_STAGES.iter().map(|s| s.to_string()).collect());
                let mut clean = Vec::new();
                for (n, st) in s.iter().enumerate() {
                    if let Some(t) = bad.take(text::required(&format!("stages/{n}"), st, 20)) {
                        clean.push(t);
                    }
                }
                bad.take(distinct("stages", &clean));
                if !(2..=12).contains(&clean.len()) {
                    bad.push(FieldError::new(
                        "stages",
                        "out_of_range",
                        "阶段须有2至12个",
                        "a stage indicator needs 2 to 12 stages",
                    ));
                }
                clean
            }
            _ => {
                if i.stages.as_ref().is_some_and(|s| !s.is_empty()) {
                    bad.push(FieldError::new(
                        "stages",
                        "not_applicable",
                        "只有阶段类指标可以设置阶段",
                        "only stage indicators have stages",
                    ));
                }
                Vec::new()
            }
        };
        let numeric = kind.is_numeric();
        if !numeric && (i.target.is_some() || i.baseline.is_some()) {
            bad.push(FieldError::new(
                "target",
                "not_applicable",
                "阶段类和定性类指标不设数值目标",
                "stage and qualitative indicators have no numeric target",
            ));
        }
        if !numeric && i.regions.iter().any(|r| r.target.is_some()) {
            bad.push(FieldError::new(
                "regions",
                "not_applicable",
                "阶段类和定性类指标的区域不设数值目标",
                "regions of stage and qualitative indicators have no numeric target",
            ));
        }
        if let (Some(t), Some(b)) = (i.target, i.baseline)
            && kind != IndicatorKind::Ceiling
            && b >= t
        {
            bad.push(FieldError::new(
                "baseline",
                "not_below_target",
                "基数须小于目标值",
                "baseline must be below the target",
            ));
        }
        // The city total is the sum of the regions, 市本级 included.
        if kind.is_additive()
            && let Some(t) = i.target
            && !i.regions.is_empty()
            && i.regions.iter().all(|r| r.target.is_some())
        {
            let sum = i
                .regions
                .iter()
                .filter_map(|r| r.target)
                .try_fold(Decimal::ZERO, Decimal::checked_add);
            if sum != Some(t) {
                bad.push(FieldError::new(
                    "regions",
                    "regions_do_not_add_up",
                    format!(
                        "各区域目标之和({})不等于总目标({t})",
                        sum.unwrap_or_default()
                    ),
                    format!(
                        "regional targets add up to {}, not the target {t}",
                        sum.unwrap_or_default()
                    ),
                ));
            }
        }
        let quarterly = i.quarterly.map(QuarterlyPlan);
        if let Some(QuarterlyPlan(q)) = quarterly {
            check_quarterly(kind, &q, i.target, i.baseline, stages.len(), &mut bad);
        }
        match (seq, name) {
            (Some(seq), Some(name)) if bad.is_empty() => Ok(IndicatorFields {
                seq,
                name,
                kind,
                unit: unit.unwrap_or_default(),
                target: i.target,
                baseline: i.baseline,
                decimals: decimals as u8,
                stages,
                regions: i.regions,
                quarterly,
            }),
            _ => Err(bad),
        }
    }
}

fn check_quarterly(
    kind: IndicatorKind,
    q: &[Decimal; 4],
    target: Option<Decimal>,
    baseline: Option<Decimal>,
    stages: usize,
    bad: &mut Invalid,
) {
    let err = |code, zh: &str, en: &str| FieldError::new("quarterly", code, zh, en);
    match kind {
        IndicatorKind::Ceiling | IndicatorKind::Qualitative => {
            bad.push(err(
                "not_applicable",
                "控制类和定性类指标不按季度分解",
                "ceiling and qualitative indicators have no quarterly plan",
            ));
            return;
        }
        IndicatorKind::Stage => {
            let last = Decimal::from_int(stages as i64 - 1);
            if q.iter()
                .any(|v| *v < Decimal::ZERO || *v > last || v.round(0) != *v)
                || q[3] != last
            {
                bad.push(err(
                    "invalid_stage_plan",
                    "阶段计划须为阶段序号(从0起),且第四季度为最后阶段",
                    "a stage plan gives stage positions from 0, ending on the last stage",
                ));
            }
        }
        IndicatorKind::Cumulative | IndicatorKind::Rate => {
            let Some(t) = target else {
                bad.push(err(
                    "needs_target",
                    "按季度分解须先设定年度目标",
                    "a quarterly plan needs the year's target",
                ));
                return;
            };
            if q[3] != t {
                bad.push(err(
                    "q4_not_target",
                    "第四季度计划值须等于年度目标",
                    "the fourth quarter's planned value must equal the target",
                ));
            }
            if q[0] < baseline.unwrap_or(Decimal::ZERO) {
                bad.push(err(
                    "below_baseline",
                    "第一季度计划值不能低于基数",
                    "the first quarter's planned value must not be below the baseline",
                ));
            }
        }
    }
    if q.windows(2).any(|w| w[1] < w[0]) {
        bad.push(err(
            "decreasing",
            "季度计划须逐季不减",
            "quarterly planned values must not decrease",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from_int(v)
    }

    fn base<'a>() -> IndicatorInput<'a> {
        IndicatorInput {
            seq: 1,
            name: "新增城镇就业",
            kind: "cumulative",
            unit: Some("万人"),
            ..Default::default()
        }
    }

    #[test]
    fn regional_targets_must_add_up_to_the_total() {
        let regions = vec![
            RegionTarget {
                region_id: UnitId(1),
                target: Some(d(2)),
            },
            RegionTarget {
                region_id: UnitId(2),
                target: Some(d(3)),
            },
        ];
        let ok = IndicatorFields::parse(IndicatorInput {
            target: Some(d(5)),
            regions: regions.clone(),
            ..base()
        });
        assert!(ok.is_ok());
        let e = IndicatorFields::parse(IndicatorInput {
            target: Some(d(6)),
            regions,
            ..base()
        })
        .unwrap_err();
        assert_eq!(e.0[0].code, "regions_do_not_add_up");
    }

    #[test]
    fn rates_do_not_need_regions_to_add_up() {
        let r = IndicatorFields::parse(IndicatorInput {
            kind: "rate",
            target: Some(d(100)),
            regions: vec![RegionTarget {
                region_id: UnitId(1),
                target: Some(d(90)),
            }],
            ..base()
        });
        assert!(r.is_ok());
    }

    #[test]
    fn stage_indicators_get_default_stages_and_no_numeric_target() {
        let f = IndicatorFields::parse(IndicatorInput {
            kind: "stage",
            ..base()
        })
        .unwrap();
        assert_eq!(f.stages.len(), DEFAULT_STAGES.len());
        let e = IndicatorFields::parse(IndicatorInput {
            kind: "stage",
            target: Some(d(5)),
            ..base()
        })
        .unwrap_err();
        assert_eq!(e.0[0].code, "not_applicable");
    }

    #[test]
    fn a_quarterly_plan_ends_on_the_target_and_never_falls() {
        let ok = IndicatorFields::parse(IndicatorInput {
            target: Some(d(100)),
            quarterly: Some([d(10), d(40), d(70), d(100)]),
            ..base()
        });
        assert!(ok.is_ok());
        let e = IndicatorFields::parse(IndicatorInput {
            target: Some(d(100)),
            quarterly: Some([d(50), d(40), d(70), d(90)]),
            ..base()
        })
        .unwrap_err();
        let codes: Vec<_> = e.0.iter().map(|e| e.code).collect();
        assert!(codes.contains(&"q4_not_target") && codes.contains(&"decreasing"));
    }

    #[test]
    fn unknown_kind_is_refused_in_both_languages() {
        let e = IndicatorFields::parse(IndicatorInput {
            kind: "bogus",
            ..base()
        })
        .unwrap_err();
        assert_eq!(e.0[0].field, "kind");
        assert!(e.0[0].message_zh.contains("指标类型"));
    }
}
