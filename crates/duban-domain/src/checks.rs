//! Consistency checks (数据核验) run when a report is submitted. Each rule is named,
//! says in Chinese and English why a figure cannot be right, and may be overridden only
//! with a reason the reviewer will read.

use serde::Serialize;

use crate::date::Date;
use crate::decimal::Decimal;
use crate::ids::{IndicatorId, UnitId};
use crate::indicator::{Indicator, IndicatorKind};
use crate::report::{Figure, Reading};

/// The rules, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A cumulative figure lower than the last approved one.
    CumulativeFell,
    /// Regional figures of an additive indicator that do not add up to its total.
    RegionsDoNotAddUp,
    /// A stage that contradicts the figures: done while under target, not started
    /// with work or money already counted.
    StageContradictsFigures,
    /// A value far beyond the year's target.
    FarBeyondPlan,
    /// The same figures copied unchanged for several periods while work goes on.
    CopiedUnchanged,
    /// A jump to the target in the last days before the deadline.
    LastMinuteJump,
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::CumulativeFell,
        Rule::RegionsDoNotAddUp,
        Rule::StageContradictsFigures,
        Rule::FarBeyondPlan,
        Rule::CopiedUnchanged,
        Rule::LastMinuteJump,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::CumulativeFell => "cumulative_fell",
            Rule::RegionsDoNotAddUp => "regions_do_not_add_up",
            Rule::StageContradictsFigures => "stage_contradicts_figures",
            Rule::FarBeyondPlan => "far_beyond_plan",
            Rule::CopiedUnchanged => "copied_unchanged",
            Rule::LastMinuteJump => "last_minute_jump",
        }
    }

    pub fn parse(s: &str) -> Option<Rule> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Rule::CumulativeFell => "累计数低于上期",
            Rule::RegionsDoNotAddUp => "分区域数据与合计不符",
            Rule::StageContradictsFigures => "阶段与数据矛盾",
            Rule::FarBeyondPlan => "远超年度目标",
            Rule::CopiedUnchanged => "多期数据未变",
            Rule::LastMinuteJump => "截止前突击达标",
        }
    }
}

/// Settings of the checks (plan settings; the defaults are the office's usual).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckSettings {
    /// Above this share of the year's target a value is far beyond plan. Default 150%.
    pub beyond_pct: Decimal,
    /// Figures unchanged for this many periods in a row are copied. Default 3.
    pub unchanged_periods: usize,
    /// Reaching the target within this many days of the deadline is a jump. Default 3.
    pub jump_days: i64,
    /// …when the last approved value was below this share of the target. Default 50%.
    pub jump_from_pct: Decimal,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            beyond_pct: Decimal::from_int(150),
            unchanged_periods: 3,
            jump_days: 3,
            jump_from_pct: Decimal::from_int(50),
        }
    }
}

/// A rule that fired, on one indicator (and region).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub rule: Rule,
    pub indicator_id: IndicatorId,
    pub region_id: Option<UnitId>,
    pub message_zh: String,
    pub message_en: String,
}

impl Warning {
    /// The key a reason is given under: `rule:indicator` or `rule:indicator:region`.
    pub fn key(&self) -> String {
        match self.region_id {
            Some(r) => format!("{}:{}:{r}", self.rule.as_str(), self.indicator_id),
            None => format!("{}:{}", self.rule.as_str(), self.indicator_id),
        }
    }
}

/// What a submission is checked against.
#[derive(Debug, Clone, Copy)]
pub struct CheckInput<'a> {
    /// The item's indicators.
    pub indicators: &'a [Indicator],
    /// The figures submitted.
    pub figures: &'a [Figure],
    /// The same unit's approved figures on this item in earlier periods, the most
    /// recent first.
    pub earlier: &'a [&'a [Figure]],
    /// The day of submission and the period's deadline.
    pub today: Date,
    pub deadline: Date,
    pub settings: CheckSettings,
}

