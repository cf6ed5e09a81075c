//! The public portal (政府信息公开, `/gk/`): the list and each publication.

pub(super) const EN: &[(&str, &str)] = &[
    ("政府信息公开", "Government information disclosure"),
    ("重点民生实事", "Key livelihood projects"),
    ("搜索标题", "Search titles"),
    ("搜索", "Search"),
    ("共 {} 条", "{} in all"),
    ("订阅(Atom)", "Subscribe (Atom)"),
    ("暂无公开信息。", "Nothing has been published yet."),
    ("标题", "Title"),
    ("索引号", "Index number"),
    ("发布机构", "Publisher"),
    ("发布日期", "Date of publication"),
    ("公开目录", "Catalogue"),
    ("文号", "Document number"),
    ("公开方式", "Manner of disclosure"),
    ("主动公开", "Proactive disclosure"),
    ("开放数据:", "Open data: "),
    (
        "异议已收到,督查室将核实处理。",
        "Your objection has been received; the supervision office will look into it.",
    ),
    ("对数据有异议", "Object to a figure"),
    (
        "异议受理至 {}。联系方式仅供督查室核实,不予公开。",
        "Objections are taken until {}. Contact details are only for the supervision office to verify and are never published.",
    ),
    (
        "所指数据(如“第3项 方案编制109个”)",
        "Figure in question (e.g. “第3项 方案编制109个”)",
    ),
    ("异议内容", "Your objection"),
    ("联系方式(选填)", "Contact (optional)"),
    ("提交异议", "Submit the objection"),
    ("异议期已于 {} 结束。", "The objection period ended on {}."),
    (
        "异议期已过,不再受理。",
        "The objection period is over; no more objections are taken.",
    ),
    ("未找到", "Not found"),
    ("没有这条公开信息。", "There is no such publication."),
];
