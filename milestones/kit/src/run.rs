//! The frame of every milestone run: the editions line first, the picture and the verdict
//! last, and the `--json` report the grader reads. A milestone writes only what lies
//! between: its story, its parts and its gates.

use crate::{CommonArgs, MilestoneError, Part, editions_line, verdict_text, write_text};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use tinytorch_tensor::ModuleEdition;

/// One milestone run from its first line to its verdict.
///
/// [`start`](MilestoneRun::start) checks the `--json` path (before any training) and
/// prints the `course-edition: ...` line; [`picture`](MilestoneRun::picture) writes the
/// SVG and says where; [`finish`](MilestoneRun::finish) prints the summary and writes the
/// report.
///
/// ```no_run
/// use tinytorch_milestone_kit::{CommonArgs, Gate, MilestoneRun, Part, Scorecard};
/// let common = CommonArgs::default();
/// let run = MilestoneRun::start("07", &common, &[])?;
/// let mut card = Scorecard::default();
/// card.push(Gate::at_least("accuracy", 0.97, 0.95, ""));
/// let achieved = run.finish(vec![Part::of("digits", &card)], serde_json::json!({ "gates": card }))?;
/// # Ok::<(), tinytorch_milestone_kit::MilestoneError>(())
/// ```
#[derive(Debug)]
pub struct MilestoneRun<'a> {
    milestone: &'static str,
    common: &'a CommonArgs,
    editions: String,
    started: Instant,
}

/// The `--json` report: the fields the grader reads, then the milestone's own.
#[derive(Serialize)]
struct Report<'a, D> {
    milestone: &'static str,
    editions: &'a str,
    achieved: bool,
    seconds: f64,
    parts: &'a [Part],
    #[serde(flatten)]
    details: D,
}

impl<'a> MilestoneRun<'a> {
    /// Starts milestone `milestone` (`"01"`): fails early when the `--json` directory does
    /// not exist, then prints the editions line of `editions` and a blank line.
    ///
    /// # Errors
    /// As [`CommonArgs::check_json_path`].
    pub fn start(
        milestone: &'static str,
        common: &'a CommonArgs,
        editions: &[ModuleEdition],
    ) -> Result<Self, MilestoneError> {
        common.check_json_path()?;
        let editions = editions_line(editions);
        println!("{editions}\n");
        Ok(MilestoneRun {
            milestone,
            common,
            editions,
            started: Instant::now(),
        })
    }

    /// Writes `svg` to `path` and prints `picture: PATH (what)` and a blank line.
    ///
    /// # Errors
    /// As [`write_text`].
    pub fn picture(&self, path: &Path, svg: &str, what: &str) -> Result<(), MilestoneError> {
        write_text(path, svg)?;
        println!("picture: {} ({what})\n", path.display());
        Ok(())
    }

    /// Prints the summary of `parts` and the closing `milestone NN: ACHIEVED in 12s` line,
    /// and writes the `--json` report: `milestone`, `editions`, `achieved`, `seconds` and
    /// `parts`, followed by the fields of `details` (a struct or a JSON object). Returns
    /// whether the milestone was achieved.
    ///
    /// # Errors
    /// As [`CommonArgs::write_report`].
    pub fn finish(self, parts: Vec<Part>, details: impl Serialize) -> Result<bool, MilestoneError> {
        let seconds = self.started.elapsed().as_secs_f64();
        let (text, achieved) = verdict_text(self.milestone, &parts, seconds);
        print!("{text}");
        self.common.write_report(&Report {
            milestone: self.milestone,
            editions: &self.editions,
            achieved,
            seconds,
            parts: &parts,
            details,
        })?;
        Ok(achieved)
    }
}
