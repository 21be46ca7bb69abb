//! `cargo grade watch [NN]`: the student's loop. Every save re-grades the module whose
//! files changed and redraws its task table with the first failing assertion; single keys
//! drive the rest (`h` next hint, `n` next task, `s` status, `q` quit), as in rustlings.
//!
//! File events come from `notify` (inotify, FSEvents, ReadDirectoryChangesW: no polling
//! loop of ours), debounced so an editor's write-rename-chmod burst grades once. On a
//! terminal, keys are read in raw mode on the alternate screen; a guard (and the panic
//! hook) restores the terminal on every way out. Without a terminal (stdin or stdout not
//! a TTY) it prints plain text, reads commands as lines from stdin, and stops at the end
//! of input.

use crate::bail;
use crate::cargo::build::BuildEvent;
use crate::commands::progress::BuildLine;
use crate::course::manifest::{BuildStatus, Course, Module};
use crate::grading::cache::{self, Fingerprinter, Policy, Progress};
use crate::grading::grade::{ModuleGrade, RunOptions, TaskStatus};
use crate::grading::hint;
use crate::output::module_report::module_report;
use crate::output::{self, emit};
use crate::util::error::{Context, Result};
use crate::util::term::Style;
use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};
use notify::{RecursiveMode, Watcher};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// How long a burst of file events may last before the grade starts.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// What the loop reacts to.
#[derive(Debug)]
enum Input {
    /// A file under `modules/` changed.
    Changed(PathBuf),
    /// A key (or, without a terminal, the first character of a line).
    Key(char),
    /// End of input, Ctrl-C or Ctrl-D.
    Quit,
}

/// Where the student is: the module shown, its last grade, the task and hint level.
struct View<'a> {
    course: &'a Course,
    module: &'a Module,
    grade: Option<ModuleGrade>,
    task: usize,
    hint_level: usize,
    /// Text shown under the table (a hint, the status), until the next grade.
    note: String,
}

/// `cargo grade watch [NN]`.
pub fn run(
    workspace: &Path,
    course: &Course,
    query: Option<&str>,
    opts: &RunOptions,
    style: Style,
) -> Result<ExitCode> {
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let module = match query {
        Some(q) => built(course, q)?,
        None => current_module(workspace, course, opts)?,
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = file_watcher(tx.clone())?;
    watcher
        .watch(&workspace.join("modules"), RecursiveMode::Recursive)
        .context("cannot watch modules/ for changes")?;
    let _terminal = if tty {
        Some(RawTerminal::enter()?)
    } else {
        None
    };
    spawn_input(tx, tty);
    let mut view = View {
        course,
        module,
        grade: None,
        task: 0,
        hint_level: 0,
        note: String::new(),
    };
    let screen = Screen { tty, style };
    regrade(workspace, opts, &mut view, &screen)?;
    while let Ok(input) = rx.recv() {
        match input {
            Input::Quit | Input::Key('q') => break,
            Input::Changed(path) => {
                let changed = debounce(&rx, path);
                if let Some(m) = changed.iter().find_map(|p| module_of(workspace, course, p))
                    && m.number != view.module.number
                {
                    view.module = m;
                    view.task = 0;
                    view.hint_level = 0;
                }
                view.note.clear();
                regrade(workspace, opts, &mut view, &screen)?;
            }
            Input::Key('h') => {
                view.note = next_hint(&mut view);
                screen.draw(&view);
            }
            Input::Key('n') => {
                view.note = next_task(&mut view);
                screen.draw(&view);
            }
            Input::Key('s') => {
                screen.message("status: grading what changed since the last run ...");
                let status = crate::grading::status::collect(
                    workspace,
                    course,
                    opts,
                    &[],
                    Policy::Use,
                    &mut |p| screen.progress(&p),
                )?;
                view.note = output::status::render(&status, style);
                screen.draw(&view);
            }
            Input::Key(_) => screen.draw(&view),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The built module `query` names.
fn built<'a>(course: &'a Course, query: &str) -> Result<&'a Module> {
    let module = course.find_module(query)?;
    if module.status == BuildStatus::Planned {
        bail!("module {} is planned: not built yet", module.label());
    }
    Ok(module)
}

/// The first built module that is not complete (from the cache where nothing changed;
/// only the modules up to it are graded), or the last one when all are.
fn current_module<'a>(
    workspace: &Path,
    course: &'a Course,
    opts: &RunOptions,
) -> Result<&'a Module> {
    let mut fp = Fingerprinter::new(workspace, course)?;
    let mut last = None;
    for module in course.built() {
        let mut line = BuildLine::new(workspace);
        let (grade, _) =
            cache::grade_module(&mut fp, module, opts, Policy::Use, &mut |p| line.report(p))?;
        if !grade.complete() {
            return Ok(module);
        }
        last = Some(module);
    }
    match last {
        Some(m) => Ok(m),
        None => bail!("no module is built yet: nothing to watch"),
    }
}

