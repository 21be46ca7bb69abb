//! The `cargo grade test NN` report of one module: its task table, failures and next step.

use crate::grading::grade::{GradeState, ModuleGrade, TaskStatus};
use crate::grading::integrity;
use crate::util::term::{Style, Table, Tone, cell};
use std::collections::BTreeMap;

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
                    if let Some(place) = &f.location {
                        failing.push_str(&format!("      at {place}\n"));
                    }
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
    if let Some(problem) = &grade.edition_problem {
        let advice = if integrity::is_tampering(problem) {
            "restore the instructor files named above (`git checkout -- FILE`), then run `cargo grade test` again"
        } else {
            "run `cargo grade test` again, and report the problem if it persists"
        };
        return format!("Next step: no points until the edition is proven; {advice}.\n");
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
