//! The figures of one indicator, each with its source: value, target, completion,
//! remaining, change since the previous issue, stage and status. Computed once and
//! shared by the passage and the annex, so both print the same figure the same way.

use crate::decimal::Decimal;
use crate::ids::UnitId;
use crate::indicator::{Indicator, IndicatorKind};
use crate::plan::PlanState;
use crate::report::Reading;
use crate::rollup::IndicatorProgress;
use crate::status::Status;

use super::input::{ApprovedFigure, DraftInput};
use super::model::{Figure, Source};
use super::number::NumberStyle;
use super::template::SentenceTemplate;

/// Regions at one stage: the stage figure and the regions' names.
#[derive(Debug, Clone)]
pub struct StageGroup {
    pub stage: Figure,
    pub regions: Vec<String>,
}

/// One indicator's figures for the issue.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub ind: &'a Indicator,
    pub template: SentenceTemplate,
    pub unit: String,
    pub value: Option<Figure>,
    pub target: Option<Figure>,
    pub completion: Option<Figure>,
    pub remaining: Option<Figure>,
    pub change: Option<Figure>,
    /// The city-wide stage reached.
    pub stage: Option<Figure>,
    /// Regions by stage reached, least advanced first.
    pub stage_groups: Vec<StageGroup>,
    pub status: Status,
    pub status_figure: Figure,
}

impl DraftInput {
    pub(super) fn unit_name(&self, id: UnitId) -> String {
        self.units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("单位{id}"))
    }

    fn approved(&self, ind: &Indicator) -> Vec<&ApprovedFigure> {
        self.figures
            .iter()
            .filter(|f| f.figure.indicator_id == ind.id)
            .collect()
    }
}

fn reading_text(ind: &Indicator, r: Reading, style: &NumberStyle) -> String {
    match r {
        Reading::Value(v) => style.number(v),
        Reading::Stage(i) => ind.stages.get(i).cloned().unwrap_or_else(|| i.to_string()),
        Reading::Assessment(s) => s.label_zh().to_string(),
    }
}

/// An approved figure as a bulletin figure.
fn from_approved(
    input: &DraftInput,
    ind: &Indicator,
    a: &ApprovedFigure,
    style: &NumberStyle,
) -> Figure {
    let place = match a.figure.region_id {
        Some(r) => format!(" {}", input.unit_name(r)),
        None => String::new(),
    };
    Figure {
        label: format!("{}{place}", ind.name),
        text: reading_text(ind, a.figure.reading, style),
        value: a.figure.reading.as_number(),
        source: Source::Report(a.source.clone()),
    }
}

fn plan_figure(input: &DraftInput, label: String, v: Decimal, style: &NumberStyle) -> Figure {
    let source = match input.plan.state {
        PlanState::Approved => Source::Plan {
            plan_id: input.plan.id,
            plan_title: input.plan.title.clone(),
        },
        PlanState::Draft => Source::Unsourced {
            reason: "年度计划尚未审定".into(),
        },
    };
    Figure {
        label,
        text: style.number(v),
        value: Some(v),
        source,
    }
}

fn derived(
    label: String,
    text: String,
    value: Option<Decimal>,
    formula: &str,
    inputs: Vec<Figure>,
) -> Figure {
    Figure {
        label,
        text,
        value,
        source: Source::Derived {
            formula: formula.to_string(),
            inputs,
        },
    }
}

/// "增加12个", "减少3个", "持平" for a difference; a difference that prints as zero in
/// the style is 持平.
pub fn change_text(diff: Decimal, style: &NumberStyle, unit: &str) -> String {
    let abs = if diff < Decimal::ZERO {
        Decimal::ZERO.checked_sub(diff).unwrap_or(diff)
    } else {
        diff
    };
    let shown = style.number(abs);
    if Decimal::parse(&shown).is_none_or(Decimal::is_zero) {
        "持平".to_string()
    } else if diff > Decimal::ZERO {
        format!("增加{shown}{unit}")
    } else {
        format!("减少{shown}{unit}")
    }
}

