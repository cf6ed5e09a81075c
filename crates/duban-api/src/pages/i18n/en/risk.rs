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
    ("数据质量", "Data quality"),
    (
        "数据质量风险分:由审定填报中触发的核验规则及其理由、跨期规律(照抄上期、分区域恰好等于修改后的合计、数据集中于整数)按权重累计,满分100。",
        "Data-quality risk score: the consistency rules that fired on approved reports with their reasons, and patterns across periods (figures copied forward, regions adding up exactly to an edited total, heaping on round numbers), added up by weight, at most 100.",
    ),
    ("已记录抽查结果。", "The spot check is recorded."),
    ("抽查清单", "Spot-check list"),
    (
        "风险分不低于{}的单位和事项,按风险分从高到低。",
        "Units and projects scoring {} or more, highest first.",
    ),
    (
        "暂无需要抽查的单位或事项。",
        "No unit or project needs a spot check.",
    ),
    ("风险分", "Risk score"),
    ("构成", "Part"),
    ("权重", "Weight"),
    ("次数", "Times"),
    ("得分", "Points"),
    ("依据", "Evidence"),
    ("抽查结果", "Outcome"),
    ("抽查情况", "What was checked"),
    ("记录抽查结果", "Record the outcome"),
    ("已记录的抽查", "Spot checks recorded"),
    ("尚无抽查记录。", "No spot check yet."),
    ("数据属实", "Figures confirmed"),
    ("发现不实", "Discrepancy found"),
    ("已更正", "Corrected"),
    (
        "数据质量风险供督查室、领导和第三方评估查看。",
        "Data-quality risk is for the office, leaders and evaluators.",
    ),
    ("照抄上期数据", "Figures copied from the previous period"),
    (
        "分区域恰好等于修改后的合计",
        "Regions add up exactly to an edited total",
    ),
    ("数据集中于整数", "Heaping on round numbers"),
];
