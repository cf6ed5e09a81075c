//! What a refused change says on the pages that edit the directory and take evidence:
//! each field's message, or the problem's, in the reader's language. The API's errors
//! carry both languages; the pages pick one.

use std::collections::BTreeMap;

use duban_domain::{FieldError, Invalid};

use super::i18n::{Lang, lang, tr};
use crate::error::ApiError;

/// A field error's message in the reader's language.
pub(super) fn message(e: &FieldError) -> String {
    match lang() {
        Lang::Zh => e.message_zh.clone(),
        Lang::En => e.message_en.clone(),
    }
}

/// The first message for each field, by field name.
pub(super) fn by_field(bad: &Invalid) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in &bad.0 {
        out.entry(e.field.clone()).or_insert_with(|| message(e));
    }
    out
}

/// The sentence a page shows for a refusal that no single field carries.
pub(super) fn text(e: &ApiError) -> String {
    match e {
        ApiError::Invalid(bad) => bad.0.iter().map(message).collect::<Vec<_>>().join(";"),
        // The ETag in the API's detail means nothing to someone filling in a form.
        ApiError::Stale { .. } => tr("数据已被他人修改,请重新打开页面后再改。").to_string(),
        ApiError::TooLarge { limit_bytes } => tr("文件过大,单个文件不能超过 {limit}。")
            .replace("{limit}", &crate::error::size_text(*limit_bytes)),
        ApiError::Forbidden => tr("您的角色无权进行此操作。").to_string(),
        _ => {
            let p = e.problem();
            match lang() {
                Lang::Zh => p.detail.unwrap_or(p.title),
                Lang::En => p.detail_en.unwrap_or(p.title_en),
            }
        }
    }
}
