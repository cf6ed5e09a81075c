//! Automatic reminders (催办) and escalations (督办): which messages are due on a given
//! day, in the office's words. Each notice carries a key that names its cause once, so
//! that a sweep run every few minutes queues it once.

use crate::date::Date;
use crate::ids::UnitId;
use crate::ledger::Standing;
use crate::period::Period;
use crate::plan::Item;
use crate::problem::Problem;
use crate::status::Status;

/// Who a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The unit's reporters and reviewers (and its group robot).
    Unit(UnitId),
    /// The supervision office (督查室): escalations.
    Office,
}

/// A message due to be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub to: Audience,
    pub subject: String,
    pub body: String,
    /// The kind of cause: `deadline`, `overdue`, `lagging`, `problem_due`,
    /// `problem_overdue`, `supervision`.
    pub cause: &'static str,
    /// Names the cause once: the same key is never queued twice.
    pub key: String,
}

/// How far ahead reminders go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderSettings {
    /// A report deadline or a problem's deadline this many days ahead (or fewer)
    /// triggers a reminder. Default 3.
    pub days_before: i64,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { days_before: 3 }
    }
}

/// `2019年6月5日`
pub fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// An item as a notice names it: 第3项“…”.
fn item_zh(number: i64, title: &str) -> String {
    format!("第{number}项“{title}”")
}

/// A unit's reports still owed in an open period: a reminder from `days_before` days
/// before the deadline, and once the deadline has passed an overdue notice to the unit
/// and an escalation to the office. `outstanding` lists the items (number, title)
/// whose report is missing, a draft or returned.
pub fn report_notices(
    today: Date,
    period: &Period,
    unit: UnitId,
    unit_name: &str,
    outstanding: &[(i64, &str)],
    settings: ReminderSettings,
) -> Vec<Notice> {
    if outstanding.is_empty() {
        return Vec::new();
    }
    let label = format!("{}年{}月", period.label.year, period.label.month);
    let deadline = date_zh(period.deadline);
    let list = outstanding
        .iter()
        .map(|(n, t)| item_zh(*n, t))
        .collect::<Vec<_>>()
        .join("、");
    let n = outstanding.len();
    let left = period.deadline.days_since_epoch() - today.days_since_epoch();
    let p = period.id;
    if left < 0 {
        vec![
            Notice {
                to: Audience::Unit(unit),
                subject: format!("【逾期未报】{label}进度已逾期"),
                body: format!(
                    "{unit_name}:{label}进度报送已于{deadline}截止,你单位尚有{n}项未报送:{list}。请立即报送。"
                ),
                cause: "overdue",
                key: format!("overdue:{p}:{unit}"),
            },
            Notice {
                to: Audience::Office,
                subject: format!("【逾期通报】{unit_name}{label}进度逾期未报"),
                body: format!("{unit_name}{label}进度逾期未报{n}项:{list}。截止日期为{deadline}。"),
                cause: "overdue",
                key: format!("overdue-office:{p}:{unit}"),
            },
        ]
    } else if left <= settings.days_before {
        vec![Notice {
            to: Audience::Unit(unit),
            subject: format!("【催报】{label}进度将于{deadline}截止"),
            body: format!(
                "{unit_name}:{label}进度报送将于{deadline}截止,你单位尚有{n}项未报送:{list}。请按时填报。"
            ),
            cause: "deadline",
            key: format!("deadline:{p}:{unit}"),
        }]
    } else {
        Vec::new()
    }
}

/// An item judged lagging or seriously lagging from a closed period's approved
/// figures: its lead unit is told once per period and status.
pub fn lagging_notice(period: &Period, item: &Item, standing: &Standing) -> Option<Notice> {
    if !matches!(standing.status, Status::Lagging | Status::SeriouslyLagging) {
        return None;
    }
    let label = format!("{}年{}月", period.label.year, period.label.month);
    let status = standing.status.label_zh();
    let completion = standing
        .completion
        .map(|c| format!("(完成率{c}%)"))
        .unwrap_or_default();
    let what = item_zh(item.number, &item.title);
    Some(Notice {
        to: Audience::Unit(item.lead_unit_id),
        subject: format!("【督办】第{}项{}", item.number, status),
        body: format!(
            "根据{label}审核通过的数据,{what}{status}{completion}。请牵头单位分析原因、制定措施,加快推进。"
        ),
        cause: "lagging",
        key: format!(
            "lagging:{}:{}:{}",
            period.id,
            item.id,
            standing.status.as_str()
        ),
    })
}

