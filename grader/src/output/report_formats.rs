//! `cargo grade dev report --format ...`: the [`Report`] as a table, JSON, JUnit XML, CSV, or
//! the payload of GitHub Classroom's autograding reporter.

use crate::grading::report_schema::{ModuleReport, Report, TaskReport};
use crate::grading::status::ModuleResult;
use crate::util::error::{Context, Result};
use crate::util::term::{Style, Table, Tone, cell};
use std::fmt::Write as _;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text: every task of every graded module, then the total.
    Table,
    /// The stable JSON document of `docs/REPORT_SCHEMA.md`.
    Json,
    /// JUnit XML: one test suite per module, one test case per task (for CI dashboards).
    Junit,
    /// CSV: one row per task, then one per module and a total row (for spreadsheets).
    Csv,
    /// The JSON that GitHub Classroom's autograding reporter reads (one test per task).
    Classroom,
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format, style: Style) -> Result<String> {
    Ok(match format {
        Format::Table => table(report, style),
        Format::Json => {
            let text = serde_json::to_string_pretty(report).context("cannot write JSON")?;
            format!("{text}\n")
        }
        Format::Junit => junit(report),
        Format::Csv => csv(report),
        Format::Classroom => classroom(report)?,
    })
}

// ---- table -------------------------------------------------------------------------------

fn table(report: &Report, style: Style) -> String {
    let mut out = format!(
        "{} -- grade report ({}, grader {})\n",
        report.course,
        report.workspace.replace('_', " "),
        report.grader_version
    );
    for m in &report.modules {
        out.push_str(&format!("\n{}\n", module_heading(m)));
        if m.edition.is_none() {
            continue;
        }
        let mut t = Table::new(&["Task", "Title", ">Tests", "Status", ">Points"]);
        for task in &m.tasks {
            let tone = if task.status == "done" {
                Tone::Good
            } else {
                Tone::Warn
            };
            t.row(vec![
                task.id.clone().into(),
                task.title.clone().into(),
                format!("{}/{}", task.tests_passed, task.tests_total).into(),
                cell(task.status.replace('_', " "), tone),
                format!("{}/{}", task.points, task.max_points).into(),
            ]);
        }
        out.push_str(&t.render(style));
        for p in &m.problems {
            out.push_str(&format!("  problem: {p}\n"));
        }
    }
    if !report.milestones.is_empty() {
        out.push_str("\nMilestones:\n");
        for ms in &report.milestones {
            let mut line = format!("  {}  {}: {}", ms.id, ms.title, ms.state.label());
            if !ms.missing.is_empty() {
                line.push_str(&format!(" (needs {})", ms.missing.join(", ")));
            }
            out.push_str(&format!("{line}\n"));
        }
    }
    out.push_str(&format!(
        "\nTotal: {}/{} points\n",
        report.points, report.max_points
    ));
    out
}

/// `Module 01 (Tensor): complete, 90/90 points -- tested 01=student (your code)`.
fn module_heading(m: &ModuleReport) -> String {
    let mut line = format!("Module {} ({}): {}", m.number, m.title, m.result.label());
    if let Some(e) = &m.edition {
        line.push_str(&format!(", {}/{} points", m.points, m.max_points));
        let proof = if e.proven { "tested" } else { "NOT proven" };
        line.push_str(&format!(" -- {proof} {}", e.summary));
        if m.hidden_tests > 0 {
            line.push_str(&format!(", {} of the tests hidden", m.hidden_tests));
        }
    }
    line
}

// ---- JUnit -------------------------------------------------------------------------------

fn junit(report: &Report) -> String {
    let cases: Vec<&TaskReport> = report.modules.iter().flat_map(|m| &m.tasks).collect();
    let failures = cases.iter().filter(|t| is_failure(t)).count();
    let skipped = cases.iter().filter(|t| t.status == "not_graded").count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">",
        xml(&report.course),
        cases.len()
    );
    for m in report.modules.iter().filter(|m| !m.tasks.is_empty()) {
        out.push_str(&junit_suite(m));
    }
    out.push_str("</testsuites>\n");
    out
}

fn is_failure(task: &TaskReport) -> bool {
    task.status != "done" && task.status != "not_graded"
}

fn junit_suite(m: &ModuleReport) -> String {
    let name = format!("{} {}", m.number, m.title);
    let failures = m.tasks.iter().filter(|t| is_failure(t)).count();
    let skipped = m.tasks.iter().filter(|t| t.status == "not_graded").count();
    let mut out = format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
        xml(&name),
        m.tasks.len()
    );
    out.push_str("    <properties>\n");
    let mut props = vec![
        ("result", m.result.label().to_string()),
        ("points", format!("{}/{}", m.points, m.max_points)),
    ];
    if let Some(e) = &m.edition {
        props.push(("edition", e.summary.clone()));
        props.push(("edition_proven", e.proven.to_string()));
    }
    for (key, value) in props {
        let _ = writeln!(
            out,
            "      <property name=\"{key}\" value=\"{}\"/>",
            xml(&value)
        );
    }
    out.push_str("    </properties>\n");
    for t in &m.tasks {
        out.push_str(&junit_case(&name, t, &m.problems));
    }
    out.push_str("  </testsuite>\n");
    out
}

