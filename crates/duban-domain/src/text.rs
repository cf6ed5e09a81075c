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
