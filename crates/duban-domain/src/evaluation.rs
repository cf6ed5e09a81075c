//! 绩效考评: a plan's scheme of weighted criteria, the score of each unit and region
//! for a period, and the league tables.
//!
//! duban computes the criteria it has the data for (progress against the plan curve,
//! reports on time, data-quality warnings, problems rectified on time); evaluators
//! (第三方) enter the third-party score and, where a survey was held, public
//! satisfaction. A criterion that does not apply to a subject this period (no report
//! was due, no problem fell due, no survey) drops out and the others' weights are
//! scaled up to fill its place (缺项按比例折算), so that a unit is neither rewarded nor
//! punished for what it was not asked. A third-party score not yet entered leaves the
//! total provisional: shown, but not ranked.

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::status::{Progress, Status};

mod facts;
mod table;
#[cfg(test)]
mod tests;

pub use facts::{Entry, League, ProblemFact, ReportFact, Source, gather};
pub use table::{Approved, Named, Table, tables, workbook};

/// One thing a unit or region is scored on, 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// 进度: completion against the plan curve, indicator by indicator.
    Progress,
    /// 按时报送: reports submitted by the period's deadline.
    OnTime,
    /// 数据质量: submitted reports with no consistency warning kept.
    DataQuality,
    /// 问题整改: problems due by the cut-off rectified by their deadline.
    Rectification,
    /// 第三方评估: entered by the evaluator.
    ThirdParty,
    /// 群众满意度: entered where a survey was held.
    Satisfaction,
}

impl Criterion {
    pub const ALL: [Criterion; 6] = [
        Criterion::Progress,
        Criterion::OnTime,
        Criterion::DataQuality,
        Criterion::Rectification,
        Criterion::ThirdParty,
        Criterion::Satisfaction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Progress => "progress",
            Criterion::OnTime => "on_time",
            Criterion::DataQuality => "data_quality",
            Criterion::Rectification => "rectification",
            Criterion::ThirdParty => "third_party",
            Criterion::Satisfaction => "satisfaction",
        }
    }

    pub fn parse(s: &str) -> Option<Criterion> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Criterion::Progress => "工作进度",
            Criterion::OnTime => "按时报送",
            Criterion::DataQuality => "数据质量",
            Criterion::Rectification => "问题整改",
            Criterion::ThirdParty => "第三方评估",
            Criterion::Satisfaction => "群众满意度",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Criterion::Progress => "progress against the plan",
            Criterion::OnTime => "reports on time",
            Criterion::DataQuality => "data quality",
            Criterion::Rectification => "problems rectified on time",
            Criterion::ThirdParty => "third-party score",
            Criterion::Satisfaction => "public satisfaction",
        }
    }

    /// Entered by an evaluator rather than computed.
    pub fn is_entered(self) -> bool {
        matches!(self, Criterion::ThirdParty | Criterion::Satisfaction)
    }
}

/// A criterion and its weight in points; a scheme's weights add up to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weight {
    pub criterion: Criterion,
    pub weight: u32,
}

/// A plan's evaluation scheme (考评方案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub weights: Vec<Weight>,
}

impl Scheme {
    /// The scheme a plan starts with until the office sets its own.
    pub fn standard() -> Scheme {
        let w = |criterion, weight| Weight { criterion, weight };
        Scheme {
            weights: vec![
                w(Criterion::Progress, 40),
                w(Criterion::OnTime, 15),
                w(Criterion::DataQuality, 15),
                w(Criterion::Rectification, 15),
                w(Criterion::ThirdParty, 15),
            ],
        }
    }

    /// Parses `(criterion, weight)` pairs: known criteria, each once, whole weights of
    /// 1 to 100 adding up to exactly 100.
    pub fn parse(input: &[(String, i64)]) -> Result<Scheme, Invalid> {
        let mut bad = Invalid::default();
        let mut weights: Vec<Weight> = Vec::new();
        if input.is_empty() {
            bad.push(FieldError::new(
                "criteria",
                "required",
                "考评方案至少要有一项指标",
                "a scheme needs at least one criterion",
            ));
        }
        for (i, (name, weight)) in input.iter().enumerate() {
            let at = format!("criteria/{i}");
            let Some(criterion) = Criterion::parse(name) else {
                bad.push(FieldError::new(
                    format!("{at}/criterion"),
                    "unknown_criterion",
                    format!("没有名为“{name}”的考评指标"),
                    format!("no criterion named {name:?}"),
                ));
                continue;
            };
            if weights.iter().any(|w| w.criterion == criterion) {
                bad.push(FieldError::new(
                    format!("{at}/criterion"),
                    "duplicate",
                    format!("考评指标“{}”重复", criterion.label_zh()),
                    format!("the criterion {} appears twice", criterion.as_str()),
                ));
                continue;
            }
            match u32::try_from(*weight) {
                Ok(w @ 1..=100) => weights.push(Weight {
                    criterion,
                    weight: w,
                }),
                _ => bad.push(FieldError::new(
                    format!("{at}/weight"),
                    "out_of_range",
                    "权重应为1到100之间的整数",
                    "a weight is a whole number from 1 to 100",
                )),
            }
        }
        let total: u32 = weights.iter().map(|w| w.weight).sum();
        if bad.is_empty() && total != 100 {
            bad.push(FieldError::new(
                "criteria",
                "weights_not_100",
                format!("各项权重合计应为100,现为{total}"),
                format!("the weights add up to {total}, not 100"),
            ));
        }
        bad.into_result()?;
        Ok(Scheme { weights })
    }

