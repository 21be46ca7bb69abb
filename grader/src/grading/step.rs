//! A step of `cargo grade dev verify` as a value: its lines (failures, warnings, notes) and
//! time, and the per-module numbers of the final table. The steps fill them; the command
//! prints them.

use crate::course::manifest::{Course, Module};
use crate::grading::grade::RunOptions;
use std::path::Path;
use std::time::Duration;

/// The kind of a line in a step's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Makes the step fail.
    Failure,
    /// Worth fixing, but the step still passes.
    Warning,
    /// Information.
    Note,
}

/// The outcome of one verify step: its lines in the order they happened.
#[derive(Debug, Clone, Default)]
pub struct Step {
    /// e.g. "a. manifest sanity".
    pub title: String,
    /// What happened, in order.
    pub lines: Vec<(LineKind, String)>,
    /// Time taken.
    pub duration: Duration,
}

impl Step {
    /// A step with no lines yet.
    pub fn new(title: &str) -> Step {
        Step {
            title: title.to_string(),
            ..Step::default()
        }
    }

    /// True when no line is a failure.
    pub fn passed(&self) -> bool {
        self.lines.iter().all(|(k, _)| *k != LineKind::Failure)
    }

    /// Adds a line that makes the step fail.
    pub fn fail(&mut self, line: impl Into<String>) {
        self.lines.push((LineKind::Failure, line.into()));
    }

    /// Adds a failing `header` and each of `details` indented below it (compiler errors).
    pub fn fail_with_details(&mut self, header: impl Into<String>, details: &[String]) {
        self.fail(header);
        for line in details {
            self.fail(format!("  {line}"));
        }
    }

    /// Adds a warning.
    pub fn warn(&mut self, line: impl Into<String>) {
        self.lines.push((LineKind::Warning, line.into()));
    }

    /// Adds a note.
    pub fn note(&mut self, line: impl Into<String>) {
        self.lines.push((LineKind::Note, line.into()));
    }
}

/// Per-module numbers for the final table.
#[derive(Debug, Clone, Default)]
pub struct ModuleRow {
    /// Graded tests found in the reference run.
    pub graded: usize,
    /// (passed, total) on the reference.
    pub reference: Option<(usize, usize)>,
    /// (failed, total) on the stubs.
    pub stubs: Option<(usize, usize)>,
    /// (caught, total) knockouts; `None` when the module has no knockouts file.
    pub knockouts: Option<(usize, usize)>,
}

/// What a verify step works on: the workspace, its course, the modules it checks and how
/// cargo runs.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// The course workspace.
    pub workspace: &'a Path,
    /// Its course.toml.
    pub course: &'a Course,
    /// The modules the step checks (built, with their code present).
    pub modules: &'a [&'a Module],
    /// How cargo runs.
    pub opts: &'a RunOptions,
}
