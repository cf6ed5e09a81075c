//! Data-quality risk (数据质量风险): a score per unit and per item from what the
//! approved reports show, each part explained with its weight and its evidence, and
//! from the scores a proposed spot-check list (抽查清单) for the office.
//!
//! # Parts and weights
//!
//! | part | what counts | points each |
//! | --- | --- | --- |
//! | a consistency rule fired (`checks::Rule`) and was let through with a reason | each warning kept on an approved report | by rule: [`rule_weight`] |
//! | figures copied forward (照抄上期) | a report whose every figure equals the same unit's figures on the item in the previous period | 5 |
//! | regions that add up exactly while the total was edited (分区凑数) | an indicator whose regional figures sum exactly to its total in the approved version, though the total was changed between versions | 8 |
//! | heaping on round numbers (凑整) | at least [`HEAP_MIN`] figures of 20 or more, at least half of them multiples of 10 (about a tenth would be by chance) | 10, once |
//!
//! The score is the sum of the parts' points, capped at 100. Copied figures and jumps
//! to the target just before the deadline are also rules (`CopiedUnchanged`,
//! `LastMinuteJump`); they count as rules there, and the pattern across periods above
//! catches copying the rule's threshold lets through.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::checks::Rule;
use crate::decimal::Decimal;
use crate::ids::{IndicatorId, ItemId, UnitId};
use crate::period::PeriodLabel;
use crate::report::{Figure, Reading};

/// Figures of at least this many are needed before heaping is judged.
pub const HEAP_MIN: usize = 5;
/// Points for heaping on round numbers.
pub const HEAP_WEIGHT: u32 = 10;
/// Points per report of copied-forward figures.
pub const COPIED_WEIGHT: u32 = 5;
/// Points per indicator whose regions add up exactly to an edited total.
pub const FITTED_WEIGHT: u32 = 8;
/// Scores at or above this are proposed for a spot check by default.
pub const SPOT_CHECK_FROM: u32 = 10;

/// Points per kept warning of `rule`: figures that cannot be right weigh most.
pub fn rule_weight(rule: Rule) -> u32 {
    match rule {
        Rule::CumulativeFell => 8,
        Rule::RegionsDoNotAddUp => 6,
        Rule::StageContradictsFigures => 6,
        Rule::LastMinuteJump => 6,
        Rule::CopiedUnchanged => 5,
        Rule::FarBeyondPlan => 4,
    }
}

/// A warning kept on an approved report, with the reason given to let it through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRule {
    pub rule: Rule,
    pub indicator_id: IndicatorId,
    pub reason: String,
}

/// One unit's approved report on one item for one period, as the score reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub report_id: i64,
    pub unit_id: UnitId,
    pub item_id: ItemId,
    pub period: PeriodLabel,
    /// The warnings kept on the approved version.
    pub warnings: Vec<KeptRule>,
    /// Every version's figures, oldest first; the last is the approved one.
    pub versions: Vec<Vec<Figure>>,
}

impl ReportRecord {
    fn approved(&self) -> &[Figure] {
        self.versions.last().map(Vec::as_slice).unwrap_or(&[])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Rule(Rule),
    CopiedForward,
    FittedRegions,
    RoundNumbers,
}

impl PartKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            PartKind::Rule(r) => r.label_zh(),
            PartKind::CopiedForward => "照抄上期数据",
            PartKind::FittedRegions => "分区域恰好等于修改后的合计",
            PartKind::RoundNumbers => "数据集中于整数",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PartKind::Rule(Rule::CumulativeFell) => "Cumulative figure fell",
            PartKind::Rule(Rule::RegionsDoNotAddUp) => "Regions do not add up",
            PartKind::Rule(Rule::StageContradictsFigures) => "Stage contradicts figures",
            PartKind::Rule(Rule::FarBeyondPlan) => "Far beyond the plan",
            PartKind::Rule(Rule::CopiedUnchanged) => "Unchanged for several periods",
            PartKind::Rule(Rule::LastMinuteJump) => "Jump just before the deadline",
            PartKind::CopiedForward => "Figures copied from the previous period",
            PartKind::FittedRegions => "Regions add up exactly to an edited total",
            PartKind::RoundNumbers => "Heaping on round numbers",
        }
    }
}

/// One piece of evidence: the report it is in and what was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub report_id: i64,
    pub period: String,
    pub note: String,
}

/// One part of a score: what it is, its weight, how often it was seen, its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub kind: PartKind,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub weight: u32,
    pub count: u32,
    pub points: u32,
    pub evidence: Vec<Evidence>,
}

