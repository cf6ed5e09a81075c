//! Counting login attempts from one client address in fixed windows: the first attempt
//! opens a window, and once the limit is reached the rest of that window is refused.
//! The caller keeps one [`Window`] per address.

/// An address's attempts in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    /// When the window opened (epoch ms).
    pub start: i64,
    /// Attempts taken in it.
    pub count: u32,
}

impl Window {
    /// Whether the window has ended by `now`, so that the record can be dropped.
    pub fn ended(&self, now: i64, window_ms: i64) -> bool {
        now - self.start >= window_ms
    }

    /// The window after one more attempt at `now`, or, when the limit is reached, the
    /// milliseconds until the window ends.
    pub fn attempt(self, now: i64, limit: u32, window_ms: i64) -> Result<Window, i64> {
        if self.count == 0 || self.ended(now, window_ms) {
            Ok(Window {
                start: now,
                count: 1,
            })
        } else if self.count >= limit {
            Err(self.start + window_ms - now)
        } else {
            Ok(Window {
                count: self.count + 1,
                ..self
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn the_limit_holds_within_a_window_and_lifts_when_it_ends() {
        let mut w = Window::default();
        for i in 0..30 {
            w = w.attempt(1_000 + i, 30, 5 * MIN).expect("within the limit");
        }
        assert_eq!(w.attempt(1_000 + MIN, 30, 5 * MIN), Err(4 * MIN));
        assert_eq!(w.attempt(1_000 + 5 * MIN - 1, 30, 5 * MIN), Err(1));
        let fresh = w
            .attempt(1_000 + 5 * MIN, 30, 5 * MIN)
            .expect("a new window");
        assert_eq!(
            fresh,
            Window {
                start: 1_000 + 5 * MIN,
                count: 1
            }
        );
        assert!(w.ended(1_000 + 5 * MIN, 5 * MIN));
        assert!(!fresh.ended(1_000 + 6 * MIN, 5 * MIN));
    }
}
