//! Roles (角色) of the people who use duban.

use serde::{Deserialize, Serialize};

/// A person's role. Unit roles (reporter, reviewer) belong to one unit.
/// The three administrators (三权分立) never touch business data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Supervision office staff (督查室): plans, periods, review, bulletins.
    Office,
    /// A unit's reporter (填报员): fills its unit's reports.
    Reporter,
    /// A unit's reviewer (审核员): reviews what its unit and its co-units sent.
    Reviewer,
    /// A leader (领导): reads everything, writes nothing.
    Leader,
    /// A third-party evaluator (第三方): reads, and enters assessments.
    Evaluator,
    /// System administrator (系统管理员): accounts and settings.
    SysAdmin,
    /// Security administrator (安全管理员): roles and policies.
    SecAdmin,
    /// Audit administrator (审计管理员): reads the audit log.
    AuditAdmin,
}

pub const ALL_ROLES: [Role; 8] = [
    Role::Office,
    Role::Reporter,
    Role::Reviewer,
    Role::Leader,
    Role::Evaluator,
    Role::SysAdmin,
    Role::SecAdmin,
    Role::AuditAdmin,
];

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Office => "office",
            Role::Reporter => "reporter",
            Role::Reviewer => "reviewer",
            Role::Leader => "leader",
            Role::Evaluator => "evaluator",
            Role::SysAdmin => "sysadmin",
            Role::SecAdmin => "secadmin",
            Role::AuditAdmin => "auditadmin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        ALL_ROLES.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Office => "督查室工作人员",
            Role::Reporter => "单位填报员",
            Role::Reviewer => "单位审核员",
            Role::Leader => "领导",
            Role::Evaluator => "第三方评估",
            Role::SysAdmin => "系统管理员",
            Role::SecAdmin => "安全管理员",
            Role::AuditAdmin => "审计管理员",
        }
    }

    /// Reporters, reviewers and evaluators act for one unit and need one.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::Reporter | Role::Reviewer | Role::Evaluator)
    }

    /// The administrators of 三权分立: no business data for them.
    pub fn is_admin(self) -> bool {
        matches!(self, Role::SysAdmin | Role::SecAdmin | Role::AuditAdmin)
    }
}

/// Whether `role` goes with `unit`: reporters, reviewers and evaluators act for one
/// unit; administrators belong to none.
pub fn check_unit(role: Role, unit: Option<crate::UnitId>) -> Result<(), crate::FieldError> {
    if role.needs_unit() && unit.is_none() {
        return Err(crate::FieldError::new(
            "unit_id",
            "required",
            "该角色须指定所属单位",
            "this role needs a unit",
        ));
    }
    if role.is_admin() && unit.is_some() {
        return Err(crate::FieldError::new(
            "unit_id",
            "not_applicable",
            "管理员不属于业务单位",
            "administrators belong to no unit",
        ));
    }
    Ok(())
}

/// Usernames: 3 to 32 of ASCII letters, digits, `.`, `_`, `-`; compared lower-cased.
pub fn parse_username(s: &str) -> Result<String, crate::FieldError> {
    let t = s.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&t.len())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(t)
    } else {
        Err(crate::FieldError::new(
            "username",
            "invalid_username",
            "用户名须为3至32位字母、数字或 . _ -",
            "username must be 3 to 32 letters, digits, '.', '_' or '-'",
        ))
    }
}