/// Runs every rule; the warnings come in rule order, then indicator order.
pub fn check(input: &CheckInput<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    for f in input.figures {
        let Some(ind) = input.indicators.iter().find(|i| i.id == f.indicator_id) else {
            continue;
        };
        cumulative_fell(input, ind, f, &mut out);
        far_beyond_plan(input, ind, f, &mut out);
        copied_unchanged(input, ind, f, &mut out);
        last_minute_jump(input, ind, f, &mut out);
    }
    regions_do_not_add_up(input, &mut out);
    stage_contradicts(input, &mut out);
    out.sort_by(|a, b| {
        (a.rule, a.indicator_id, a.region_id).cmp(&(b.rule, b.indicator_id, b.region_id))
    });
    out
}

fn value(f: &Figure) -> Option<Decimal> {
    match f.reading {
        Reading::Value(v) => Some(v),
        _ => None,
    }
}

fn same_place<'a>(figures: &'a [Figure], f: &Figure) -> Option<&'a Figure> {
    figures
        .iter()
        .find(|g| g.indicator_id == f.indicator_id && g.region_id == f.region_id)
}

fn warn(rule: Rule, f: &Figure, zh: String, en: String) -> Warning {
    Warning {
        rule,
        indicator_id: f.indicator_id,
        region_id: f.region_id,
        message_zh: zh,
        message_en: en,
    }
}

fn target_of(ind: &Indicator, f: &Figure) -> Option<Decimal> {
    match f.region_id {
        Some(r) => ind.region_target(r),
        None => ind.target,
    }
}

fn cumulative_fell(input: &CheckInput<'_>, ind: &Indicator, f: &Figure, out: &mut Vec<Warning>) {
    if ind.kind != IndicatorKind::Cumulative {
        return;
    }
    let last = input
        .earlier
        .first()
        .and_then(|e| same_place(e, f))
        .and_then(value);
    if let (Some(now), Some(last)) = (value(f), last)
        && now < last
    {
        out.push(warn(
            Rule::CumulativeFell,
            f,
            format!("“{}”为累计数,本期{now}低于上期已审核的{last}", ind.name),
            format!(
                "{} is cumulative: {now} is below the last approved {last}",
                ind.name
            ),
        ));
    }
}

fn far_beyond_plan(input: &CheckInput<'_>, ind: &Indicator, f: &Figure, out: &mut Vec<Warning>) {
    if !matches!(ind.kind, IndicatorKind::Cumulative | IndicatorKind::Rate) {
        return;
    }
    let (Some(v), Some(t)) = (value(f), target_of(ind, f)) else {
        return;
    };
    let Some(share) = v.percent_of(t, 1) else {
        return;
    };
    if share > input.settings.beyond_pct {
        out.push(warn(
            Rule::FarBeyondPlan,
            f,
            format!(
                "“{}”本期{v}为年度目标{t}的{share}%,超过{}%",
                ind.name, input.settings.beyond_pct
            ),
            format!(
                "{}: {v} is {share}% of the year's target {t}, above {}%",
                ind.name, input.settings.beyond_pct
            ),
        ));
    }
}

fn copied_unchanged(input: &CheckInput<'_>, ind: &Indicator, f: &Figure, out: &mut Vec<Warning>) {
    let n = input.settings.unchanged_periods;
    if n == 0 || input.earlier.len() < n - 1 || !ind.kind.is_numeric() {
        return;
    }
    // Work is going on unless the item's stage says it is finished (or not begun).
    let ongoing = input.figures.iter().all(|g| {
        let Some(si) = input.indicators.iter().find(|i| i.id == g.indicator_id) else {
            return true;
        };
        match (si.kind, g.reading) {
            (IndicatorKind::Stage, Reading::Stage(s)) => s > 0 && s + 1 < si.stages.len(),
            _ => true,
        }
    });
    let target_reached = matches!((value(f), target_of(ind, f)), (Some(v), Some(t)) if v >= t);
    if !ongoing || target_reached {
        return;
    }
    let same = input.earlier[..n - 1]
        .iter()
        .all(|e| same_place(e, f).map(|g| g.reading) == Some(f.reading));
    if same {
        out.push(warn(
            Rule::CopiedUnchanged,
            f,
            format!("“{}”已连续{n}期数据未变,而工作仍在推进", ind.name),
            format!(
                "{}: the same figure for {n} periods in a row while work goes on",
                ind.name
            ),
        ));
    }
}