    pub fn weight_of(&self, c: Criterion) -> Option<u32> {
        self.weights
            .iter()
            .find(|w| w.criterion == c)
            .map(|w| w.weight)
    }
}

/// What duban knows of one subject (a unit, or a region) for a period, and what the
/// evaluators entered for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Where each indicator (or each regional share) the subject answers for stands.
    pub progress: Vec<Progress>,
    /// Reports owed for the period, and how many were submitted by its deadline.
    pub reports_due: u32,
    pub reports_on_time: u32,
    /// Reports submitted, and how many of them carry a consistency warning the
    /// reporter kept.
    pub reports_submitted: u32,
    pub reports_with_warnings: u32,
    /// Problems whose deadline fell by the cut-off, and how many of them were
    /// rectified by it.
    pub problems_due: u32,
    pub problems_rectified_on_time: u32,
    pub third_party: Option<Decimal>,
    pub satisfaction: Option<Decimal>,
}

/// A criterion's result for one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    /// Scored 0–100 (two decimals), with what the score was computed from.
    Scored {
        score: Decimal,
        basis_zh: String,
        basis_en: String,
    },
    /// Does not apply this period; its weight goes to the others.
    NotApplicable { why_zh: String, why_en: String },
    /// Waits for an evaluator's entry; the total is provisional meanwhile.
    Pending,
}

impl Measure {
    pub fn score(&self) -> Option<Decimal> {
        match self {
            Measure::Scored { score, .. } => Some(*score),
            _ => None,
        }
    }
}

/// One line of a score's breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub criterion: Criterion,
    /// The scheme's weight.
    pub weight: u32,
    /// The weight after criteria that do not apply dropped out, in points of 100
    /// (two decimals); None when this one does not count.
    pub effective_weight: Option<Decimal>,
    pub measure: Measure,
    /// Points this line adds to the total (two decimals).
    pub contribution: Option<Decimal>,
}

/// A subject's score for a period with its breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub lines: Vec<Line>,
    /// 0–100, two decimals; None when no criterion could be scored.
    pub total: Option<Decimal>,
    /// False while an entered criterion is pending: the total is provisional.
    pub complete: bool,
}

fn ratio(part: u32, whole: u32) -> Decimal {
    Decimal::from_int(i64::from(part))
        .percent_of(Decimal::from_int(i64::from(whole)), 2)
        .unwrap_or(Decimal::ZERO)
}

fn not_applicable(zh: &str, en: &str) -> Measure {
    Measure::NotApplicable {
        why_zh: zh.into(),
        why_en: en.into(),
    }
}

/// One indicator's progress score: completion over the schedule where both are
/// known (capped at 100), else what its status says. None for an indicator with no
/// approved figure yet (待评估): that shows in the reporting criteria instead.
pub fn progress_score(p: &Progress) -> Option<Decimal> {
    let nothing_due = p.schedule.is_none_or(|s| s <= Decimal::ZERO);
    if let (Some(c), Some(s)) = (p.completion, p.schedule)
        && s > Decimal::ZERO
    {
        return Some(c.percent_of(s, 4)?.min(Decimal::HUNDRED).max(Decimal::ZERO));
    }
    let points = match p.status {
        Status::Exceeded | Status::Done | Status::OnTrack => 100,
        Status::AtRisk => 80,
        Status::Lagging => 60,
        Status::SeriouslyLagging => 30,
        Status::NotStarted if nothing_due => 100,
        Status::NotStarted => 0,
        Status::Unassessed => return None,
    };
    Some(Decimal::from_int(points))
}

