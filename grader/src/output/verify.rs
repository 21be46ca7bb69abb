//! The text of `cargo grade dev verify`: each step as it finishes, the per-module table and
//! the verdict line.

use crate::grading::step::{LineKind, ModuleRow, Step};
use crate::grading::verify::Verification;
use crate::util::term::{Style, Table, Tone, cell};
use std::time::Duration;

/// One finished step: `PASS  a. manifest sanity (0.3s)` and its lines.
pub fn render_step(step: &Step, style: Style) -> String {
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

/// The per-module table and the final `verify: PASS|FAIL (...) in 3m04s` line.
pub fn render_summary(v: &Verification, style: Style) -> String {
    let failed: Vec<&str> = v
        .steps
        .iter()
        .filter(|s| !s.passed())
        .map(|s| s.title.as_str())
        .collect();
    let ok = v.passed();
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
    format!(
        "\n{}verify: {verdict} ({detail}) in {}\n",
        summary_table(&v.rows, style),
        human(v.elapsed)
    )
}

fn summary_table(rows: &[(String, ModuleRow)], style: Style) -> String {
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
    for (label, row) in rows {
        table.row(vec![
            label.clone().into(),
            row.graded.to_string().into(),
            cell(pair(row.reference), tone(row.reference)),
            cell(pair(row.stubs), tone(row.stubs)),
            cell(pair(row.knockouts), tone(row.knockouts)),
        ]);
    }
    table.render(style)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_durations() {
        assert_eq!(human(Duration::from_millis(1234)), "1.2s");
        assert_eq!(human(Duration::from_secs(184)), "3m04s");
    }
}
