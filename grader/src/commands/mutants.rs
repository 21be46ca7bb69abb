//! `cargo grade dev mutants NN...` (instructors; too slow for CI): cargo-mutants over the
//! solution regions of each module, with the graded tests as the test command, and the
//! mutation score per module (docs/MUTANTS.md).

use crate::course::manifest::Course;
use crate::grading::mutants::{self, Options};
use crate::output::mutants::render;
use crate::output::{emit, exit};
use crate::util::error::Result;
use crate::util::term::Style;
use std::path::Path;
use std::process::ExitCode;

/// Runs the modules one after the other and prints the table; exit 1 when a mutant
/// survives that `mutants.toml` does not list (or an entry there is stale), 2 when a
/// module could not be run (the others still are).
pub fn run(
    workspace: &Path,
    course: &Course,
    modules: &[String],
    opts: &Options,
    style: Style,
) -> Result<ExitCode> {
    let version = mutants::tool_version()?;
    let selected = if modules.is_empty() {
        course.built().collect()
    } else {
        modules
            .iter()
            .map(|m| course.find_module(m))
            .collect::<Result<Vec<_>>>()?
    };
    let mut scores = Vec::new();
    let mut failed = Vec::new();
    for module in selected {
        eprintln!(
            "{version}: module {} ({}), graded tests t{}_*",
            module.number, module.crate_name, module.number
        );
        // One module that cannot be run does not lose the others' scores.
        match mutants::run(workspace, course, module, opts) {
            Ok(score) => scores.push(score),
            Err(e) => failed.push(e.to_string()),
        }
    }
    emit(&render(&scores, &failed, style));
    if !failed.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let clean = scores
        .iter()
        .all(|s| s.survivors().is_empty() && s.stale.is_empty());
    Ok(exit(clean, 1))
}

#[cfg(test)]
mod tests {
    use crate::commands::{Cli, Command, DevCommand};
    use clap::Parser;

    fn parse(args: &[&str]) -> (Vec<String>, usize, Option<u64>) {
        let cli = Cli::try_parse_from([&["grader", "dev", "mutants"], args].concat()).unwrap();
        match cli.command {
            Some(Command::Dev(DevCommand::Mutants {
                modules,
                jobs,
                timeout,
            })) => (modules, jobs, timeout),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn modules_jobs_and_timeout_parse_with_one_job_by_default() {
        assert_eq!(parse(&[]), (vec![], 1, None));
        assert_eq!(
            parse(&["02", "04", "--jobs", "2", "--timeout", "60"]),
            (vec!["02".to_string(), "04".to_string()], 2, Some(60))
        );
    }
}
