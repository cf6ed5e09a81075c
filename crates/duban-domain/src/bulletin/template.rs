//! Sentence templates: how one indicator's figures read in the bulletin, editable by
//! the office, e.g. "已完成方案编制{value}个,占年度计划实施项目的{completion}%".
//!
//! A template is parsed once into a [`SentenceTemplate`]; drafting fills its
//! placeholders with figures that carry their sources.
//!
//! | placeholder | fills in | kinds |
//! | --- | --- | --- |
//! | `{name}` | the indicator's name | all |
//! | `{value}` | the value reached, in the indicator's number style, no unit | cumulative, rate, ceiling |
//! | `{unit}` | the unit as printed after a scaled number ("万人") | cumulative, rate, ceiling |
//! | `{target}` | the year's target, same style | cumulative, rate, ceiling |
//! | `{completion}` | value ÷ target in percent (from the baseline if set), no "%" | cumulative, rate |
//! | `{remaining}` | target − value, never below zero | cumulative, rate |
//! | `{change}` | change since the previous issue with its unit: "增加12个", "减少3个", "持平" | cumulative, rate, ceiling |
//! | `{stage}` | the stage reached | stage |
//! | `{regions}` | the regions at that stage, "甲县、乙县和丙县" | stage |
//! | `{status}` | the status label: 已完成, 正常推进, 进度滞后 … | all |
//!
//! `{{` and `}}` print a literal brace.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{FieldError, Invalid};
use crate::indicator::{Indicator, IndicatorKind};

/// A placeholder of a sentence template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Placeholder {
    Name,
    Value,
    Unit,
    Target,
    Completion,
    Remaining,
    Change,
    Stage,
    Regions,
    Status,
}

impl Placeholder {
    pub const ALL: [Placeholder; 10] = [
        Placeholder::Name,
        Placeholder::Value,
        Placeholder::Unit,
        Placeholder::Target,
        Placeholder::Completion,
        Placeholder::Remaining,
        Placeholder::Change,
        Placeholder::Stage,
        Placeholder::Regions,
        Placeholder::Status,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Placeholder::Name => "name",
            Placeholder::Value => "value",
            Placeholder::Unit => "unit",
            Placeholder::Target => "target",
            Placeholder::Completion => "completion",
            Placeholder::Remaining => "remaining",
            Placeholder::Change => "change",
            Placeholder::Stage => "stage",
            Placeholder::Regions => "regions",
            Placeholder::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Option<Placeholder> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether an indicator of `kind` has what this placeholder prints.
    pub fn applies_to(self, kind: IndicatorKind) -> bool {
        use IndicatorKind::*;
        match self {
            Placeholder::Name | Placeholder::Status => true,
            Placeholder::Value | Placeholder::Unit | Placeholder::Target | Placeholder::Change => {
                kind.is_numeric()
            }
            Placeholder::Completion | Placeholder::Remaining => matches!(kind, Cumulative | Rate),
            Placeholder::Stage | Placeholder::Regions => kind == Stage,
        }
    }
}

fn kind_zh(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Cumulative => "累计类",
        IndicatorKind::Ceiling => "控制类",
        IndicatorKind::Rate => "比率类",
        IndicatorKind::Stage => "阶段类",
        IndicatorKind::Qualitative => "定性类",
    }
}

/// A piece of a template: literal text or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Text(String),
    Slot(Placeholder),
}

/// A parsed sentence template. Serialized as its source text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SentenceTemplate {
    segments: Vec<Segment>,
}

fn all_names() -> String {
    Placeholder::ALL
        .iter()
        .map(|p| format!("{{{}}}", p.as_str()))
        .collect::<Vec<_>>()
        .join("、")
}

