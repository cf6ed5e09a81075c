//! The bulletin as a document (督查专报): header, title, overview, the three sections of
//! the seed (一、工作开展情况 二、存在的问题 三、意见建议) and an annex table of every
//! indicator. Renderers (Markdown, HTML, DOCX, PDF) take this model and add nothing
//! but layout.
//!
//! Text is made of [`Span`]s: plain text or a [`Figure`]. Every figure carries the
//! text printed, its value and its [`Source`], so each one can be traced to the
//! approved report version it came from, or to the figures it was computed from. A
//! figure without an approved source is kept, marked, and blocks issuing
//! ([`Bulletin::issue_blockers`]).
//!
//! The JSON form (serde) carries every source. Only `Vec`s keep order: the same
//! bulletin always serializes to the same bytes.

use serde::{Deserialize, Serialize};

use crate::date::{Date, beijing_time};
use crate::decimal::Decimal;
use crate::ids::{AreaId, IndicatorId, ItemId, PeriodId, PlanId, ReportId, UnitId, UserId};
use crate::period::PeriodLabel;
use crate::status::Status;

use super::charts::Charts;

/// The approved report version a figure was taken from: who reported it, who approved
/// it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSource {
    pub report_id: ReportId,
    /// The version approved (a correction is a new version).
    pub version: i64,
    /// The reporting unit.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub approver_id: UserId,
    pub approver_name: String,
    /// When it was approved: epoch milliseconds, as the store records events.
    pub approved_at: i64,
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Reported by a unit and approved by the office.
    Report(ReportSource),
    /// A target of the approved year's plan.
    Plan { plan_id: PlanId, plan_title: String },
    /// Fiscal figures the office entered with the reporting period.
    Period {
        period_id: PeriodId,
        label: PeriodLabel,
    },
    /// A figure printed in an earlier issue of the bulletin (issued, so itself sourced).
    PreviousIssue { number: u32 },
    /// Computed from other figures: the formula in words and its inputs.
    Derived {
        formula: String,
        inputs: Vec<Figure>,
    },
    /// No approved source: printed, marked, and blocks issuing.
    Unsourced { reason: String },
}

impl Source {
    /// One line in Chinese saying where the figure comes from, for a sources annex.
    pub fn describe_zh(&self) -> String {
        match self {
            Source::Report(r) => format!(
                "{}填报(填报编号{},第{}版),{}于{}(北京时间)审定通过",
                r.unit_name,
                r.report_id,
                r.version,
                r.approver_name,
                beijing_time(r.approved_at)
            ),
            Source::Plan { plan_title, .. } => format!("《{plan_title}》年度目标"),
            Source::Period { label, .. } => format!("{label}报告期财政数据(督查室录入)"),
            Source::PreviousIssue { number } => format!("第{number}期专报"),
            Source::Derived { formula, inputs } => {
                if inputs.is_empty() {
                    format!("计算:{formula}")
                } else {
                    let parts: Vec<String> = inputs
                        .iter()
                        .map(|f| format!("{} {}〔{}〕", f.label, f.text, f.source.describe_zh()))
                        .collect();
                    format!("计算:{formula};依据:{}", parts.join(";"))
                }
            }
            Source::Unsourced { reason } => format!("无审定来源:{reason}"),
        }
    }
}

/// A figure as printed, with its value and source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// What the figure is: "产业扶贫项目方案编制 完成值".
    pub label: String,
    /// As printed: "3.5", "87", "规划设计", "××" when missing.
    pub text: String,
    /// The exact value behind the text, when it is a number (a stage: its position).
    pub value: Option<Decimal>,
    pub source: Source,
}

/// What a missing number prints as, the drafting convention for a figure to be filled.
pub const MISSING: &str = "××";

impl Figure {
    /// A figure with no approved source.
    pub fn unsourced(label: impl Into<String>, reason: impl Into<String>) -> Figure {
        Figure {
            label: label.into(),
            text: MISSING.to_string(),
            value: None,
            source: Source::Unsourced {
                reason: reason.into(),
            },
        }
    }

    /// Sourced all the way down: no input of a derivation is unsourced.
    pub fn is_sourced(&self) -> bool {
        match &self.source {
            Source::Unsourced { .. } => false,
            Source::Derived { inputs, .. } => inputs.iter().all(Figure::is_sourced),
            _ => true,
        }
    }

    /// The unsourced figures this one rests on (itself, or inputs of its derivation).
    pub fn unsourced_leaves(&self) -> Vec<&Figure> {
        match &self.source {
            Source::Unsourced { .. } => vec![self],
            Source::Derived { inputs, .. } => {
                inputs.iter().flat_map(Figure::unsourced_leaves).collect()
            }
            _ => vec![],
        }
    }
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    Text(String),
    Figure(Figure),
}

/// A run of spans: a clause, a passage, a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Paragraph(pub Vec<Span>);

