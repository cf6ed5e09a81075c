//! What the seed bulletin itself prints, for the tests that hold duban's data and
//! drafts to it: every figure of its section 一 (工作开展情况), area by area, as
//! printed (5.01 stays 5.01). Dates, ages (6-14岁), document numbers (临政发〔2019〕4号)
//! and the ordinal 第17期 are not figures of the ledger and are left out.

/// Each area's title as the demo data gives it, and the figures of its paragraph.
pub const SECTION_ONE: [(&str, &[&str]); 6] = [
    (
        "特殊群体关爱服务保障方面",
        &["5", "31419", "109", "87", "91", "16"],
    ),
    (
        "扶持就业及社会保障方面",
        &[
            "3.5", "4.2", "1391", "9.4", "3.2", "3150", "11000", "88", "258", "1264", "948", "316",
            "100",
        ],
    ),
    (
        "化解中小学大班额、解决教师紧缺和学前幼儿“入园难”方面",
        &["5.01", "32", "49", "4000", "80", "18", "1382"],
    ),
    ("医疗保障方面", &["57", "81", "231", "150", "300"]),
    (
        "计划生育及乡村医生保障落实方面",
        &["83458", "2823", "12231", "4970", "4065"],
    ),
    (
        "农村“七改”方面",
        &[
            "239.1", "7", "259", "115", "115820", "2", "3", "13", "35", "1145", "587",
        ],
    ),
];
