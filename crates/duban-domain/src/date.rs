//! Calendar dates (cut-offs, deadlines), proleptic Gregorian, no time zone.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn days_in_year(year: i32) -> u32 {
    if is_leap(year) { 366 } else { 365 }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1900..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = &s[r];
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())?
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Day of the year, 1 for 1 January.
    pub fn ordinal(self) -> u32 {
        (1..self.month)
            .map(|m| days_in_month(self.year, m) as u32)
            .sum::<u32>()
            + self.day as u32
    }

    /// The last day of the month.
    pub fn end_of_month(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    pub fn from_days_since_epoch(z: i64) -> Option<Date> {
        let z = z + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn end_of_may_is_day_151() {
        let d = Date::parse("2019-05-31").unwrap();
        assert_eq!(d.ordinal(), 151);
        assert_eq!(Date::parse("2020-12-31").unwrap().ordinal(), 366);
        assert_eq!(Date::parse("2019-02-29"), None);
        assert_eq!(Date::parse("2019-5-31"), None);
        assert_eq!(Date::parse("2019-13-01"), None);
    }

    proptest! {
        #[test]
        fn day_counts_round_trip(z in -25_000i64..2_900_000) {
            let d = Date::from_days_since_epoch(z).unwrap();
            prop_assert_eq!(d.days_since_epoch(), z);
            prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
        }
    }
}

/// An instant (epoch milliseconds) as RFC 3339 in UTC: `2019-06-06T01:00:00.000Z`.
pub fn rfc3339(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let d = Date::from_days_since_epoch(days)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "0000-01-01".to_string());
    let (h, m, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    format!("{d}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// Milliseconds in China Standard Time's offset from UTC (UTC+8, no daylight saving).
const CST_OFFSET_MS: i64 = 8 * 3_600_000;

/// The day an instant falls on in Beijing: what "submitted by the deadline" means.
pub fn beijing_day(ms: i64) -> Option<Date> {
    Date::from_days_since_epoch((ms + CST_OFFSET_MS).div_euclid(86_400_000))
}

/// An instant as people in China read it: Beijing time to the minute,
/// "2019-06-06 09:00". For pages and documents; the API speaks RFC 3339 in UTC.
pub fn beijing_time(ms: i64) -> String {
    let local = ms + CST_OFFSET_MS;
    let d = beijing_day(ms)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "0000-01-01".to_string());
    let rest = local.rem_euclid(86_400_000);
    format!("{d} {:02}:{:02}", rest / 3_600_000, rest / 60_000 % 60)
}

#[cfg(test)]
mod rfc3339_tests {
    #[test]
    fn instants_print_in_utc_with_milliseconds() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            super::rfc3339(1_559_782_800_123),
            "2019-06-06T01:00:00.123Z"
        );
    }

    #[test]
    fn beijing_time_is_eight_hours_ahead_and_crosses_midnight() {
        assert_eq!(super::beijing_time(1_559_782_800_123), "2019-06-06 09:00");
        // 2019-06-05T16:30Z is already the 6th in Beijing.
        assert_eq!(super::beijing_time(1_559_752_200_000), "2019-06-06 00:30");
        assert_eq!(super::beijing_time(-1), "1970-01-01 07:59");
    }
}
