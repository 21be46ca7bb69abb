//! `cargo grade verify`: the CI gate.
//!
//! a. the manifest agrees with the workspace (crates, markers, test names);
//! b. the committed stubs are in sync with the reference;
//! c. the reference passes every test (one cargo run over all modules);
//! d. the stubs compile against every test, bench and milestone (one workspace build),
//!    and every graded test fails on them, graded as a student is (module N's stubs over
//!    the reference of modules < N, so a test cannot "fail" only because of a lower stub);
//! e. every knockout is caught by a test of the task it targets.
//!
//! Hidden tests (`hidden/NN/*.rs`, see [`crate::hidden`]) count like the others: step a
//! checks their layout, step c runs them on the reference, step d on the stubs, and step e
//! includes them in the knockout copy.
//!
//! Steps a ([`crate::sanity`]) and e ([`crate::knockouts`]) live in their own files.

use crate::cargo::{self, Invocation};
use crate::cli::emit;
use crate::edition::{self, Edition};
use crate::error::Result;

use crate::grade::{self, GradeState, ModuleGrade, RunOptions};
use crate::knockouts;
use crate::libtest::{self, Outcome, TestBinary};
use crate::manifest::{Course, Module};
use crate::report::{Style, Table, Tone, cell};
use crate::sanity;
use crate::stub_files;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

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
    pub(crate) fn new(title: &str) -> Step {
        Step {
            title: title.to_string(),
            ..Step::default()
        }
    }

    /// True when no line is a failure.
    pub fn passed(&self) -> bool {
        self.lines.iter().all(|(k, _)| *k != LineKind::Failure)
    }

    pub(crate) fn fail(&mut self, line: impl Into<String>) {
        self.lines.push((LineKind::Failure, line.into()));
    }

    pub(crate) fn warn(&mut self, line: impl Into<String>) {
        self.lines.push((LineKind::Warning, line.into()));
    }

    pub(crate) fn note(&mut self, line: impl Into<String>) {
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

/// Runs every step, printing each as it finishes; returns true when all passed.
/// `only` restricts steps c–e to the named modules (empty: every built module);
/// `hidden` is the hidden-test directory, if any.
pub fn run(
    workspace: &Path,
    course: &Course,
    only: &[String],
    hidden: Option<&Path>,
    verbose: bool,
    style: Style,
) -> Result<bool> {
    let lock_path = workspace.join("target").join("verify").join("lock");
    let _lock = crate::lock::acquire(&lock_path, "`cargo grade verify`")?;
    let start = Instant::now();
    let modules = selected_modules(course, only)?;
    let mut rows: BTreeMap<String, ModuleRow> = modules
        .iter()
        .map(|m| (m.number.clone(), ModuleRow::default()))
        .collect();
    let opts = RunOptions {
        hidden: hidden.map(Path::to_path_buf),
        ..RunOptions::new(workspace, verbose)
    };
    let mut steps = Vec::new();

    let timed = |title: &str, f: &mut dyn FnMut(&mut Step) -> Result<()>| -> Result<Step> {
        eprintln!("running {title} ...");
        let t = Instant::now();
        let mut step = Step::new(title);
        f(&mut step)?;
        step.duration = t.elapsed();
        emit(&render_step(&step, style));
        Ok(step)
    };

    steps.push(timed("a. manifest sanity", &mut |s| {
        sanity::check_manifest(workspace, course, s);
        if modules.is_empty() {
            s.fail("no built module in course.toml: there is nothing to verify");
        }
        if let Some(root) = hidden {
            for problem in crate::hidden::check_layout(root, course)? {
                s.fail(problem);
            }
        }
        Ok(())
    })?);
    steps.push(timed("b. stubs in sync", &mut |s| {
        check_stubs(workspace, course, s)
    })?);
    let runnable: Vec<&Module> = modules
        .iter()
        .copied()
        .filter(|m| grade::unavailable(workspace, m).is_none())
        .collect();
    steps.push(timed("c. reference passes", &mut |s| {
        reference_passes(workspace, course, &runnable, &opts, &mut rows, s)?;
        hidden_reference_passes(workspace, course, &runnable, &opts, &mut rows, s)
    })?);
    steps.push(timed(
        "d. stubs compile, every graded test fails on them",
        &mut |s| stubs_fail(workspace, course, &runnable, &opts, &mut rows, s),
    )?);
    steps.push(timed("e. knockouts caught", &mut |s| {
        knockouts::verify_step(workspace, course, &runnable, &opts, &mut rows, s)
    })?);

    let ok = steps.iter().all(Step::passed);
    emit(&format!("\n{}", summary_table(&modules, &rows, style)));
    let failed: Vec<&str> = steps
        .iter()
        .filter(|s| !s.passed())
        .map(|s| s.title.as_str())
        .collect();
    let verdict = if ok {
        style.paint("PASS", Tone::Good)
    } else {
        style.paint("FAIL", Tone::Bad)
    };
    let detail = if ok {
        "every step passed".to_string()
    } else {
        format!("failed: {}", failed.join("; "))
    };
    emit(&format!(
        "verify: {verdict} ({detail}) in {}\n",
        human(start.elapsed())
    ));
    Ok(ok)
}

/// The built modules named in `only`, or every built module when `only` is empty.
fn selected_modules<'c>(course: &'c Course, only: &[String]) -> Result<Vec<&'c Module>> {
    if only.is_empty() {
        return Ok(course.built().collect());
    }
    let mut picked = Vec::new();
    for query in only {
        let module = course.find_module(query)?;
        if module.status != crate::manifest::BuildStatus::Built {
            crate::bail!("module {} is planned: not built yet", module.label());
        }
        picked.push(module);
    }
    Ok(picked)
}

