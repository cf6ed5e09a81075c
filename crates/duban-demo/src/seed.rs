//! What the seed bulletin (临沂市政府督查室《督查专报》第17期) prints, as constants the
//! tests check the demo data and its bulletin settings against. The bulletin itself is
//! not in the repository: set `DUBAN_SEED_BULLETIN` to its path to check these against it.

/// Every figure printed in the seed's section 一 (一、工作开展情况), as printed, with its
/// unit or "%", one entry per occurrence, in reading order.
///
/// Collected by reading the section from "一、工作开展情况" to "二、存在的问题" and taking
/// every run of Arabic digits together with the unit that follows it, including the
/// seed's "余" ("more than") where it sits between number and unit ("9.4万余人次",
/// "11000余人", "4000余名"). 57家 occurs twice and is listed twice.
///
/// Deliberately not figures: dates and periods ("2019年" twice, "5月底" twice, "10月底"),
/// the age range "6-14岁", and the document number "临政发〔2019〕4号". Numbers written in
/// Chinese characters ("双百工程", "三支一扶", "三年集中攻坚", "两年攻坚", "七改",
/// "第二季度", the headings' (一)…(六)) are words, not figures.
pub const SECTION_ONE_FIGURES: &[&str] = &[
    // (一)特殊群体关爱服务保障方面
    "5处",
    "31419人",
    "109个",
    "87%",
    "91个",
    "16个",
    // (二)扶持就业及社会保障方面
    "3.5万人",
    "4.2万人",
    "1391人",
    "9.4万余人次",
    "3.2亿元",
    "3150人",
    "11000余人",
    "88个",
    "258人",
    "1264个",
    "948个",
    "316个",
    "100%",
    // (三)化解中小学大班额、解决教师紧缺和学前幼儿“入园难”方面
    "5.01亿元",
    "32所",
    "49万平方米",
    "4000余名",
    "80处",
    "18处",
    "1382所",
    // (四)医疗保障方面
    "57家",
    "81%",
    "57家",
    "231家",
    "150个",
    "300个",
    // (五)计划生育及乡村医生保障落实方面
    "83458人",
    "2823人",
    "12231人",
    "4970人",
    "4065人",
    // (六)农村“七改”方面
    "239.1公里",
    "7座",
    "259户",
    "115户",
    "115820户",
    "2亿元",
    "3个",
    "13个",
    "35%",
    "1145公里",
    "587台",
];

/// The six area headings of section 一, exactly as the seed prints them: ASCII
/// parentheses around the Chinese numeral, the area's title, a full-width "。".
pub const SEED_AREAS: &[&str] = &[
    "(一)特殊群体关爱服务保障方面。",
    "(二)扶持就业及社会保障方面。",
    "(三)化解中小学大班额、解决教师紧缺和学前幼儿“入园难”方面。",
    "(四)医疗保障方面。",
    "(五)计划生育及乡村医生保障落实方面。",
    "(六)农村“七改”方面。",
];
