//! What a long run tells the person waiting: a progress bar per long phase when stderr is a
//! terminal (nothing when it is not, so logs stay clean), and with `--verbose` the time of
//! every phase (`timing`).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// How much a command prints besides errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Warnings, the summary line, and progress bars in a terminal.
    Normal,
    /// Also the time of every phase.
    Verbose,
}

/// Draws the bars of one run; hidden unless asked for and stderr is a terminal.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    bars: bool,
}

impl Progress {
    pub fn new(verbosity: Verbosity) -> Progress {
        Progress { bars: verbosity != Verbosity::Quiet && std::io::stderr().is_terminal() }
    }

    /// No bars (library callers, tests, `serve`'s quick rebuilds).
    pub fn hidden() -> Progress {
        Progress { bars: false }
    }

    /// Starts a phase of `total` steps (0 when unknown: a spinner). The bar appears only if
    /// the phase lasts long enough to be worth watching.
    pub fn phase(&self, label: &'static str, total: usize) -> Phase {
        let bar = self.bars.then(|| {
            let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr_with_hz(8));
            let style = if total == 0 {
                ProgressStyle::with_template("{spinner} {msg}… {elapsed}")
            } else {
                ProgressStyle::with_template("{msg} [{bar:32}] {human_pos}/{human_len}（剩余 {eta}）")
            };
            bar.set_style(style.unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> "));
            bar.set_message(label);
            if total == 0 {
                bar.enable_steady_tick(Duration::from_millis(120));
            }
            bar
        });
        Phase { bar, label, timer: crate::timing::start(), timed: true }
    }

    /// A spinner only, for a stretch whose parts report their own times.
    pub fn spinner(&self, label: &'static str) -> Phase {
        let mut phase = self.phase(label, 0);
        phase.timed = false;
        phase
    }
}

/// One phase of a run; reports its time when it ends.
pub struct Phase {
    bar: Option<ProgressBar>,
    label: &'static str,
    timer: crate::timing::Phase,
    timed: bool,
}

impl Phase {
    /// Marks `n` more steps done. Cheap enough to call per page.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Runs `f`, which prints, with the bar cleared meanwhile, so that the two do not mix.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.timed {
            self.timer.report(self.label);
        }
    }
}
