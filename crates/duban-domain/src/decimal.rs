//! Exact decimal figures: 5.01亿元, 239.1公里, 81.4%.
//!
//! Stored as an integer count of ten-thousandths, so sums and comparisons are exact
//! and both databases keep them as plain 64-bit integers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A decimal with four fractional digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal(i64);

/// Ten-thousandths per unit.
pub const SCALE: i64 = 10_000;
/// The largest magnitude accepted, 10^11: above any count or amount a plan holds (a
/// province's yearly budget in 元 is below it), and small enough that every value is
/// exact as a JSON number (an f64 holds integers up to 2^53 ≈ 9×10^15 exactly).
pub const MAX_ABS: i64 = 100_000_000_000 * SCALE;

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);
    pub const HUNDRED: Decimal = Decimal(100 * SCALE);

    /// From the stored integer of ten-thousandths.
    pub const fn from_scaled(v: i64) -> Self {
        Decimal(v)
    }

    pub const fn scaled(self) -> i64 {
        self.0
    }

    pub const fn from_int(v: i64) -> Self {
        Decimal(v * SCALE)
    }

    /// Parses "5.01", "-3", "81.4". At most four fractional digits.
    pub fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if frac.len() > 4 || int.len() > 12 {
            return None;
        }
        let i: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut f: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..4 {
            f *= 10;
        }
        let v = i.checked_mul(SCALE)?.checked_add(f)?;
        let v = if neg { -v } else { v };
        (v.abs() <= MAX_ABS).then_some(Decimal(v))
    }

    /// From a JSON number. Rounds to four fractional digits; refuses NaN, infinities
    /// and magnitudes beyond [`MAX_ABS`].
    pub fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        let scaled = (v * SCALE as f64).round();
        if scaled.abs() > MAX_ABS as f64 {
            return None;
        }
        Some(Decimal(scaled as i64))
    }

    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn checked_add(self, o: Decimal) -> Option<Decimal> {
        self.0.checked_add(o.0).map(Decimal)
    }

    pub fn checked_sub(self, o: Decimal) -> Option<Decimal> {
        self.0.checked_sub(o.0).map(Decimal)
    }

    /// `self / d × 100`, rounded half away from zero to `digits` fractional digits
    /// (at most four). None when `d` is zero.
    pub fn percent_of(self, d: Decimal, digits: u32) -> Option<Decimal> {
        if d.0 == 0 {
            return None;
        }
        let num = self.0 as i128 * 100 * SCALE as i128;
        let exact = div_round(num, d.0 as i128);
        Some(Decimal(round_scaled(exact, digits) as i64))
    }

    /// Rounded half away from zero to `digits` fractional digits (at most four).
    pub fn round(self, digits: u32) -> Decimal {
        Decimal(round_scaled(self.0 as i128, digits) as i64)
    }

    /// `self × num ÷ den` rounded to four digits; None when `den` is zero.
    pub fn mul_div(self, num: Decimal, den: Decimal) -> Option<Decimal> {
        if den.0 == 0 {
            return None;
        }
        let v = div_round(self.0 as i128 * num.0 as i128, den.0 as i128);
        i64::try_from(v).ok().map(Decimal)
    }

    /// Fixed notation with exactly `digits` fractional digits: `81.4`, `5.01`, `35`.
    pub fn to_fixed(self, digits: u32) -> String {
        self.to_fixed_shifted(0, digits)
    }

    /// The value divided by 10^`shift`, in fixed notation with exactly `digits`
    /// fractional digits (at most four), rounded half away from zero once, from the
    /// exact value: 501000000 shifted by 8 at 2 digits is `5.01` (亿). Rounding once
    /// matters: 34950 is `3.5` (万) at one digit, where rounding first to four
    /// digits and then to one could drift on longer tails.
    pub fn to_fixed_shifted(self, shift: u32, digits: u32) -> String {
        let digits = digits.min(4);
        // In units of 10^-digits of the shifted value.
        let den = 10i128.pow(4 + shift.min(20));
        let n = div_round(self.0 as i128 * 10i128.pow(digits), den);
        let sign = if n < 0 { "-" } else { "" };
        let a = n.unsigned_abs();
        let step = 10u128.pow(digits);
        let (int, frac) = (a / step, a % step);
        if digits == 0 {
            return format!("{sign}{int}");
        }
        format!("{sign}{int}.{frac:0width$}", width = digits as usize)
    }
}

fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d.abs() {
        if (n < 0) != (d < 0) { q - 1 } else { q + 1 }
    } else {
        q
    }
}

fn round_scaled(v: i128, digits: u32) -> i128 {
    let digits = digits.min(4);
    let step = 10i128.pow(4 - digits);
    div_round(v, step) * step
}

impl fmt::Display for Decimal {
    /// Shortest exact form: `5.01`, `35`, `-0.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.to_fixed(4);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        f.write_str(s)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A JSON number: whole numbers print as integers (109, not 109.0); others as
        // f64, whose shortest form reads back to the same ten-thousandths within MAX_ABS.
        if self.0 % SCALE == 0 {
            s.serialize_i64(self.0 / SCALE)
        } else {
            s.serialize_f64(self.to_f64())
        }
    }
}

/// Only JSON numbers: the API documents figures as numbers, and a string where a number
/// belongs is refused rather than guessed at.
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number with at most four decimals")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
                Decimal::from_f64(v).ok_or_else(|| E::custom("number out of range"))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints_the_seeds_figures() {
        for s in [
            "5.01", "239.1", "81.4", "35", "31419", "3.5", "0.5", "-2.25",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(Decimal::parse("1.23456"), None);
        assert_eq!(Decimal::parse("abc"), None);
        assert_eq!(Decimal::parse(""), None);
        assert_eq!(Decimal::parse("."), None);
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        // 57 of 70 is 81.428…%: the seed prints 81%.
        assert_eq!(d("57").percent_of(d("70"), 1).unwrap().to_string(), "81.4");
        assert_eq!(d("57").percent_of(d("70"), 0).unwrap().to_string(), "81");
        assert_eq!(
            d("109").percent_of(d("125"), 1).unwrap().to_string(),
            "87.2"
        );
        assert_eq!(d("1").percent_of(d("8"), 1).unwrap().to_string(), "12.5");
        assert_eq!(d("1").percent_of(Decimal::ZERO, 1), None);
    }

    #[test]
    fn fixed_notation_pads_and_rounds() {
        assert_eq!(d("5.005").to_fixed(2), "5.01");
        assert_eq!(d("35").to_fixed(1), "35.0");
        assert_eq!(d("-0.05").to_fixed(1), "-0.1");
        assert_eq!(d("-0.04").to_fixed(1), "0.0", "no negative zero");
    }

    #[test]
    fn shifted_fixed_notation_divides_then_rounds_once() {
        assert_eq!(d("35000").to_fixed_shifted(4, 1), "3.5");
        assert_eq!(d("501000000").to_fixed_shifted(8, 2), "5.01");
        assert_eq!(d("34950").to_fixed_shifted(4, 1), "3.5");
        assert_eq!(d("34949.9999").to_fixed_shifted(4, 1), "3.5");
        assert_eq!(d("34949").to_fixed_shifted(4, 2), "3.49");
        assert_eq!(d("-15000").to_fixed_shifted(4, 0), "-2");
        assert_eq!(d("12").to_fixed_shifted(4, 4), "0.0012");
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(v in -MAX_ABS..=MAX_ABS) {
            let x = Decimal::from_scaled(v);
            prop_assert_eq!(Decimal::parse(&x.to_string()), Some(x));
        }

        #[test]
        fn json_round_trip_is_exact(v in -MAX_ABS..=MAX_ABS) {
            let x = Decimal::from_scaled(v);
            let json = serde_json::to_string(&x).unwrap();
            let back: Decimal = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, x);
        }
    }
}