fn render_step(step: &Step, style: Style) -> String {
    let word = if step.passed() {
        style.paint("PASS", Tone::Good)
    } else {
        style.paint("FAIL", Tone::Bad)
    };
    let mut out = format!("{word}  {} ({})\n", step.title, human(step.duration));
    for (kind, line) in &step.lines {
        let prefix = match kind {
            LineKind::Failure => format!("{}: ", style.paint("error", Tone::Bad)),
            LineKind::Warning => format!("{}: ", style.paint("warning", Tone::Warn)),
            LineKind::Note => String::new(),
        };
        out.push_str(&format!("      {prefix}{line}\n"));
    }
    out
}

/// `1.2s` or `3m04s`.
pub fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", (s / 60.0) as u64, (s as u64) % 60)
    }
}

// ---- b. stubs ----------------------------------------------------------------------------

fn check_stubs(workspace: &Path, course: &Course, step: &mut Step) -> Result<()> {
    match stub_files::plan(workspace, course, None) {
        Ok(plan) => {
            for c in &plan.changes {
                step.fail(format!(
                    "{}: {} (run `cargo grade stubs`)",
                    c.drift.label(),
                    c.path
                ));
            }
            for s in plan.skipped {
                step.warn(s);
            }
            step.note(format!("{} student file(s) in sync", plan.in_sync));
        }
        Err(e) => step.fail(e.to_string()),
    }
    Ok(())
}

// ---- c. reference ------------------------------------------------------------------------