/// A problem still pending near or past its deadline: a reminder to its owner from
/// `days_before` days ahead; once overdue, a notice to the owner and an escalation to
/// the office. A new deadline is a new cause.
pub fn problem_notices(
    today: Date,
    p: &Problem,
    owner_name: &str,
    settings: ReminderSettings,
) -> Vec<Notice> {
    if !p.state.is_pending() {
        return Vec::new();
    }
    let left = p.deadline.days_since_epoch() - today.days_since_epoch();
    let deadline = date_zh(p.deadline);
    let (id, d) = (p.id, p.deadline);
    if left < 0 {
        vec![
            Notice {
                to: Audience::Unit(p.owner_unit_id),
                subject: format!("【整改逾期】问题“{}”", p.title),
                body: format!(
                    "{owner_name}:问题“{}”的整改期限{deadline}已过,目前仍为“{}”。请抓紧整改并报送整改情况。",
                    p.title,
                    p.state.label_zh()
                ),
                cause: "problem_overdue",
                key: format!("problem-overdue:{id}:{d}"),
            },
            Notice {
                to: Audience::Office,
                subject: format!("【整改逾期】{owner_name}:{}", p.title),
                body: format!(
                    "{owner_name}负责整改的问题“{}”已超过整改期限{deadline},目前仍为“{}”。",
                    p.title,
                    p.state.label_zh()
                ),
                cause: "problem_overdue",
                key: format!("problem-overdue-office:{id}:{d}"),
            },
        ]
    } else if left <= settings.days_before {
        vec![Notice {
            to: Audience::Unit(p.owner_unit_id),
            subject: format!("【整改提醒】问题“{}”将于{deadline}到期", p.title),
            body: format!(
                "{owner_name}:问题“{}”的整改期限为{deadline},请按期完成整改并报送整改措施和佐证材料。",
                p.title
            ),
            cause: "problem_due",
            key: format!("problem-due:{id}:{d}"),
        }]
    } else {
        Vec::new()
    }
}

