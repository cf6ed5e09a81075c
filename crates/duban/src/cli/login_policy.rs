//! The login policy's options of `duban serve`; the defaults are GB/T 22239-2019
//! level 3's (`duban_domain::policy::LoginPolicy::default`).

use anyhow::bail;
use clap::Args;
use duban_api::Settings;
use duban_domain::Role;

#[derive(Debug, Args)]
pub struct LoginPolicyArgs {
    /// Days a password lasts before its owner must change it (0: never).
    #[arg(long, env = "DUBAN_PASSWORD_MAX_AGE_DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub password_max_age_days: u32,
    /// The roles that must log in with a second factor (TOTP), separated by commas, or
    /// `none`.
    #[arg(
        long,
        env = "DUBAN_SECOND_FACTOR_ROLES",
        default_value = "office,sysadmin,secadmin,auditadmin"
    )]
    pub second_factor_roles: String,
    /// Login attempts taken from one client address per window. Counted in each
    /// instance's memory: behind a balancer, each instance takes this many.
    #[arg(long, env = "DUBAN_LOGIN_ATTEMPTS_PER_ADDRESS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub login_attempts_per_address: u32,
    /// The window of those attempts, in seconds.
    #[arg(long, env = "DUBAN_LOGIN_WINDOW_SECS", default_value_t = 300,
          value_parser = clap::value_parser!(u32).range(1..=86_400))]
    pub login_window_secs: u32,
    /// Served behind a reverse proxy that sets `X-Forwarded-For`: the client's address
    /// is its first entry. Without a proxy this would let clients choose their address.
    #[arg(long, env = "DUBAN_TRUSTED_PROXY")]
    pub trusted_proxy: bool,
}

impl LoginPolicyArgs {
    /// `settings` with this policy.
    pub fn apply(&self, settings: &mut Settings) -> anyhow::Result<()> {
        let p = &mut settings.policy;
        p.password_max_age_days = i64::from(self.password_max_age_days);
        p.second_factor_roles = roles(&self.second_factor_roles)?;
        p.attempts_per_address = self.login_attempts_per_address;
        p.address_window_ms = i64::from(self.login_window_secs) * 1000;
        settings.trusted_proxy = self.trusted_proxy;
        Ok(())
    }
}

/// `office,sysadmin` as roles; `none` (or nothing) as none.
fn roles(list: &str) -> anyhow::Result<Vec<Role>> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "none" {
            continue;
        }
        match Role::parse(name) {
            Some(r) => out.push(r),
            None => bail!("--second-factor-roles: 未知角色 unknown role {name:?}"),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_from_a_list_and_none_is_none() {
        assert_eq!(
            roles("office, sysadmin").unwrap(),
            vec![Role::Office, Role::SysAdmin]
        );
        assert_eq!(roles("none").unwrap(), Vec::new());
        assert!(roles("office,boss").is_err());
    }
}
