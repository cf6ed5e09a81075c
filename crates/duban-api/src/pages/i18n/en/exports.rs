//! 台账导出: the plan page's links to the ledger's tables.

pub(super) const EN: &[(&str, &str)] = &[
    ("导出表格", "Download tables"),
    ("完成情况表", "Completion table"),
    ("台账", "Item ledger"),
    ("责任分工表", "Responsibility table"),
];
