//! Plain-text tables and the per-module report. ASCII only; colour (a few ANSI codes on
//! status words) only when stdout is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset.

use crate::grade::{GradeState, ModuleGrade, TaskStatus};
use std::collections::BTreeMap;
use std::io::IsTerminal;

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colour codes.
    pub color: bool,
}

/// The meaning of a cell, used for colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No colour.
    Plain,
    /// Green: done, pass.
    Good,
    /// Yellow: todo, warnings.
    Warn,
    /// Red: failing, errors.
    Bad,
    /// Dim: planned, locked.
    Dim,
}

impl Style {
    /// Colour only for a real terminal that wants it.
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: tty && !dumb && !no_color,
        }
    }

    /// No colour at all.
    pub fn plain() -> Style {
        Style { color: false }
    }

    /// `text` in the colour of `tone` (unchanged without colour).
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        let code = match tone {
            Tone::Plain => return text.to_string(),
            Tone::Good => "32",
            Tone::Warn => "33",
            Tone::Bad => "31",
            Tone::Dim => "2",
        };
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its text.
    pub text: String,
    /// Its colour.
    pub tone: Tone,
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Cell {
        Cell {
            text: text.into(),
            tone: Tone::Plain,
        }
    }
}

/// A cell with a tone.
pub fn cell(text: impl Into<String>, tone: Tone) -> Cell {
    Cell {
        text: text.into(),
        tone,
    }
}

