//! The text of `cargo grade status`: the module table, the milestones, the total and
//! the next step.

use crate::grading::status::{CourseStatus, MilestoneState, MilestoneStatus, ModuleResult};
use crate::util::term::{Style, Table, Tone, cell};

/// The status view as text.
pub fn render(status: &CourseStatus, style: Style) -> String {
    let mut out = format!("{} -- course status\n\n", status.course);
    let mut table = Table::new(&[
        "Module",
        "Title",
        "Edition tested",
        ">Tasks",
        ">Tests",
        ">Points",
        "Result",
    ]);
    for m in &status.modules {
        let blank = m.grade.is_none();
        let blank_if = |cond: bool, s: String| if cond { String::new() } else { s };
        table.row(vec![
            m.number.clone().into(),
            m.title.clone().into(),
            m.edition_tested.clone().into(),
            blank_if(blank, format!("{}/{}", m.tasks_done, m.tasks_total)).into(),
            blank_if(blank, format!("{}/{}", m.tests_passed, m.tests_total)).into(),
            blank_if(blank, format!("{}/{}", m.points, m.max_points)).into(),
            cell(m.result.label(), result_tone(m.result)),
        ]);
    }
    out.push_str(&table.render(style));
    if !status.milestones.is_empty() {
        out.push_str("\nMilestones:\n");
        for m in &status.milestones {
            let year = m.year.map(|y| format!(" ({y})")).unwrap_or_default();
            out.push_str(&format!(
                "  {}  {}{year}, modules {}: {}\n",
                m.id,
                m.title,
                module_ranges(&m.requires),
                milestone_line(m)
            ));
        }
    }
    out.push_str(&format!(
        "\nTotal: {}/{} points\n",
        status.points, status.max_points
    ));
    match &status.next_step {
        Some(step) => out.push_str(&format!(
            "Next step: {}; run `{}`.\n",
            step.message, step.command
        )),
        None if status
            .modules
            .iter()
            .any(|m| m.result == ModuleResult::NotGraded) =>
        {
            out.push_str("Next step: every graded module is complete.\n")
        }
        None => out.push_str("Next step: every built module is complete. Well done!\n"),
    }
    out
}

/// `locked (needs 02, 03)`, `unlocked -- run ...`, `achieved -- <summary>`.
fn milestone_line(m: &MilestoneStatus) -> String {
    let mut line = m.state.label().to_string();
    if m.state == MilestoneState::Locked && !m.missing.is_empty() {
        line.push_str(&format!(" (needs {})", m.missing.join(", ")));
    }
    if let Some(note) = &m.note {
        line.push_str(&format!(" -- {note}"));
    }
    line
}

/// `01-04, 06` for `["01", "02", "03", "04", "06"]`.
fn module_ranges(numbers: &[String]) -> String {
    let mut parts: Vec<(u32, u32)> = Vec::new();
    for n in numbers.iter().filter_map(|n| n.parse::<u32>().ok()) {
        match parts.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => parts.push((n, n)),
        }
    }
    if parts.is_empty() {
        return "none".to_string();
    }
    parts
        .iter()
        .map(|&(a, b)| match a == b {
            true => format!("{a:02}"),
            false => format!("{a:02}-{b:02}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn result_tone(result: ModuleResult) -> Tone {
    match result {
        ModuleResult::Complete => Tone::Good,
        ModuleResult::InProgress | ModuleResult::NotStarted => Tone::Warn,
        ModuleResult::Planned | ModuleResult::NotGraded => Tone::Dim,
        _ => Tone::Bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestone_lines_name_what_is_missing() {
        let mut m = MilestoneStatus {
            id: "01".into(),
            title: "Perceptron".into(),
            year: Some(1958),
            built: true,
            state: MilestoneState::Locked,
            requires: vec!["01".into(), "02".into()],
            missing: vec!["02".into()],
            achieved_at_unix: None,
            note: None,
        };
        assert_eq!(milestone_line(&m), "locked (needs 02)");
        let many: Vec<String> = ["01", "02", "03", "05", "07", "08"]
            .map(String::from)
            .into();
        assert_eq!(module_ranges(&many), "01-03, 05, 07-08");
        m.state = MilestoneState::Unlocked;
        m.missing.clear();
        m.note = Some("run `cargo grade milestone 01` to achieve it".into());
        assert_eq!(
            milestone_line(&m),
            "unlocked -- run `cargo grade milestone 01` to achieve it"
        );
    }
}
