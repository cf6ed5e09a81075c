//! The installation's login policy (安全策略), by default GB/T 22239-2019 level 3's:
//! passwords changed every 90 days (口令定期更换), a second factor for the office and
//! the three administrators, and a limit on login attempts from one address. What a
//! session may do when a rule is not met yet is a [`Restriction`].

use crate::user::Role;

const DAY_MS: i64 = 24 * 3600 * 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginPolicy {
    /// Days a password lasts before it must be changed; 0 for never.
    pub password_max_age_days: i64,
    /// The roles that must log in with a second factor.
    pub second_factor_roles: Vec<Role>,
    /// Login attempts taken from one address per window.
    pub attempts_per_address: u32,
    /// That window, in milliseconds.
    pub address_window_ms: i64,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        LoginPolicy {
            password_max_age_days: 90,
            second_factor_roles: vec![
                Role::Office,
                Role::SysAdmin,
                Role::SecAdmin,
                Role::AuditAdmin,
            ],
            attempts_per_address: 30,
            address_window_ms: 5 * 60_000,
        }
    }
}

/// Why a session that logged in with the right password may not work yet: it may only
/// say who it is, change the password, set up a second factor and log out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    /// The password is older than the policy allows: change it first.
    PasswordExpired,
    /// The role needs a second factor and the account has none yet: set it up first.
    SecondFactorSetup,
}

impl Restriction {
    pub fn code(self) -> &'static str {
        match self {
            Restriction::PasswordExpired => "password_expired",
            Restriction::SecondFactorSetup => "second_factor_setup_required",
        }
    }
}

impl LoginPolicy {
    /// Whether accounts of `role` must have a second factor.
    pub fn needs_second_factor(&self, role: Role) -> bool {
        self.second_factor_roles.contains(&role)
    }

    /// When a password set at `set_at` (epoch ms) expires; None if passwords never do.
    pub fn password_expires_at(&self, set_at: i64) -> Option<i64> {
        (self.password_max_age_days > 0).then(|| set_at + self.password_max_age_days * DAY_MS)
    }

    /// What a session of this account may not do at `now`, the expired password first.
    pub fn restriction(
        &self,
        role: Role,
        password_set_at: i64,
        has_second_factor: bool,
        now: i64,
    ) -> Option<Restriction> {
        if self
            .password_expires_at(password_set_at)
            .is_some_and(|t| now >= t)
        {
            Some(Restriction::PasswordExpired)
        } else if self.needs_second_factor(role) && !has_second_factor {
            Some(Restriction::SecondFactorSetup)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_level_3_profile() {
        let p = LoginPolicy::default();
        assert_eq!(p.password_max_age_days, 90);
        for r in [
            Role::Office,
            Role::SysAdmin,
            Role::SecAdmin,
            Role::AuditAdmin,
        ] {
            assert!(p.needs_second_factor(r), "{r:?}");
        }
        for r in [
            Role::Reporter,
            Role::Reviewer,
            Role::Leader,
            Role::Evaluator,
        ] {
            assert!(!p.needs_second_factor(r), "{r:?}");
        }
    }

    #[test]
    fn a_password_expires_ninety_days_after_it_was_set() {
        let p = LoginPolicy::default();
        let set = 1_000 * DAY_MS;
        assert_eq!(
            p.restriction(Role::Reporter, set, false, set + 90 * DAY_MS - 1),
            None
        );
        assert_eq!(
            p.restriction(Role::Reporter, set, false, set + 90 * DAY_MS),
            Some(Restriction::PasswordExpired)
        );
        let never = LoginPolicy {
            password_max_age_days: 0,
            ..p
        };
        assert_eq!(never.password_expires_at(set), None);
        assert_eq!(
            never.restriction(Role::Reporter, set, false, set + 9_999 * DAY_MS),
            None
        );
    }

    #[test]
    fn a_role_that_needs_a_second_factor_is_held_until_it_has_one() {
        let p = LoginPolicy::default();
        let now = 10 * DAY_MS;
        assert_eq!(
            p.restriction(Role::Office, now, false, now),
            Some(Restriction::SecondFactorSetup)
        );
        assert_eq!(p.restriction(Role::Office, now, true, now), None);
        assert_eq!(p.restriction(Role::Leader, now, false, now), None);
        // An expired password comes first.
        assert_eq!(
            p.restriction(Role::SecAdmin, 0, false, 91 * DAY_MS),
            Some(Restriction::PasswordExpired)
        );
    }
}
