//! Progress bars for the long runs of `duban import` and `duban export`: drawn on
//! standard error when it is a terminal, nothing otherwise, so that tests, pipes and
//! CI logs stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use duban_api::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// One bar, reset at each step: a bar when the step's length is known, else a spinner.
pub struct Bars {
    bar: ProgressBar,
}

impl Bars {
    pub fn new() -> Bars {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Bars {
            bar: ProgressBar::with_draw_target(None, target),
        }
    }
}

impl Progress for Bars {
    fn step(&self, name: &str, total: u64) {
        self.bar.reset();
        let style = if total == 0 {
            self.bar.enable_steady_tick(Duration::from_millis(120));
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
        } else {
            self.bar.disable_steady_tick();
            self.bar.set_length(total);
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {elapsed}")
        };
        if let Ok(style) = style {
            self.bar.set_style(style);
        }
        self.bar.set_message(name.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
