//! Supervision bulletins (督查专报): the series and issues, the editor, and the office's
//! queue of public objections.

pub(super) const EN: &[(&str, &str)] = &[
    // The series and their issues.
    (
        "本年度计划尚未设立专报系列。",
        "This year's plan has no bulletin series yet.",
    ),
    ("下一期为第{}期。", "The next issue is No. {}."),
    ("尚无各期专报。", "No issues yet."),
    ("期号", "Issue no."),
    ("第{}期", "No. {}"),
    ("已印发", "Issued"),
    ("起草中", "Drafting"),
    ("起草新一期", "Draft a new issue"),
    (
        "督查专报供督查室和领导查看。",
        "Bulletins are for the supervision office and leaders.",
    ),
    ("专报不存在", "No such bulletin"),
    ("没有这期专报。", "There is no such bulletin issue."),
    // The editor.
    ("(起草中)", " (drafting)"),
    ("(已印发)", " (issued)"),
    ("下载:", "Download: "),
    ("Word(DOCX)", "Word (DOCX)"),
    ("网页(HTML)", "Web page (HTML)"),
    ("数据及来源(JSON)", "Data and sources (JSON)"),
    (
        "数据均有审定来源,可以印发。",
        "Every figure has an approved source: the bulletin may be issued.",
    ),
    ("印发前须处理", "To resolve before issuing"),
    ("印发前须处理({}处)", "To resolve before issuing ({})"),
    ("印发日期", "Issue date"),
    ("开头语", "Opening paragraph"),
    (
        "存在的问题(每行一条,自动编为“一是……”)",
        "Problems found (one per line, numbered “一是……” automatically)",
    ),
    (
        "意见建议(每行一段)",
        "Recommendations (one paragraph per line)",
    ),
    ("保存并重新起草", "Save and redraft"),
    ("印发", "Issue"),
    (
        "已保存,下方为按最新审定数据起草的稿件。",
        "Saved. Below is the draft from the latest approved figures.",
    ),
    (
        "已印发。印发后的专报不再改变。",
        "Issued. An issued bulletin no longer changes.",
    ),
    // Public objections.
    (
        "公众对已公开数据提出的异议。联系方式仅供核实,不予公开。",
        "The public's objections to published figures. Contact details are only for verification and are never published.",
    ),
    ("已处理。", "Settled."),
    ("暂无待处理的异议。", "No objection awaits settling."),
    ("{}(索引号 {})", "{} (index number {})"),
    ("所指数据:{}", "Figure in question: {}"),
    ("未注明", "not stated"),
    ("联系方式:{}", "Contact: {}"),
    ("未留", "none given"),
    ("不予采纳的理由", "Reason for dismissing"),
    (
        "或转为整改问题:整改单位",
        "Or raise a rectification problem, for the unit",
    ),
    ("不予采纳", "Dismiss"),
    ("转为整改问题", "Raise a rectification problem"),
    (
        "公众异议由督查室处理。",
        "Public objections are settled by the supervision office.",
    ),
];