/// A unit's or an item's score, 0–100, with its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub score: u32,
    pub reports: u32,
    pub parts: Vec<Part>,
}

fn numbers(figures: &[Figure]) -> Vec<(IndicatorId, Option<UnitId>, Decimal)> {
    figures
        .iter()
        .filter_map(|f| match f.reading {
            Reading::Value(v) => Some((f.indicator_id, f.region_id, v)),
            _ => None,
        })
        .collect()
}

fn evidence(r: &ReportRecord, note: String) -> Evidence {
    Evidence {
        report_id: r.report_id,
        period: r.period.to_string(),
        note,
    }
}

/// The score of a set of reports (one unit's, or one item's): `all` gives every
/// record, so that a report's previous period can be found.
pub fn score(mine: &[&ReportRecord], all: &[ReportRecord]) -> Score {
    let mut parts: BTreeMap<PartKind, (u32, Vec<Evidence>)> = BTreeMap::new();
    let mut add = |k: PartKind, e: Evidence| {
        let slot = parts.entry(k).or_default();
        slot.0 += 1;
        slot.1.push(e);
    };
    for r in mine {
        for w in &r.warnings {
            add(
                PartKind::Rule(w.rule),
                evidence(r, format!("指标{}:{}", w.indicator_id, w.reason)),
            );
        }
        // The same unit's report on the item for the latest earlier period.
        let previous = all
            .iter()
            .filter(|p| p.unit_id == r.unit_id && p.item_id == r.item_id && p.period < r.period)
            .max_by_key(|p| p.period);
        if let Some(p) = previous {
            let (now, then) = (numbers(r.approved()), numbers(p.approved()));
            if !now.is_empty() && now == then {
                add(
                    PartKind::CopiedForward,
                    evidence(r, format!("{}个数据与{}完全相同", now.len(), p.period)),
                );
            }
        }
        for (ind, fitted) in fitted_regions(r) {
            if fitted {
                add(
                    PartKind::FittedRegions,
                    evidence(r, format!("指标{ind}:合计经修改,分区域之和恰好等于新合计")),
                );
            }
        }
    }
    let all_numbers: Vec<Decimal> = mine
        .iter()
        .flat_map(|r| numbers(r.approved()))
        .map(|(_, _, v)| v)
        .filter(|v| *v >= Decimal::from_int(20))
        .collect();
    let round = all_numbers
        .iter()
        .filter(|v| v.scaled() % Decimal::from_int(10).scaled() == 0)
        .count();
    if all_numbers.len() >= HEAP_MIN && round * 2 >= all_numbers.len() {
        parts.insert(
            PartKind::RoundNumbers,
            (
                1,
                vec![Evidence {
                    report_id: mine.first().map_or(0, |r| r.report_id),
                    period: String::new(),
                    note: format!("{}个20以上的数据中{round}个是10的整数倍", all_numbers.len()),
                }],
            ),
        );
    }
    let parts: Vec<Part> = parts
        .into_iter()
        .map(|(kind, (count, evidence))| {
            let weight = match kind {
                PartKind::Rule(r) => rule_weight(r),
                PartKind::CopiedForward => COPIED_WEIGHT,
                PartKind::FittedRegions => FITTED_WEIGHT,
                PartKind::RoundNumbers => HEAP_WEIGHT,
            };
            Part {
                kind,
                label_zh: kind.label_zh(),
                label_en: kind.label_en(),
                weight,
                count,
                points: weight * count,
                evidence,
            }
        })
        .collect();
    let total: u32 = parts.iter().map(|p| p.points).sum();
    Score {
        score: total.min(100),
        reports: mine.len() as u32,
        parts,
    }
}

/// Per indicator with a total and regional figures in the approved version: whether
/// the regions sum exactly to the total while the total differs from an earlier
/// version's.
fn fitted_regions(r: &ReportRecord) -> Vec<(IndicatorId, bool)> {
    let approved = numbers(r.approved());
    let totals: Vec<(IndicatorId, Decimal)> = approved
        .iter()
        .filter(|(_, region, _)| region.is_none())
        .map(|(i, _, v)| (*i, *v))
        .collect();
    totals
        .into_iter()
        .filter_map(|(ind, total)| {
            let regions: Vec<Decimal> = approved
                .iter()
                .filter(|(i, region, _)| *i == ind && region.is_some())
                .map(|(_, _, v)| *v)
                .collect();
            if regions.is_empty() {
                return None;
            }
            let sum = regions
                .iter()
                .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))?;
            let edited = r.versions.iter().rev().skip(1).any(|v| {
                numbers(v)
                    .iter()
                    .any(|(i, region, old)| *i == ind && region.is_none() && *old != total)
            });
            Some((ind, sum == total && edited))
        })
        .collect()
}

