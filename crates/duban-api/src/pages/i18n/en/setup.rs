//! 计划设置: the office's set-up pages for the plan, its areas, items and indicators.

pub(super) const EN: &[(&str, &str)] = &[
    // The pages and their notices.
    ("计划设置", "Plan set-up"),
    ("实事设置", "Item set-up"),
    (
        "计划设置由督查室负责。",
        "The supervision office sets the plan up.",
    ),
    ("已保存。", "Saved."),
    ("第{n}项", "No. {n}"),
    (
        "计划已批准:指标的目标值、基数、区域分解和季度计划已锁定,调整须提出目标调整申请。方面、实事和指标名称仍可修改。",
        "The plan is approved: targets, baselines, regional splits and quarterly plans are locked and change only by a target change request. Areas, items and indicator names can still be edited.",
    ),
    (
        "未能保存,请按提示修改。",
        "Not saved: please correct the fields marked.",
    ),
    (
        "未保存:打开此表单后,已有他人修改了这项内容。下面是现在保存的内容,请核对后重新修改。",
        "Not saved: someone else changed this since you opened the form. Below is what is stored now; check it and make your change again.",
    ),
    // The plan.
    ("新建年度计划", "New annual plan"),
    ("建立计划", "Create the plan"),
    ("计划信息", "The plan"),
    ("保存计划", "Save the plan"),
    ("计划名称", "Plan name"),
    ("例如:2019年20项重点民生实事", "e.g. 2019年20项重点民生实事"),
    ("计划年度", "Year"),
    (
        "计划已有报告期的,年度不能修改。",
        "Once the plan has reporting periods, its year cannot change.",
    ),
    ("滞后阈值(百分点)", "Lagging threshold (points)"),
    (
        "完成率落后序时进度达到此数即为进度滞后,默认10。",
        "Completion this many points behind the schedule counts as lagging; 10 by default.",
    ),
    (
        "严重滞后阈值(百分点)",
        "Seriously lagging threshold (points)",
    ),
    (
        "落后超过此数即为严重滞后,默认30。",
        "More than this many points behind counts as seriously lagging; 30 by default.",
    ),
    ("计划状态", "Plan state"),
    ("草案:目标可以修改", "Draft: targets can be changed"),
    (
        "已批准:目标锁定,调整须经目标调整申请",
        "Approved: targets locked, changed only by a target change request",
    ),
    // Areas.
    ("方面与实事", "Areas and items"),
    (
        "方面按排列序号先后列出;点实事名称设置它的指标。",
        "Areas are listed by their order number; open an item to set its indicators up.",
    ),
    ("新增方面", "Add an area"),
    ("保存方面", "Save the area"),
    ("方面名称", "Area name"),
    ("排列序号", "Order number"),
    (
        "按序号从小到大排列,(一)在最前。",
        "Areas are ordered by this number, smallest first: (一) comes first.",
    ),
    ("留空则排在最后。", "Leave empty to put it last."),
    ("本方面还没有实事。", "This area has no items yet."),
    // Items.
    ("新增实事", "Add an item"),
    ("保存实事", "Save the item"),
    ("实事信息", "The item"),
    (
        "保存后进入该实事的页面,添加指标。",
        "After saving, the item's page opens to add its indicators.",
    ),
    (
        "先新增方面,再在方面下新增实事。",
        "Add an area first, then the items under it.",
    ),
    ("所属方面", "Area"),
    ("实事序号(第几项)", "Item number"),
    ("在本计划中不能重复。", "Unique within the plan."),
    ("实事名称", "Item name"),
    ("—选择牵头单位—", "— choose the lead unit —"),
    (
        "责任单位(牵头单位以外)",
        "Co-responsible units (besides the lead unit)",
    ),
    ("涉及县区", "Regions involved"),
    (
        "指标的区域分解只能在这些县区中选择。",
        "An indicator's regional split chooses from these regions only.",
    ),
    ("责任领导", "Responsible leader"),
    (
        "姓名和职务;留空表示未定。",
        "Name and post; leave empty if not yet named.",
    ),
    ("查看实事详情与进度", "See the item's details and progress"),
    // Indicators.
    ("本实事的指标", "This item's indicators"),
    ("还没有指标。", "No indicators yet."),
    ("新增指标", "Add an indicator"),
    ("保存指标", "Save the indicator"),
    ("指标名称", "Indicator name"),
    ("指标类型", "Kind"),
    (
        "累计类:数量或金额,越多越好",
        "Cumulative: a count or amount, more is better",
    ),
    ("控制类:不超过目标值", "Ceiling: at most the target"),
    ("比率类:百分比", "Rate: a percentage"),
    ("阶段类:按阶段推进", "Stage: moves through stages"),
    ("定性类:由审核评定", "Qualitative: judged by the reviewer"),
    ("计量单位", "Unit of measure"),
    (
        "如:人、万人、亿元、公里、%;可留空。",
        "e.g. 人, 万人, 亿元, 公里, %; may be empty.",
    ),
    ("年度目标值", "Target for the year"),
    (
        "阶段类和定性类指标不填。",
        "Leave empty for stage and qualitative indicators.",
    ),
    ("基数(年初值)", "Baseline (value at the start of the year)"),
    (
        "完成率从基数算起;可留空。",
        "Completion counts from the baseline; may be empty.",
    ),
    ("小数位数", "Decimals"),
    (
        "0至4;留空按计量单位确定。",
        "0 to 4; empty takes the unit of measure's usual number.",
    ),
    ("阶段(每行一个,按先后顺序)", "Stages (one a line, in order)"),
    (
        "仅阶段类指标填写;留空则用默认阶段。",
        "Stage indicators only; empty takes the default stages.",
    ),
    ("区域分解", "Regional split"),
    (
        "勾选承担本指标的县区(含市本级),填写各自的目标值;累计类指标各区域目标之和须等于年度目标。可选的县区是实事的涉及县区。",
        "Tick the regions (市本级 included) that carry this indicator and give each its target; for a cumulative indicator the regions' targets add up to the year's target. The regions offered are the item's.",
    ),
    ("区域目标值", "target"),
    (
        "本实事未设涉及县区,不作区域分解。",
        "The item names no regions, so there is no regional split.",
    ),
    (
        "季度计划(累计计划值)",
        "Quarterly plan (cumulative planned values)",
    ),
    (
        "四个季度末的累计计划值,逐季不减,第四季度等于年度目标;阶段类填阶段序号(从0起)。不按季度分解的全部留空,按序时进度评估。",
        "Cumulative planned values at the end of each quarter, never decreasing, the fourth equal to the target; for a stage indicator, stage positions from 0. Leave all empty to judge by the time schedule.",
    ),
    ("第一季度末", "End of Q1"),
    ("第二季度末", "End of Q2"),
    ("第三季度末", "End of Q3"),
    ("第四季度末", "End of Q4"),
];