fn last_minute_jump(input: &CheckInput<'_>, ind: &Indicator, f: &Figure, out: &mut Vec<Warning>) {
    if !matches!(ind.kind, IndicatorKind::Cumulative | IndicatorKind::Rate) {
        return;
    }
    let days_left = input.deadline.days_since_epoch() - input.today.days_since_epoch();
    if !(0..=input.settings.jump_days).contains(&days_left) {
        return;
    }
    let (Some(v), Some(t)) = (value(f), target_of(ind, f)) else {
        return;
    };
    let last = input
        .earlier
        .first()
        .and_then(|e| same_place(e, f))
        .and_then(value)
        .unwrap_or(Decimal::ZERO);
    let last_share = last.percent_of(t, 1).unwrap_or(Decimal::ZERO);
    if v >= t && last_share < input.settings.jump_from_pct {
        out.push(warn(
            Rule::LastMinuteJump,
            f,
            format!(
                "“{}”在报送截止前{days_left}天由上期{last}(目标的{last_share}%)跃升至达标{v}",
                ind.name
            ),
            format!(
                "{}: from {last} ({last_share}% of target) to {v} at target, {days_left} day(s) before the deadline",
                ind.name
            ),
        ));
    }
}

fn regions_do_not_add_up(input: &CheckInput<'_>, out: &mut Vec<Warning>) {
    for total in input.figures.iter().filter(|f| f.region_id.is_none()) {
        let Some(ind) = input.indicators.iter().find(|i| i.id == total.indicator_id) else {
            continue;
        };
        if !ind.kind.is_additive() {
            continue;
        }
        let parts: Vec<Decimal> = input
            .figures
            .iter()
            .filter(|f| f.indicator_id == total.indicator_id && f.region_id.is_some())
            .filter_map(value)
            .collect();
        // Only a full breakdown must add up; a partial one is a work in progress.
        if parts.is_empty() || parts.len() < ind.regions.len() {
            continue;
        }
        let sum = parts
            .iter()
            .try_fold(Decimal::ZERO, |a, b| a.checked_add(*b));
        if let (Some(sum), Some(t)) = (sum, value(total))
            && sum != t
        {
            out.push(warn(
                Rule::RegionsDoNotAddUp,
                total,
                format!("“{}”各区域之和{sum}与合计{t}不符", ind.name),
                format!(
                    "{}: the regions add up to {sum}, not the total {t}",
                    ind.name
                ),
            ));
        }
    }
}

/// Units whose figures are money.
fn is_money(unit: &str) -> bool {
    unit.ends_with('元')
}

