//! Publishing to the portal from the pages.

pub(super) const EN: &[(&str, &str)] = &[
    ("公开", "Publish"),
    ("返回", "Back"),
    (
        "公开到政府信息公开专栏",
        "Publish to the government information disclosure portal",
    ),
    (
        "公开后不可撤回;公众可在异议期内对所公开的数据提出异议。",
        "A publication cannot be withdrawn; the public may object to its figures within the objection window.",
    ),
    ("公开本事项进展", "Publish this item's progress"),
    ("组织机构代码", "Organisation code"),
    ("目录代码", "Catalogue code"),
    ("文号(选填)", "Document number (optional)"),
    ("异议期(天)", "Objection window (days)"),
];