/// Grades the module in view (always a fresh run: the files just changed) and redraws.
fn regrade(
    workspace: &Path,
    opts: &RunOptions,
    view: &mut View<'_>,
    screen: &Screen,
) -> Result<()> {
    let started = Instant::now();
    screen.message(&format!(
        "grading module {} (your code) ...",
        view.module.label()
    ));
    let mut fp = Fingerprinter::new(workspace, view.course)?;
    let (grade, _) = cache::grade_module(&mut fp, view.module, opts, Policy::Refresh, &mut |p| {
        screen.progress(&p)
    })?;
    view.task = grade
        .tasks
        .iter()
        .position(|t| t.status != TaskStatus::Done)
        .unwrap_or(0);
    view.note = format!("graded in {:.1} s", started.elapsed().as_secs_f64());
    view.grade = Some(grade);
    screen.draw(view);
    Ok(())
}

/// The next hint of the task in view (one more each time `h` is pressed).
fn next_hint(view: &mut View<'_>) -> String {
    let Some(task) = view.module.tasks.get(view.task) else {
        return "this module has no tasks".into();
    };
    view.hint_level = (view.hint_level % task.hints.len().max(1)) + 1;
    hint::hint_text(view.course, &task.id, Some(view.hint_level), false)
        .unwrap_or_else(|e| e.to_string())
}

/// Moves to the next task of the module (wrapping) and says which it is.
fn next_task(view: &mut View<'_>) -> String {
    let n = view.module.tasks.len();
    if n == 0 {
        return "this module has no tasks".into();
    }
    view.task = (view.task + 1) % n;
    view.hint_level = 0;
    let task = &view.module.tasks[view.task];
    format!(
        "task {} ({}): its tests are `{}*`; press h for a hint",
        task.id,
        task.title,
        task.test_prefix()
    )
}

/// The first failing assertion of the grade, with where it failed.
fn first_failure(grade: &ModuleGrade) -> Option<String> {
    let failure = grade.tasks.iter().flat_map(|t| &t.failures).next()?;
    let mut out = format!("First failure: {}\n", failure.test);
    if let Some(place) = &failure.location {
        out.push_str(&format!("  at {place}\n"));
    }
    for line in &failure.message {
        out.push_str(&format!("  {line}\n"));
    }
    Some(out)
}

/// Where output goes: a redrawn screen, or plain lines.
struct Screen {
    tty: bool,
    style: Style,
}

impl Screen {
    /// Redraws everything: the module's table, the first failure, the note, the keys.
    fn draw(&self, view: &View<'_>) {
        let mut text = String::new();
        if let Some(grade) = &view.grade {
            let readme = format!("{}/README.md", view.module.path);
            text.push_str(&module_report(grade, &readme, self.style));
            if let Some(failure) = first_failure(grade) {
                text.push('\n');
                text.push_str(&failure);
            }
        }
        if let Some(task) = view.module.tasks.get(view.task) {
            text.push_str(&format!("\nCurrent task: {} {}\n", task.id, task.title));
        }
        if !view.note.is_empty() {
            text.push('\n');
            text.push_str(view.note.trim_end());
            text.push('\n');
        }
        text.push_str(&format!(
            "\nwatching {} -- save a file to re-grade; keys: h hint, n next task, s status, q quit\n",
            view.module.path
        ));
        if self.tty {
            let mut out = std::io::stdout().lock();
            let _ = execute!(
                out,
                terminal::Clear(terminal::ClearType::All),
                cursor::MoveTo(0, 0)
            );
            let _ = out.write_all(text.replace('\n', "\r\n").as_bytes());
            let _ = out.flush();
        } else {
            emit(&text);
        }
    }

    /// Build progress as one line: which crate, how many so far, seconds.
    fn progress(&self, p: &Progress<'_>) {
        match p {
            Progress::Grading(m) => self.message(&format!("grading module {} ...", m.label())),
            Progress::Build(BuildEvent::Compiled { package, fresh, .. }) if self.tty || !fresh => {
                self.message(&format!("  compiling {package} ..."))
            }
            Progress::Build(_) => {}
        }
    }

