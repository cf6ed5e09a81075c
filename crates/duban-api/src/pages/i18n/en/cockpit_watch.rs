//! The cockpit's item × region grid, overdue problems and missing reports.

pub(super) const EN: &[(&str, &str)] = &[
    ("各县区实事进度", "Items by region"),
    ("暂无分县区的实事。", "No item is split over regions."),
    (
        "每格为该实事在该县区各指标中最滞后的状态;空格表示该实事在该县区没有任务。",
        "Each cell is the most delayed status of the item's indicators in that region; an empty cell means the item has no share there.",
    ),
    ("实事/县区", "Item / region"),
    ("逾期未整改问题", "Overdue problems"),
    (
        "已过整改期限、尚未整改到位的问题,按业务日计:",
        "Problems past their rectification deadline and not yet rectified, as of the business day",
    ),
    ("暂无逾期未整改问题。", "No problem is overdue."),
    ("逾期问题", "Problem"),
    ("整改责任单位", "Unit responsible"),
    ("整改期限(已过)", "Deadline (passed)"),
    ("本期缺报", "Reports missing this period"),
    ("报送截止日期", "Reports due by"),
    (
        "未报送、仅有草稿或被退回的报告均计为缺报。",
        "A report not handed in, only drafted, or returned counts as missing.",
    ),
    (
        "本期报告均已报送。",
        "Every report of this period has been handed in.",
    ),
    ("缺报单位", "Unit"),
    ("缺报的实事", "Items missing"),
];
