//! Progress output: lines on stderr (never stdout, which belongs to results), and a bar
//! over the steps only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// How much a training run prints while it works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Nothing at all (tests, `--quiet`).
    Quiet,
    /// One line per epoch (digit networks) or every few hundred steps (GPTs) on stderr,
    /// plus a progress bar when stderr is a terminal.
    Lines,
}

impl Progress {
    /// Whether nothing is printed.
    pub fn is_quiet(self) -> bool {
        self == Progress::Quiet
    }

    /// Prints `message` on stderr unless quiet.
    pub fn note(self, message: &str) {
        if !self.is_quiet() {
            eprintln!("{message}");
        }
    }
}

/// Progress of a step-based training run (the GPTs): a line every `every` steps and at
/// the last one, and a bar on a terminal.
#[derive(Debug)]
pub struct StepProgress {
    label: &'static str,
    total: usize,
    every: usize,
    quiet: bool,
    bar: ProgressBar,
    start: Instant,
}

impl StepProgress {
    /// Progress over `total` steps labelled `label`, a line every `every` steps.
    pub fn new(label: &'static str, total: usize, every: usize, progress: Progress) -> Self {
        let quiet = progress.is_quiet();
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} steps ({elapsed})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(label);
            bar
        };
        StepProgress {
            label,
            total,
            every: every.max(1),
            quiet,
            bar,
            start: Instant::now(),
        }
    }

    /// Records that step `step` (from 0) finished with training loss `loss`.
    pub fn step(&self, step: usize, loss: f32) {
        self.bar.inc(1);
        if !self.quiet && (step.is_multiple_of(self.every) || step + 1 == self.total) {
            let width = self.total.to_string().len();
            let line = format!(
                "{} step {:>width$}/{}  loss {loss:.4}  {:.1}s",
                self.label,
                step + 1,
                self.total,
                self.start.elapsed().as_secs_f64()
            );
            // A hidden bar prints nothing, not even `println`.
            if self.bar.is_hidden() {
                eprintln!("{line}");
            } else {
                self.bar.println(line);
            }
        }
    }

    /// Removes the bar.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