fn reference_passes(
    workspace: &Path,
    course: &Course,
    modules: &[&Module],
    opts: &RunOptions,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    if modules.is_empty() {
        step.warn("no built module to test");
        return Ok(());
    }
    // The probe reports every course module a test binary links, so the plan covers the
    // selected modules and every built module below them (their dependencies).
    let highest = modules
        .iter()
        .map(|m| m.number.as_str())
        .max()
        .unwrap_or("");
    let linked = course.built().filter(|m| m.number.as_str() <= highest);
    let plan = edition::plan_all(workspace, linked, Edition::Reference);
    let crates: Vec<&str> = modules.iter().map(|m| m.crate_name.as_str()).collect();
    let inv = Invocation {
        cwd: workspace.to_path_buf(),
        args: cargo::test_args(&crates),
        editions: plan.clone(),
        target_dir: opts.target_dir.clone(),
        verbose: opts.verbose,
    };
    step.note(cargo::display(&inv));
    let output = cargo::run(&inv)?;
    let run = libtest::parse(&output.text);
    if run.build_failed(output.success) {
        step.fail("the reference does not compile:");
        for l in grade::build_errors(&run, &output.text) {
            step.fail(format!("  {l}"));
        }
        return Ok(());
    }
    for module in modules {
        let dir = module.dir(workspace);
        let binaries: Vec<&TestBinary> = run.binaries_of(&dir).collect();
        if binaries.is_empty() {
            step.fail(format!("module {}: no test binary ran", module.number));
            continue;
        }
        let g = grade::assess(module, &binaries, &plan);
        check_reference_grade(module, &binaries, &g, step);
        let (passed, total) = g.tests();
        if let Some(row) = rows.get_mut(&module.number) {
            row.graded = total;
            row.reference = Some((passed, total));
        }
    }
    for b in run.binaries.iter().filter(|b| b.package_dir.is_none()) {
        step.warn(format!(
            "could not tell which package ran {} ({})",
            b.source, b.executable
        ));
    }
    Ok(())
}

fn check_reference_grade(
    module: &Module,
    binaries: &[&TestBinary],
    g: &ModuleGrade,
    step: &mut Step,
) {
    let m = &module.number;
    if let Some(p) = &g.edition_problem {
        step.fail(format!("module {m}: edition not proven: {p}"));
    }
    for c in &g.crashed {
        step.fail(format!("module {m}: {c}"));
    }
    for t in binaries.iter().flat_map(|b| b.tests.iter()) {
        match t.outcome {
            Outcome::Passed => {}
            Outcome::Ignored => step.warn(format!("module {m}: {} is ignored", t.name)),
            Outcome::Failed => {
                let why = t.panic_summary(grade::SUMMARY_LINES).join(" | ");
                step.fail(format!(
                    "module {m}: {} fails on the reference: {why}",
                    t.name
                ));
            }
        }
    }
    for w in &g.warnings {
        step.warn(format!("module {m}: {w}"));
    }
    if !g.unmapped.is_empty() {
        step.warn(format!(
            "module {m}: tests that grade no task: {}",
            g.unmapped.join(", ")
        ));
    }
    let (passed, total) = g.tests();
    step.note(format!(
        "module {m}: {passed}/{total} graded tests pass on the reference ({})",
        g.edition_summary()
    ));
}

/// Step c for hidden tests: each module that has some is graded as the reference in the
/// hidden-test copy, and must be complete there. Its row then counts the hidden tests.
fn hidden_reference_passes(
    workspace: &Path,
    course: &Course,
    modules: &[&Module],
    opts: &RunOptions,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    let Some(root) = &opts.hidden else {
        return Ok(());
    };
    for module in modules {
        let files = crate::hidden::files_for(root, module)?;
        if files.is_empty() {
            continue;
        }
        let m = &module.number;
        let g = grade::grade_module(workspace, course, module, true, opts)?;
        if let GradeState::BuildFailed { errors } = &g.state {
            step.fail(format!(
                "module {m}: the reference does not compile with its hidden tests:"
            ));
            for l in errors {
                step.fail(format!("  {l}"));
            }
            continue;
        }
        if let Some(p) = &g.edition_problem {
            step.fail(format!(
                "module {m} (with hidden tests): edition not proven: {p}"
            ));
        }
        for t in &g.tasks {
            for f in &t.failures {
                let why = f.message.join(" | ");
                step.fail(format!(
                    "module {m}: {} fails on the reference (hidden-test run): {why}",
                    f.test
                ));
            }
        }
        if g.hidden_tests == 0 {
            step.fail(format!(
                "module {m}: {} hidden file(s) but no graded hidden test ran",
                files.len()
            ));
        }
        step.note(format!(
            "module {m}: {} hidden graded test(s) from {} file(s) pass on the reference",
            g.hidden_tests,
            files.len()
        ));
        if let Some(row) = rows.get_mut(m) {
            let (passed, total) = g.tests();
            row.graded = total;
            row.reference = Some((passed, total));
        }
    }
    Ok(())
}