/// 挂牌督办: the office lists an item for special supervision; its lead unit is told.
pub fn supervision_notice(
    supervision_id: i64,
    item: &Item,
    reason: &str,
    deadline: Option<Date>,
) -> Notice {
    let what = item_zh(item.number, &item.title);
    let by = deadline
        .map(|d| format!("请于{}前报送推进和整改落实情况。", date_zh(d)))
        .unwrap_or_else(|| "请每月报送推进和整改落实情况。".to_string());
    Notice {
        to: Audience::Unit(item.lead_unit_id),
        subject: format!("【挂牌督办】第{}项{}", item.number, item.title),
        body: format!("市政府督查室决定对{what}挂牌督办。督办事由:{reason}。{by}"),
        cause: "supervision",
        key: format!("supervision:{supervision_id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AreaId, ItemId, PeriodId, PlanId, ProblemId};
    use crate::period::{FiscalOverview, PeriodLabel, PeriodState};
    use crate::problem::{ProblemSource, ProblemState};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn may() -> Period {
        Period {
            id: PeriodId(7),
            plan_id: PlanId(1),
            label: PeriodLabel::parse("2019-05").unwrap(),
            cutoff: d("2019-05-31"),
            deadline: d("2019-06-05"),
            state: PeriodState::Open,
            fiscal: FiscalOverview::default(),
        }
    }

    fn item() -> Item {
        Item {
            id: ItemId(3),
            plan_id: PlanId(1),
            area_id: AreaId(1),
            number: 3,
            title: "新建改造农村公路".into(),
            lead_unit_id: UnitId(40),
            co_unit_ids: vec![],
            region_ids: vec![],
            leader: None,
        }
    }

    fn on(day: &str) -> Vec<Notice> {
        report_notices(
            d(day),
            &may(),
            UnitId(9),
            "市交通运输局",
            &[(3, "新建改造农村公路"), (5, "城区停车场")],
            ReminderSettings::default(),
        )
    }

    #[test]
    fn a_unit_is_reminded_from_three_days_before_the_deadline_and_not_earlier() {
        assert!(on("2019-06-01").is_empty());
        for day in ["2019-06-02", "2019-06-05"] {
            let n = on(day);
            assert_eq!(n.len(), 1, "{day}");
            assert_eq!(n[0].to, Audience::Unit(UnitId(9)));
            assert_eq!(n[0].key, "deadline:7:9");
            assert_eq!(n[0].subject, "【催报】2019年5月进度将于2019年6月5日截止");
            assert!(
                n[0].body
                    .contains("尚有2项未报送:第3项“新建改造农村公路”、第5项“城区停车场”")
            );
        }
    }

    #[test]
    fn after_the_deadline_the_unit_is_told_it_is_overdue_and_the_office_is_told_too() {
        let n = on("2019-06-06");
        let to: Vec<_> = n.iter().map(|n| (n.to, n.key.as_str(), n.cause)).collect();
        assert_eq!(
            to,
            [
                (Audience::Unit(UnitId(9)), "overdue:7:9", "overdue"),
                (Audience::Office, "overdue-office:7:9", "overdue"),
            ]
        );
        assert!(n[1].subject.contains("市交通运输局"));
    }

    #[test]
    fn a_unit_with_nothing_outstanding_gets_nothing() {
        let n = report_notices(
            d("2019-06-09"),
            &may(),
            UnitId(9),
            "x",
            &[],
            ReminderSettings::default(),
        );
        assert!(n.is_empty());
    }

    #[test]
    fn only_lagging_items_bring_a_notice_to_their_lead_unit() {
        let standing = |status| Standing {
            status,
            completion: Some(crate::Decimal::from_int(20)),
        };
        assert!(lagging_notice(&may(), &item(), &standing(Status::OnTrack)).is_none());
        let n = lagging_notice(&may(), &item(), &standing(Status::SeriouslyLagging)).unwrap();
        assert_eq!(n.to, Audience::Unit(UnitId(40)));
        assert_eq!(n.key, "lagging:7:3:seriously_lagging");
        assert_eq!(n.subject, "【督办】第3项严重滞后");
        assert!(
            n.body
                .contains("第3项“新建改造农村公路”严重滞后(完成率20%)")
        );
    }

    fn problem(state: ProblemState) -> Problem {
        Problem {
            id: ProblemId(11),
            plan_id: PlanId(1),
            item_id: Some(ItemId(3)),
            owner_unit_id: UnitId(40),
            title: "施工进度缓慢".into(),
            description: "x".into(),
            deadline: d("2019-06-30"),
            source: ProblemSource::Office,
            report_id: None,
            state,
            measures: None,
        }
    }

    #[test]
    fn a_pending_problem_is_reminded_before_its_deadline_and_escalated_after_it() {
        let s = ReminderSettings::default();
        let p = problem(ProblemState::Rectifying);
        assert!(problem_notices(d("2019-06-26"), &p, "交通局", s).is_empty());
        let due = problem_notices(d("2019-06-27"), &p, "交通局", s);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].key, "problem-due:11:2019-06-30");
        let late = problem_notices(d("2019-07-01"), &p, "交通局", s);
        let keys: Vec<_> = late.iter().map(|n| (n.to, n.key.as_str())).collect();
        assert_eq!(
            keys,
            [
                (Audience::Unit(UnitId(40)), "problem-overdue:11:2019-06-30"),
                (Audience::Office, "problem-overdue-office:11:2019-06-30"),
            ]
        );
        for done in [ProblemState::Verified, ProblemState::Closed] {
            assert!(problem_notices(d("2019-07-01"), &problem(done), "x", s).is_empty());
        }
    }

    #[test]
    fn a_listing_for_special_supervision_names_the_item_reason_and_deadline() {
        let n = supervision_notice(5, &item(), "连续两月严重滞后", Some(d("2019-07-15")));
        assert_eq!(n.key, "supervision:5");
        assert_eq!(n.to, Audience::Unit(UnitId(40)));
        assert_eq!(
            n.body,
            "市政府督查室决定对第3项“新建改造农村公路”挂牌督办。督办事由:连续两月严重滞后。请于2019年7月15日前报送推进和整改落实情况。"
        );
    }
}
