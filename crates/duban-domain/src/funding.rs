//! 资金: the money behind an item — its planned investment, and what was raised (筹集),
//! allocated (拨付) and spent (支出) by source, year to date, in 万元. A unit reports its
//! lines with its figures, in the same report, so they are reviewed and approved with
//! them; roll-ups add approved lines over items, areas and regions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};

#[cfg(test)]
mod tests;

/// Where money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// 上级补助: transfers from the province and the centre.
    Superior,
    /// 市本级: the city's own budget.
    City,
    /// 县区: the counties' budgets.
    County,
    /// 社会资本: private and social capital.
    Social,
    /// 其他
    Other,
}

impl FundingSource {
    pub const ALL: [FundingSource; 5] = [
        FundingSource::Superior,
        FundingSource::City,
        FundingSource::County,
        FundingSource::Social,
        FundingSource::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FundingSource::Superior => "superior",
            FundingSource::City => "city",
            FundingSource::County => "county",
            FundingSource::Social => "social",
            FundingSource::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<FundingSource> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FundingSource::Superior => "上级补助",
            FundingSource::City => "市本级",
            FundingSource::County => "县区",
            FundingSource::Social => "社会资本",
            FundingSource::Other => "其他",
        }
    }

    /// The English name, for the pages in English ("市本级" elsewhere is a unit's name,
    /// so these names are not page texts to translate).
    pub fn label_en(self) -> &'static str {
        match self {
            FundingSource::Superior => "Higher-level grants",
            FundingSource::City => "City budget",
            FundingSource::County => "County budgets",
            FundingSource::Social => "Private capital",
            FundingSource::Other => "Other",
        }
    }
}

/// Raised, allocated and spent, year to date (万元).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Funds {
    pub raised: Decimal,
    pub allocated: Decimal,
    pub spent: Decimal,
}

impl Funds {
    fn add(self, o: Funds) -> Option<Funds> {
        Some(Funds {
            raised: self.raised.checked_add(o.raised)?,
            allocated: self.allocated.checked_add(o.allocated)?,
            spent: self.spent.checked_add(o.spent)?,
        })
    }
}

/// One source's money on one item, as a report carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingLine {
    pub source: FundingSource,
    #[serde(flatten)]
    pub funds: Funds,
}

/// A line as entered: the source's name and the three amounts (absent is zero).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineInput {
    pub source: String,
    pub raised: Option<Decimal>,
    pub allocated: Option<Decimal>,
    pub spent: Option<Decimal>,
}

/// Parses a report's funding lines: known sources, each once; amounts not negative;
/// no more allocated than raised, no more spent than allocated. Every error is named
/// by its line (`funding/2/spent`).
pub fn parse_lines(input: &[LineInput]) -> Result<Vec<FundingLine>, Invalid> {
    let mut bad = Invalid::default();
    let mut out: Vec<FundingLine> = Vec::new();
    for (i, l) in input.iter().enumerate() {
        let at = |f: &str| format!("funding/{i}/{f}");
        let Some(source) = FundingSource::parse(&l.source) else {
            bad.push(FieldError::new(
                at("source"),
                "unknown_source",
                format!("没有名为“{}”的资金来源", l.source),
                format!("no funding source named {:?}", l.source),
            ));
            continue;
        };
        if out.iter().any(|x| x.source == source) {
            bad.push(FieldError::new(
                at("source"),
                "duplicate",
                format!("资金来源“{}”重复", source.label_zh()),
                format!("the source {} appears twice", source.as_str()),
            ));
            continue;
        }
        let amounts = [
            ("raised", l.raised),
            ("allocated", l.allocated),
            ("spent", l.spent),
        ];
        let mut negative = false;
        for (name, v) in amounts {
            if v.is_some_and(|v| v < Decimal::ZERO) {
                negative = true;
                bad.push(FieldError::new(
                    at(name),
                    "negative",
                    "金额不能为负数",
                    "an amount cannot be negative",
                ));
            }
        }
        let funds = Funds {
            raised: l.raised.unwrap_or_default(),
            allocated: l.allocated.unwrap_or_default(),
            spent: l.spent.unwrap_or_default(),
        };
        if !negative && funds.allocated > funds.raised {
            bad.push(FieldError::new(
                at("allocated"),
                "more_than_raised",
                format!("{}拨付资金不能多于筹集资金", source.label_zh()),
                format!("{}: more allocated than raised", source.as_str()),
            ));
        }
        if !negative && funds.spent > funds.allocated {
            bad.push(FieldError::new(
                at("spent"),
                "more_than_allocated",
                format!("{}支出不能多于拨付资金", source.label_zh()),
                format!("{}: more spent than allocated", source.as_str()),
            ));
        }
        out.push(FundingLine { source, funds });
    }
    bad.into_result()?;
    out.sort_by_key(|l| l.source);
    Ok(out)
}

/// Money added up over reports, items, areas or regions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Rollup {
    pub by_source: BTreeMap<FundingSource, Funds>,
    pub total: Funds,
    /// The planned investment of what was added up, where every part has one.
    pub planned: Option<Decimal>,
    /// Spent as a share of the planned investment, percent, one decimal.
    pub spent_pct: Option<Decimal>,
}

/// Adds up `lines`, against the planned investments of the items they cover (None
/// when any of them has none: a partial plan is no base for a share).
pub fn roll_up<'a>(
    lines: impl IntoIterator<Item = &'a FundingLine>,
    planned: impl IntoIterator<Item = Option<Decimal>>,
) -> Rollup {
    let mut r = Rollup::default();
    for l in lines {
        let slot = r.by_source.entry(l.source).or_default();
        *slot = slot.add(l.funds).unwrap_or(*slot);
        r.total = r.total.add(l.funds).unwrap_or(r.total);
    }
    r.planned = planned
        .into_iter()
        .try_fold(Decimal::ZERO, |a, p| a.checked_add(p?));
    r.spent_pct = r.planned.and_then(|p| r.total.spent.percent_of(p, 1));
    r
}