fn junit_case(suite: &str, t: &TaskReport, problems: &[String]) -> String {
    let head = format!(
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml(suite),
        xml(&format!(
            "{} {} ({}/{} points)",
            t.id, t.title, t.points, t.max_points
        ))
    );
    if t.status == "done" {
        return format!("{head}/>\n");
    }
    if t.status == "not_graded" {
        return format!(
            "{head}>\n      <skipped message=\"not graded in this run\"/>\n    </testcase>\n"
        );
    }
    let mut detail: Vec<String> = t
        .failures
        .iter()
        .map(|f| format!("{} ({}): {}", f.test, f.kind, f.message.join(" | ")))
        .collect();
    if detail.is_empty() {
        detail.extend(problems.iter().cloned());
    }
    format!(
        "{head}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
        xml(&t.status),
        xml(&format!(
            "{} ({}/{} tests pass)",
            t.status.replace('_', " "),
            t.tests_passed,
            t.tests_total
        )),
        xml(&detail.join("\n"))
    )
}

/// Escapes text for XML attributes and content.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

// ---- CSV ---------------------------------------------------------------------------------

/// The CSV header.
pub const CSV_HEADER: &str =
    "kind,module,task,title,status,points,max_points,tests_passed,tests_total,edition";

fn csv(report: &Report) -> String {
    let mut out = format!("{CSV_HEADER}\n");
    for m in &report.modules {
        let edition = m.edition.as_ref().map(|e| e.summary.as_str()).unwrap_or("");
        for t in &m.tasks {
            csv_row(
                &mut out,
                &[
                    "task",
                    &m.number,
                    &t.id,
                    &t.title,
                    &t.status,
                    &t.points.to_string(),
                    &t.max_points.to_string(),
                    &t.tests_passed.to_string(),
                    &t.tests_total.to_string(),
                    edition,
                ],
            );
        }
    }
    for m in &report.modules {
        csv_row(
            &mut out,
            &[
                "module",
                &m.number,
                "",
                &m.title,
                &m.result.key(),
                &m.points.to_string(),
                &m.max_points.to_string(),
                &m.tests_passed.to_string(),
                &m.tests_total.to_string(),
                m.edition.as_ref().map(|e| e.summary.as_str()).unwrap_or(""),
            ],
        );
    }
    let passed: usize = report.modules.iter().map(|m| m.tests_passed).sum();
    let total: usize = report.modules.iter().map(|m| m.tests_total).sum();
    csv_row(
        &mut out,
        &[
            "total",
            "",
            "",
            &report.course,
            "",
            &report.points.to_string(),
            &report.max_points.to_string(),
            &passed.to_string(),
            &total.to_string(),
            "",
        ],
    );
    out
}

