//! Units (单位): the office, city departments, the city and its regions.

use serde::{Deserialize, Serialize};

use crate::ids::UnitId;

/// What kind of body a unit is. Regions (县区) include the city level (市本级): the
/// city's own share of a region-decomposed indicator is reported by 市本级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The city government as a whole (临沂市): the root of the regions; its figures are totals.
    City,
    /// A county-level region (县区、开发区) or the city level (市本级).
    Region,
    /// A city department (市直部门), a lead or co-responsible unit.
    Department,
    /// The supervision office (督查室).
    Office,
    /// A third-party evaluator (第三方机构).
    ThirdParty,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::City => "city",
            UnitKind::Region => "region",
            UnitKind::Department => "department",
            UnitKind::Office => "office",
            UnitKind::ThirdParty => "third_party",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        [
            UnitKind::City,
            UnitKind::Region,
            UnitKind::Department,
            UnitKind::Office,
            UnitKind::ThirdParty,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::City => "市",
            UnitKind::Region => "县区",
            UnitKind::Department => "市直部门",
            UnitKind::Office => "督查室",
            UnitKind::ThirdParty => "第三方机构",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    /// A short stable code (e.g. `lanshan`), unique; used by imports and URLs.
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// The unit above this one: a region's city, a department's government.
    pub parent_id: Option<UnitId>,
    /// Display order among siblings (the order cities print their counties in).
    pub seq: i64,
    pub active: bool,
}

/// The fields a unit is made of, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFields {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    pub seq: i64,
    pub active: bool,
}

impl UnitFields {
    pub fn parse(
        code: &str,
        name: &str,
        kind: &str,
        parent_id: Option<UnitId>,
        seq: i64,
        active: bool,
    ) -> Result<UnitFields, crate::Invalid> {
        use crate::FieldError;
        let mut bad = crate::Invalid::default();
        let code = code.trim().to_ascii_lowercase();
        if !(1..=40).contains(&code.len())
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            bad.push(FieldError::new(
                "code",
                "invalid_code",
                "单位代码须为1至40位字母、数字、_ 或 -",
                "code must be 1 to 40 letters, digits, '_' or '-'",
            ));
        }
        let name = bad.take(crate::text::required("name", name, 100));
        let kind = UnitKind::parse(kind);
        if kind.is_none() {
            bad.push(FieldError::new(
                "kind",
                "unknown_kind",
                "单位类型须为 city、region、department、office、third_party 之一",
                "kind must be one of city, region, department, office, third_party",
            ));
        }
        let seq = bad.take(crate::plan::parse_seq("seq", seq));
        match (name, kind, seq) {
            (Some(name), Some(kind), Some(seq)) if bad.is_empty() => Ok(UnitFields {
                code,
                name,
                kind,
                parent_id,
                seq,
                active,
            }),
            _ => Err(bad),
        }
    }
}