impl Paragraph {
    pub fn text(s: impl Into<String>) -> Paragraph {
        Paragraph(vec![Span::Text(s.into())])
    }

    /// Appends text, merging with a text span before it.
    pub fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Span::Text(t)) = self.0.last_mut() {
            t.push_str(s);
        } else {
            self.0.push(Span::Text(s.to_string()));
        }
    }

    pub fn push_figure(&mut self, f: Figure) {
        self.0.push(Span::Figure(f));
    }

    /// Appends another paragraph's spans.
    pub fn append(&mut self, other: Paragraph) {
        for s in other.0 {
            match s {
                Span::Text(t) => self.push_text(&t),
                Span::Figure(f) => self.push_figure(f),
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text as printed, figures included, with no marks.
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Span::Text(t) => t.as_str(),
                Span::Figure(f) => f.text.as_str(),
            })
            .collect()
    }

    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.0.iter().filter_map(|s| match s {
            Span::Figure(f) => Some(f),
            Span::Text(_) => None,
        })
    }
}

/// The masthead: 督查专报 / 市政府督查室 / 第17期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The series: 督查专报, 督查通报.
    pub series: String,
    pub year: i32,
    pub number: u32,
    /// "第17期"
    pub number_label: String,
    /// 市政府督查室
    pub issuer: String,
    /// The date printed on the issue, when set.
    pub date: Option<Date>,
}

/// One status in the overview: how many items, their share, and the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusShare {
    pub status: Status,
    pub label: String,
    pub count: Figure,
    /// Percent of all items; the shares printed add up to exactly 100.
    pub share: Figure,
    /// Items more (or fewer) than in the previous issue, when it is known.
    pub change: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// The office's opening words (今年以来,全市各级各部门……).
    pub intro: Option<String>,
    /// 1-5月份全市民生支出248.2亿元,增长3.6%,占财政支出比重达81.4%。
    pub fiscal: Option<Paragraph>,
    /// 截至5月底,20项重点民生实事中,已完成…,正常推进…。
    pub status: Paragraph,
    pub shares: Vec<StatusShare>,
}

/// One item's passage in section 一.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub item_id: ItemId,
    pub item_number: i64,
    pub item_title: String,
    /// The clauses, without the closing punctuation.
    pub body: Paragraph,
    /// ";" between passages of an area, "。" after the last, as in the seed.
    pub end: String,
    /// The office rewrote the drafted text.
    pub edited: bool,
}

/// (一)特殊群体关爱服务保障方面。 and its passages, printed as one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSection {
    pub area_id: AreaId,
    pub heading: String,
    pub passages: Vec<Passage>,
}

/// 一、工作开展情况
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressSection {
    pub heading: String,
    pub areas: Vec<AreaSection>,
}

/// 二、存在的问题: the office's own points, then what the ledger shows (lagging items by
/// region and unit, problems not yet rectified), numbered 一是、二是…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemsSection {
    pub heading: String,
    pub paragraphs: Vec<Paragraph>,
}

/// 三、意见建议: the office's text, paragraph by paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationsSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// One indicator in the annex table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexRow {
    pub item_id: ItemId,
    pub item_number: i64,
    pub item_title: String,
    pub indicator_id: IndicatorId,
    pub indicator_name: String,
    /// As printed after the numbers ("万人" when printed in 万).
    pub unit: String,
    pub target: Option<Figure>,
    /// The value, or for a stage indicator the stage(s) reached.
    pub value: Option<Figure>,
    /// Percent, no "%".
    pub completion: Option<Figure>,
    /// Since the previous issue: "增加12个".
    pub change: Option<Figure>,
    pub status: Status,
    pub status_label: String,
    pub lead_unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annex {
    pub title: String,
    pub rows: Vec<AnnexRow>,
}

/// A drafted bulletin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bulletin {
    pub header: Header,
    /// 20项重点民生实事进展情况报告
    pub title: String,
    pub overview: Overview,
    /// Printed after the overview. Absent from the JSON when empty, as in bulletins
    /// issued before charts were drawn.
    #[serde(default, skip_serializing_if = "Charts::is_empty")]
    pub charts: Charts,
    pub progress: ProgressSection,
    pub problems: ProblemsSection,
    pub recommendations: RecommendationsSection,
    pub annex: Annex,
}

/// Why the bulletin cannot be issued yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueBlocker {
    pub code: &'static str,
    pub location: String,
    pub message_zh: String,
    pub message_en: String,
}

