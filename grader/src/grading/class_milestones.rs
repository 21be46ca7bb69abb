//! Milestones in `cargo grade dev submissions --milestones`: each named milestone run on
//! the submission's WHOLE chain (every module the student's code), in the scratch copy the
//! modules were graded in. A milestone is a re-enactment on the student's own framework,
//! so unlike module grading it does not borrow the reference of lower modules.

use crate::bail;
use crate::course::manifest::{BuildStatus, Course, Milestone};
use crate::grading::milestone::{self, MilestoneOptions, MilestoneOutcome};
use crate::util::error::{Context, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One milestone of one submission.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneScore {
    /// Milestone id (`01`...).
    pub id: String,
    /// Every gate held on the student's chain.
    pub achieved: bool,
    /// The parts whose gates failed, with those gates (`part: gate, gate`).
    pub failing: Vec<String>,
    /// Why it could not run to a verdict (build failed, crashed, no report), if so.
    pub problem: Option<String>,
}

/// The milestones `ids` names, each checked to be built.
///
/// # Errors
/// An unknown or planned milestone.
pub fn select<'c>(course: &'c Course, ids: &[String]) -> Result<Vec<&'c Milestone>> {
    let mut out = Vec::new();
    for id in ids {
        let m = course.find_milestone(id)?;
        if m.status != BuildStatus::Built {
            bail!("milestone {} is planned: not built yet", m.id);
        }
        out.push(m);
    }
    Ok(out)
}

/// Runs `milestone` in `copy` on the student's code of every module (release build into
/// `target_dir`). A checkpoint left by an earlier run is removed first: it would let this
/// submission skip the training its own code must do.
pub fn run(
    copy: &Path,
    course: &Course,
    milestone: &Milestone,
    target_dir: &Path,
) -> MilestoneScore {
    let mut score = MilestoneScore {
        id: milestone.id.clone(),
        achieved: false,
        failing: Vec::new(),
        problem: None,
    };
    match try_run(copy, course, milestone, target_dir.to_path_buf()) {
        Ok(MilestoneOutcome::Ran(run)) => {
            score.achieved = run.achieved;
            score.failing = run
                .parts
                .iter()
                .filter(|p| !p.passed)
                .map(|p| format!("{}: {}", p.name, p.failing.join(", ")))
                .collect();
        }
        Ok(MilestoneOutcome::NotReady { .. }) => {
            score.problem = Some("not run: required modules incomplete".into());
        }
        Err(e) => score.problem = Some(e.to_string()),
    }
    score
}

fn try_run(
    copy: &Path,
    course: &Course,
    milestone: &Milestone,
    target_dir: PathBuf,
) -> Result<MilestoneOutcome> {
    let checkpoints = copy.join("checkpoints");
    if checkpoints.exists() {
        std::fs::remove_dir_all(&checkpoints)
            .context(format!("cannot remove {}", checkpoints.display()))?;
    }
    let opts = MilestoneOptions {
        skip_check: true,
        target_dir: Some(target_dir),
        ..MilestoneOptions::default()
    };
    milestone::run_milestone(copy, course, &milestone.id, &opts)
}

/// One line for the class table: `01 ok; 03 NOT ACHIEVED (part: gates)`.
pub fn summary(scores: &[MilestoneScore]) -> String {
    scores
        .iter()
        .map(|s| match (&s.problem, s.achieved) {
            (Some(p), _) => format!("{} not run ({p})", s.id),
            (None, true) => format!("{} achieved", s.id),
            (None, false) => format!("{} NOT achieved ({})", s.id, s.failing.join("; ")),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
