//! 挂牌督办: the office lists an item for special supervision, with a reason and
//! optionally a deadline for the lead unit's account of what it did, and lifts the
//! listing when the item is back on track.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{FieldError, Invalid};
use crate::ids::{ItemId, UserId};
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    pub id: i64,
    pub item_id: ItemId,
    /// 督办事由
    pub reason: String,
    /// 督办时限, if set.
    pub deadline: Option<Date>,
    pub listed_by: UserId,
    /// Epoch milliseconds.
    pub listed_at: i64,
    pub lifted_by: Option<UserId>,
    pub lifted_at: Option<i64>,
    /// Why the listing was lifted (摘牌).
    pub lift_note: Option<String>,
}

impl Supervision {
    pub fn is_active(&self) -> bool {
        self.lifted_at.is_none()
    }
}

/// A listing's fields, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionFields {
    pub reason: String,
    pub deadline: Option<Date>,
}

impl SupervisionFields {
    pub fn parse(reason: &str, deadline: Option<&str>) -> Result<SupervisionFields, Invalid> {
        let mut bad = Invalid::default();
        let reason = bad.take(text::required("reason", reason, 500));
        let deadline = match deadline {
            None => Some(None),
            Some(d) => bad.take(Date::parse(d).map(Some).ok_or_else(|| {
                FieldError::new(
                    "deadline",
                    "invalid_date",
                    "日期格式应为 YYYY-MM-DD",
                    "must be a date, YYYY-MM-DD",
                )
            })),
        };
        match (reason, deadline) {
            (Some(reason), Some(deadline)) if bad.is_empty() => {
                Ok(SupervisionFields { reason, deadline })
            }
            _ => Err(bad),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_needs_a_reason_and_a_real_deadline_if_any() {
        let ok = SupervisionFields::parse(" 连续两月严重滞后 ", Some("2019-07-15")).unwrap();
        assert_eq!(ok.reason, "连续两月严重滞后");
        assert_eq!(ok.deadline, Date::parse("2019-07-15"));
        assert!(
            SupervisionFields::parse("x", None)
                .unwrap()
                .deadline
                .is_none()
        );
        let bad = SupervisionFields::parse("  ", Some("2019-02-30")).unwrap_err();
        let fields: Vec<_> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["reason", "deadline"]);
    }
}
