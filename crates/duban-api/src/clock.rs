//! The business day (业务日期) in China Standard Time. Deadlines, overdue reminders and
//! consistency checks are judged by it. It follows the system clock, or a day the
//! operator fixes for a drill (演练) or a demo of past data; tests move it too.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use duban_domain::Date;

/// Shared by every clone: setting it moves the day for the whole server.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Days since 1970-01-01 of a fixed day, or 0 for the system clock. (1970-01-01
    /// itself is never a business day of duban.)
    fixed: Arc<AtomicI64>,
    /// Milliseconds added to the system time for time-based security rules (lockouts,
    /// later session timeouts and password expiry): tests move it forward.
    skew_ms: Arc<AtomicI64>,
}

impl Clock {
    /// A clock fixed on `day`.
    pub fn fixed(day: Date) -> Clock {
        let c = Clock::default();
        c.set(Some(day));
        c
    }

    /// Fixes the day, or with `None` goes back to the system clock.
    pub fn set(&self, day: Option<Date>) {
        self.fixed
            .store(day.map_or(0, Date::days_since_epoch), Ordering::Relaxed);
    }

    /// The time the security rules go by: the system time plus any skew (epoch ms).
    pub fn now_ms(&self) -> i64 {
        duban_store::now_ms() + self.skew_ms.load(Ordering::Relaxed)
    }

    /// A change by `actor` at the security rules' time, for writes those rules read
    /// back (when a password was set).
    pub fn change(&self, actor: Option<duban_domain::UserId>) -> duban_store::Change {
        duban_store::Change {
            actor,
            at: self.now_ms(),
        }
    }

    /// Moves the security rules' time forward by `ms` (tests, drills).
    pub fn advance_ms(&self, ms: i64) {
        self.skew_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Today in China Standard Time (UTC+8).
    pub fn today(&self) -> Date {
        let fixed = self.fixed.load(Ordering::Relaxed);
        let days = if fixed != 0 {
            fixed
        } else {
            (duban_store::now_ms() + 8 * 3_600_000).div_euclid(86_400_000)
        };
        Date::from_days_since_epoch(days).unwrap_or_else(|| Date::new(2000, 1, 1).expect("a date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_day_holds_for_every_clone_until_released() {
        let c = Clock::default();
        let other = c.clone();
        let day = Date::parse("2019-06-03").unwrap();
        c.set(Some(day));
        assert_eq!(other.today(), day);
        c.set(None);
        assert!(other.today().year() >= 2026);
    }
}
