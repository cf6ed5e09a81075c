//! The pages' language switch: Chinese first, English for those who ask.
//!
//! Templates write their Chinese text and pass it through the `t` filter
//! (`{{ "驾驶舱"|t }}`); Rust code that builds page text calls [`tr`]. Both look the
//! Chinese up in one table ([`en`]) when the reader chose English, and print the
//! Chinese otherwise, or when the table has no entry. The plan's own data (item names,
//! units, figures, the office's words) is never translated: it is the record.
//!
//! The choice is a `lang` cookie set by `POST /lang`; a middleware reads it once per
//! request into a task-local, so neither handlers nor template structs carry it.

mod en;

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::Form;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The value of `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// What a page being rendered needs to know of its request: the language, and its own
/// address for the switch to come back to.
struct Here {
    lang: Lang,
    path: String,
    /// The database is a demo one (`duban demo`): every page says so.
    demo: bool,
}

tokio::task_local! {
    static HERE: Here;
}

/// The language of the page being rendered: Chinese outside a request.
pub fn lang() -> Lang {
    HERE.try_with(|h| h.lang).unwrap_or(Lang::Zh)
}

/// The address of the page being rendered, for the language switch to return to.
pub fn here() -> String {
    HERE.try_with(|h| h.path.clone())
        .unwrap_or_else(|_| "/".to_string())
}

/// Whether the page being rendered comes from a demo database.
pub fn demo() -> bool {
    HERE.try_with(|h| h.demo).unwrap_or(false)
}

/// The switch's button: the other language's value, its name in itself, its code.
pub fn other() -> (&'static str, &'static str, &'static str) {
    match lang() {
        Lang::Zh => ("en", "English", "en"),
        Lang::En => ("zh", "中文", "zh-CN"),
    }
}

static TABLE: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| en::TABLES.iter().flat_map(|t| t.iter().copied()).collect());

/// The English of a Chinese page text, when the table has it.
pub fn english(zh: &str) -> Option<&'static str> {
    TABLE.get(zh).copied()
}

/// `zh` in the reader's language.
pub fn tr(zh: &str) -> &str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => english(zh).unwrap_or(zh),
    }
}

/// `zh`, a text with `{}` where values go, in the reader's language with `args` put in
/// order. The table holds the pattern: ("共 {} 条", "Total: {}").
pub fn trf(zh: &str, args: &[&dyn std::fmt::Display]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut args = args.iter();
    let mut rest = tr(zh);
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            let _ = write!(out, "{a}");
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// Chinese or English, as the reader chose: for texts that come in both already (the
/// domain's messages carry `message_zh` and `message_en`).
pub fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Reads the `lang` cookie and runs the rest of the request in that language.
pub async fn middleware(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let l = match crate::auth::cookie(req.headers(), COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let here = Here {
        lang: l,
        path,
        demo: state.settings.demo,
    };
    HERE.scope(here, next.run(req)).await
}

const COOKIE: &str = "lang";

#[derive(Debug, Deserialize)]
pub struct Switch {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

/// `POST /lang`: remembers the reader's language for a year and goes back to the page
/// they were on. Only a path on this site is followed back, never another site.
pub async fn switch(Form(f): Form<Switch>) -> Response {
    let value = if f.to == "en" { "en" } else { "zh" };
    let back = if f.back.starts_with('/') && !f.back.starts_with("//") && !f.back.contains('\\') {
        f.back.as_str()
    } else {
        "/"
    };
    let mut res = Redirect::to(back).into_response();
    let cookie = format!("{COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// The templates' filters: `t` translates a page text, as [`tr`] does.
pub mod filters {
    #[askama::filter_fn]
    pub fn t(s: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
        let zh = s.to_string();
        Ok(match super::english(&zh) {
            Some(en) if super::lang() == super::Lang::En => en.to_string(),
            _ => zh,
        })
    }

    /// `tf` translates a text with one `{}` and puts `arg` there, as [`super::trf`]
    /// does: `{{ "第{}项"|tf(number) }}`.
    #[askama::filter_fn]
    pub fn tf<A: std::fmt::Display>(
        s: impl std::fmt::Display,
        _: &dyn askama::Values,
        arg: A,
    ) -> askama::Result<String> {
        Ok(super::trf(&s.to_string(), &[&arg]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_the_templates_translate_has_an_english_entry() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for zh in literals(&text) {
                if english(zh).is_none() {
                    missing.push(format!("{}: {zh}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no English for:\n{}",
            missing.join("\n")
        );
    }

    /// Templates whose Chinese is not (yet) put through `t` here: the Atom feed stays
    /// Chinese; the others are converted on another branch — drop them once merged.
    const CHINESE_ONLY: [&str; 1] = ["feed.atom"];

    #[test]
    fn no_template_prints_chinese_outside_an_expression() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if CHINESE_ONLY.contains(&name.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if outside_expressions(line)
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                {
                    found.push(format!("{name}:{}: {line}", n + 1));
                }
            }
        }
        assert!(found.is_empty(), "not through |t:\n{}", found.join("\n"));
    }

    /// A template line without its `{{ … }}`, `{% … %}` and `{# … #}` parts.
    fn outside_expressions(line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let close = match rest[i..].chars().nth(1) {
                Some('{') => "}}",
                Some('%') => "%}",
                Some('#') => "#}",
                _ => {
                    out.push('{');
                    rest = &rest[i + 1..];
                    continue;
                }
            };
            match rest[i..].find(close) {
                Some(j) => rest = &rest[i + j + 2..],
                None => return out,
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn the_table_has_no_entry_twice() {
        let mut seen = std::collections::HashSet::new();
        for (zh, _) in en::TABLES.iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(zh), "{zh} twice");
        }
    }

    /// The string literals in `text` that go through `|t`.
    fn literals(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(end) = rest.find("\"|t") {
            let before = &rest[..end];
            if let Some(start) = before.rfind('"') {
                out.push(&before[start + 1..]);
            }
            rest = &rest[end + 3..];
        }
        out
    }

    #[test]
    fn every_text_the_page_code_translates_has_an_english_entry() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/pages");
        let mut missing = Vec::new();
        // The page modules and their folders (setup/, i18n/ …), one level down.
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                for inner in std::fs::read_dir(&path).unwrap() {
                    files.push(inner.unwrap().path());
                }
            } else {
                files.push(path);
            }
        }
        for path in files {
            // The translator itself, whose tests spell the calls they look for.
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("i18n/mod.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for zh in code_literals(&text) {
                if english(zh).is_none() {
                    missing.push(format!("{}: {zh}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no English for:\n{}",
            missing.join("\n")
        );
    }

    /// The string literals passed straight to `tr(` or `trf(` in Rust code.
    fn code_literals(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for call in ["tr(", "trf("] {
            for (at, _) in text.match_indices(call) {
                let named = text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                let rest = text[at + call.len()..].trim_start();
                if named || !rest.starts_with('"') {
                    continue;
                }
                if let Some(end) = rest[1..].find('"') {
                    out.push(&rest[1..=end]);
                }
            }
        }
        out
    }

    #[test]
    fn every_status_and_state_the_pages_print_has_an_english_entry() {
        use duban_domain::Status;
        use duban_domain::problem::ProblemState;
        let mut names: Vec<&str> = Status::ALL.iter().map(|s| s.label_zh()).collect();
        names.extend(ProblemState::ALL.iter().map(|s| s.label_zh()));
        names.extend(duban_domain::user::ALL_ROLES.iter().map(|r| r.label_zh()));
        names.extend(
            [
                "missing",
                "draft",
                "submitted",
                "reviewed",
                "approved",
                "returned",
            ]
            .map(crate::pages::tasks::state_label),
        );
        names.extend(
            [
                duban_domain::duty::Capacity::Lead,
                duban_domain::duty::Capacity::CoUnit,
                duban_domain::duty::Capacity::Region,
            ]
            .map(|c| c.label_zh()),
        );
        let missing: Vec<_> = names.into_iter().filter(|n| english(n).is_none()).collect();
        assert!(missing.is_empty(), "no English for {missing:?}");
    }

    #[test]
    fn tr_prints_chinese_outside_a_request() {
        assert_eq!(tr("驾驶舱"), "驾驶舱");
        assert_eq!(trf("第{}项", &[&3]), "第3项");
    }

    #[tokio::test]
    async fn trf_puts_the_values_into_the_english_pattern() {
        let here = Here {
            lang: Lang::En,
            path: "/".into(),
            demo: false,
        };
        let text = HERE
            .scope(here, async {
                trf("{}(索引号 {})", &[&"专报", &"1/zfb/2"])
            })
            .await;
        assert_eq!(text, "专报 (index number 1/zfb/2)");
    }
}