fn csv_row(out: &mut String, fields: &[&str]) {
    let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

// ---- GitHub Classroom --------------------------------------------------------------------

/// The payload of `classroom-resources/autograding-grading-reporter`: one test per task of
/// every built module, its score the task's points when done.
fn classroom(report: &Report) -> Result<String> {
    let mut tests = Vec::new();
    let mut max_score = 0;
    for m in report
        .modules
        .iter()
        .filter(|m| m.result != ModuleResult::Planned)
    {
        for t in &m.tasks {
            max_score += t.max_points;
            let message = match t.status.as_str() {
                "done" => String::new(),
                "not_graded" => "not graded in this run".to_string(),
                _ => classroom_message(m, t),
            };
            tests.push(serde_json::json!({
                "name": format!("{} {}", t.id, t.title),
                "status": if t.status == "done" { "pass" } else { "fail" },
                "score": t.points,
                "message": message,
            }));
        }
    }
    let all_pass = tests.iter().all(|t| t["status"] == "pass");
    let payload = serde_json::json!({
        "version": 1,
        "status": if all_pass { "pass" } else { "fail" },
        "max_score": max_score,
        "tests": tests,
    });
    let text = serde_json::to_string(&payload).context("cannot write JSON")?;
    Ok(format!("{text}\n"))
}

fn classroom_message(m: &ModuleReport, t: &TaskReport) -> String {
    let first = t
        .failures
        .first()
        .map(|f| format!("{}: {}", f.test, f.message.join(" ")))
        .or_else(|| m.problems.first().cloned())
        .unwrap_or_default();
    format!(
        "{} ({}/{} tests pass). {first} Run `cargo grade test {}`.",
        t.status.replace('_', " "),
        t.tests_passed,
        t.tests_total,
        m.number
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::report_schema::{
        EditionReport, FailureReport, MilestoneReport, SCHEMA_VERSION,
    };
    use crate::grading::status::MilestoneState;

    fn task(id: &str, status: &str, points: u32, max: u32) -> TaskReport {
        TaskReport {
            id: id.into(),
            title: format!("Task, \"{id}\" <x>"),
            status: status.into(),
            points,
            max_points: max,
            tests_passed: if status == "done" { 2 } else { 0 },
            tests_total: 2,
            failures: if status == "done" {
                Vec::new()
            } else {
                vec![FailureReport {
                    test: format!("t{}_a", id.replace('.', "_")),
                    kind: "todo".into(),
                    message: vec!["not yet implemented".into()],
                }]
            },
        }
    }

    fn sample() -> Report {
        let graded = ModuleReport {
            number: "01".into(),
            name: "alpha".into(),
            title: "Alpha".into(),
            result: ModuleResult::InProgress,
            edition: Some(EditionReport {
                tested: [("01".to_string(), "student".to_string())].into(),
                proven: true,
                summary: "01=student (your code)".into(),
                problem: None,
            }),
            points: 10,
            max_points: 30,
            tests_passed: 2,
            tests_total: 4,
            hidden_tests: 1,
            tasks: vec![task("01.1", "done", 10, 10), task("01.2", "todo", 0, 20)],
            problems: Vec::new(),
        };
        let ungraded = ModuleReport {
            number: "02".into(),
            name: "beta".into(),
            title: "Beta".into(),
            result: ModuleResult::NotGraded,
            edition: None,
            points: 0,
            max_points: 5,
            tests_passed: 0,
            tests_total: 0,
            hidden_tests: 0,
            tasks: vec![task("02.1", "not_graded", 0, 5)],
            problems: Vec::new(),
        };
        Report {
            schema_version: SCHEMA_VERSION,
            course: "T".into(),
            grader_version: "0.1.0".into(),
            generated_at_unix: 1,
            workspace: "student_edition".into(),
            points: 10,
            max_points: 35,
            modules: vec![graded, ungraded],
            milestones: vec![MilestoneReport {
                id: "06".into(),
                title: "M".into(),
                state: MilestoneState::Locked,
                built: false,
                missing: vec!["01".into()],
                achieved_at_unix: None,
                note: None,
            }],
        }
    }

    #[test]
    fn json_round_trips_with_snake_case_states() {
        let report = sample();
        let text = render(&report, Format::Json, Style::plain()).unwrap();
        assert!(text.contains("\"schema_version\": 1"));
        assert!(text.contains("\"result\": \"in_progress\""));
        assert!(text.contains("\"state\": \"locked\""));
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn csv_quotes_fields_and_ends_with_a_total() {
        let text = render(&sample(), Format::Csv, Style::plain()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(
            lines[1],
            "task,01,01.1,\"Task, \"\"01.1\"\" <x>\",done,10,10,2,2,01=student (your code)"
        );
        assert!(lines.contains(&"module,02,,Beta,not_graded,0,5,0,0,"));
        assert_eq!(*lines.last().unwrap(), "total,,,T,,10,35,2,4,");
    }

    #[test]
    fn junit_has_one_case_per_task_with_failures_and_skips() {
        let text = render(&sample(), Format::Junit, Style::plain()).unwrap();
        assert!(text.starts_with("<?xml"));
        assert!(text.contains("<testsuites name=\"T\" tests=\"3\" failures=\"1\" skipped=\"1\">"));
        assert!(text.contains("Task, &quot;01.1&quot; &lt;x&gt; (10/10 points)\"/>"));
        assert!(text.contains("<failure type=\"todo\""));
        assert!(text.contains("<skipped message=\"not graded in this run\"/>"));
        assert_eq!(text.matches("<testcase").count(), 3);
        assert_eq!(
            text.matches("<testsuite ").count(),
            text.matches("</testsuite>").count()
        );
    }

    #[test]
    fn classroom_scores_tasks_with_their_points() {
        let text = render(&sample(), Format::Classroom, Style::plain()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["status"], "fail");
        assert_eq!(v["max_score"], 35);
        let tests = v["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 3);
        assert_eq!(tests[0]["status"], "pass");
        assert_eq!(tests[0]["score"], 10);
        let scores: u64 = tests.iter().map(|t| t["score"].as_u64().unwrap()).sum();
        assert_eq!(scores, 10);
        assert!(
            tests[1]["message"]
                .as_str()
                .unwrap()
                .contains("cargo grade test 01")
        );
    }

    #[test]
    fn table_lists_graded_tasks_and_the_total() {
        let text = render(&sample(), Format::Table, Style::plain()).unwrap();
        assert!(text.contains("Module 01 (Alpha): in progress, 10/30 points -- tested 01=student (your code), 1 of the tests hidden"));
        assert!(text.contains("Module 02 (Beta): not graded\n"));
        assert!(text.contains("06  M: locked (needs 01)"));
        assert!(text.ends_with("Total: 10/35 points\n"));
    }
}
