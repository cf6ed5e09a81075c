//! 资金: the funding page, the item page's funding and the fill-in form's 资金 section.

pub(super) const EN: &[(&str, &str)] = &[
    ("资金", "Funding"),
    (
        "资金情况供督查室、领导、第三方评估和各单位查看。",
        "Funding is for the office, leaders, evaluators and the units to read.",
    ),
    (
        "各单位填报、经督查室确认通过的资金筹集、拨付和支出情况(年初至今累计);未报送本期的单位按其最近一次通过的数据计。",
        "Money raised, allocated and spent as the units reported it and the office approved it (year to date); a unit that has not reported this period counts with its latest approved figures.",
    ),
    ("财政民生支出", "Fiscal livelihood spending"),
    ("民生支出(亿元)", "Livelihood spending (100 million yuan)"),
    ("同比增长", "Growth on last year"),
    ("占财政支出比重", "Share of fiscal expenditure"),
    ("数据来源", "Source"),
    ("按资金来源", "By source"),
    ("按领域", "By area"),
    ("暂无数据。", "No data yet."),
    ("按县区", "By county/district"),
    (
        "暂无县区填报的资金。",
        "No county or district has reported funding yet.",
    ),
    ("筹集(万元)", "Raised (10,000 yuan)"),
    ("拨付(万元)", "Allocated (10,000 yuan)"),
    ("支出(万元)", "Spent (10,000 yuan)"),
    ("计划投资(万元)", "Planned investment (10,000 yuan)"),
    ("支出占计划投资", "Spent of planned investment"),
    ("资金来源", "Source of funds"),
    ("领域", "Area"),
    ("计划投资", "Planned investment"),
    (
        "经确认通过的资金情况,年初至今累计。",
        "Approved funding, year to date.",
    ),
    ("筹集", "Raised"),
    ("拨付", "Allocated"),
    ("支出", "Spent"),
    (
        "资金(万元,年初至今累计)",
        "Funding (10,000 yuan, year to date)",
    ),
    (
        "按来源填写筹集、拨付和支出金额;拨付不多于筹集,支出不多于拨付。无此来源的留空。",
        "Enter the money raised, allocated and spent by source; no more allocated than raised, no more spent than allocated. Leave a source without money empty.",
    ),
];
