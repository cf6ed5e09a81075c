//! Reporting periods (报告期): normally a month, with a cut-off and a deadline.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::ids::{PeriodId, PlanId};

/// A month label, `2019-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodLabel {
    pub year: i32,
    pub month: u8,
}

impl PeriodLabel {
    pub fn parse(s: &str) -> Option<PeriodLabel> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        Date::new(year, month, 1)?;
        Some(PeriodLabel { year, month })
    }

    /// The month's last day: the default cut-off (截至5月底).
    pub fn end(self) -> Date {
        Date::end_of_month(self.year, self.month).expect("a parsed label is a real month")
    }

    /// How the bulletin names the span from January: 1-5月.
    pub fn span_zh(self) -> String {
        if self.month == 1 {
            "1月".to_string()
        } else {
            format!("1-{}月", self.month)
        }
    }
}

impl fmt::Display for PeriodLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for PeriodLabel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PeriodLabel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PeriodLabel::parse(&s).ok_or_else(|| serde::de::Error::custom("expected YYYY-MM"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    Open,
    Closed,
}

impl PeriodState {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodState::Open => "open",
            PeriodState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<PeriodState> {
        match s {
            "open" => Some(PeriodState::Open),
            "closed" => Some(PeriodState::Closed),
            _ => None,
        }
    }
}

/// The plan's fiscal figures for the span up to the cut-off, as the bulletin's
/// overview prints them: 1-5月份全市民生支出248.2亿元,增长3.6%,占财政支出比重达81.4%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FiscalOverview {
    /// Livelihood spending (民生支出), 亿元.
    pub spending: Option<Decimal>,
    /// Growth on the same span last year, percent.
    pub growth_pct: Option<Decimal>,
    /// Share of all fiscal expenditure, percent.
    pub share_pct: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub id: PeriodId,
    pub plan_id: PlanId,
    pub label: PeriodLabel,
    /// Figures are cumulative up to this day (截至).
    pub cutoff: Date,
    /// Reports are due by this day.
    pub deadline: Date,
    pub state: PeriodState,
    pub fiscal: FiscalOverview,
}

/// The fields a period is made of, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodFields {
    pub label: PeriodLabel,
    pub cutoff: Date,
    pub deadline: Date,
    pub fiscal: FiscalOverview,
    /// Where the fiscal overview comes from (市财政局2019年5月财政收支快报); none from
    /// `parse`, set with `with_fiscal_source`.
    pub fiscal_source: Option<String>,
}

impl PeriodFields {
    /// The fields with the fiscal overview's source, checked as a short text.
    pub fn with_fiscal_source(mut self, s: Option<&str>) -> Result<PeriodFields, Invalid> {
        self.fiscal_source =
            crate::text::optional("fiscal_source", s, 200).map_err(Invalid::one)?;
        Ok(self)
    }

    pub fn parse(
        plan_year: i32,
        label: &str,
        cutoff: Option<&str>,
        deadline: Option<&str>,
        fiscal: FiscalOverview,
    ) -> Result<PeriodFields, Invalid> {
        let mut bad = Invalid::default();
        let Some(label) = PeriodLabel::parse(label) else {
            return Err(Invalid::one(FieldError::new(
                "label",
                "invalid_label",
                "报告期须为 YYYY-MM 格式",
                "label must be YYYY-MM",
            )));
        };
        if label.year != plan_year {
            bad.push(FieldError::new(
                "label",
                "outside_plan_year",
                "报告期须在计划年度内",
                "the period must fall in the plan's year",
            ));
        }
        let date = |field: &str, v: Option<&str>, default: Date| -> Result<Date, FieldError> {
            match v {
                None => Ok(default),
                Some(s) => Date::parse(s).ok_or_else(|| {
                    FieldError::new(
                        field,
                        "invalid_date",
                        "日期须为 YYYY-MM-DD 格式",
                        "must be a date YYYY-MM-DD",
                    )
                }),
            }
        };
        let cutoff = bad.take(date("cutoff", cutoff, label.end()));
        let default_deadline = Date::from_days_since_epoch(label.end().days_since_epoch() + 5)
            .expect("five days after a month end is a date");
        let deadline = bad.take(date("deadline", deadline, default_deadline));
        if let (Some(c), Some(d)) = (cutoff, deadline)
            && d < c
        {
            bad.push(FieldError::new(
                "deadline",
                "before_cutoff",
                "报送截止日期不能早于统计截止日期",
                "the deadline must not be before the cut-off",
            ));
        }
        if let Some(c) = cutoff
            && c.year() != label.year
        {
            bad.push(FieldError::new(
                "cutoff",
                "outside_plan_year",
                "统计截止日期须在计划年度内",
                "the cut-off must fall in the plan's year",
            ));
        }
        match (cutoff, deadline) {
            (Some(cutoff), Some(deadline)) if bad.is_empty() => Ok(PeriodFields {
                label,
                cutoff,
                deadline,
                fiscal,
                fiscal_source: None,
            }),
            _ => Err(bad),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_defaults_to_cutoff_on_the_31st_and_deadline_five_days_later() {
        let p =
            PeriodFields::parse(2019, "2019-05", None, None, FiscalOverview::default()).unwrap();
        assert_eq!(p.cutoff.to_string(), "2019-05-31");
        assert_eq!(p.deadline.to_string(), "2019-06-05");
        assert_eq!(p.label.span_zh(), "1-5月");
    }

    #[test]
    fn a_period_outside_the_plan_year_is_refused() {
        let e = PeriodFields::parse(2019, "2020-01", None, None, FiscalOverview::default());
        assert_eq!(e.unwrap_err().0[0].code, "outside_plan_year");
        assert!(
            PeriodFields::parse(2019, "2019-13", None, None, FiscalOverview::default()).is_err()
        );
    }

    #[test]
    fn a_fiscal_source_is_trimmed_kept_short_and_blank_is_none() {
        let p =
            PeriodFields::parse(2019, "2019-05", None, None, FiscalOverview::default()).unwrap();
        let sourced = p
            .clone()
            .with_fiscal_source(Some(" 市财政局快报 "))
            .unwrap();
        assert_eq!(sourced.fiscal_source.as_deref(), Some("市财政局快报"));
        assert_eq!(
            p.clone()
                .with_fiscal_source(Some("  "))
                .unwrap()
                .fiscal_source,
            None
        );
        let long = "财".repeat(201);
        let e = p.with_fiscal_source(Some(&long)).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code),
            ("fiscal_source", "too_long")
        );
    }
}
