//! The table of `cargo grade verify-milestones`: one row per milestone and knockout.

use crate::grading::milestone_knockouts::{KnockoutRun, Verdict};
use crate::util::term::{Style, Table, Tone, cell};

/// The table (milestone, knockout, exit, verdict and failed gates, build and run time),
/// then one line per knockout that was not caught or could not be judged, and a summary.
pub fn render(rows: &[KnockoutRun], style: Style) -> String {
    let mut table = Table::new(&[
        "milestone",
        "knockout",
        ">exit",
        "result",
        "failed gates",
        ">build s",
        ">run s",
    ]);
    for row in rows {
        let (result, tone, gates) = match &row.verdict {
            Verdict::Caught(gates) => ("caught", Tone::Good, summary(gates)),
            Verdict::NotCaught => ("NOT CAUGHT", Tone::Bad, "none: every gate held".into()),
            Verdict::Broken(_) => ("BROKEN", Tone::Bad, "(see below)".into()),
        };
        table.row(vec![
            row.milestone.clone().into(),
            row.knockout.clone().into(),
            row.exit.map_or("-".into(), |c| c.to_string()).into(),
            cell(result, tone),
            gates.into(),
            format!("{:.1}", row.build.as_secs_f64()).into(),
            format!("{:.1}", row.run.as_secs_f64()).into(),
        ]);
    }
    let mut out = table.render(style);
    for row in rows {
        match &row.verdict {
            Verdict::Broken(why) => out.push_str(&format!(
                "milestone {} under {}: {why}\n",
                row.milestone, row.knockout
            )),
            Verdict::NotCaught => out.push_str(&format!(
                "milestone {} under {}: exit 0, every gate held on the sabotaged module: \
                 its gates compare the module with itself; make one independent of it{}\n",
                row.milestone,
                row.knockout,
                row.log
                    .as_ref()
                    .map(|l| format!(" (log: {})", l.display()))
                    .unwrap_or_default()
            )),
            Verdict::Caught(_) => {}
        }
    }
    out.push_str("(every failed gate of a run: its --json report in the log's folder)\n");
    let caught = rows.iter().filter(|r| r.caught()).count();
    out.push_str(&format!(
        "{caught} of {} knockouts made their milestone fail a named gate\n",
        rows.len()
    ));
    out
}

/// How many gates failed and the first one, cut to fit a terminal line.
fn summary(gates: &[String]) -> String {
    let first = gates.first().map_or("", String::as_str);
    let mut cut: String = first.chars().take(GATE_WIDTH).collect();
    if first.chars().count() > GATE_WIDTH {
        cut.push_str("...");
    }
    format!("{}: {cut}", gates.len())
}

/// Characters of the first failed gate shown in the table.
const GATE_WIDTH: usize = 70;