impl SentenceTemplate {
    /// Parses a template. Refuses an empty one, an unknown placeholder and an unbalanced
    /// brace, naming it; all errors are collected.
    pub fn parse(s: &str) -> Result<SentenceTemplate, Invalid> {
        let mut bad = Invalid::default();
        if s.trim().is_empty() {
            bad.push(FieldError::new(
                "template",
                "required",
                "语句模板不能为空",
                "the sentence template must not be empty",
            ));
            return Err(bad);
        }
        let mut segments = Vec::new();
        let mut text = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for n in chars.by_ref() {
                        if n == '}' {
                            closed = true;
                            break;
                        }
                        if n == '{' {
                            break;
                        }
                        name.push(n);
                    }
                    if !closed {
                        bad.push(FieldError::new(
                            "template",
                            "unbalanced_brace",
                            format!("语句模板中“{{{name}”缺少右花括号“}}”"),
                            format!("“{{{name}” has no closing brace"),
                        ));
                        break;
                    }
                    match Placeholder::parse(name.trim()) {
                        Some(p) => {
                            if !text.is_empty() {
                                segments.push(Segment::Text(std::mem::take(&mut text)));
                            }
                            segments.push(Segment::Slot(p));
                        }
                        None => bad.push(FieldError::new(
                            "template",
                            "unknown_placeholder",
                            format!("未知的占位符{{{name}}},可用的占位符为:{}", all_names()),
                            format!(
                                "unknown placeholder {{{name}}}; known: {}",
                                all_names().replace('、', ", ")
                            ),
                        )),
                    }
                }
                '}' => bad.push(FieldError::new(
                    "template",
                    "unbalanced_brace",
                    "语句模板中有多余的右花括号“}”(如需原样输出请写“}}”)",
                    "a closing brace “}” without an opening one (write “}}” for a literal brace)",
                )),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            segments.push(Segment::Text(text));
        }
        bad.into_result()?;
        Ok(SentenceTemplate { segments })
    }

    /// Parses a template for one indicator: also refuses placeholders its kind has no
    /// figure for, such as `{stage}` on a cumulative count.
    pub fn parse_for(s: &str, ind: &Indicator) -> Result<SentenceTemplate, Invalid> {
        let t = Self::parse(s)?;
        t.check_for(ind)?;
        Ok(t)
    }

    /// Refuses placeholders the indicator's kind has no figure for.
    pub fn check_for(&self, ind: &Indicator) -> Result<(), Invalid> {
        let mut bad = Invalid::default();
        for p in self.placeholders() {
            if !p.applies_to(ind.kind) {
                bad.push(FieldError::new(
                    "template",
                    "not_applicable",
                    format!(
                        "占位符{{{}}}不适用于{}指标“{}”",
                        p.as_str(),
                        kind_zh(ind.kind),
                        ind.name
                    ),
                    format!(
                        "placeholder {{{}}} does not apply to a {} indicator",
                        p.as_str(),
                        ind.kind.as_str()
                    ),
                ));
            }
        }
        bad.into_result()
    }

    /// The default sentence for an indicator, built from its name; `has_reading` says
    /// whether an approved figure exists this period. Without one, a cumulative, rate or
    /// ceiling indicator with a target states its plan ("计划…5处"); any other reads the
    /// missing figure, which drafting marks as unsourced.
    pub fn default_for(ind: &Indicator, has_reading: bool) -> SentenceTemplate {
        use Placeholder::*;
        let t = |s: &str| Segment::Text(s.to_string());
        let s = Segment::Slot;
        let has_target = ind.target.is_some();
        let segments = match (ind.kind, has_target, has_reading) {
            (IndicatorKind::Cumulative, true, true) => vec![
                s(Name),
                s(Value),
                s(Unit),
                t(",完成年度目标的"),
                s(Completion),
                t("%"),
            ],
            (IndicatorKind::Cumulative, true, false) => {
                vec![t("计划"), s(Name), s(Target), s(Unit)]
            }
            (IndicatorKind::Rate, true, true) => vec![
                s(Name),
                s(Value),
                s(Unit),
                t(",年度目标"),
                s(Target),
                s(Unit),
            ],
            (IndicatorKind::Rate, true, false) => {
                vec![s(Name), t("年度目标"), s(Target), s(Unit)]
            }
            (IndicatorKind::Ceiling, true, true) => vec![
                s(Name),
                s(Value),
                s(Unit),
                t(",控制在"),
                s(Target),
                s(Unit),
                t("以内"),
            ],
            (IndicatorKind::Ceiling, true, false) => {
                vec![s(Name), t("控制在"), s(Target), s(Unit), t("以内")]
            }
            (IndicatorKind::Cumulative | IndicatorKind::Rate | IndicatorKind::Ceiling, ..) => {
                vec![s(Name), s(Value), s(Unit)]
            }
            (IndicatorKind::Stage, ..) if !ind.regions.is_empty() => {
                vec![s(Regions), t("处于"), s(Stage), t("阶段")]
            }
            (IndicatorKind::Stage, ..) => vec![s(Name), t("处于"), s(Stage), t("阶段")],
            (IndicatorKind::Qualitative, ..) => vec![s(Name), s(Status)],
        };
        SentenceTemplate { segments }
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The placeholders used, in order of appearance.
    pub fn placeholders(&self) -> impl Iterator<Item = Placeholder> + '_ {
        self.segments.iter().filter_map(|s| match s {
            Segment::Slot(p) => Some(*p),
            Segment::Text(_) => None,
        })
    }
}