impl Bulletin {
    /// Every figure printed, in document order, with where it is printed. Locations are
    /// built once per call and borrowed by the result.
    pub fn figures(&self) -> Vec<(String, &Figure)> {
        let mut out: Vec<(String, &Figure)> = Vec::new();
        let ov = "概述".to_string();
        if let Some(p) = &self.overview.fiscal {
            out.extend(p.figures().map(|f| (ov.clone(), f)));
        }
        out.extend(self.overview.status.figures().map(|f| (ov.clone(), f)));
        out.extend(self.charts.figures());
        for a in &self.progress.areas {
            for p in &a.passages {
                let loc = format!(
                    "{} / {} / 第{}项 {}",
                    self.progress.heading, a.heading, p.item_number, p.item_title
                );
                out.extend(p.body.figures().map(|f| (loc.clone(), f)));
            }
        }
        for (n, p) in self.problems.paragraphs.iter().enumerate() {
            let loc = format!("{} / 第{}段", self.problems.heading, n + 1);
            out.extend(p.figures().map(|f| (loc.clone(), f)));
        }
        for r in &self.annex.rows {
            let loc = format!(
                "{} / 第{}项 {}",
                self.annex.title, r.item_number, r.indicator_name
            );
            for f in [&r.target, &r.value, &r.completion, &r.change]
                .into_iter()
                .flatten()
            {
                out.push((loc.clone(), f));
            }
        }
        out
    }

    /// What stands in the way of issuing: every figure printed without an approved
    /// source (or computed from one), and missing recommendations. Empty: may be issued.
    pub fn issue_blockers(&self) -> Vec<IssueBlocker> {
        let mut out = unsourced(self.figures());
        if self
            .recommendations
            .paragraphs
            .iter()
            .all(|p| p.trim().is_empty())
        {
            out.push(IssueBlocker {
                code: "no_recommendations",
                location: self.recommendations.heading.clone(),
                message_zh: "意见建议尚未填写".into(),
                message_en: "the recommendations are not written yet".into(),
            });
        }
        out
    }

    /// No blocker: every figure is sourced and the office's text is there.
    pub fn can_issue(&self) -> bool {
        self.issue_blockers().is_empty()
    }
}

/// A blocker for every figure among `figures` printed without an approved source (or
/// computed from one without).
pub(super) fn unsourced(figures: Vec<(String, &Figure)>) -> Vec<IssueBlocker> {
    let mut out = Vec::new();
    for (loc, f) in figures {
        for leaf in f.unsourced_leaves() {
            let reason = match &leaf.source {
                Source::Unsourced { reason } => reason.as_str(),
                _ => "",
            };
            out.push(IssueBlocker {
                code: "unsourced_figure",
                location: loc.clone(),
                message_zh: format!("数据“{}”({})无审定来源:{reason}", f.text, f.label),
                message_en: format!(
                    "figure “{}” ({}) has no approved source: {reason}",
                    f.text, leaf.label
                ),
            });
        }
    }
    out
}

impl Figure {
    /// Applies `f` to this figure and to every figure it was derived from.
    pub(super) fn visit(&mut self, f: &mut impl FnMut(&mut Figure)) {
        f(self);
        if let Source::Derived { inputs, .. } = &mut self.source {
            for i in inputs {
                i.visit(f);
            }
        }
    }
}

impl Paragraph {
    pub(super) fn visit(&mut self, f: &mut impl FnMut(&mut Figure)) {
        for s in &mut self.0 {
            if let Span::Figure(x) = s {
                x.visit(f);
            }
        }
    }
}

impl AnnexRow {
    pub(super) fn visit(&mut self, f: &mut impl FnMut(&mut Figure)) {
        for x in [
            &mut self.target,
            &mut self.value,
            &mut self.completion,
            &mut self.change,
        ]
        .into_iter()
        .flatten()
        {
            x.visit(f);
        }
    }
}

impl Bulletin {
    /// Applies `f` to every figure, wherever it is printed or derived from.
    fn visit_figures(&mut self, f: &mut impl FnMut(&mut Figure)) {
        if let Some(p) = &mut self.overview.fiscal {
            p.visit(f);
        }
        self.overview.status.visit(f);
        for s in &mut self.overview.shares {
            s.count.visit(f);
            s.share.visit(f);
            if let Some(c) = &mut s.change {
                c.visit(f);
            }
        }
        for x in self.charts.figures_mut() {
            x.visit(f);
        }
        for a in &mut self.progress.areas {
            for p in &mut a.passages {
                p.body.visit(f);
            }
        }
        for p in &mut self.problems.paragraphs {
            p.visit(f);
        }
        for r in &mut self.annex.rows {
            r.visit(f);
        }
    }

    /// The bulletin as the public reads it: each figure still names the unit that
    /// reported it and when it was approved, but no person — the approver is named by
    /// the issuing office.
    pub fn for_the_public(&self) -> Bulletin {
        let mut b = self.clone();
        let issuer = b.header.issuer.clone();
        b.visit_figures(&mut |x| name_no_approver(x, &issuer));
        b
    }
}

/// What the public reads of a figure's source: the approving office, named `by`,
/// instead of the person who approved it.
pub(super) fn name_no_approver(x: &mut Figure, by: &str) {
    if let Source::Report(r) = &mut x.source {
        r.approver_name = by.to_string();
        r.approver_id = crate::ids::UserId(0);
    }
}