/// One warning per stage figure (its key is the figure's), naming every count that
/// contradicts it: a reporter answers it once, however many counts the item has.
fn stage_contradicts(input: &CheckInput<'_>, out: &mut Vec<Warning>) {
    for sf in input.figures {
        let Some(stage_ind) = input.indicators.iter().find(|i| i.id == sf.indicator_id) else {
            continue;
        };
        let Reading::Stage(s) = sf.reading else {
            continue;
        };
        let last = stage_ind.stages.len().saturating_sub(1);
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for f in input.figures.iter().filter(|f| f.region_id == sf.region_id) {
            let Some(ind) = input.indicators.iter().find(|i| i.id == f.indicator_id) else {
                continue;
            };
            if ind.kind != IndicatorKind::Cumulative {
                continue;
            }
            let Some(v) = value(f) else { continue };
            if s == last
                && let Some(t) = target_of(ind, f)
                && v < t
            {
                zh.push(format!("“{}”{v}未达目标{t}", ind.name));
                en.push(format!("{} is {v}, under the target {t}", ind.name));
            }
            if s == 0 && v > Decimal::ZERO && (is_money(&ind.unit) || target_of(ind, f).is_some()) {
                zh.push(format!("“{}”已有{v}{}", ind.name, ind.unit));
                en.push(format!("{} already counts {v} {}", ind.name, ind.unit));
            }
        }
        if !zh.is_empty() {
            out.push(warn(
                Rule::StageContradictsFigures,
                sf,
                format!("阶段为“{}”,但{}", stage_ind.stages[s], zh.join(";")),
                format!(
                    "the stage says {}, but {}",
                    stage_ind.stages[s],
                    en.join("; ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ItemId;
    use crate::indicator::RegionTarget;

    fn d(v: i64) -> Decimal {
        Decimal::from_int(v)
    }

    fn ind(
        id: i64,
        kind: IndicatorKind,
        unit: &str,
        target: Option<i64>,
        regions: &[i64],
    ) -> Indicator {
        Indicator {
            id: IndicatorId(id),
            item_id: ItemId(1),
            seq: id,
            name: format!("指标{id}"),
            kind,
            unit: unit.into(),
            target: target.map(d),
            baseline: None,
            decimals: 0,
            stages: if kind == IndicatorKind::Stage {
                crate::indicator::DEFAULT_STAGES
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            } else {
                vec![]
            },
            regions: regions
                .iter()
                .map(|r| RegionTarget {
                    region_id: UnitId(*r),
                    target: None,
                })
                .collect(),
            quarterly: None,
        }
    }

    fn val(i: i64, region: Option<i64>, v: i64) -> Figure {
        Figure {
            indicator_id: IndicatorId(i),
            region_id: region.map(UnitId),
            reading: Reading::Value(d(v)),
        }
    }

    fn stage(i: i64, s: usize) -> Figure {
        Figure {
            indicator_id: IndicatorId(i),
            region_id: None,
            reading: Reading::Stage(s),
        }
    }

    fn run(
        indicators: &[Indicator],
        figures: &[Figure],
        earlier: &[&[Figure]],
        today: &str,
    ) -> Vec<Warning> {
        check(&CheckInput {
            indicators,
            figures,
            earlier,
            today: Date::parse(today).unwrap(),
            deadline: Date::parse("2019-06-05").unwrap(),
            settings: CheckSettings::default(),
        })
    }

    fn rules(w: &[Warning]) -> Vec<Rule> {
        w.iter().map(|w| w.rule).collect()
    }

    #[test]
    fn a_cumulative_figure_below_the_last_approved_one_is_flagged() {
        let inds = [ind(1, IndicatorKind::Cumulative, "家", Some(70), &[])];
        let w = run(
            &inds,
            &[val(1, None, 50)],
            &[&[val(1, None, 57)]],
            "2019-06-01",
        );
        assert_eq!(rules(&w), [Rule::CumulativeFell]);
        assert!(w[0].message_zh.contains("低于上期"), "{}", w[0].message_zh);
        assert!(
            run(
                &inds,
                &[val(1, None, 57)],
                &[&[val(1, None, 57)]],
                "2019-06-01"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_rate_may_fall_without_a_warning() {
        let inds = [ind(1, IndicatorKind::Rate, "%", Some(100), &[])];
        assert!(
            run(
                &inds,
                &[val(1, None, 30)],
                &[&[val(1, None, 35)]],
                "2019-06-01"
            )
            .is_empty()
        );
    }

    #[test]
    fn regions_that_do_not_add_up_to_the_total_are_flagged_only_when_all_are_given() {
        let inds = [ind(1, IndicatorKind::Cumulative, "户", None, &[10, 11])];
        let full = [
            val(1, None, 100),
            val(1, Some(10), 60),
            val(1, Some(11), 30),
        ];
        assert_eq!(
            rules(&run(&inds, &full, &[], "2019-06-01")),
            [Rule::RegionsDoNotAddUp]
        );
        let ok = [val(1, None, 90), val(1, Some(10), 60), val(1, Some(11), 30)];
        assert!(run(&inds, &ok, &[], "2019-06-01").is_empty());
        let partial = [val(1, None, 100), val(1, Some(10), 60)];
        assert!(run(&inds, &partial, &[], "2019-06-01").is_empty());
    }

    #[test]
    fn a_finished_stage_under_target_and_money_spent_before_starting_are_contradictions() {
        let inds = [
            ind(1, IndicatorKind::Stage, "", None, &[]),
            ind(2, IndicatorKind::Cumulative, "所", Some(5), &[]),
            ind(3, IndicatorKind::Cumulative, "亿元", None, &[]),
        ];
        let done_early = [stage(1, 5), val(2, None, 3)];
        assert_eq!(
            rules(&run(&inds, &done_early, &[], "2019-06-01")),
            [Rule::StageContradictsFigures]
        );
        let spent = [stage(1, 0), val(3, None, 2)];
        let w = run(&inds, &spent, &[], "2019-06-01");
        assert_eq!(rules(&w), [Rule::StageContradictsFigures]);
        assert!(w[0].message_zh.contains("亿元"));
        assert!(run(&inds, &[stage(1, 3), val(2, None, 3)], &[], "2019-06-01").is_empty());
    }

    #[test]
    fn a_stage_contradicted_by_two_counts_is_one_warning_naming_both() {
        // Two warnings with one key could never both be answered: the report could not
        // be submitted (found by `duban bench` on generated data).
        let inds = [
            ind(1, IndicatorKind::Stage, "", None, &[]),
            ind(2, IndicatorKind::Cumulative, "所", Some(5), &[]),
            ind(3, IndicatorKind::Cumulative, "个", Some(9), &[]),
        ];
        let w = run(
            &inds,
            &[stage(1, 0), val(2, None, 3), val(3, None, 4)],
            &[],
            "2019-06-01",
        );
        assert_eq!(rules(&w), [Rule::StageContradictsFigures]);
        assert!(
            w[0].message_zh.contains("已有3所") && w[0].message_zh.contains("已有4个"),
            "{}",
            w[0].message_zh
        );
        assert!(
            w[0].message_en.contains("already counts 3 所; "),
            "{}",
            w[0].message_en
        );
    }

    #[test]
    fn a_value_over_150_percent_of_the_target_is_far_beyond_plan() {
        let inds = [ind(1, IndicatorKind::Cumulative, "人", Some(100), &[])];
        assert_eq!(
            rules(&run(&inds, &[val(1, None, 151)], &[], "2019-06-01")),
            [Rule::FarBeyondPlan]
        );
        assert!(run(&inds, &[val(1, None, 150)], &[], "2019-06-01").is_empty());
    }

    #[test]
    fn the_same_figure_three_periods_running_while_work_goes_on_is_copied() {
        let inds = [
            ind(1, IndicatorKind::Stage, "", None, &[]),
            ind(2, IndicatorKind::Cumulative, "个", Some(10), &[]),
        ];
        let now = [stage(1, 3), val(2, None, 4)];
        let before: [&[Figure]; 2] = [
            &[stage(1, 3), val(2, None, 4)],
            &[stage(1, 2), val(2, None, 4)],
        ];
        assert_eq!(
            rules(&run(&inds, &now, &before, "2019-06-01")),
            [Rule::CopiedUnchanged]
        );
        // Two periods are not yet a pattern; a finished stage is no longer "going on".
        assert!(run(&inds, &now, &before[..1], "2019-06-01").is_empty());
        let finished = [stage(1, 5), val(2, None, 4)];
        assert!(
            !rules(&run(&inds, &finished, &before, "2019-06-01")).contains(&Rule::CopiedUnchanged)
        );
    }

    #[test]
    fn reaching_the_target_from_far_below_just_before_the_deadline_is_a_jump() {
        let inds = [ind(1, IndicatorKind::Cumulative, "户", Some(100), &[])];
        let last: [&[Figure]; 1] = [&[val(1, None, 20)]];
        assert_eq!(
            rules(&run(&inds, &[val(1, None, 100)], &last, "2019-06-04")),
            [Rule::LastMinuteJump]
        );
        // A week before the deadline, or from half way, it is no jump.
        assert!(run(&inds, &[val(1, None, 100)], &last, "2019-05-28").is_empty());
        let half: [&[Figure]; 1] = [&[val(1, None, 50)]];
        assert!(run(&inds, &[val(1, None, 100)], &half, "2019-06-04").is_empty());
    }

    #[test]
    fn every_rule_has_a_name_and_a_chinese_label() {
        for r in Rule::ALL {
            assert_eq!(Rule::parse(r.as_str()), Some(r));
            assert!(!r.label_zh().is_empty());
        }
    }
}
