//! Who may do what. The HTTP layer asks these questions; the answers live here so that
//! pages, API and CLI agree.

use crate::ids::UnitId;
use crate::plan::Item;
use crate::user::Role;

/// Reads the list of accounts: the system administrator, who keeps them, and the
/// security administrator, who gives them their roles.
pub fn reads_accounts(role: Role) -> bool {
    matches!(role, Role::SysAdmin | Role::SecAdmin)
}

/// Gives accounts their roles (and with a unit role, their unit): the security
/// administrator, never for their own account. The system administrator creates
/// accounts; who may do what afterwards is not theirs to change (三权分立).
pub fn assigns_roles(role: Role) -> bool {
    role == Role::SecAdmin
}

/// Reads the audit log and checks its chain: the audit administrator, and nobody else
/// (the other administrators' own actions are in it).
pub fn reads_audit(role: Role) -> bool {
    role == Role::AuditAdmin
}

/// Reads plans, items, indicators, periods and roll-ups. The administrators of 三权分立
/// never read business data.
pub fn reads_plans(role: Role) -> bool {
    !role.is_admin()
}

/// Reads bulletins (督查专报) before they are published: drafts and issues alike. The
/// public reads published ones on the portal.
pub fn reads_bulletins(role: Role) -> bool {
    matches!(role, Role::Office | Role::Leader)
}

/// Reads the evaluation (绩效考评) and its league tables: the office, leaders and the
/// evaluators. Units do not see one another's scores before they are published.
pub fn reads_evaluation(role: Role) -> bool {
    matches!(role, Role::Office | Role::Leader | Role::Evaluator)
}

/// Enters third-party and satisfaction scores: the evaluators (第三方) alone; the
/// office approves what they entered, so it does not enter scores itself.
pub fn enters_evaluation(role: Role) -> bool {
    role == Role::Evaluator
}

/// Creates and changes plans, areas, items, indicators, units and periods.
pub fn manages_plans(role: Role) -> bool {
    role == Role::Office
}

/// Creates, changes and disables accounts.
pub fn manages_accounts(role: Role) -> bool {
    role == Role::SysAdmin
}

/// Writes a report for `report_unit`: only a reporter of that unit.
pub fn writes_report(role: Role, own_unit: Option<UnitId>, report_unit: UnitId) -> bool {
    role == Role::Reporter && own_unit == Some(report_unit)
}

/// Reads a report of `report_unit` on `item`: the office, leaders and evaluators read
/// all; a unit's people read their own unit's reports, and the lead unit's people read
/// every report on the items it leads.
pub fn reads_report(
    role: Role,
    own_unit: Option<UnitId>,
    report_unit: UnitId,
    item: &Item,
) -> bool {
    match role {
        Role::Office | Role::Leader | Role::Evaluator => true,
        Role::Reporter | Role::Reviewer => {
            own_unit == Some(report_unit) || own_unit == Some(item.lead_unit_id)
        }
        Role::SysAdmin | Role::SecAdmin | Role::AuditAdmin => false,
    }
}

/// Reads a problem owned by `owner_unit`, and its rectification evidence: the office,
/// leaders and evaluators read all; a unit's people read their own unit's.
pub fn reads_problem(role: Role, own_unit: Option<UnitId>, owner_unit: UnitId) -> bool {
    match role {
        Role::Office | Role::Leader | Role::Evaluator => true,
        Role::Reporter | Role::Reviewer => own_unit == Some(owner_unit),
        Role::SysAdmin | Role::SecAdmin | Role::AuditAdmin => false,
    }
}

/// Attaches rectification evidence to a problem owned by `owner_unit`: the office, and
/// the owner unit's reporters and reviewers (while the rectification is theirs, see
/// `evidence::problem_takes_evidence`).
pub fn attaches_problem_evidence(role: Role, own_unit: Option<UnitId>, owner_unit: UnitId) -> bool {
    match role {
        Role::Office => true,
        Role::Reporter | Role::Reviewer => own_unit == Some(owner_unit),
        _ => false,
    }
}

/// Withdraws an evidence file: the office, or the person who uploaded it (while its
/// report or rectification still takes evidence).
pub fn withdraws_evidence(role: Role, is_uploader: bool) -> bool {
    role == Role::Office || is_uploader
}

/// Reviews (or returns) a report on `item`: a reviewer of the item's lead unit, never
/// the author of the version.
pub fn reviews_report(role: Role, own_unit: Option<UnitId>, item: &Item, is_author: bool) -> bool {
    role == Role::Reviewer && own_unit == Some(item.lead_unit_id) && !is_author
}

/// Approves a report (the office's confirmation). Nobody approves a version they wrote.
pub fn approves_report(role: Role, is_author: bool) -> bool {
    role == Role::Office && !is_author
}

/// Asks for a change of an indicator's targets on `item`: the office, or the people of
/// the item's lead unit.
pub fn requests_target_change(role: Role, own_unit: Option<UnitId>, item: &Item) -> bool {
    role == Role::Office
        || (matches!(role, Role::Reporter | Role::Reviewer) && own_unit == Some(item.lead_unit_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::ALL_ROLES;

    #[test]
    fn a_problem_and_its_evidence_are_read_by_the_office_leaders_evaluators_and_its_owner() {
        let (owner, other) = (UnitId(1), UnitId(2));
        for role in ALL_ROLES {
            let all = matches!(role, Role::Office | Role::Leader | Role::Evaluator);
            let unit = matches!(role, Role::Reporter | Role::Reviewer);
            assert_eq!(
                reads_problem(role, Some(owner), owner),
                all || unit,
                "{role:?}"
            );
            assert_eq!(reads_problem(role, Some(other), owner), all, "{role:?}");
        }
    }

    #[test]
    fn rectification_evidence_comes_from_the_office_or_the_owner_unit() {
        let (owner, other) = (UnitId(1), UnitId(2));
        let may: Vec<Role> = ALL_ROLES
            .into_iter()
            .filter(|r| attaches_problem_evidence(*r, Some(owner), owner))
            .collect();
        assert_eq!(may, [Role::Office, Role::Reporter, Role::Reviewer]);
        assert!(!attaches_problem_evidence(
            Role::Reporter,
            Some(other),
            owner
        ));
        assert!(!attaches_problem_evidence(Role::Reviewer, None, owner));
        assert!(withdraws_evidence(Role::Office, false));
        assert!(withdraws_evidence(Role::Reporter, true));
        assert!(!withdraws_evidence(Role::Reviewer, false));
    }
}

/// How long a browser session may sit unused before it ends (会话空闲超时): 30
/// minutes, 15 for the administrators, whose sessions can do the most harm.
pub fn idle_limit_ms(role: Role) -> i64 {
    const MINUTE: i64 = 60_000;
    if role.is_admin() {
        15 * MINUTE
    } else {
        30 * MINUTE
    }
}

#[cfg(test)]
mod idle_tests {
    use super::*;

    #[test]
    fn administrators_idle_out_in_half_the_time() {
        assert_eq!(idle_limit_ms(Role::Office), 30 * 60_000);
        assert_eq!(idle_limit_ms(Role::Reporter), 30 * 60_000);
        for r in [Role::SysAdmin, Role::SecAdmin, Role::AuditAdmin] {
            assert_eq!(idle_limit_ms(r), 15 * 60_000);
        }
    }
}

/// Imports a completion table's values into the units' drafts (完成情况表导入): the office,
/// which receives the tables the departments send.
pub fn imports_completion_tables(role: Role) -> bool {
    role == Role::Office
}
