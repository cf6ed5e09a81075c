//! What drafting a bulletin takes: a plain struct the storage layer fills.
//!
//! The plan and its parts, the ledger already evaluated from the approved figures, and
//! those figures again with the report versions they came from, so that every figure
//! drafted can name its source. Then the office's choices: templates and number styles
//! per indicator, and its edits.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::decimal::Decimal;
use crate::ids::{AreaId, IndicatorId, ItemId};
use crate::indicator::Indicator;
use crate::ledger::Ledger;
use crate::period::Period;
use crate::plan::{Area, Item, Plan};
use crate::problem::Problem;
use crate::report::Figure as Reading;
use crate::rollup::StatusCounts;
use crate::trend::TrendPoint;
use crate::unit::Unit;

use super::model::ReportSource;
use super::number::NumberStyle;
use super::template::SentenceTemplate;

/// One approved figure and the report version it came from (the store's
/// `approved_figures(period, as_of)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedFigure {
    pub figure: Reading,
    pub source: ReportSource,
}

/// The issue being drafted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueInfo {
    /// 督查专报
    pub series: String,
    /// 17 prints as 第17期.
    pub number: u32,
    /// 市政府督查室
    pub issuer: String,
    /// The date printed on the issue; also the day problems are judged overdue on
    /// (the period's cut-off when none).
    pub date: Option<Date>,
    /// The report's title; by default the plan's title + 进展情况报告.
    pub title: Option<String>,
    /// Decimals of the shares in the overview (default 0).
    pub share_decimals: u8,
}

impl IssueInfo {
    /// Issue `number` of 督查专报 by 市政府督查室, undated.
    pub fn new(number: u32) -> IssueInfo {
        IssueInfo {
            series: "督查专报".into(),
            number,
            issuer: "市政府督查室".into(),
            date: None,
            title: None,
            share_decimals: 0,
        }
    }
}

/// How one indicator reads; defaults apply to whatever is left unset. Stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorStyle {
    /// Default: [`SentenceTemplate::default_for`].
    pub template: Option<SentenceTemplate>,
    /// For value, target and remaining. Default: [`NumberStyle::of`] the indicator.
    pub number: Option<NumberStyle>,
    /// Decimals of `{completion}` (default 0: the seed prints 87%, 81%).
    pub completion_decimals: Option<u8>,
}

/// Where an item's narrative goes in its passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativePlace {
    /// Before the figures, as the seed mostly does: "加大产业扶贫项目推进力度,已完成…".
    #[default]
    Before,
    /// After them: "…已核查摸排完毕并落实安置措施,保障其接受义务教育的权利".
    After,
}

/// Words of an item's passage besides its figures (from the approved report or the
/// office). Printed as given: no figure in it is traced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    pub text: String,
    pub place: NarrativePlace,
}

/// What the previous issue printed, for "比上期增加…".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreviousIssue {
    pub number: u32,
    /// Each indicator's value as printed then, in the indicator's unit.
    pub values: BTreeMap<IndicatorId, Decimal>,
    /// The items by status then.
    pub counts: Option<StatusCounts>,
}

/// The office's edits to the draft. Stored as JSON with the draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OfficeEdits {
    /// Opening words of the overview (今年以来……).
    pub intro: Option<String>,
    /// Items left out of section 一 and the annex. They still count in the overview and
    /// in section 二: leaving an item out of the text does not change the ledger.
    pub omit_items: BTreeSet<ItemId>,
    /// Indicators left out of their passage and the annex.
    pub omit_indicators: BTreeSet<IndicatorId>,
    /// Areas printed first, in this order; the rest follow in plan order.
    pub area_order: Vec<AreaId>,
    /// Items printed first within their area, in this order; the rest follow by number.
    pub item_order: Vec<ItemId>,
    /// An item's passage rewritten. `{1}`, `{2}`… keep the drafted passage's first,
    /// second… figure with its source; any other number typed in is marked unsourced,
    /// since nothing links it to an approved report.
    pub passages: BTreeMap<ItemId, String>,
    /// The office's points for section 二, without numbering (一是… is added).
    pub problems: Vec<String>,
    /// Section 三 (意见建议), paragraph by paragraph, as written.
    pub recommendations: Vec<String>,
}

/// Everything [`super::draft`] needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInput {
    pub issue: IssueInfo,
    pub plan: Plan,
    pub areas: Vec<Area>,
    pub items: Vec<Item>,
    pub indicators: Vec<Indicator>,
    /// Units named anywhere: lead units, regions, problem owners. Regions print in
    /// their `seq` order.
    pub units: Vec<Unit>,
    pub period: Period,
    /// The plan judged at the period's cut-off (`ledger::evaluate`).
    pub ledger: Ledger,
    /// The approved figures the ledger was evaluated from, with their sources.
    pub figures: Vec<ApprovedFigure>,
    /// The plan's completion at each period up to this one (`trend::completion_trend`),
    /// from the same approved data; its last point is the ledger's completion.
    pub trend: Vec<TrendPoint>,
    /// The plan's problems; those not yet rectified are listed in section 二.
    pub problems: Vec<Problem>,
    pub narratives: BTreeMap<ItemId, Narrative>,
    pub styles: BTreeMap<IndicatorId, IndicatorStyle>,
    pub previous: Option<PreviousIssue>,
    pub edits: OfficeEdits,
    /// The period's evaluation, once the office has approved it (绩效考评); a draft
    /// never prints scores that are not final.
    pub evaluation: Option<crate::evaluation::Approved>,
}
