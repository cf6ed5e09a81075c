//! The fill-in form (填报), the problems board (问题整改) and their evidence files.

pub(super) const EN: &[(&str, &str)] = &[
    // The fill-in form.
    ("填报", "Report"),
    ("报送截止", "due"),
    ("退回意见:", "Returned with: "),
    ("—请选择—", "— choose —"),
    ("上次审核通过:", "Last approved: "),
    ("无", "none"),
    (
        "以下数据与往期或目标不一致。确认无误的,请逐条说明原因后报送。",
        "These figures disagree with earlier periods or the target. If they are right, give a reason for each before submitting.",
    ),
    ("说明原因", "Reason"),
    ("保存草稿", "Save draft"),
    ("报送审核", "Submit for review"),
    ("草稿已保存。", "The draft was saved."),
    (
        "已报送,等待牵头单位审核。",
        "Submitted; waiting for the lead unit's review.",
    ),
    (
        "填报页供各单位填报员和审核员使用。",
        "The fill-in form is for the units' reporters and reviewers.",
    ),
    ("没有开放的报告期", "No open period"),
    ("无需填报", "Nothing to report"),
    (
        "本单位本期没有这项实事的填报任务。",
        "Your unit owes no report on this item in this period.",
    ),
    // Evidence files.
    ("佐证材料", "Evidence"),
    ("整改佐证材料", "Rectification evidence"),
    ("尚未上传佐证材料。", "No evidence uploaded yet."),
    ("选择文件", "Choose a file"),
    ("上传", "Upload"),
    ("撤回", "Withdraw"),
    ("未能办理:", "Not done: "),
    ("佐证材料未能办理:", "Evidence not handled: "),
    ("佐证材料已上传。", "The evidence was uploaded."),
    ("佐证材料已撤回。", "The evidence was withdrawn."),
    (
        "上传或撤回材料前,请先保存已填写的数据。",
        "Save the figures you have typed before uploading or withdrawing files.",
    ),
    (
        "保存草稿后即可上传佐证材料。",
        "Evidence can be uploaded once the draft is saved.",
    ),
    (
        "仅接受图片(PNG、JPEG、GIF、WebP)、PDF 和 Office 文档(Word、Excel、PowerPoint),单个文件不超过 {limit}。",
        "Images (PNG, JPEG, GIF, WebP), PDF and Office documents (Word, Excel, PowerPoint) only, at most {limit} a file.",
    ),
    (
        "文件过大,单个文件不能超过 {limit}。",
        "The file is too large: at most {limit} a file.",
    ),
    ("图片", "image"),
    ("PDF文档", "PDF document"),
    ("Word文档", "Word document"),
    ("Excel表格", "Excel workbook"),
    ("PowerPoint演示文稿", "PowerPoint presentation"),
    // The problems board.
    ("只看未销号", "Open ones only"),
    ("含已销号", "Include closed"),
    ("已办理。", "Done."),
    ("所属实事", "Item"),
    ("办理", "Action"),
    ("逾期", "overdue"),
    ("说明(整改措施或原因)", "Note (the measures taken, or why)"),
    ("{unit}承担的整改问题", "Problems for {unit} to rectify"),
    ("{plan}的整改问题", "Problems of {plan}"),
    ("逾期未整改 {n} 项", "{n} overdue"),
    // The steps of rectification.
    ("开始整改", "Start"),
    ("报告整改完成", "Report rectified"),
    ("核实", "Verify"),
    ("核实未通过", "Reject"),
    ("销号", "Close"),
    ("重新打开", "Reopen"),
    // Also in the tables of the branch that converts the other pages (common,
    // account, review, overview), written at the same time: when both have landed,
    // these go from here (the test of duplicates names them).
];