/// Who or what a score is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Unit(UnitId),
    Item(ItemId),
}

impl Subject {
    pub fn kind(self) -> &'static str {
        match self {
            Subject::Unit(_) => "unit",
            Subject::Item(_) => "item",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Subject::Unit(u) => u.0,
            Subject::Item(i) => i.0,
        }
    }

    pub fn parse(kind: &str, id: i64) -> Option<Subject> {
        match kind {
            "unit" => Some(Subject::Unit(UnitId(id))),
            "item" => Some(Subject::Item(ItemId(id))),
            _ => None,
        }
    }
}

/// Every unit's and every item's score over `records`, units first, each by id.
pub fn scores(records: &[ReportRecord]) -> Vec<(Subject, Score)> {
    let mut by: BTreeMap<Subject, Vec<&ReportRecord>> = BTreeMap::new();
    for r in records {
        by.entry(Subject::Unit(r.unit_id)).or_default().push(r);
        by.entry(Subject::Item(r.item_id)).or_default().push(r);
    }
    by.into_iter()
        .map(|(s, mine)| (s, score(&mine, records)))
        .collect()
}

/// The proposed spot-check list: subjects scoring at least `from`, the highest first
/// (then units before items, then by id), at most `limit`.
pub fn spot_checks(scores: &[(Subject, Score)], from: u32, limit: usize) -> Vec<(Subject, Score)> {
    let mut list: Vec<(Subject, Score)> = scores
        .iter()
        .filter(|(_, s)| s.score >= from && s.score > 0)
        .cloned()
        .collect();
    list.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.cmp(&b.0)));
    list.truncate(limit);
    list
}

/// What the office found when it checked (抽查结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 数据属实: the figures stand.
    Confirmed,
    /// 发现不实: the figures were wrong; a problem should follow.
    Discrepancy,
    /// 已更正: wrong, and already corrected by a new version.
    Corrected,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Confirmed, Outcome::Discrepancy, Outcome::Corrected];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Confirmed => "confirmed",
            Outcome::Discrepancy => "discrepancy",
            Outcome::Corrected => "corrected",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Outcome::Confirmed => "数据属实",
            Outcome::Discrepancy => "发现不实",
            Outcome::Corrected => "已更正",
        }
    }
}

/// A spot check the office recorded: of whom, the score when proposed, the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpotCheck {
    pub id: i64,
    pub plan_id: crate::ids::PlanId,
    pub subject: Subject,
    pub score: u32,
    pub outcome: Outcome,
    pub note: String,
    pub checked_by: crate::ids::UserId,
    pub checked_at: i64,
}

/// A spot check's fields, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpotCheckFields {
    pub subject: Subject,
    pub score: u32,
    pub outcome: Outcome,
    pub note: String,
}

impl SpotCheckFields {
    /// From raw input: a known subject kind, an outcome, a note of 1–2000 characters.
    pub fn parse(
        kind: &str,
        id: i64,
        score: i64,
        outcome: &str,
        note: &str,
    ) -> Result<SpotCheckFields, crate::error::Invalid> {
        use crate::error::{FieldError, Invalid};
        let mut errs = Vec::new();
        let subject = Subject::parse(kind, id);
        if subject.is_none() || id <= 0 {
            errs.push(FieldError::new(
                "subject",
                "unknown_subject",
                "抽查对象须为 unit 或 item 及其编号",
                "the subject must be a unit or an item with its id",
            ));
        }
        let outcome_v = Outcome::parse(outcome);
        if outcome_v.is_none() {
            errs.push(FieldError::new(
                "outcome",
                "unknown_outcome",
                "抽查结果须为 confirmed、discrepancy 或 corrected",
                "the outcome must be confirmed, discrepancy or corrected",
            ));
        }
        let note = note.trim();
        if note.is_empty() || note.chars().count() > 2000 {
            errs.push(FieldError::new(
                "note",
                "bad_note",
                "须写明抽查情况(1至2000字)",
                "say what was checked (1 to 2000 characters)",
            ));
        }
        if !(0..=100).contains(&score) {
            errs.push(FieldError::new(
                "score",
                "bad_score",
                "分值须在0至100之间",
                "the score must be between 0 and 100",
            ));
        }
        match (subject, outcome_v) {
            (Some(subject), Some(outcome)) if errs.is_empty() => Ok(SpotCheckFields {
                subject,
                score: score as u32,
                outcome,
                note: note.to_string(),
            }),
            _ => Err(Invalid(errs)),
        }
    }
}

#[cfg(test)]
mod tests;
