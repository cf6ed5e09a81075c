//! The evaluation (绩效考评) page.

pub(super) const EN: &[(&str, &str)] = &[
    ("绩效考评", "Performance evaluation"),
    (
        "按考评方案加权计分:工作进度对照序时进度,按时报送、数据质量、问题整改由系统根据数据计算,第三方评估和群众满意度由评估单位录入;本期不适用的指标,其权重按比例折算给其余指标。",
        "Scored by the plan's weighted scheme: progress against the plan curve, reports on time, data quality and problems rectified are computed from the records; the third-party score and public satisfaction are entered by the evaluator. A criterion that does not apply this period gives its weight to the others in proportion.",
    ),
    ("已保存评分。", "Score saved."),
    ("考评结果已审定。", "The evaluation is approved."),
    ("已审定", "Approved"),
    (
        "审定后排名以审定时为准。",
        "The tables stand as they were when approved.",
    ),
    (
        "未审定:得分随数据和评分变化。",
        "Not approved: scores change with the records and the entries.",
    ),
    ("下载排名表(xlsx)", "Download the tables (xlsx)"),
    ("考评方案", "Scheme"),
    ("分", " points"),
    ("排名", " ranking"),
    ("名次", "Place"),
    ("总分", "Total"),
    ("待评分", "Waiting for a score"),
    ("不适用", "Does not apply"),
    ("已评定", "Final"),
    ("暂定", "Provisional"),
    ("得分构成", "score breakdown"),
    ("折算权重", "Effective weight"),
    ("计入总分", "Points in the total"),
    ("评语", "Comment"),
    ("第三方评估得分", "Third-party score"),
    ("群众满意度得分", "Public satisfaction score"),
    ("保存评分", "Save the score"),
    (
        "本期没有需要考评的单位。",
        "No unit is evaluated in this period.",
    ),
    ("审定本期考评结果", "Approve this period's evaluation"),
    (
        "绩效考评供督查室、领导和第三方评估查看。",
        "The evaluation is for the office, leaders and the third-party evaluator.",
    ),
    ("计划还没有报告期。", "The plan has no period yet."),
];