/// A simple column-aligned table.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    right_aligned: Vec<bool>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column headers; a header starting with `>` is right-aligned
    /// (the `>` is not shown).
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| h.trim_start_matches('>').to_string())
                .collect(),
            right_aligned: headers.iter().map(|h| h.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (missing cells are blank).
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The table as text, one line per row, each ending with a newline.
    pub fn render(&self, style: Style) -> String {
        let width = |i: usize| {
            let cells = self
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.text.chars().count());
            cells
                .chain([self.headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.headers.len()).map(width).collect();
        let mut out = String::new();
        let header_cells: Vec<Cell> = self.headers.iter().map(Cell::from).collect();
        let rule: Vec<Cell> = widths.iter().map(|w| Cell::from("-".repeat(*w))).collect();
        for row in [&header_cells, &rule].into_iter().chain(self.rows.iter()) {
            out.push_str(&self.line(row, &widths, style));
        }
        out
    }

    fn line(&self, row: &[Cell], widths: &[usize], style: Style) -> String {
        let mut parts = Vec::new();
        for (i, w) in widths.iter().enumerate() {
            let c = row.get(i).cloned().unwrap_or_else(|| Cell::from(""));
            let pad = " ".repeat(w.saturating_sub(c.text.chars().count()));
            let painted = style.paint(&c.text, c.tone);
            parts.push(if self.right_aligned[i] {
                format!("{pad}{painted}")
            } else {
                format!("{painted}{pad}")
            });
        }
        format!("{}\n", parts.join("  ").trim_end())
    }
}

/// The tone of a task status.
pub fn status_tone(status: TaskStatus) -> Tone {
    match status {
        TaskStatus::Done => Tone::Good,
        TaskStatus::Todo => Tone::Warn,
        TaskStatus::Failing | TaskStatus::NoTests | TaskStatus::NotRun => Tone::Bad,
    }
}

/// The full `cargo grade test NN` report (without the final exit decision).
pub fn module_report(grade: &ModuleGrade, readme: &str, style: Style) -> String {
    let mut out = format!("Module {} ({})\n", grade.number, grade.title);
    if grade.student_edition {
        out.push_str("student edition: graded over your own earlier modules\n");
    }
    match &grade.state {
        GradeState::Unavailable { reason } => {
            out.push_str(&format!("{}: {reason}\n", style.paint("error", Tone::Bad)));
            return out;
        }
        GradeState::BuildFailed { errors } => {
            out.push_str(&build_failed(grade, errors, style));
            return out;
        }
        GradeState::Graded => {}
    }
    match &grade.edition_problem {
        None if grade.hidden_tests > 0 => out.push_str(&format!(
            "Tested: {} (with {} hidden tests)\n\n",
            grade.edition_summary(),
            grade.hidden_tests
        )),
        None => out.push_str(&format!("Tested: {}\n\n", grade.edition_summary())),
        Some(p) => out.push_str(&format!(
            "{} edition not proven: {p}\n\n",
            style.paint("ERROR", Tone::Bad)
        )),
    }
    out.push_str(&task_table(grade, style));
    out.push_str(&failure_details(grade));
    for w in grade.crashed.iter().chain(&grade.warnings) {
        out.push_str(&format!("{}: {w}\n", style.paint("warning", Tone::Warn)));
    }
    if !grade.unmapped.is_empty() {
        let msg = format!(
            "unmapped tests (named after no task of this module): {}",
            grade.unmapped.join(", ")
        );
        out.push_str(&format!("{}: {msg}\n", style.paint("warning", Tone::Warn)));
    }
    out.push_str(&format!(
        "\nPoints: {}/{}\n",
        grade.points(),
        grade.max_points()
    ));
    out.push_str(&next_step_line(grade, readme));
    out
}

fn build_failed(grade: &ModuleGrade, errors: &[String], style: Style) -> String {
    let mut out = format!("Tested: {}\n", grade.edition_summary());
    out.push_str(&format!(
        "{}: the code does not compile. First compiler errors:\n\n",
        style.paint("build failed", Tone::Bad)
    ));
    for line in errors {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str(&format!(
        "\nFix these, then run `cargo grade test {}` again (`cargo build` shows every error).\n",
        grade.number
    ));
    out
}

fn task_table(grade: &ModuleGrade, style: Style) -> String {
    let mut table = Table::new(&["Task", "Title", ">Tests", "Status", ">Points"]);
    for t in &grade.tasks {
        table.row(vec![
            t.id.clone().into(),
            t.title.clone().into(),
            format!("{}/{}", t.passed, t.total).into(),
            cell(t.status.label(), status_tone(t.status)),
            format!("{}/{}", t.points, t.max_points).into(),
        ]);
    }
    table.render(style)
}

fn failure_details(grade: &ModuleGrade) -> String {
    let mut failing = String::new();
    let mut own_todo = 0;
    let mut blocked: BTreeMap<&str, usize> = BTreeMap::new();
    for task in &grade.tasks {
        for f in &task.failures {
            match &f.todo_task {
                Some(owner) if *owner != task.id => {
                    *blocked.entry(owner.as_str()).or_default() += 1
                }
                _ if f.todo => own_todo += 1,
                _ => {
                    failing.push_str(&format!("  {} ({}):\n", f.test, task.id));
                    for line in &f.message {
                        failing.push_str(&format!("      {line}\n"));
                    }
                }
            }
        }
    }
    let mut out = String::new();
    if !failing.is_empty() {
        out.push_str("\nFailing tests:\n");
        out.push_str(&failing);
    }
    if own_todo > 0 {
        out.push_str(&format!(
            "\nNot started: {} a todo!() stub of {} own task.\n",
            tests_verb(own_todo, "reaches", "reach"),
            if own_todo == 1 { "its" } else { "their" }
        ));
    }
    for (owner, n) in blocked {
        out.push_str(&format!(
            "Blocked: {} at a todo!() stub of task {owner}; finish {owner} first.\n",
            tests_verb(n, "of another task stops", "of other tasks stop")
        ));
    }
    out
}

/// "1 test reaches" / "3 tests reach".
fn tests_verb(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 test {one}")
    } else {
        format!("{n} tests {many}")
    }
}

/// `Next step: ...` for one module.
pub fn next_step_line(grade: &ModuleGrade, readme: &str) -> String {
    if grade.edition_problem.is_some() {
        return "Next step: no points until the edition is proven; run `cargo grade test` again, and report the problem if it persists.\n".into();
    }
    match grade.next_task() {
        None => format!("Next step: module {} complete.\n", grade.number),
        Some(t) => format!(
            "Next step: task {} ({}) -- read {readme}, then `cargo grade hint {}`.\n",
            t.id, t.title, t.id
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_aligned_ascii_tables() {
        let mut t = Table::new(&["Task", ">Points"]);
        t.row(vec!["01.1".into(), "10/10".into()]);
        t.row(vec!["01.12".into(), cell("0/5", Tone::Bad)]);
        let text = t.render(Style::plain());
        assert_eq!(
            text,
            "Task   Points\n-----  ------\n01.1    10/10\n01.12     0/5\n"
        );
        assert!(text.is_ascii());
    }

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(Style::plain().paint("done", Tone::Good), "done");
        assert_eq!(
            Style { color: true }.paint("done", Tone::Good),
            "\x1b[32mdone\x1b[0m"
        );
    }
}
