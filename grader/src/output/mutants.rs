//! The table of `cargo grade dev mutants`: one row per module, then every surviving
//! mutant (a gap in the graded tests) and every stale `mutants.toml` entry.

use crate::grading::mutants::{Score, Verdict};
use crate::util::term::{Style, Table, Tone, cell};

/// The per-module table (tried, caught, missed, timeout, unviable, equivalent, score,
/// seconds, mutants per minute), then the survivors, the stale equivalents and the
/// modules that could not be run (`failed`: one message each).
pub fn render(scores: &[Score], failed: &[String], style: Style) -> String {
    let mut table = Table::new(&[
        "module",
        ">tried",
        ">caught",
        ">missed",
        ">timeout",
        ">unviable",
        ">equivalent",
        ">score",
        ">seconds",
        ">mutants/min",
    ]);
    for s in scores {
        let survivors = s.survivors().len();
        let score = s
            .ratio()
            .map_or("-".to_string(), |r| format!("{:.1}%", 100.0 * r));
        let tone = if survivors == 0 {
            Tone::Good
        } else {
            Tone::Bad
        };
        let per_minute = s.mutants.len() as f64 / (s.seconds / 60.0).max(1e-9);
        table.row(vec![
            s.module.clone().into(),
            s.mutants.len().to_string().into(),
            s.count(Verdict::Caught).to_string().into(),
            cell(s.count(Verdict::Missed).to_string(), tone),
            s.count(Verdict::Timeout).to_string().into(),
            s.count(Verdict::Unviable).to_string().into(),
            s.equivalent.len().to_string().into(),
            cell(score, tone),
            format!("{:.0}", s.seconds).into(),
            format!("{per_minute:.1}").into(),
        ]);
    }
    let mut out = table.render(style);
    out.push_str(
        "score = (caught + timeout) / (tried - unviable - equivalent); missed counts the equivalent ones too (listed in the module's mutants.toml)\n",
    );
    for s in scores {
        out.push_str(&details(s));
    }
    for message in failed {
        out.push_str(&format!("error: {message}\n"));
    }
    let total: usize = scores.iter().map(|s| s.survivors().len()).sum();
    out.push_str(&if total == 0 {
        "every viable mutant of the solution regions was caught or is listed as equivalent\n"
            .to_string()
    } else {
        format!(
            "{total} surviving mutant(s): add a graded test that catches each, or list it in mutants.toml with the reason it behaves the same\n"
        )
    });
    out
}

/// The survivors and stale entries of one module, with where its logs are.
fn details(s: &Score) -> String {
    let mut out = String::new();
    let survivors = s.survivors();
    if !survivors.is_empty() {
        out.push_str(&format!(
            "module {}: {} surviving (logs and diffs: {}):\n",
            s.module,
            survivors.len(),
            s.report_dir.display()
        ));
        for m in survivors {
            out.push_str(&format!(
                "  {}:{}: {} in {}\n",
                m.file, m.line, m.mutation, m.function
            ));
        }
    }
    for e in &s.stale {
        out.push_str(&format!(
            "module {}: mutants.toml lists `{}` in {} ({}) as equivalent, but no such mutant survived: remove the entry\n",
            s.module, e.mutation, e.function, e.file
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::mutants::{Equivalent, Mutant};
    use std::path::PathBuf;

    fn mutant(line: usize, verdict: Verdict) -> Mutant {
        Mutant {
            file: "modules/02_a/src/reference/s.rs".into(),
            line,
            function: "softmax".into(),
            mutation: "replace - with +".into(),
            verdict,
        }
    }

    #[test]
    fn the_table_names_each_survivor_stale_entry_and_failed_module() {
        let score = Score {
            module: "02".into(),
            mutants: vec![
                mutant(3, Verdict::Caught),
                mutant(4, Verdict::Missed),
                mutant(5, Verdict::Unviable),
            ],
            equivalent: vec![],
            stale: vec![Equivalent {
                file: "src/reference/s.rs".into(),
                function: "lane_shift".into(),
                mutation: "replace == with !=".into(),
                at: None,
                why: "-".into(),
            }],
            seconds: 30.0,
            report_dir: PathBuf::from("out"),
        };
        let text = render(&[score], &["module 04: baseline".into()], Style::plain());
        assert!(text.contains("50.0%"), "{text}");
        assert!(
            text.contains("modules/02_a/src/reference/s.rs:4: replace - with + in softmax"),
            "{text}"
        );
        assert!(
            text.contains("`replace == with !=` in lane_shift"),
            "{text}"
        );
        assert!(text.contains("error: module 04: baseline"), "{text}");
        assert!(text.contains("1 surviving mutant(s)"), "{text}");
    }
}
