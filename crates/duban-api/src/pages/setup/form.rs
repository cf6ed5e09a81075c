//! The set-up pages' forms: fields filled from what was posted (or from the stored
//! record, written as the browser would post it), so a refused form comes back with
//! the clerk's own values and each refusal beside its field.

use duban_domain::{Decimal, FieldError, Invalid};

use crate::error::ApiError;
use crate::pages::i18n::{Lang, lang, tr};

/// What a form sent, in order: a group of check boxes sends its name once per box.
#[derive(Debug, Default, Clone)]
pub(super) struct Posted(pub Vec<(String, String)>);

impl Posted {
    /// The first value sent under `name`, trimmed; empty when none.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value sent under `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }

    pub fn set(&mut self, name: &str, value: impl ToString) {
        self.0.push((name.to_string(), value.to_string()));
    }
}

/// The choices offered, as (value, label).
pub(super) type Choices = Vec<(String, String)>;

/// A choice of a select or of a group of check boxes.
pub(super) struct Choice {
    pub value: String,
    pub label: String,
    pub on: bool,
}

/// One field as the template draws it.
pub(super) struct Field {
    /// text | integer | decimal | lines | select | checks | check
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub label: String,
    /// Drawn for screen readers only (a row whose other cell names it).
    pub quiet: bool,
    pub hint: String,
    pub value: String,
    pub checked: bool,
    pub choices: Vec<Choice>,
    pub max: usize,
    pub errors: Vec<String>,
}

impl Field {
    fn new(kind: &'static str, prefix: &str, name: &str, label: &str, p: &Posted) -> Field {
        Field {
            kind,
            id: format!("{prefix}{name}"),
            name: name.to_string(),
            label: label.to_string(),
            quiet: false,
            hint: String::new(),
            value: p.get(name).to_string(),
            checked: false,
            choices: Vec::new(),
            max: 200,
            errors: Vec::new(),
        }
    }

    pub fn text(prefix: &str, name: &str, label: &str, p: &Posted) -> Field {
        Field::new("text", prefix, name, label, p)
    }

    pub fn integer(prefix: &str, name: &str, label: &str, p: &Posted) -> Field {
        Field::new("integer", prefix, name, label, p).max(20)
    }

    pub fn decimal(prefix: &str, name: &str, label: &str, p: &Posted) -> Field {
        Field::new("decimal", prefix, name, label, p).max(20)
    }

    pub fn lines(prefix: &str, name: &str, label: &str, p: &Posted) -> Field {
        let mut f = Field::new("lines", prefix, name, label, p);
        f.value =
            p.0.iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.clone());
        f
    }

    pub fn select(
        prefix: &str,
        name: &str,
        label: &str,
        options: &[(String, String)],
        p: &Posted,
    ) -> Field {
        let mut f = Field::new("select", prefix, name, label, p);
        f.choices = options
            .iter()
            .map(|(v, l)| Choice {
                on: *v == f.value,
                value: v.clone(),
                label: l.clone(),
            })
            .collect();
        f
    }

    pub fn checks(
        prefix: &str,
        name: &str,
        label: &str,
        options: &[(String, String)],
        p: &Posted,
    ) -> Field {
        let mut f = Field::new("checks", prefix, name, label, p);
        f.choices = options
            .iter()
            .map(|(v, l)| Choice {
                on: p.all(name).any(|x| x == v),
                value: v.clone(),
                label: l.clone(),
            })
            .collect();
        f
    }

    pub fn check(prefix: &str, name: &str, label: &str, p: &Posted) -> Field {
        let mut f = Field::new("check", prefix, name, label, p);
        f.checked = !f.value.is_empty();
        f.value = "1".into();
        f
    }

    pub fn hint(mut self, h: &str) -> Field {
        self.hint = h.to_string();
        self
    }

    pub fn max(mut self, n: usize) -> Field {
        self.max = n;
        self
    }

    pub fn quiet(mut self) -> Field {
        self.quiet = true;
        self
    }

    /// The ids of the hint and error below the field, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut v = Vec::new();
        if !self.hint.is_empty() {
            v.push(format!("{}-hint", self.id));
        }
        if !self.errors.is_empty() {
            v.push(format!("{}-error", self.id));
        }
        v.join(" ")
    }
}

/// Fields drawn together in a fieldset (the regional split, the quarterly plan), with
/// the refusals that concern the group as a whole.
pub(super) struct Group {
    /// The name the API's errors give the whole group (`regions`, `quarterly`).
    pub key: &'static str,
    pub id: String,
    pub legend: String,
    pub hint: String,
    pub class: &'static str,
    pub rows: Vec<Vec<Field>>,
    pub errors: Vec<String>,
}

/// A whole form: where it posts, its version for If-Match, its fields and groups.
pub(super) struct Form {
    /// The id of its section, for a link (and the redirect after saving) to land on.
    pub anchor: String,
    pub heading: String,
    pub action: String,
    pub version: Option<i64>,
    pub fields: Vec<Field>,
    pub groups: Vec<Group>,
    pub button: String,
    /// Refusals that belong to no one field.
    pub errors: Vec<String>,
}

impl Form {
    pub fn new(anchor: String, heading: String, action: String, button: &str) -> Form {
        Form {
            anchor,
            heading,
            action,
            version: None,
            fields: Vec::new(),
            groups: Vec::new(),
            button: button.to_string(),
            errors: Vec::new(),
        }
    }