// ---- d. stubs fail -----------------------------------------------------------------------

fn stubs_fail(
    workspace: &Path,
    course: &Course,
    modules: &[&Module],
    opts: &RunOptions,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    if modules.is_empty() {
        return Ok(());
    }
    let plan = edition::plan_all(workspace, modules.iter().copied(), Edition::Student);
    let mut args: Vec<String> = [
        "build",
        "--workspace",
        "--exclude",
        env!("CARGO_PKG_NAME"),
        "--all-targets",
        "--color",
        "never",
    ]
    .map(String::from)
    .to_vec();
    args.extend(["--message-format", "json-render-diagnostics"].map(String::from));
    let inv = Invocation {
        cwd: workspace.to_path_buf(),
        args,
        editions: plan,
        target_dir: opts.target_dir.clone(),
        verbose: opts.verbose,
    };
    step.note(cargo::display(&inv));
    let output = cargo::run(&inv)?;
    if !output.success {
        let run = libtest::parse(&output.text);
        step.fail("the stubs do not compile against every target (all modules = student):");
        for l in grade::build_errors(&run, &output.text) {
            step.fail(format!("  {l}"));
        }
        return Ok(());
    }
    for module in modules {
        let g = grade::grade_module(workspace, course, module, false, opts)?;
        check_stub_grade(module, &g, rows, step);
    }
    Ok(())
}

fn check_stub_grade(
    module: &Module,
    g: &ModuleGrade,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) {
    let m = &module.number;
    if let GradeState::BuildFailed { errors } = &g.state {
        step.fail(format!(
            "module {m}: the stubs do not compile over the reference of earlier modules:"
        ));
        for l in errors {
            step.fail(format!("  {l}"));
        }
        return;
    }
    if let Some(p) = &g.edition_problem {
        step.fail(format!("module {m}: edition not proven: {p}"));
    }
    let (passed, total) = g.tests();
    if passed > 0 {
        let vacuous = vacuous_tests(g);
        step.fail(format!(
            "module {m}: {} graded test(s) pass on the stubs (vacuous): {}",
            vacuous.len(),
            vacuous.join(", ")
        ));
    }
    let hidden = if g.hidden_tests > 0 {
        format!(", {} of them hidden", g.hidden_tests)
    } else {
        String::new()
    };
    step.note(format!(
        "module {m}: {}/{total} graded tests fail on the stubs{hidden} ({})",
        total - passed,
        g.edition_summary()
    ));
    if let Some(row) = rows.get_mut(m) {
        row.stubs = Some((total - passed, total));
    }
}

/// Graded tests that passed although the module is all stubs.
fn vacuous_tests(g: &ModuleGrade) -> Vec<String> {
    g.tasks
        .iter()
        .flat_map(|t| t.passing.iter().cloned())
        .collect()
}

// ---- f. summary --------------------------------------------------------------------------

fn summary_table(modules: &[&Module], rows: &BTreeMap<String, ModuleRow>, style: Style) -> String {
    let mut table = Table::new(&[
        "Module",
        ">Graded tests",
        ">Pass on reference",
        ">Fail on stubs",
        ">Knockouts caught",
    ]);
    let pair = |p: Option<(usize, usize)>| {
        p.map(|(a, b)| format!("{a}/{b}"))
            .unwrap_or_else(|| "-".into())
    };
    let tone = |p: Option<(usize, usize)>| match p {
        Some((a, b)) if a == b => Tone::Good,
        Some(_) => Tone::Bad,
        None => Tone::Dim,
    };
    for m in modules {
        let row = rows.get(&m.number).cloned().unwrap_or_default();
        table.row(vec![
            format!("{} {}", m.number, m.name).into(),
            row.graded.to_string().into(),
            cell(pair(row.reference), tone(row.reference)),
            cell(pair(row.stubs), tone(row.stubs)),
            cell(pair(row.knockouts), tone(row.knockouts)),
        ]);
    }
    table.render(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_durations() {
        assert_eq!(human(Duration::from_millis(1234)), "1.2s");
        assert_eq!(human(Duration::from_secs(184)), "3m04s");
    }
}
