//! How a bulletin prints a number: in the unit and with the rounding the office chose.
//!
//! 35000 人 printed in 万 with one decimal is "3.5万人"; 501000000 元 in 亿 with two is
//! "5.01亿元"; a completion of 87.2% at no decimals is "87%". Rounding is half away from
//! zero, done once from the exact value.

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::indicator::Indicator;

/// The magnitude a figure is printed in. The value itself is always kept in the
/// indicator's own unit; the scale only changes how it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// As is (个位): 31419人.
    #[default]
    None,
    /// In ten thousands (万): 3.5万人.
    Wan,
    /// In hundred millions (亿): 5.01亿元.
    Yi,
}

impl Scale {
    /// Powers of ten the value is divided by.
    pub fn shift(self) -> u32 {
        match self {
            Scale::None => 0,
            Scale::Wan => 4,
            Scale::Yi => 8,
        }
    }

    /// The character put before the unit.
    pub fn prefix(self) -> &'static str {
        match self {
            Scale::None => "",
            Scale::Wan => "万",
            Scale::Yi => "亿",
        }
    }
}

/// Whether zeros at the end of the fraction are printed.
///
/// The default keeps them, so a figure always shows the precision the office chose
/// ("3.50万人" at two decimals, "35.0%" at one): a column of figures then lines up and
/// nothing is silently dropped. `Trim` prints the shortest form instead ("3.5万人",
/// "2亿元" for 2.00), as prose often wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrailingZeros {
    #[default]
    Keep,
    Trim,
}

/// The office's choice for printing one indicator's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct NumberStyle {
    pub scale: Scale,
    /// Fractional digits after scaling, 0 to 4.
    pub decimals: u8,
    #[serde(default)]
    pub trailing_zeros: TrailingZeros,
}

/// The most fractional digits a style may ask for: what a [`Decimal`] holds.
pub const MAX_DECIMALS: u8 = 4;

impl NumberStyle {
    /// A style, refusing more than [`MAX_DECIMALS`] decimals.
    pub fn new(
        scale: Scale,
        decimals: u8,
        trailing_zeros: TrailingZeros,
    ) -> Result<NumberStyle, Invalid> {
        if decimals > MAX_DECIMALS {
            return Err(Invalid::one(FieldError::new(
                "decimals",
                "out_of_range",
                "小数位数须在0至4之间",
                "decimals must be between 0 and 4",
            )));
        }
        Ok(NumberStyle {
            scale,
            decimals,
            trailing_zeros,
        })
    }

    /// The indicator's own style: no scaling, its decimals, zeros kept.
    pub fn of(ind: &Indicator) -> NumberStyle {
        NumberStyle {
            scale: Scale::None,
            decimals: ind.decimals.min(MAX_DECIMALS),
            trailing_zeros: TrailingZeros::Keep,
        }
    }

    /// A percentage (completion, share) at `decimals` decimals, zeros kept.
    pub fn percent(decimals: u8) -> NumberStyle {
        NumberStyle {
            scale: Scale::None,
            decimals: decimals.min(MAX_DECIMALS),
            trailing_zeros: TrailingZeros::Keep,
        }
    }

    /// The number alone, scaled and rounded: "3.5" for 35000 at 万 and one decimal.
    pub fn number(&self, v: Decimal) -> String {
        let s = v.to_fixed_shifted(self.scale.shift(), self.decimals.min(MAX_DECIMALS) as u32);
        match self.trailing_zeros {
            TrailingZeros::Keep => s,
            TrailingZeros::Trim if s.contains('.') => {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            TrailingZeros::Trim => s,
        }
    }

    /// The unit as printed after a scaled number: "万人" for 人 at 万.
    pub fn unit(&self, unit: &str) -> String {
        format!("{}{unit}", self.scale.prefix())
    }

    /// Number and unit: "3.5万人", "5.01亿元", "87%".
    pub fn with_unit(&self, v: Decimal, unit: &str) -> String {
        format!("{}{}", self.number(v), self.unit(unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn style(scale: Scale, decimals: u8) -> NumberStyle {
        NumberStyle::new(scale, decimals, TrailingZeros::Keep).unwrap()
    }

    #[test]
    fn the_seeds_figures_print_in_the_unit_the_office_chose() {
        assert_eq!(style(Scale::Wan, 1).with_unit(d("35000"), "人"), "3.5万人");
        assert_eq!(
            style(Scale::Yi, 2).with_unit(d("501000000"), "元"),
            "5.01亿元"
        );
        assert_eq!(style(Scale::None, 0).with_unit(d("31419"), "人"), "31419人");
        assert_eq!(
            style(Scale::None, 1).with_unit(d("239.1"), "公里"),
            "239.1公里"
        );
        assert_eq!(NumberStyle::percent(0).with_unit(d("87.2"), "%"), "87%");
        assert_eq!(NumberStyle::percent(0).with_unit(d("81.4286"), "%"), "81%");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(style(Scale::None, 0).number(d("87.5")), "88");
        assert_eq!(style(Scale::None, 0).number(d("-87.5")), "-88");
        assert_eq!(style(Scale::Wan, 1).number(d("34950")), "3.5");
        assert_eq!(style(Scale::Wan, 1).number(d("34949")), "3.5");
        assert_eq!(style(Scale::Wan, 1).number(d("34940")), "3.5");
        assert_eq!(style(Scale::Wan, 1).number(d("34900")), "3.5");
        assert_eq!(style(Scale::Wan, 1).number(d("34899")), "3.5");
        assert_eq!(style(Scale::Wan, 2).number(d("34850")), "3.49");
        assert_eq!(style(Scale::Wan, 2).number(d("34849")), "3.48");
    }

    #[test]
    fn trailing_zeros_are_kept_unless_the_office_asks_to_trim_them() {
        let keep = style(Scale::Yi, 2);
        let trim = NumberStyle::new(Scale::Yi, 2, TrailingZeros::Trim).unwrap();
        assert_eq!(keep.with_unit(d("200000000"), "元"), "2.00亿元");
        assert_eq!(trim.with_unit(d("200000000"), "元"), "2亿元");
        assert_eq!(keep.with_unit(d("350000000"), "元"), "3.50亿元");
        assert_eq!(trim.with_unit(d("350000000"), "元"), "3.5亿元");
        // Whole numbers at no decimals have nothing to trim.
        let trim0 = NumberStyle::new(Scale::None, 0, TrailingZeros::Trim).unwrap();
        assert_eq!(trim0.number(d("100")), "100");
        assert_eq!(NumberStyle::percent(1).number(d("35")), "35.0");
    }

    #[test]
    fn more_than_four_decimals_is_refused() {
        let e = NumberStyle::new(Scale::None, 5, TrailingZeros::Keep).unwrap_err();
        assert_eq!(e.0[0].code, "out_of_range");
        assert!(e.0[0].message_zh.contains("小数位数"));
    }

    #[test]
    fn a_style_reads_back_from_json() {
        let s = NumberStyle::new(Scale::Wan, 1, TrailingZeros::Trim).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"scale":"wan","decimals":1,"trailing_zeros":"trim"}"#
        );
        assert_eq!(serde_json::from_str::<NumberStyle>(&json).unwrap(), s);
    }
}