    /// Puts each refusal beside the field it names (after `rename` maps the API's field
    /// to the form's), else with its group, else above the form.
    pub fn place(&mut self, errors: &[FieldError], rename: impl Fn(&str) -> String) {
        for e in errors {
            let name = rename(&e.field);
            let text = message(e);
            let field = self
                .fields
                .iter_mut()
                .chain(
                    self.groups
                        .iter_mut()
                        .flat_map(|g| g.rows.iter_mut().flatten()),
                )
                .find(|f| f.name == name);
            if let Some(f) = field {
                f.errors.push(text);
            } else if let Some(g) = self.groups.iter_mut().find(|g| g.key == name) {
                g.errors.push(text);
            } else {
                self.errors.push(text);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
            || self.groups.iter().any(|g| !g.errors.is_empty())
            || self
                .fields
                .iter()
                .chain(self.groups.iter().flat_map(|g| g.rows.iter().flatten()))
                .any(|f| !f.errors.is_empty())
    }
}

/// A field error in the reader's language.
fn message(e: &FieldError) -> String {
    match lang() {
        Lang::Zh => e.message_zh.clone(),
        Lang::En => e.message_en.clone(),
    }
}

/// Why a form came back: its own field errors, or one refusal for the whole form, and
/// whether the clerk's values are shown again (a stale form shows what is stored now).
pub(super) struct Refusal {
    pub fields: Vec<FieldError>,
    pub general: Option<String>,
    pub keep_values: bool,
    pub status: axum::http::StatusCode,
}

impl Refusal {
    /// The refusal a client error makes; a server fault is passed on as it is.
    pub fn of(e: ApiError) -> Result<Refusal, ApiError> {
        let status = e.status();
        if !status.is_client_error() {
            return Err(e);
        }
        Ok(match e {
            ApiError::Invalid(bad) => Refusal {
                fields: bad.0,
                general: None,
                keep_values: true,
                status,
            },
            ApiError::Stale { .. } => Refusal {
                fields: Vec::new(),
                general: Some(
                    tr("未保存:打开此表单后,已有他人修改了这项内容。下面是现在保存的内容,请核对后重新修改。")
                        .to_string(),
                ),
                keep_values: false,
                status,
            },
            // Conflicts that concern one field are shown beside it.
            ApiError::Conflict { code, zh, en } if conflict_field(code).is_some() => Refusal {
                fields: vec![FieldError::new(
                    conflict_field(code).unwrap_or_default(),
                    code,
                    zh,
                    en,
                )],
                general: None,
                keep_values: true,
                status,
            },
            other => {
                let p = other.problem();
                let text = match lang() {
                    Lang::Zh => p.detail.unwrap_or(p.title),
                    Lang::En => p.detail_en.unwrap_or(p.title_en),
                };
                Refusal {
                    fields: Vec::new(),
                    general: Some(text),
                    keep_values: true,
                    status,
                }
            }
        })
    }

    /// Applies the refusal to the form drawn for it.
    pub fn apply(&self, form: &mut Form, rename: impl Fn(&str) -> String) {
        form.place(&self.fields, rename);
        if let Some(g) = &self.general {
            form.errors.push(g.clone());
        }
    }
}

/// The field a conflict of the store concerns, when it concerns one.
fn conflict_field(code: &str) -> Option<&'static str> {
    match code {
        "duplicate_number" => Some("number"),
        "year_fixed" => Some("year"),
        _ => None,
    }
}

/// Reads the form's numbers; each unreadable one is a field error under its form name.
#[derive(Default)]
pub(super) struct Reader {
    pub bad: Invalid,
}

impl Reader {
    /// An integer, or none when left empty.
    pub fn integer(&mut self, p: &Posted, name: &str) -> Option<i64> {
        let v = p.get(name);
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.bad.push(FieldError::new(
                    name,
                    "not_an_integer",
                    "请填写整数",
                    "enter a whole number",
                ));
                None
            }
        }
    }

    /// An integer that must be given.
    pub fn required_integer(&mut self, p: &Posted, name: &str) -> i64 {
        if p.get(name).is_empty() {
            self.bad.push(FieldError::new(
                name,
                "required",
                "不能为空",
                "must not be empty",
            ));
            return 0;
        }
        self.integer(p, name).unwrap_or(0)
    }

    /// A figure, or none when left empty.
    pub fn decimal(&mut self, p: &Posted, name: &str) -> Option<Decimal> {
        let v = p.get(name);
        if v.is_empty() {
            return None;
        }
        let d = Decimal::parse(v);
        if d.is_none() {
            self.bad.push(FieldError::new(
                name,
                "not_a_number",
                "请填写数字(最多四位小数)",
                "enter a number (at most four decimals)",
            ));
        }
        d
    }

    /// The version the form was drawn at, for If-Match.
    pub fn version(&self, p: &Posted) -> Result<i64, ApiError> {
        p.get("version")
            .parse()
            .map_err(|_| ApiError::PreconditionRequired)
    }

    pub fn finish(self) -> Result<(), ApiError> {
        self.bad.into_result().map_err(ApiError::Invalid)
    }
}

/// The form names a field as the API does.
pub(super) fn same(api: &str) -> String {
    api.to_string()
}
