//! `cargo grade dev verify`: the CI gate.
//!
//! a. the manifest agrees with the workspace (crates, markers, test names);
//! b. the committed stubs are in sync with the reference;
//! c. the reference passes every test (one cargo run over all modules);
//! d. the stubs compile against every test, bench and milestone (one `cargo check` of the
//!    workspace: type-checking is what a stub can get wrong, and it reuses clippy's build of
//!    the third-party crates where a `cargo build` would compile and link every target again),
//!    and every graded test fails on them, graded as a student is (module N's stubs over
//!    the reference of modules < N, so a test cannot "fail" only because of a lower stub),
//!    building and running only the graded (and hidden) test targets;
//! e. every knockout is caught by a test of the task it targets.
//!
//! Hidden tests (`hidden/NN/*.rs`, see [`crate::grading::hidden`]) count like the others: step a
//! checks their layout, step c runs them on the reference, step d on the stubs, and step e
//! includes them in the knockout copy.
//!
//! Steps a ([`crate::grading::sanity`]) and e ([`crate::grading::knockouts`]) live in their own files.

use crate::cargo::{self, Invocation};
use crate::course::edition::{self, Edition, EditionPlan};
use crate::util::error::Result;

use crate::cargo::libtest::{self, Outcome, TestBinary, TestRun};
use crate::course::manifest::{Course, Module};
use crate::course::stub_files;
use crate::grading::grade::{self, GradeState, ModuleGrade, RunOptions};
use crate::grading::knockouts;
use crate::grading::sanity;
use crate::grading::step::{ModuleRow, Scope, Step};
use crate::util::fsutil;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// What `cargo grade dev verify` found: every step, and the numbers of each module.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// The steps in the order they ran.
    pub steps: Vec<Step>,
    /// `("NN name", numbers)` for each selected module, in course order.
    pub rows: Vec<(String, ModuleRow)>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Verification {
    /// True when every step passed.
    pub fn passed(&self) -> bool {
        self.steps.iter().all(Step::passed)
    }
}

