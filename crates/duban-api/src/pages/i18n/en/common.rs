//! Words many pages share: the domain's status and state names, the ledger's column
//! heads, and a few refusals. Kept small; a page's own texts go in its group's table.

pub(super) const EN: &[(&str, &str)] = &[
    // Progress status (Status::label_zh).
    ("超额完成", "Exceeded"),
    ("已完成", "Completed"),
    ("正常推进", "On track"),
    ("进度滞后", "Behind schedule"),
    ("严重滞后", "Seriously behind"),
    ("未启动", "Not started"),
    ("待评估", "Not yet assessed"),
    // A report's state, as the office says it.
    ("未填报", "Not reported"),
    ("草稿", "Draft"),
    ("已报送", "Submitted"),
    ("牵头单位已审核", "Reviewed by the lead unit"),
    ("已通过", "Approved"),
    ("已退回", "Returned"),
    // A problem's state (ProblemState::label_zh).
    ("待整改", "To be rectified"),
    ("整改中", "Being rectified"),
    ("已整改待核实", "Rectified, to be verified"),
    ("已核实", "Verified"),
    ("已销号", "Closed"),
    // Why a unit reports on an item (Capacity::label_zh).
    ("牵头单位", "Lead unit"),
    ("责任单位", "Responsible unit"),
    ("县区", "County/district"),
    // Column heads.
    ("序号", "No."),
    ("实事", "Projects"),
    ("指标", "Indicators"),
    ("状态", "Status"),
    ("完成率", "Completion"),
    ("报告期", "Reporting period"),
    ("填报单位", "Reporting unit"),
    ("整改时限", "Rectification deadline"),
    ("第{}项", "No. {}"),
    // Refusals.
    ("无权访问", "Access denied"),
    (
        "管理员不查看业务数据。",
        "Administrators do not see the ledger's business data.",
    ),
    ("尚未建立年度计划。", "No annual plan has been set up yet."),
];
