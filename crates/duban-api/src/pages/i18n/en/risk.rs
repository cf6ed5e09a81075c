//! Trajectories, forecasts, the at-risk status and the data-quality risk pages.

pub(super) const EN: &[(&str, &str)] = &[
    ("有风险", "At risk"),
    ("有风险事项", "Projects at risk"),
    (
        "尚未滞后、但按目前进度预测年底达不到目标的事项(预测方法:按计划曲线对累计值作稳健趋势拟合)。",
        "Projects not yet behind schedule whose year-end forecast misses the target (method: a robust trend on the cumulative values, shaped by the plan curve).",
    ),
    ("暂无有风险事项。", "No project is at risk."),
    ("年底预测", "Year-end forecast"),
    (
        "年底预测{}(区间{}至{})",
        "Year-end forecast {} (range {} to {})",
    ),
    (
        "{}:预测年底{}(区间{}至{})",
        "{}: forecast for the year end {} (range {} to {})",
    ),
    (",目标{}", ", target {}"),
    (",尚需每月{}", ", needs {} a month"),
    (
        "季度计划把全年{}%的任务放在第四季度,计划后置。",
        "The quarterly plan leaves {}% of the year's work to the last quarter (back-loaded).",
    ),
];