/// Runs every step; `on_step` sees each one as it finishes (the command prints it).
/// `only` restricts steps c–e to the named modules (empty: every built module);
/// `hidden` is the hidden-test directory, if any.
pub fn run(
    workspace: &Path,
    course: &Course,
    only: &[String],
    hidden: Option<&Path>,
    verbose: bool,
    on_step: &mut dyn FnMut(&Step),
) -> Result<Verification> {
    let lock_path = fsutil::target_base(workspace).join("verify").join("lock");
    let _lock = crate::util::lock::acquire(&lock_path, "`cargo grade dev verify`")?;
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

    let mut timed = |title: &str, f: &mut dyn FnMut(&mut Step) -> Result<()>| -> Result<Step> {
        eprintln!("running {title} ...");
        let t = Instant::now();
        let mut step = Step::new(title);
        f(&mut step)?;
        step.duration = t.elapsed();
        on_step(&step);
        Ok(step)
    };

    steps.push(timed("a. manifest sanity", &mut |s| {
        sanity::check_manifest(workspace, course, s);
        if modules.is_empty() {
            s.fail("no built module in course.toml: there is nothing to verify");
        }
        if let Some(root) = hidden {
            for problem in crate::grading::hidden::check_layout(root, course)? {
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
    let scope = Scope {
        workspace,
        course,
        modules: &runnable,
        opts: &opts,
    };
    steps.push(timed("c. reference passes", &mut |s| {
        reference_passes(&scope, &mut rows, s)?;
        hidden_reference_passes(&scope, &mut rows, s)
    })?);
    steps.push(timed(
        "d. stubs compile, every graded test fails on them",
        &mut |s| stubs_fail(&scope, &mut rows, s),
    )?);
    steps.push(timed("e. knockouts caught", &mut |s| {
        knockouts::verify_step(&scope, &mut rows, s)
    })?);

    let rows = modules
        .iter()
        .map(|m| {
            let row = rows.get(&m.number).cloned().unwrap_or_default();
            (format!("{} {}", m.number, m.name), row)
        })
        .collect();
    Ok(Verification {
        steps,
        rows,
        elapsed: start.elapsed(),
    })
}

/// The built modules named in `only`, or every built module when `only` is empty.
fn selected_modules<'c>(course: &'c Course, only: &[String]) -> Result<Vec<&'c Module>> {
    if only.is_empty() {
        return Ok(course.built().collect());
    }
    let mut picked = Vec::new();
    for query in only {
        let module = course.find_module(query)?;
        if module.status != crate::course::manifest::BuildStatus::Built {
            crate::bail!("module {} is planned: not built yet", module.label());
        }
        picked.push(module);
    }
    Ok(picked)
}

// ---- b. stubs ----------------------------------------------------------------------------

fn check_stubs(workspace: &Path, course: &Course, step: &mut Step) -> Result<()> {
    match stub_files::plan(workspace, course, None) {
        Ok(plan) => {
            for c in &plan.changes {
                step.fail(format!(
                    "{}: {} (run `cargo grade dev stubs`)",
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
    scope: &Scope,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    if scope.modules.is_empty() {
        step.warn("no built module to test");
        return Ok(());
    }
    // The probe reports every course module a test binary links, so the plan covers the
    // selected modules and every built module below them (their dependencies).
    let highest = scope
        .modules
        .iter()
        .map(|m| m.number.as_str())
        .max()
        .unwrap_or("");
    let linked = scope
        .course
        .built()
        .filter(|m| m.number.as_str() <= highest);
    let plan = edition::plan_all(scope.workspace, linked, Edition::Reference);
    let crates: Vec<&str> = scope
        .modules
        .iter()
        .map(|m| m.crate_name.as_str())
        .collect();
    let args = cargo::test_args(&crates);
    let Some(run) = run_cargo(
        scope.workspace,
        args,
        &plan,
        scope.opts,
        step,
        "the reference does not compile:",
    )?
    else {
        return Ok(());
    };
    for module in scope.modules {
        let dir = module.dir(scope.workspace);
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
    scope: &Scope,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    let Some(root) = &scope.opts.hidden else {
        return Ok(());
    };
    for module in scope.modules {
        let files = crate::grading::hidden::files_for(root, module)?;
        if files.is_empty() {
            continue;
        }
        let m = &module.number;
        let g = grade::grade_module(scope.workspace, scope.course, module, true, scope.opts)?;
        if let GradeState::BuildFailed { errors } = &g.state {
            step.fail_with_details(
                format!("module {m}: the reference does not compile with its hidden tests:"),
                errors,
            );
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

/// Runs cargo with `args` under `plan` (the command line noted in `step`) and returns what
/// libtest printed; `None` when the build failed (`header` and the compiler's errors are
/// the step's failure then).
fn run_cargo(
    workspace: &Path,
    args: Vec<String>,
    plan: &EditionPlan,
    opts: &RunOptions,
    step: &mut Step,
    header: &str,
) -> Result<Option<TestRun>> {
    let inv = Invocation {
        cwd: workspace.to_path_buf(),
        args,
        editions: plan.clone(),
        target_dir: opts.target_dir.clone(),
        verbose: opts.verbose,
    };
    step.note(cargo::display(&inv));
    let output = cargo::run(&inv)?;
    let run = libtest::parse(&output.text);
    if run.build_failed(output.success) {
        step.fail_with_details(header, &grade::build_errors(&run, &output.text));
        return Ok(None);
    }
    Ok(Some(run))
}

// ---- d. stubs fail -----------------------------------------------------------------------

fn stubs_fail(
    scope: &Scope,
    rows: &mut BTreeMap<String, ModuleRow>,
    step: &mut Step,
) -> Result<()> {
    if scope.modules.is_empty() {
        return Ok(());
    }
    let plan = edition::plan_all(
        scope.workspace,
        scope.modules.iter().copied(),
        Edition::Student,
    );
    let mut args: Vec<String> = [
        "check",
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
    let header = "the stubs do not compile against every target (all modules = student):";
    if run_cargo(scope.workspace, args, &plan, scope.opts, step, header)?.is_none() {
        return Ok(());
    }
    // Every target was type-checked above; the grading needs only the graded tests (and
    // the hidden ones), so the modules' other test binaries are not built and run again.
    let graded_only = RunOptions {
        graded_only: true,
        ..scope.opts.clone()
    };
    for module in scope.modules {
        let g = grade::grade_module(scope.workspace, scope.course, module, false, &graded_only)?;
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
        step.fail_with_details(
            format!("module {m}: the stubs do not compile over the reference of earlier modules:"),
            errors,
        );
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