fn measure(c: Criterion, f: &Facts) -> Measure {
    let scored = |score: Decimal, zh: String, en: String| Measure::Scored {
        score,
        basis_zh: zh,
        basis_en: en,
    };
    match c {
        Criterion::Progress => {
            let scores: Vec<Decimal> = f.progress.iter().filter_map(progress_score).collect();
            if scores.is_empty() {
                return not_applicable("本期没有可评估的指标", "no indicator could be judged");
            }
            let sum = scores
                .iter()
                .fold(Decimal::ZERO, |a, s| a.checked_add(*s).unwrap_or(a));
            let n = Decimal::from_int(scores.len() as i64);
            let mean = sum
                .mul_div(Decimal::from_int(1), n)
                .unwrap_or(Decimal::ZERO)
                .round(2);
            scored(
                mean,
                format!("{}项指标对照序时进度的平均得分", scores.len()),
                format!(
                    "mean over {} indicator(s) against the plan curve",
                    scores.len()
                ),
            )
        }
        Criterion::OnTime if f.reports_due == 0 => {
            not_applicable("本期无应报事项", "no report was due")
        }
        Criterion::OnTime => scored(
            ratio(f.reports_on_time, f.reports_due),
            format!("应报{}份,按时{}份", f.reports_due, f.reports_on_time),
            format!(
                "{} of {} due report(s) on time",
                f.reports_on_time, f.reports_due
            ),
        ),
        Criterion::DataQuality if f.reports_submitted == 0 => {
            not_applicable("本期未报送", "nothing was submitted")
        }
        Criterion::DataQuality => scored(
            ratio(
                f.reports_submitted - f.reports_with_warnings.min(f.reports_submitted),
                f.reports_submitted,
            ),
            format!(
                "报送{}份,其中{}份保留了一致性提示",
                f.reports_submitted, f.reports_with_warnings
            ),
            format!(
                "{} of {} submitted report(s) kept a consistency warning",
                f.reports_with_warnings, f.reports_submitted
            ),
        ),
        Criterion::Rectification if f.problems_due == 0 => {
            not_applicable("本期无到期问题", "no problem fell due")
        }
        Criterion::Rectification => scored(
            ratio(f.problems_rectified_on_time, f.problems_due),
            format!(
                "到期问题{}个,按期整改{}个",
                f.problems_due, f.problems_rectified_on_time
            ),
            format!(
                "{} of {} problem(s) due rectified on time",
                f.problems_rectified_on_time, f.problems_due
            ),
        ),
        Criterion::ThirdParty => match f.third_party {
            Some(s) => scored(s, "评估单位评分".into(), "the evaluator's score".into()),
            None => Measure::Pending,
        },
        Criterion::Satisfaction => match f.satisfaction {
            Some(s) => scored(s, "满意度调查得分".into(), "the survey's score".into()),
            None => not_applicable("本期未开展满意度调查", "no survey this period"),
        },
    }
}

/// Scores a subject under a scheme.
pub fn evaluate(scheme: &Scheme, facts: &Facts) -> Evaluation {
    let measured: Vec<(Weight, Measure)> = scheme
        .weights
        .iter()
        .map(|w| (*w, measure(w.criterion, facts)))
        .collect();
    let counted: i64 = measured
        .iter()
        .filter(|(_, m)| m.score().is_some())
        .map(|(w, _)| i64::from(w.weight))
        .sum();
    let counted = Decimal::from_int(counted);
    // The total is computed from the exact weighted sum and rounded once, so that it
    // does not drift from rounding each contribution first.
    let mut weighted = Decimal::ZERO;
    let lines = measured
        .into_iter()
        .map(|(w, m)| {
            let share = m.score().map(|_| Decimal::from_int(i64::from(w.weight)));
            let effective = share.and_then(|s| s.percent_of(counted, 2));
            let contribution = m.score().zip(share).and_then(|(score, s)| {
                let exact = score.mul_div(s, counted)?;
                weighted = weighted.checked_add(exact).unwrap_or(weighted);
                Some(exact.round(2))
            });
            Line {
                criterion: w.criterion,
                weight: w.weight,
                effective_weight: effective,
                measure: m,
                contribution,
            }
        })
        .collect::<Vec<_>>();
    let complete = !lines.iter().any(|l| l.measure == Measure::Pending);
    let total = (!counted.is_zero()).then(|| weighted.round(2));
    Evaluation {
        lines,
        total,
        complete,
    }
}

/// A subject's place in a league table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked<S> {
    pub subject: S,
    /// 1-based; equal totals share a place (1, 2, 2, 4). None while the total is
    /// provisional or missing: such subjects follow the ranked ones.
    pub rank: Option<u32>,
    pub evaluation: Evaluation,
}

/// Orders subjects by total, highest first, and gives them their places; ties keep
/// the order they came in.
pub fn league<S>(rows: Vec<(S, Evaluation)>) -> Vec<Ranked<S>> {
    let (mut ranked, unranked): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(_, e)| e.complete && e.total.is_some());
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1.total));
    let mut out: Vec<Ranked<S>> = Vec::new();
    for (i, (subject, evaluation)) in ranked.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.evaluation.total == evaluation.total => prev.rank,
            _ => Some(i as u32 + 1),
        };
        out.push(Ranked {
            subject,
            rank,
            evaluation,
        });
    }
    out.extend(unranked.into_iter().map(|(subject, evaluation)| Ranked {
        subject,
        rank: None,
        evaluation,
    }));
    out
}

/// An evaluator's entered score: 0 to 100 with at most two decimals.
pub fn parse_entered(field: &str, v: Decimal) -> Result<Decimal, FieldError> {
    if v < Decimal::ZERO || v > Decimal::HUNDRED || v.round(2) != v {
        return Err(FieldError::new(
            field,
            "out_of_range",
            "评分应在0到100之间,最多两位小数",
            "a score is from 0 to 100 with at most two decimals",
        ));
    }
    Ok(v)
}
