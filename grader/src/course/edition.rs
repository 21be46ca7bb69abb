//! Editions: which implementation of each module a grading run compiles, and the proof.
//!
//! The shared build script (`course/edition_build.rs`) compiles module `NN`'s student code
//! when `TINYTORCH_EDITION_NN=student` (or when the reference is absent, in the student
//! edition). Each module's `edition_probe` test prints `course-edition: 01=reference
//! 02=student`; the grader checks that line against what it asked for.

use crate::course::manifest::{Course, Module};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The prefix of the probe line printed by every module's `edition_probe` test.
pub const PROBE_PREFIX: &str = "course-edition:";

/// The prefix of the environment variables the build script reads.
pub const ENV_PREFIX: &str = "TINYTORCH_EDITION_";

/// Which implementation of a module is compiled.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// `src/reference/`.
    Reference,
    /// `src/student/`.
    Student,
}

impl Edition {
    /// `"reference"` or `"student"`, as in the environment variable and the probe line.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Reference => "reference",
            Edition::Student => "student",
        }
    }

    fn parse(s: &str) -> Option<Edition> {
        match s {
            "reference" => Some(Edition::Reference),
            "student" => Some(Edition::Student),
            _ => None,
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Module number → edition.
pub type Editions = BTreeMap<String, Edition>;

/// What a grading run asks for and what the probe must then report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionPlan {
    /// `TINYTORCH_EDITION_NN` variables to set (all others are removed).
    pub env: Editions,
    /// The edition each module must report (includes modules without a variable).
    pub expected: Editions,
    /// True when some module has no reference code (the student edition).
    pub student_edition: bool,
}

/// The plan for grading `target`: every built module below it as reference (when the
/// reference exists), `target` as student, or as reference when `reference` is set.
pub fn plan_for(
    workspace: &Path,
    course: &Course,
    target: &Module,
    reference: bool,
) -> EditionPlan {
    let mut plan = EditionPlan {
        env: Editions::new(),
        expected: Editions::new(),
        student_edition: false,
    };
    for module in course.built().filter(|m| m.number <= target.number) {
        let wanted = if module.number == target.number && !reference {
            Edition::Student
        } else {
            Edition::Reference
        };
        add(&mut plan, workspace, module, wanted);
    }
    plan
}

/// The plan that compiles every listed module as `edition` (used by `verify`).
pub fn plan_all<'a>(
    workspace: &Path,
    modules: impl Iterator<Item = &'a Module>,
    edition: Edition,
) -> EditionPlan {
    let mut plan = EditionPlan {
        env: Editions::new(),
        expected: Editions::new(),
        student_edition: false,
    };
    for module in modules {
        add(&mut plan, workspace, module, edition);
    }
    plan
}

fn add(plan: &mut EditionPlan, workspace: &Path, module: &Module, wanted: Edition) {
    if module.has_reference(workspace) {
        plan.env.insert(module.number.clone(), wanted);
        plan.expected.insert(module.number.clone(), wanted);
    } else {
        plan.student_edition = true;
        plan.expected
            .insert(module.number.clone(), Edition::Student);
    }
}

/// Parses a probe line (`course-edition: 01=reference 02=student`); `None` if malformed.
pub fn parse_probe(line: &str) -> Option<Editions> {
    let rest = line.trim().strip_prefix(PROBE_PREFIX)?;
    let mut editions = Editions::new();
    for pair in rest.split_whitespace() {
        let (module, edition) = pair.split_once('=')?;
        editions.insert(module.to_string(), Edition::parse(edition)?);
    }
    (!editions.is_empty()).then_some(editions)
}

/// Checks the probe lines of a run against the plan. `module` must appear in at least one
/// line; every module a line reports must have the expected edition.
/// Returns the editions observed (merged over the lines) or what is wrong.
pub fn check_probes(
    lines: &[String],
    plan: &EditionPlan,
    module: &str,
) -> Result<Editions, String> {
    if lines.is_empty() {
        return Err(format!(
            "no `{PROBE_PREFIX}` line in the test output: the module's `edition_probe` test did not run, so there is no proof of which code was tested"
        ));
    }
    let mut seen = Editions::new();
    for line in lines {
        let Some(editions) = parse_probe(line) else {
            return Err(format!("cannot read the probe line {line:?}"));
        };
        for (number, edition) in editions {
            match plan.expected.get(&number) {
                Some(wanted) if *wanted == edition => {}
                Some(wanted) => {
                    return Err(format!(
                        "module {number} was compiled as {edition} but the grader asked for {wanted}: the build did not honour TINYTORCH_EDITION_{number}"
                    ));
                }
                None => {
                    return Err(format!(
                        "the probe reports module {number}, which the grader did not ask for (is it marked built in course.toml?)"
                    ));
                }
            }
            seen.insert(number, edition);
        }
    }
    if !seen.contains_key(module) {
        return Err(format!("the probe lines do not report module {module}"));
    }
    Ok(seen)
}

/// `03=student (your code) over 01=reference 02=reference` for module `03`.
pub fn describe(observed: &Editions, module: &str) -> String {
    let mut out = String::new();
    if let Some(e) = observed.get(module) {
        let whose = if *e == Edition::Student {
            " (your code)"
        } else {
            ""
        };
        out.push_str(&format!("{module}={e}{whose}"));
    }
    let others: Vec<String> = observed
        .iter()
        .filter(|(n, _)| *n != module)
        .map(|(n, e)| format!("{n}={e}"))
        .collect();
    if !others.is_empty() {
        out.push_str(&format!(" over {}", others.join(" ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(pairs: &[(&str, Edition)]) -> EditionPlan {
        let map: Editions = pairs.iter().map(|(n, e)| (n.to_string(), *e)).collect();
        EditionPlan {
            env: map.clone(),
            expected: map,
            student_edition: false,
        }
    }

    #[test]
    fn parses_probe_lines() {
        let e = parse_probe("  course-edition: 01=reference 02=student").unwrap();
        assert_eq!(e["01"], Edition::Reference);
        assert_eq!(e["02"], Edition::Student);
        assert!(parse_probe("course-edition: 01=other").is_none());
        assert!(parse_probe("course-edition:").is_none());
        assert!(parse_probe("nothing").is_none());
    }

    #[test]
    fn checks_probes_against_the_plan() {
        let p = plan(&[("01", Edition::Reference), ("02", Edition::Student)]);
        let ok = vec!["course-edition: 01=reference 02=student".to_string()];
        let seen = check_probes(&ok, &p, "02").unwrap();
        assert_eq!(
            describe(&seen, "02"),
            "02=student (your code) over 01=reference"
        );

        let wrong = vec!["course-edition: 01=student 02=student".to_string()];
        assert!(
            check_probes(&wrong, &p, "02")
                .unwrap_err()
                .contains("module 01 was compiled as student")
        );
        assert!(
            check_probes(&[], &p, "02")
                .unwrap_err()
                .contains("no `course-edition:` line")
        );
        let other = vec!["course-edition: 01=reference".to_string()];
        assert!(
            check_probes(&other, &p, "02")
                .unwrap_err()
                .contains("do not report module 02")
        );
        let extra = vec!["course-edition: 01=reference 02=student 03=student".to_string()];
        assert!(check_probes(&extra, &p, "02").is_err());
    }
}