pub fn facts<'a>(input: &DraftInput, ind: &'a Indicator) -> Facts<'a> {
    let custom = input.styles.get(&ind.id);
    let style = custom
        .and_then(|s| s.number)
        .unwrap_or_else(|| NumberStyle::of(ind));
    let pct = NumberStyle::percent(custom.and_then(|s| s.completion_decimals).unwrap_or(0));
    let unit = if ind.kind.is_numeric() {
        style.unit(&ind.unit)
    } else {
        String::new()
    };
    let approved = input.approved(ind);
    let progress: Option<&IndicatorProgress> = input.ledger.indicators.get(&ind.id);
    let status = progress
        .map(|p| p.total.status)
        .unwrap_or(Status::Unassessed);
    let numeric = ind.kind.is_numeric();

    // The value: the ledger's, sourced from the figures it was computed from.
    let city: Option<&ApprovedFigure> = approved
        .iter()
        .rev()
        .find(|a| a.figure.region_id.is_none())
        .copied();
    let regional: Vec<&ApprovedFigure> = approved
        .iter()
        .filter(|a| a.figure.region_id.is_some())
        .copied()
        .collect();
    let ledger_value = progress.and_then(|p| p.total.value);
    let value = match (numeric, ledger_value) {
        (true, Some(v)) => Some(if ind.kind.is_additive() && !regional.is_empty() {
            derived(
                format!("{} 完成值", ind.name),
                style.number(v),
                Some(v),
                "各县区(含市本级)数值之和",
                regional
                    .iter()
                    .map(|a| from_approved(input, ind, a, &style))
                    .collect(),
            )
        } else if let Some(a) = city {
            Figure {
                label: format!("{} 完成值", ind.name),
                value: Some(v),
                text: style.number(v),
                ..from_approved(input, ind, a, &style)
            }
        } else {
            Figure {
                label: format!("{} 完成值", ind.name),
                text: style.number(v),
                value: Some(v),
                source: Source::Unsourced {
                    reason: "台账中的数值找不到对应的审定填报".into(),
                },
            }
        }),
        _ => None,
    };

    // The target: the plan's, or the sum of the regions' targets.
    let target = if !numeric {
        None
    } else if let Some(t) = ind.target {
        Some(plan_figure(
            input,
            format!("{} 年度目标", ind.name),
            t,
            &style,
        ))
    } else {
        crate::rollup::total_target(ind).map(|t| {
            let inputs = ind
                .regions
                .iter()
                .filter_map(|r| {
                    r.target.map(|v| {
                        plan_figure(
                            input,
                            format!("{} {} 目标", ind.name, input.unit_name(r.region_id)),
                            v,
                            &style,
                        )
                    })
                })
                .collect();
            derived(
                format!("{} 年度目标", ind.name),
                style.number(t),
                Some(t),
                "各县区(含市本级)目标之和",
                inputs,
            )
        })
    };

    // Completion and remaining, computed once from the exact values so that 87.2% is
    // never rounded twice on its way to "87".
    let (mut completion, mut remaining) = (None, None);
    if matches!(ind.kind, IndicatorKind::Cumulative | IndicatorKind::Rate)
        && let (Some(v), Some(t)) = (&value, &target)
        && let (Some(vv), Some(tv)) = (v.value, t.value)
    {
        let b = ind.baseline.unwrap_or(Decimal::ZERO);
        let mut inputs = vec![v.clone(), t.clone()];
        let formula = if ind.baseline.is_some() {
            inputs.push(plan_figure(input, format!("{} 基数", ind.name), b, &style));
            "(完成值 − 基数) ÷ (年度目标 − 基数) × 100%"
        } else {
            "完成值 ÷ 年度目标 × 100%"
        };
        if let (Some(done), Some(span)) = (vv.checked_sub(b), tv.checked_sub(b))
            && let Some(c) = done.percent_of(span, 4)
        {
            completion = Some(derived(
                format!("{} 完成率", ind.name),
                pct.number(c),
                Some(c),
                formula,
                inputs,
            ));
        }
        if let Some(r) = tv.checked_sub(vv) {
            let r = r.max(Decimal::ZERO);
            remaining = Some(derived(
                format!("{} 剩余", ind.name),
                style.number(r),
                Some(r),
                "年度目标 − 完成值(不低于0)",
                vec![v.clone(), t.clone()],
            ));
        }
    }

    // Change since the previous issue.
    let change = match (&value, input.previous.as_ref()) {
        (Some(v), Some(prev)) => match (v.value, prev.values.get(&ind.id)) {
            (Some(now), Some(then)) => now.checked_sub(*then).map(|diff| {
                let before = Figure {
                    label: format!("{} 上期值", ind.name),
                    text: style.number(*then),
                    value: Some(*then),
                    source: Source::PreviousIssue {
                        number: prev.number,
                    },
                };
                derived(
                    format!("{} 比上期", ind.name),
                    change_text(diff, &style, &unit),
                    Some(diff),
                    "本期完成值 − 上期完成值",
                    vec![v.clone(), before],
                )
            }),
            _ => None,
        },
        _ => None,
    };

    // Stages: city-wide, or grouped by region.
    let mut stage = None;
    let mut stage_groups: Vec<StageGroup> = Vec::new();
    if ind.kind == IndicatorKind::Stage {
        if let Some(a) = city {
            stage = Some(from_approved(input, ind, a, &style));
        }
        let mut at: Vec<(usize, String, Figure)> = Vec::new();
        for r in &ind.regions {
            // The last approved figure of the region, as the ledger reads it.
            if let Some(a) = regional
                .iter()
                .find(|a| a.figure.region_id == Some(r.region_id))
                && let Reading::Stage(i) = a.figure.reading
            {
                at.push((
                    i,
                    input.unit_name(r.region_id),
                    from_approved(input, ind, a, &style),
                ));
            }
        }
        let mut positions: Vec<usize> = at.iter().map(|(i, ..)| *i).collect();
        positions.sort_unstable();
        positions.dedup();
        for i in positions {
            let here: Vec<&(usize, String, Figure)> = at.iter().filter(|(j, ..)| *j == i).collect();
            let names: Vec<String> = here.iter().map(|(_, n, _)| n.clone()).collect();
            let name = ind.stages.get(i).cloned().unwrap_or_else(|| i.to_string());
            let fig = if here.len() == 1 {
                here[0].2.clone()
            } else {
                derived(
                    format!("{} {}", ind.name, names.join("、")),
                    name.clone(),
                    Some(Decimal::from_int(i as i64)),
                    "所列县区报送的阶段相同",
                    here.iter().map(|(_, _, f)| f.clone()).collect(),
                )
            };
            stage_groups.push(StageGroup {
                stage: fig,
                regions: names,
            });
        }
    }

    // The status, as a figure: a qualitative judgement is the figure itself.
    let inputs: Vec<Figure> = approved
        .iter()
        .map(|a| from_approved(input, ind, a, &style))
        .collect();
    let status_label = format!("{} 状态", ind.name);
    let status_figure = if ind.kind == IndicatorKind::Qualitative && inputs.len() == 1 {
        Figure {
            label: status_label,
            text: status.label_zh().into(),
            value: None,
            source: inputs[0].source.clone(),
        }
    } else if ind.kind == IndicatorKind::Qualitative && inputs.is_empty() {
        Figure {
            text: status.label_zh().into(),
            ..Figure::unsourced(status_label, "本期无审定的评价")
        }
    } else {
        derived(
            status_label,
            status.label_zh().into(),
            None,
            "按完成情况与序时进度判定(阈值见计划设置)",
            inputs,
        )
    };

    let has_reading = !approved.is_empty() || ledger_value.is_some();
    let template = custom
        .and_then(|s| s.template.clone())
        .unwrap_or_else(|| SentenceTemplate::default_for(ind, has_reading));
    Facts {
        ind,
        template,
        unit,
        value,
        target,
        completion,
        remaining,
        change,
        stage,
        stage_groups,
        status,
        status_figure,
    }
}
