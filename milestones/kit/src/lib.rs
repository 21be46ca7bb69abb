//! The milestone kit: what every milestone binary shares, so that each milestone crate
//! holds only its story, its networks and its gates.
//!
//! - [`CommonArgs`] (`--dir`, `--json`, `--quiet`) and [`exit_code`]: 0 achieved, 1 a gate
//!   failed (named), 2 bad input or a failed run ([`MilestoneError`]);
//! - [`Progress`] and [`StepProgress`]: progress on stderr, never stdout;
//! - [`write_json`], [`write_text`]: the `--json` report and the pictures;
//! - [`svg`] (a scatter of panels) and the [`chart`] helpers (line plots, heat maps,
//!   decision boundaries) for self-contained SVG files;
//! - [`Gate`], [`Scorecard`], [`Part`], [`verdict_text`]: gates and the verdict;
//! - [`MilestoneRun`]: the frame of a run (the editions line, the picture, the verdict and
//!   the `--json` report);
//! - [`default_checkpoint_dir`] and the recipe [`Stamp`] (SHA-256 fingerprints): one
//!   checkpoint directory every milestone shares, checkpoints reused only when current;
//! - [`editions_line`]: the proof of which code (reference or student) ran;
//! - `testing` (feature `testing`): the helpers of the milestones' end-to-end tests.
//!
//! ```
//! use tinytorch_milestone_kit::{Gate, Scorecard};
//! let mut card = Scorecard::default();
//! card.push(Gate::at_least("XOR rows correct", 4.0, 4.0, ""));
//! assert!(card.passed());
//! ```

mod cache;
pub mod chart;
mod cli;
mod editions;
mod error;
mod evaluation;
mod gates;
mod json;
mod paths;
mod plot;
mod progress;
mod run;
mod stamp;
#[cfg(feature = "testing")]
pub mod testing;

pub use cache::{
    Checkpointed, LoadFn, Origin, Recipe, Retrain, SaveFn, TrainFn, checkpoint_path, stamp_path,
    train_or_load,
};
pub use cli::{CommonArgs, PictureArgs, RetrainArgs, TrainingArgs, exit_code};
pub use editions::{editions_line, merged_editions};
pub use error::{MilestoneError, stopped_by_modules, training};
pub use evaluation::{Evaluation, Floor};
pub use gates::{Gate, Part, Scorecard, verdict_text};
pub use json::{write_json, write_text};
pub use paths::{default_checkpoint_dir, workspace_root};
pub use plot::{Panel, PlotPoint, svg};
pub use progress::{Progress, StepProgress};
pub use run::MilestoneRun;
pub use stamp::{
    RecipeIdentity, Stamp, TrainingSummary, file_fingerprint, read_bytes, read_stamp, sha256_hex,
    stale_reason, write_stamp,
};
