//! A plan's settings of the consistency checks and of automatic reminders: the office
//! tunes them per plan; a plan without its own takes the defaults.

use crate::checks::CheckSettings;
use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::remind::ReminderSettings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanSettings {
    pub checks: CheckSettings,
    pub reminders: ReminderSettings,
}

/// Raw settings; `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default)]
pub struct SettingsInput {
    pub beyond_pct: Option<Decimal>,
    pub unchanged_periods: Option<i64>,
    pub jump_days: Option<i64>,
    pub jump_from_pct: Option<Decimal>,
    pub remind_days_before: Option<i64>,
}

impl PlanSettings {
    /// `current` with `i` applied, each value in its range.
    pub fn parse(current: PlanSettings, i: SettingsInput) -> Result<PlanSettings, Invalid> {
        let mut bad = Invalid::default();
        let mut s = current;
        let range = |field: &str, v: i64, lo: i64, hi: i64| -> Result<i64, FieldError> {
            if (lo..=hi).contains(&v) {
                Ok(v)
            } else {
                Err(FieldError::new(
                    field,
                    "out_of_range",
                    format!("须在{lo}至{hi}之间"),
                    format!("must be between {lo} and {hi}"),
                ))
            }
        };
        let pct = |field: &str, v: Decimal, lo: i64, hi: i64| -> Result<Decimal, FieldError> {
            if v >= Decimal::from_int(lo) && v <= Decimal::from_int(hi) {
                Ok(v)
            } else {
                Err(FieldError::new(
                    field,
                    "out_of_range",
                    format!("须在{lo}%至{hi}%之间"),
                    format!("must be between {lo}% and {hi}%"),
                ))
            }
        };
        if let Some(v) = i.beyond_pct {
            s.checks.beyond_pct = bad
                .take(pct("beyond_pct", v, 100, 1000))
                .unwrap_or(s.checks.beyond_pct);
        }
        if let Some(v) = i.unchanged_periods
            && let Some(v) = bad.take(range("unchanged_periods", v, 2, 12))
        {
            s.checks.unchanged_periods = v as usize;
        }
        if let Some(v) = i.jump_days {
            s.checks.jump_days = bad
                .take(range("jump_days", v, 0, 31))
                .unwrap_or(s.checks.jump_days);
        }
        if let Some(v) = i.jump_from_pct {
            s.checks.jump_from_pct = bad
                .take(pct("jump_from_pct", v, 0, 100))
                .unwrap_or(s.checks.jump_from_pct);
        }
        if let Some(v) = i.remind_days_before {
            s.reminders.days_before = bad
                .take(range("remind_days_before", v, 0, 31))
                .unwrap_or(s.reminders.days_before);
        }
        bad.into_result().map(|()| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_change_only_what_is_given_and_only_within_range() {
        let d = PlanSettings::default();
        let s = PlanSettings::parse(
            d,
            SettingsInput {
                beyond_pct: Some(Decimal::from_int(200)),
                remind_days_before: Some(5),
                ..SettingsInput::default()
            },
        )
        .unwrap();
        assert_eq!(s.checks.beyond_pct, Decimal::from_int(200));
        assert_eq!(s.reminders.days_before, 5);
        assert_eq!(s.checks.unchanged_periods, d.checks.unchanged_periods);
        let bad = PlanSettings::parse(
            d,
            SettingsInput {
                beyond_pct: Some(Decimal::from_int(90)),
                unchanged_periods: Some(1),
                jump_days: Some(40),
                jump_from_pct: Some(Decimal::from_int(101)),
                remind_days_before: Some(-1),
            },
        )
        .unwrap_err();
        let fields: Vec<_> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "beyond_pct",
                "unchanged_periods",
                "jump_days",
                "jump_from_pct",
                "remind_days_before"
            ]
        );
    }
}
