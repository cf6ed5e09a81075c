//! Locking out a username after repeated failed logins (登录失败处理): five failures
//! within a quarter of an hour lock it for fifteen minutes. Usernames are counted
//! whether or not an account has them, so the answer never tells which exist.

/// Failures that lock a username.
pub const MAX_FAILURES: i64 = 5;
/// How long a lock lasts, and the window failures are counted in.
pub const LOCK_MS: i64 = 15 * 60 * 1000;

/// A username's failed logins as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// Failures in the current window.
    pub count: i64,
    /// When the last one happened (epoch ms).
    pub last_at: i64,
    /// Until when logins are refused (epoch ms), once locked.
    pub locked_until: Option<i64>,
}

impl Failures {
    /// Whether a login at `now` is refused without looking at the password.
    pub fn locked_at(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|t| now < t)
    }

    /// The record after one more failure at `now`: counting starts again once the
    /// window since the last failure (or the lock) has passed.
    pub fn after_failure(&self, now: i64) -> Failures {
        let stale = now - self.last_at >= LOCK_MS || self.locked_until.is_some_and(|t| now >= t);
        let count = if stale { 1 } else { self.count + 1 };
        Failures {
            count,
            last_at: now,
            locked_until: (count >= MAX_FAILURES).then_some(now + LOCK_MS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn the_fifth_failure_in_a_quarter_hour_locks_for_fifteen_minutes() {
        let mut f = Failures::default();
        for i in 0..4 {
            f = f.after_failure(1_000_000 + i * MIN);
            assert!(!f.locked_at(1_000_000 + i * MIN));
        }
        f = f.after_failure(1_000_000 + 4 * MIN);
        assert!(f.locked_at(1_000_000 + 4 * MIN));
        assert!(f.locked_at(1_000_000 + 18 * MIN));
        assert!(!f.locked_at(1_000_000 + 19 * MIN));
    }

    #[test]
    fn failures_spread_wider_than_the_window_never_lock() {
        let mut f = Failures::default();
        for i in 0..10 {
            f = f.after_failure(i * 16 * MIN);
            assert_eq!(f.count, 1);
            assert!(!f.locked_at(i * 16 * MIN));
        }
    }

    #[test]
    fn after_a_lock_ends_counting_starts_again() {
        let mut f = Failures::default();
        for i in 0..5 {
            f = f.after_failure(i);
        }
        let after = f.after_failure(5 + LOCK_MS);
        assert_eq!(after.count, 1);
        assert!(!after.locked_at(5 + LOCK_MS));
    }
}
