//! Excel批量填报 and 计划结构导入: the upload, preview and confirmation of a unit's
//! filled template and of a plan's structure.

pub(super) const EN: &[(&str, &str)] = &[
    ("Excel批量填报", "Fill in from Excel"),
    (
        "Excel批量填报供各单位填报员使用。",
        "Filling in from Excel is for the units' reporters.",
    ),
    (
        "下载本单位的填报模板,填好后上传,预览确认后一次导入。",
        "download your unit's template, fill it in and upload it; after a preview, confirm to import it at once.",
    ),
    ("上传填好的模板", "Upload the filled template"),
    (
        "下载本单位本期填报模板(xlsx)",
        "Download your unit's template for this period (xlsx)",
    ),
    ("选择填好的模板", "Choose the filled template"),
    (
        "先检查全部数据并预览变化,确认后才写入草稿;文件有任何错误都不会写入。",
        "Every figure is checked and the changes previewed first; drafts are written only when you confirm, and nothing is written if the file has any error.",
    ),
    ("上传并预览", "Upload and preview"),
    ("未能导入:", "Not imported: "),
    (
        "文件有误,未导入任何数据",
        "The file has errors; nothing was imported",
    ),
    (
        "请按下表逐条改正后重新上传。",
        "Correct each of the following and upload the file again.",
    ),
    ("工作表", "Sheet"),
    ("行", "Row"),
    ("列", "Column"),
    ("说明", "Message"),
    ("导入预览", "Import preview"),
    (
        "文件 {} 检查无误:将新建草稿 {} 项,修改 {} 项,{} 项无变化。确认后才会写入。",
        "The file {} has no errors: {} drafts will be created, {} revised, {} unchanged. Nothing is written until you confirm.",
    ),
    ("处理", "Action"),
    ("原值", "Before"),
    ("新值", "After"),
    ("新建草稿", "New draft"),
    ("修改草稿", "Draft revised"),
    ("无变化", "Unchanged"),
    ("确认导入", "Confirm the import"),
    ("放弃,重新上传", "Discard and upload again"),
    (
        "导入完成:新建草稿 {} 项,修改 {} 项,无变化 {} 项。",
        "Imported: {} drafts created, {} revised, {} unchanged.",
    ),
    (
        "导入的数据已保存为草稿,请在各项填报页核对后报送审核。",
        "The imported figures are saved as drafts; check them on each item's form, then submit them for review.",
    ),
    ("返回本期任务", "Back to my tasks"),
    (
        "计划结构导出与导入(Excel)",
        "Plan structure in Excel: export and import",
    ),
    (
        "计划结构导入供督查室使用。",
        "Importing a plan's structure is for the supervision office.",
    ),
    ("返回计划设置", "Back to plan set-up"),
    ("上传计划结构表", "Upload a plan structure workbook"),
    (
        "导出本计划的结构(xlsx:领域、实事、指标、分解)",
        "Export this plan's structure (xlsx: areas, items, indicators, regional split)",
    ),
    ("选择计划结构表", "Choose the plan structure workbook"),
    (
        "按导出的格式填写;先检查全部数据并预览变化,确认后在一个事务中写入,按序号匹配已有的行,不会重复新建。",
        "Fill it in as exported. Everything is checked and the changes previewed first; on confirmation they are written in one transaction, matching existing rows by their numbers, so nothing is created twice.",
    ),
    ("键", "Key"),
    ("新增", "New"),
    ("更新", "Updated"),
    (
        "导入完成:新增 {} 行,更新 {} 行,{} 行无变化。",
        "Imported: {} rows created, {} updated, {} unchanged.",
    ),
    (
        "文件 {} 检查无误:将新增 {} 行,更新 {} 行,{} 行无变化。确认后才会写入。",
        "The file {} has no errors: {} rows will be created, {} updated, {} unchanged. Nothing is written until you confirm.",
    ),
    ("完成情况表导入(Excel)", "Completion table from Excel"),
    (
        "完成情况表导入供督查室使用。",
        "Importing a completion table is for the supervision office.",
    ),
    ("上传完成情况表", "Upload a completion table"),
    (
        "导出本期完成情况表(xlsx)",
        "Export this period's completion table (xlsx)",
    ),
    ("选择完成情况表", "Choose the completion table"),
    (
        "只读取各指标的“进度”列,目标任务和完成比例不导入;与导出时相同的数值不作改动。先检查全部数据并预览变化,确认后在一个事务中写为各单位的草稿;已报送或已通过的填报不能通过导入修改。",
        "Only each indicator's progress column is read; targets and completion ratios are not imported, and a value as exported changes nothing. Everything is checked and the changes previewed first; on confirmation they are written as the units' drafts in one transaction. A report already submitted or approved cannot be changed by an import.",
    ),
    ("单元格", "Cell"),
    (
        "导入的数值已保存为各单位的草稿,由各单位核对后报送审核。",
        "The imported figures are saved as the units' drafts; each unit checks them and submits them for review.",
    ),
];
