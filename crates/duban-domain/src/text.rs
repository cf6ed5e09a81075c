//! Text fields: trimmed, non-empty where required, bounded in length, no control characters.

use crate::error::FieldError;

/// Parses a required single-line text of at most `max` characters.
pub fn required(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(
            field,
            "required",
            "不能为空",
            "must not be empty",
        ));
    }
    bounded(field, t, max)
}

/// Parses an optional text (empty means none) of at most `max` characters.
pub fn optional(field: &str, s: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => bounded(field, t, max).map(Some),
    }
}

fn bounded(field: &str, t: &str, max: usize) -> Result<String, FieldError> {
    if t.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("长度不能超过{max}个字符"),
            format!("must be at most {max} characters"),
        ));
    }
    // Newlines and tabs are allowed in narratives; other control characters never are.
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(FieldError::new(
            field,
            "control_character",
            "不能包含控制字符",
            "must not contain control characters",
        ));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(required("t", "  新增就业 ", 10).unwrap(), "新增就业");
        assert_eq!(required("t", "   ", 10).unwrap_err().code, "required");
        assert_eq!(required("t", "一二三", 2).unwrap_err().code, "too_long");
        assert_eq!(
            required("t", "a\u{0}b", 9).unwrap_err().code,
            "control_character"
        );
        assert_eq!(optional("t", Some(" "), 9).unwrap(), None);
    }
}

/// Parses an e-mail address: `local@domain`, ASCII or not, no spaces, at most 254
/// characters, the domain with a dot. Deliverability is the mail server's to judge.
pub fn email(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    let bad = || {
        FieldError::new(
            field,
            "invalid_email",
            "电子邮箱地址格式不正确",
            "is not an e-mail address",
        )
    };
    if t.chars().count() > 254 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = t.rsplit_once('@').ok_or_else(bad)?;
    let labels_ok = domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    if local.is_empty() || local.contains('@') || !labels_ok || t.contains(['<', '>', ',', ';']) {
        return Err(bad());
    }
    Ok(t.to_string())
}

/// Parses a webhook address: an `http://` or `https://` URL with a host, no spaces,
/// at most 1000 characters.
pub fn url(field: &str, s: &str) -> Result<String, FieldError> {
    let t = s.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h)
            if !h.is_empty()
                && t.len() <= 1000
                && !t.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(t.to_string())
        }
        _ => Err(FieldError::new(
            field,
            "invalid_url",
            "须为以 http:// 或 https:// 开头的网址",
            "must be an http:// or https:// URL",
        )),
    }
}

#[cfg(test)]
mod address_tests {
    use super::*;

    #[test]
    fn an_email_address_needs_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            email("email", " li@ducha.gov.cn ").unwrap(),
            "li@ducha.gov.cn"
        );
        assert!(email("email", "李明@督查室.政府.cn").is_ok());
        for bad in [
            "",
            "li",
            "li@",
            "@ducha.gov.cn",
            "li@cn",
            "li ming@ducha.gov.cn",
            "a@b@c.cn",
            "li@-x.cn",
            "x <li@a.cn>",
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_webhook_address_is_an_http_url_with_a_host() {
        assert!(
            url(
                "url",
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"
            )
            .is_ok()
        );
        assert!(url("url", "http://127.0.0.1:8080/hook").is_ok());
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https:///path",
            "javascript:alert(1)",
            "https://a b",
        ] {
            assert!(url("url", bad).is_err(), "{bad}");
        }
    }
}
