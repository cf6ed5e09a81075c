//! Names for generated units, areas, items and indicators: Chinese as the office writes
//! them, made from small lists so that every name is plausible and none is real beyond
//! the demo city's own.

use super::rng::Rng;

const PLACE: [&str; 24] = [
    "东", "西", "南", "北", "临", "安", "平", "河", "山", "清", "永", "长", "宁", "兴", "丰", "阳",
    "泉", "沂", "蒙", "新", "华", "和", "通", "德",
];
const PLACE_SUFFIX: [&str; 3] = ["县", "区", "市"];

/// The `n`th generated region's name (two syllables and 县/区/市), unique for `n` below
/// 24 × 24 × 3.
pub fn region(n: usize) -> String {
    let (a, b, c) = (n % 24, (n / 24) % 24, (n / 576) % 3);
    // For each first syllable, b → the second is one-to-one: names stay unique.
    format!("{}{}{}", PLACE[a], PLACE[(a + 1 + b) % 24], PLACE_SUFFIX[c])
}

const OFFICES: [&str; 20] = [
    "发展和改革委员会",
    "工业和信息化局",
    "公安局",
    "司法局",
    "生态环境局",
    "商务局",
    "文化和旅游局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "体育局",
    "统计局",
    "医疗保障局",
    "信访局",
    "大数据局",
    "城市管理局",
    "行政审批服务局",
    "住房公积金管理中心",
    "总工会",
];

/// The `n`th generated department's name: an office, then its 处 when there are more
/// departments than offices.
pub fn department(n: usize) -> String {
    let office = OFFICES[n % OFFICES.len()];
    match n / OFFICES.len() {
        0 => format!("市{office}"),
        k => format!("市{office}第{}处", k + 1),
    }
}

pub const AREAS: [&str; 10] = [
    "特殊群体关爱服务保障方面",
    "扶持就业及社会保障方面",
    "教育优先发展方面",
    "医疗卫生服务方面",
    "住房保障和城市更新方面",
    "农村人居环境改善方面",
    "交通出行方面",
    "生态环境治理方面",
    "文化体育惠民方面",
    "食品药品安全方面",
];

const WORKS: [(&str, &str, &str); 16] = [
    ("新建改建", "农村公路", "公里"),
    ("改造", "城镇老旧小区", "个"),
    ("新增", "城镇就业", "人"),
    ("建设", "公办幼儿园", "所"),
    ("改造", "农村危房", "户"),
    ("培训", "农村劳动力", "人次"),
    ("建设", "社区养老服务中心", "处"),
    ("新增", "普惠性托育位", "个"),
    ("建设", "标准化村卫生室", "个"),
    ("改造", "农村户厕", "户"),
    ("新建", "城市停车泊位", "个"),
    ("建设", "全民健身场地", "处"),
    ("治理", "黑臭水体", "条"),
    ("新建", "中小学校舍", "万平方米"),
    ("救助", "困难残疾人", "人"),
    ("发放", "创业担保贷款", "万元"),
];

/// An item's title and its first indicator's name and unit.
pub fn work(rng: &mut Rng) -> (String, String, &'static str) {
    let (verb, what, unit) = *rng.pick(&WORKS);
    (
        format!("实施{what}{verb}工程"),
        format!("{verb}{what}"),
        unit,
    )
}

pub const RATES: [&str; 6] = [
    "项目开工率",
    "资金拨付率",
    "群众满意率",
    "政策知晓率",
    "任务完成率",
    "建档立卡覆盖率",
];

pub const CEILINGS: [&str; 4] = [
    "城镇登记失业率",
    "安全事故发生率",
    "投诉未办结率",
    "项目超期率",
];

pub const STAGES: [&str; 4] = ["规划设计", "招标", "在建", "完工"];

pub const LEADERS: [&str; 8] = [
    "张明",
    "王建国",
    "李红",
    "刘伟",
    "陈静",
    "杨帆",
    "赵磊",
    "孙丽",
];

#[cfg(test)]
mod tests {
    #[test]
    fn region_names_are_unique_for_a_province() {
        let names: std::collections::HashSet<String> = (0..1000).map(super::region).collect();
        assert_eq!(names.len(), 1000);
    }
}