/// The source text, braces escaped: parsing it again gives the same template.
impl fmt::Display for SentenceTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.segments {
            match s {
                Segment::Text(t) => f.write_str(&t.replace('{', "{{").replace('}', "}}"))?,
                Segment::Slot(p) => write!(f, "{{{}}}", p.as_str())?,
            }
        }
        Ok(())
    }
}

impl Serialize for SentenceTemplate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SentenceTemplate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SentenceTemplate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::Decimal;
    use crate::ids::{IndicatorId, ItemId};

    fn indicator(kind: IndicatorKind, target: Option<i64>) -> Indicator {
        Indicator {
            id: IndicatorId(1),
            item_id: ItemId(1),
            seq: 1,
            name: "新增城镇就业".into(),
            kind,
            unit: "人".into(),
            target: target.map(Decimal::from_int),
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: vec![],
            quarterly: None,
        }
    }

    #[test]
    fn a_template_parses_into_text_and_placeholders() {
        let t =
            SentenceTemplate::parse("已完成方案编制{value}个,占年度计划实施项目的{completion}%")
                .unwrap();
        assert_eq!(
            t.segments(),
            [
                Segment::Text("已完成方案编制".into()),
                Segment::Slot(Placeholder::Value),
                Segment::Text("个,占年度计划实施项目的".into()),
                Segment::Slot(Placeholder::Completion),
                Segment::Text("%".into()),
            ]
        );
    }

    #[test]
    fn an_unknown_placeholder_is_refused_by_name_chinese_first() {
        let e = SentenceTemplate::parse("完成{valeu}个").unwrap_err();
        assert_eq!(e.0[0].code, "unknown_placeholder");
        assert!(e.0[0].message_zh.starts_with("未知的占位符{valeu}"));
        assert!(e.0[0].message_en.contains("{valeu}"));
    }

    #[test]
    fn unbalanced_braces_are_refused() {
        for s in ["完成{value个", "完成value}个", "完成{val{ue}个"] {
            let e = SentenceTemplate::parse(s).unwrap_err();
            assert_eq!(e.0[0].code, "unbalanced_brace", "{s}");
        }
        assert_eq!(
            SentenceTemplate::parse("  ").unwrap_err().0[0].code,
            "required"
        );
    }

    #[test]
    fn doubled_braces_are_literal_and_the_source_round_trips() {
        let src = "{{注}}{name}{value}{unit}";
        let t = SentenceTemplate::parse(src).unwrap();
        assert_eq!(t.segments()[0], Segment::Text("{注}".into()));
        assert_eq!(t.to_string(), src);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<SentenceTemplate>(&json).unwrap(), t);
        assert!(serde_json::from_str::<SentenceTemplate>(r#""{nope}""#).is_err());
    }

    #[test]
    fn placeholders_must_fit_the_indicators_kind() {
        let count = indicator(IndicatorKind::Cumulative, Some(10));
        let e = SentenceTemplate::parse_for("{regions}处于{stage}阶段", &count).unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert!(e.0[0].message_zh.contains("{regions}不适用于累计类指标"));
        assert!(SentenceTemplate::parse_for("{name}{value}{unit}", &count).is_ok());
    }

    #[test]
    fn every_kind_has_a_default_that_fits_it() {
        for kind in IndicatorKind::ALL {
            for target in [None, Some(10)] {
                let mut ind = indicator(kind, target);
                if !kind.is_numeric() {
                    ind.target = None;
                }
                for has_reading in [true, false] {
                    let t = SentenceTemplate::default_for(&ind, has_reading);
                    assert!(
                        t.check_for(&ind).is_ok(),
                        "{kind:?} {target:?} {has_reading}"
                    );
                    assert_eq!(SentenceTemplate::parse(&t.to_string()).unwrap(), t);
                }
            }
        }
        let t =
            SentenceTemplate::default_for(&indicator(IndicatorKind::Cumulative, Some(10)), true);
        assert_eq!(
            t.to_string(),
            "{name}{value}{unit},完成年度目标的{completion}%"
        );
    }
}
