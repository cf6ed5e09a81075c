//! A unit's tasks of the period (一表通), the review queue and a report under review.

pub(super) const EN: &[(&str, &str)] = &[
    // The period's tasks.
    ("本期任务(一表通)", "This period's tasks (one form for all)"),
    ("报送截止 {}", "due {}"),
    ("尚有 {} 项未报送", "{} not yet submitted"),
    ("本单位职责", "Our unit's part"),
    ("应报数据", "Figures due"),
    ("{} 项", "{}"),
    ("当前没有开放的报告期。", "No reporting period is open now."),
    (
        "本期任务供各单位填报员和审核员查看。",
        "This page is for the units' reporters and reviewers.",
    ),
    // The review queue.
    ("审核", "Review"),
    (
        "牵头单位已审核、待督查室确认的填报。",
        "Reports reviewed by their lead unit, awaiting the supervision office's confirmation.",
    ),
    (
        "已报送、待本单位审核的填报。",
        "Reports submitted, awaiting our unit's review.",
    ),
    ("暂无待审核的填报。", "No report awaits review."),
    (
        "已审核通过,报督查室确认。",
        "Passed, and sent to the supervision office to confirm.",
    ),
    (
        "已确认通过,数据计入台账。",
        "Confirmed: the figures now count in the ledger.",
    ),
    ("已退回填报单位。", "Returned to the reporting unit."),
    (
        "审核页供牵头单位审核员和督查室使用。",
        "Review is for the lead units' reviewers and the supervision office.",
    ),
    // A report under review.
    ("填报数据", "Reported figure"),
    ("进展情况说明", "Progress narrative"),
    ("一致性提示", "Consistency warnings"),
    (
        "一致性提示及填报单位说明",
        "Consistency warnings and the reporting unit's explanations",
    ),
    ("说明:{}", "Explanation: {}"),
    (
        "审核意见(退回时必填)",
        "Review comment (required to return)",
    ),
    ("审核通过", "Pass"),
    ("确认通过", "Confirm"),
    ("退回修改", "Return for revision"),
    ("无法查看", "Cannot be shown"),
];
