//! Personal data (个人信息): a person's mobile number and resident ID number, and the
//! contact a member of the public leaves with an objection.
//!
//! Each is parsed once here. The clear value comes out only through `as_str`; `Debug`
//! and `Serialize` give the masked form (`138****1234`), so that a value that slips
//! into a history snapshot, a log line or a JSON document is never the clear one. The
//! store keeps them encrypted (SM4); see `duban_store::cipher`.

use serde::{Serialize, Serializer};

use crate::date::Date;
use crate::error::FieldError;
use crate::text;

/// A mainland mobile number (手机号): 11 digits starting with 1.
#[derive(Clone, PartialEq, Eq)]
pub struct Mobile(String);

/// A resident ID number (居民身份证号码, GB 11643): 17 digits — region, birth date,
/// sequence — and a check digit, which may be X.
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

/// The free-text contact (联系方式) left with a public objection: for the office only.
#[derive(Clone, PartialEq, Eq)]
pub struct Contact(String);

impl Mobile {
    /// Takes `13812341234`, also written with spaces or hyphens or after `+86`.
    pub fn parse(field: &str, s: &str) -> Result<Mobile, FieldError> {
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = digits.strip_prefix("+86").unwrap_or(&digits);
        if digits.len() == 11
            && digits.starts_with('1')
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            Ok(Mobile(digits.to_string()))
        } else {
            Err(FieldError::new(
                field,
                "invalid_mobile",
                "手机号须为以1开头的11位数字",
                "a mobile number must be 11 digits starting with 1",
            ))
        }
    }

    /// The clear number: for its owner and the system administrator only.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****1234`
    pub fn masked(&self) -> String {
        keep_ends(&self.0, 3, 4)
    }
}

impl IdNumber {
    /// GB 11643 weights of the first 17 characters: 2^(17-i) mod 11.
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    /// The check character for each remainder of the weighted sum mod 11.
    const CHECK: [u8; 11] = *b"10X98765432";

    /// Takes 18 characters (a final lower-case x is read as X): the birth date must be
    /// a real date and the check digit must match.
    pub fn parse(field: &str, s: &str) -> Result<IdNumber, FieldError> {
        let t = s.trim().to_ascii_uppercase();
        let b = t.as_bytes();
        let shaped = b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X');
        let born = shaped
            && Date::parse(&format!("{}-{}-{}", &t[6..10], &t[10..12], &t[12..14])).is_some();
        if !born {
            return Err(FieldError::new(
                field,
                "invalid_id_number",
                "身份证号须为18位:17位数字(含有效的出生日期)加1位数字或X",
                "an ID number must be 18 characters: 17 digits (with a real birth date) and a digit or X",
            ));
        }
        let sum: u32 = b[..17]
            .iter()
            .zip(Self::WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        if Self::CHECK[(sum % 11) as usize] != b[17] {
            return Err(FieldError::new(
                field,
                "id_number_check_digit",
                "身份证号校验码不符,请核对",
                "the ID number's check digit does not match; please check it",
            ));
        }
        Ok(IdNumber(t))
    }

    /// The clear number: for its owner and the system administrator only.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `110***********002X`: region's first digits and the last four, no birth date.
    pub fn masked(&self) -> String {
        keep_ends(&self.0, 3, 4)
    }
}

impl Contact {
    /// An optional text of at most 100 characters; empty means none.
    pub fn parse(field: &str, s: Option<&str>) -> Result<Option<Contact>, FieldError> {
        Ok(text::optional(field, s, 100)?.map(Contact))
    }

    /// The clear text: for the office only.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first character and three stars, whatever the length.
    pub fn masked(&self) -> String {
        let first: String = self.0.chars().take(1).collect();
        format!("{first}***")
    }
}

/// `s` with all but its first `head` and last `tail` characters starred.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let n = s.chars().count();
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { c } else { '*' })
        .collect()
}

macro_rules! masked_outside {
    ($($t:ty),*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.masked())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.masked())
            }
        }
    )*};
}

masked_outside!(Mobile, IdNumber, Contact);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mobile_number_is_eleven_digits_starting_with_one() {
        let m = Mobile::parse("mobile", " 138-1234 5678 ").expect("valid");
        assert_eq!(m.as_str(), "13812345678");
        assert_eq!(
            Mobile::parse("mobile", "+8613812345678")
                .expect("valid")
                .as_str(),
            "13812345678"
        );
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "23812345678",
            "1381234567x",
        ] {
            let e = Mobile::parse("mobile", bad).expect_err(bad);
            assert_eq!(
                (e.field.as_str(), e.code, e.message_zh.as_str()),
                ("mobile", "invalid_mobile", "手机号须为以1开头的11位数字")
            );
            assert!(!e.message_en.is_empty());
        }
    }

    #[test]
    fn an_id_number_needs_its_gb_11643_check_digit() {
        // The standard's own example, whose check digit is X; and one of 兰山区.
        let x = IdNumber::parse("id_number", "11010519491231002x").expect("valid");
        assert_eq!(x.as_str(), "11010519491231002X");
        assert!(IdNumber::parse("id_number", "371302198001011239").is_ok());
        let e = IdNumber::parse("id_number", "110105194912310021").expect_err("check digit");
        assert_eq!(e.code, "id_number_check_digit");
        assert_eq!(e.message_zh, "身份证号校验码不符,请核对");
        for bad in [
            "11010519491231002",
            "1101051949123100211",
            "1101051949123100X2",
            "110105194902300027",
        ] {
            let e = IdNumber::parse("id_number", bad).expect_err(bad);
            assert_eq!(e.code, "invalid_id_number", "{bad}");
        }
    }

    #[test]
    fn debug_and_serialisation_show_only_the_masked_form() {
        let m = Mobile::parse("m", "13812341234").expect("valid");
        let id = IdNumber::parse("i", "11010519491231002X").expect("valid");
        let c = Contact::parse("c", Some("王先生 13912345678"))
            .expect("valid")
            .expect("some");
        assert_eq!(m.masked(), "138****1234");
        assert_eq!(id.masked(), "110***********002X");
        assert_eq!(c.masked(), "王***");
        assert_eq!(
            format!("{m:?} {id:?} {c:?}"),
            "138****1234 110***********002X 王***"
        );
        let json = serde_json::to_string(&(m, id, c)).expect("json");
        assert_eq!(json, r#"["138****1234","110***********002X","王***"]"#);
    }

    #[test]
    fn an_empty_contact_is_none_and_a_long_one_is_refused() {
        assert_eq!(Contact::parse("contact", Some("  ")), Ok(None));
        let long = "字".repeat(101);
        assert_eq!(
            Contact::parse("contact", Some(&long))
                .expect_err("long")
                .code,
            "too_long"
        );
    }
}
