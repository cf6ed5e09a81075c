//! A small drafted bulletin rendered to Markdown: the seed's shape, the annex table, the
//! sources annex, and the mark on a figure without an approved source.

mod common;

use common::bulletin;
use duban_docs::markdown::{UNSOURCED_MARK, render};

#[test]
fn the_bulletin_renders_in_the_seeds_shape() {
    let md = render(&bulletin());
    let lines: Vec<&str> = md.lines().collect();
    for want in [
        "# 督查专报",
        "市政府督查室　　第17期　　2019年6月20日",
        "## 2019年20项重点民生实事进展情况报告",
        "1-5月份全市民生支出248.2亿元,增长3.6%,占财政支出比重达81.4%。",
        "## 一、工作开展情况",
        "**(一)特殊群体关爱服务保障方面。**加大产业扶贫项目推进力度,已完成方案编制109个,占年度计划实施项目的87%,县级审批完成91个;派出多个工作小组到16【待核实】个县区暗访摸底。",
        "## 二、存在的问题",
        "## 三、意见建议",
        "一是压实工作责任。",
        "| 3 | 产业扶贫项目 | 产业扶贫项目方案编制 | 个 | 125 | 109 | 87 | — | 正常推进 | 市扶贫开发领导小组办公室 |",
        "## 附件:数据来源",
    ] {
        assert!(lines.contains(&want), "missing line {want}\n{md}");
    }
    let order: Vec<usize> = [
        "## 一、",
        "## 二、",
        "## 三、",
        "## 附件:重点",
        "## 附件:数据来源",
    ]
    .iter()
    .map(|h| md.find(h).unwrap())
    .collect();
    assert!(order.is_sorted(), "sections in order");
}

#[test]
fn every_figure_has_its_source_listed_and_the_unsourced_one_is_marked() {
    let md = render(&bulletin());
    assert!(md.contains(
        "产业扶贫项目方案编制 完成值“109”(一、工作开展情况 / (一)特殊群体关爱服务保障方面。 / 第3项 产业扶贫项目):市扶贫开发领导小组办公室填报(填报编号31,第2版),王督查于2019-06-06 09:00(北京时间)审定通过"
    ), "{md}");
    assert!(md.contains("计算:完成值 ÷ 年度目标 × 100%;依据:"));
    assert!(md.contains(&format!("{UNSOURCED_MARK}暗访摸底县区 完成值“16”")));
    assert!(md.contains("## 待核实事项(2项,核实前不能印发)"), "{md}");
    // In the passage, the annex table and the sources annex (twice: body and annex).
    assert_eq!(md.matches(UNSOURCED_MARK).count(), 4, "{md}");
}

#[test]
fn the_charts_numbers_are_tables_after_the_overview() {
    let md = render(&bulletin());
    let lines: Vec<&str> = md.lines().collect();
    for want in [
        "**各方面实事进度状态**",
        "| 方面 | 正常推进 | 待评估 |",
        "| 特殊群体关爱服务保障方面 | 1 | 1 |",
        "| 扶持就业及社会保障方面 | 0 | 1 |",
        "**实事平均完成率走势**",
        "| 3月 | 20 | 24.7 |",
        "| 4月 | — | 32.9 |",
        "| 5月 | 87.2 | 41.4 |",
    ] {
        assert!(lines.contains(&want), "missing line {want}\n{md}");
    }
    assert!(md.find("**实事平均完成率走势**") < md.find("## 一、"));
    assert!(md.contains("5月份实事平均完成率(%)“87.2”(图表 / 实事平均完成率走势 / 5月):计算:"));
}

#[test]
fn the_same_bulletin_renders_to_the_same_bytes() {
    assert_eq!(
        render(&bulletin()).as_bytes(),
        render(&bulletin()).as_bytes()
    );
}
