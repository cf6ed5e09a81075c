//! The password policy (口令策略) of the level-3 profile (等保2.0 三级): at least 12
//! characters from at least 3 of the 4 classes (lower case, upper case, digits,
//! others), not the username nor containing it, and not one of the common passwords
//! shipped with duban (`common.txt`), compared without case. Checked wherever a
//! password is set: the API, the pages and the CLI.

use crate::FieldError;

const MIN_CHARS: usize = 12;
const MAX_CHARS: usize = 256;
const MIN_CLASSES: usize = 3;

/// Passwords people pick that pass the length and class rules anyway: keyboard walks,
/// words with the year, 我爱你 in digits and pinyin. One per line, lower case.
const COMMON: &str = include_str!("common.txt");

fn weak(zh: &str, en: &str) -> FieldError {
    FieldError::new("password", "weak_password", zh, en)
}

/// How many of the four classes `pw` draws on.
fn classes(pw: &str) -> usize {
    let lower = pw.chars().any(|c| c.is_lowercase());
    let upper = pw.chars().any(|c| c.is_uppercase());
    let digit = pw.chars().any(|c| c.is_ascii_digit());
    let other = pw
        .chars()
        .any(|c| !c.is_lowercase() && !c.is_uppercase() && !c.is_ascii_digit());
    [lower, upper, digit, other]
        .into_iter()
        .filter(|x| *x)
        .count()
}

/// Whether `pw` is on the shipped list of common passwords, ignoring case.
pub fn is_common(pw: &str) -> bool {
    let pw = pw.to_lowercase();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == pw)
}

/// Checks a new password of the account `username` against the policy.
pub fn check(pw: &str, username: &str) -> Result<(), FieldError> {
    let n = pw.chars().count();
    if n < MIN_CHARS {
        return Err(weak(
            "密码长度至少12位",
            "password must be at least 12 characters",
        ));
    }
    if n > MAX_CHARS {
        return Err(FieldError::new(
            "password",
            "too_long",
            "密码长度不能超过256位",
            "password must be at most 256 characters",
        ));
    }
    if classes(pw) < MIN_CLASSES {
        return Err(weak(
            "密码须包含大写字母、小写字母、数字、其他字符中的至少三类",
            "password must mix at least three of: upper case, lower case, digits, other characters",
        ));
    }
    let name = username.trim().to_lowercase();
    if !name.is_empty() && pw.to_lowercase().contains(&name) {
        return Err(weak(
            "密码不能包含用户名",
            "password must not contain the username",
        ));
    }
    if is_common(pw) {
        return Err(weak(
            "该密码过于常见,请换一个",
            "this password is too common; choose another",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(pw: &str, user: &str) -> Option<(String, String)> {
        check(pw, user)
            .err()
            .map(|e| (e.code.to_string(), e.message_zh))
    }

    #[test]
    fn a_long_password_of_three_classes_passes() {
        assert_eq!(code("Linyi-Minsheng-2019", "ducha"), None);
        assert_eq!(
            code("linyi-minsheng-2019", "ducha"),
            None,
            "lower, digit, other"
        );
        assert_eq!(
            code("Quarterly3Targets", "ducha"),
            None,
            "upper, lower, digit"
        );
    }

    #[test]
    fn short_passwords_fail_on_length_counted_in_characters() {
        assert!(code("Aa1-aaaaaaa", "x").unwrap().1.contains("至少12位"));
        // Twelve Chinese characters with a digit and a letter are long enough.
        assert_eq!(code("督查室民生实事台账2019a", "ducha"), None);
    }

    #[test]
    fn two_classes_are_not_enough() {
        let (c, zh) = code("linyiminsheng2019", "ducha").unwrap();
        assert_eq!(c, "weak_password");
        assert!(zh.contains("至少三类"));
        assert!(code("ABCDEFGHIJKLMNOP", "x").is_some());
    }

    #[test]
    fn the_username_may_not_be_in_the_password_in_any_case() {
        assert!(
            code("Ducha-2019-Linyi", "ducha")
                .unwrap()
                .1
                .contains("用户名")
        );
        assert!(
            code("xx-DUCHA-2019-xx", "Ducha")
                .unwrap()
                .1
                .contains("用户名")
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for pw in [
            "P@ssw0rd1234",
            "p@ssw0rd1234",
            "Woaini@5201314",
            "1qaz@WSX3edc",
        ] {
            assert!(is_common(pw), "{pw}");
            assert!(code(pw, "ducha").unwrap().1.contains("过于常见"), "{pw}");
        }
        assert!(!is_common("Linyi-Minsheng-2019"));
    }

    #[test]
    fn the_shipped_list_is_lower_case_and_long_enough_to_matter() {
        for l in COMMON
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert_eq!(l, l.to_lowercase(), "{l}");
            assert!(
                l.chars().count() >= MIN_CHARS,
                "{l} could never pass anyway"
            );
        }
    }
}
