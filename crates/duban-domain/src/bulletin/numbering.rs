//! The bulletin's numbering and punctuation, as the seed prints them: sections 一、二、
//!三、, subsections (一)(二), points 一是、二是, issue 第17期.
//!
//! The seed, as published, uses ASCII "," ";" ":" "(" ")" beside Chinese "。" and "、";
//! drafting follows it so that drafted clauses compare equal to the seed's.

use crate::date::Date;

/// Between clauses of one passage.
pub const COMMA: &str = ",";
/// Between passages of one area.
pub const SEMICOLON: &str = ";";
/// At the end of a paragraph.
pub const PERIOD: &str = "。";
/// Between names in a list.
pub const LIST: &str = "、";
pub const COLON: &str = ":";
pub const OPEN: &str = "(";
pub const CLOSE: &str = ")";

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 17 → 十七, 20 → 二十, 99 → 九十九; from 100 on, Arabic digits (no
/// bulletin has a hundred sections).
pub fn chinese(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// "一、工作开展情况"
pub fn section(n: u32, title: &str) -> String {
    format!("{}、{title}", chinese(n))
}

/// "(一)特殊群体关爱服务保障方面。"
pub fn subsection(n: u32, title: &str) -> String {
    let title = title.trim_end_matches(PERIOD);
    format!("{OPEN}{}{CLOSE}{title}{PERIOD}", chinese(n))
}

/// "一是"
pub fn point(n: u32) -> String {
    format!("{}是", chinese(n))
}

/// "第17期"
pub fn issue_number(n: u32) -> String {
    format!("第{n}期")
}

/// "2019年7月12日"
pub fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Names as a Chinese list: "甲", "甲和乙", "甲、乙和丙".
pub fn list_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}和{last}", init.join(LIST)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_seed_writes_them() {
        let got: Vec<String> = [1, 2, 3, 6, 10, 11, 17, 20, 21, 99, 100]
            .into_iter()
            .map(chinese)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "二",
                "三",
                "六",
                "十",
                "十一",
                "十七",
                "二十",
                "二十一",
                "九十九",
                "100"
            ]
        );
        assert_eq!(section(2, "存在的问题"), "二、存在的问题");
        assert_eq!(
            subsection(1, "特殊群体关爱服务保障方面"),
            "(一)特殊群体关爱服务保障方面。"
        );
        assert_eq!(subsection(6, "农村“七改”方面。"), "(六)农村“七改”方面。");
        assert_eq!(point(3), "三是");
        assert_eq!(issue_number(17), "第17期");
    }

    #[test]
    fn lists_join_the_last_name_with_he() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list_and(&n(&["沂水县"])), "沂水县");
        assert_eq!(list_and(&n(&["沂水县", "平邑县"])), "沂水县和平邑县");
        assert_eq!(
            list_and(&n(&["市本级", "沂水县", "平邑县"])),
            "市本级、沂水县和平邑县"
        );
    }
}