    /// A one-line progress message (on a terminal: the bottom line, replaced).
    fn message(&self, line: &str) {
        if self.tty {
            let mut out = std::io::stdout().lock();
            let _ = execute!(
                out,
                cursor::MoveToColumn(0),
                terminal::Clear(terminal::ClearType::CurrentLine)
            );
            let _ = write!(out, "{line}");
            let _ = out.flush();
        } else {
            eprintln!("{line}");
        }
    }
}

/// Raw mode on the alternate screen while it lives; the terminal as it was afterwards,
/// also when the grader panics.
struct RawTerminal;

impl RawTerminal {
    fn enter() -> Result<RawTerminal> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )
        .context("cannot switch to the alternate screen")?;
        Ok(RawTerminal)
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    let _ = execute!(
        std::io::stdout(),
        cursor::Show,
        terminal::LeaveAlternateScreen
    );
    let _ = terminal::disable_raw_mode();
}

/// A watcher that sends every created, modified or removed source file under `modules/`
/// (not under a `target/`).
fn file_watcher(tx: Sender<Input>) -> Result<notify::RecommendedWatcher> {
    notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        for path in event.paths {
            if relevant(&path) {
                let _ = tx.send(Input::Changed(path));
            }
        }
    })
    .context("cannot watch files for changes")
}

/// Source files that decide a grade: `.rs`, `.toml`, `.snap`, not editor swap files or
/// build output.
fn relevant(path: &Path) -> bool {
    let text = path.to_string_lossy();
    if text.contains("/target/") || text.contains("\\target\\") {
        return false;
    }
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("rs" | "toml" | "snap")
    )
}

/// Collects the rest of a burst of file events (until [`DEBOUNCE`] passes without one);
/// keys pressed meanwhile are put back in order after it.
fn debounce(rx: &Receiver<Input>, first: PathBuf) -> Vec<PathBuf> {
    let mut paths = vec![first];
    while let Ok(input) = rx.recv_timeout(DEBOUNCE) {
        match input {
            Input::Changed(p) => paths.push(p),
            // Keys during a burst are rare; dropping one costs a key press, never a grade.
            Input::Key(_) | Input::Quit => {}
        }
    }
    paths
}

/// The module a changed file belongs to.
fn module_of<'a>(workspace: &Path, course: &'a Course, path: &Path) -> Option<&'a Module> {
    course.built().find(|m| path.starts_with(m.dir(workspace)))
}

/// Reads keys (raw mode) or lines (no terminal) on a thread of its own.
fn spawn_input(tx: Sender<Input>, tty: bool) {
    std::thread::spawn(move || {
        if tty {
            read_keys(&tx);
        } else {
            read_lines(&tx);
        }
    });
}

fn read_keys(tx: &Sender<Input>) {
    while let Ok(ev) = event::read() {
        let TermEvent::Key(key) = ev else { continue };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        let input = match key.code {
            KeyCode::Char('c' | 'd') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Input::Quit
            }
            KeyCode::Char(c) => Input::Key(c.to_ascii_lowercase()),
            KeyCode::Esc => Input::Quit,
            _ => continue,
        };
        let quit = matches!(input, Input::Quit | Input::Key('q'));
        if tx.send(input).is_err() || quit {
            return;
        }
    }
}

fn read_lines(tx: &Sender<Input>) {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if let Some(c) = line.trim().chars().next()
            && tx.send(Input::Key(c.to_ascii_lowercase())).is_err()
        {
            return;
        }
    }
    let _ = tx.send(Input::Quit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_outside_target_trigger_a_grade() {
        assert!(relevant(Path::new(
            "/w/modules/01_tensor/src/student/creation.rs"
        )));
        assert!(relevant(Path::new(
            "/w/modules/01_tensor/tests/snapshots/a.snap"
        )));
        assert!(!relevant(Path::new(
            "/w/modules/01_tensor/src/student/.creation.rs.swp"
        )));
        assert!(!relevant(Path::new(
            "/w/modules/01_tensor/target/debug/x.rs"
        )));
    }

    #[test]
    fn a_burst_of_events_is_one_change() {
        let (tx, rx) = mpsc::channel();
        for n in 0..5 {
            tx.send(Input::Changed(PathBuf::from(format!("f{n}.rs"))))
                .unwrap();
        }
        let paths = debounce(&rx, PathBuf::from("first.rs"));
        assert_eq!(paths.len(), 6);
    }
}
