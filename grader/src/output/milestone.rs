//! The text of `cargo grade milestone NN` and `cargo grade perf`.

use crate::grading::milestone::{MilestoneOutcome, PerfRun};

fn whose(reference: bool) -> &'static str {
    if reference { "reference" } else { "your code" }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ACHIEVED" } else { "NOT ACHIEVED" }
}

/// The verdict, the parts with their failing gates, and what happens next.
pub fn render_milestone(outcome: &MilestoneOutcome) -> String {
    let mut out = String::new();
    let run = match outcome {
        MilestoneOutcome::NotReady { id, incomplete } => {
            for m in incomplete {
                out.push_str(&format!(
                    "module {} {}: {}, {} of {} tasks; missing: {}\n",
                    m.number,
                    m.title,
                    m.result,
                    m.tasks.0,
                    m.tasks.1,
                    if m.missing.is_empty() {
                        "see `cargo grade test NN`".to_string()
                    } else {
                        m.missing.join("; ")
                    }
                ));
            }
            out.push_str(&format!(
                "milestone {id} runs on your whole chain: finish the tasks above first (`cargo grade test NN`), \
                 or run it anyway with --skip-check, or on the reference with --reference\n"
            ));
            return out;
        }
        MilestoneOutcome::Ran(run) => run,
    };
    out.push_str(&format!(
        "\nmilestone {} ({}): {}\n",
        run.id,
        whose(run.reference),
        verdict(run.achieved)
    ));
    for part in &run.parts {
        out.push_str(&format!(
            "  {:<28} {}\n",
            part.name,
            if part.passed { "passed" } else { "NOT PASSED" }
        ));
        for gate in &part.failing {
            out.push_str(&format!("      failing gate: {gate}\n"));
        }
    }
    if let Some(path) = &run.recorded {
        out.push_str(&format!(
            "recorded: {} (`cargo grade status` shows the milestone as achieved)\n",
            path.display()
        ));
    } else if !run.achieved {
        out.push_str(&format!(
            "next step: fix the module behind the first failing gate, then run `cargo grade milestone {}` again\n",
            run.id
        ));
    } else if !run.full_run && !run.reference {
        out.push_str(&format!(
            "not recorded: extra arguments make a partial run; run `cargo grade milestone {}` without them to record it\n",
            run.id
        ));
    }
    out
}

/// The verdict and one line per check.
pub fn render_perf(run: &PerfRun) -> String {
    let mut out = format!(
        "\nperformance checks ({}): {}\n",
        whose(run.reference),
        verdict(run.passed)
    );
    for check in &run.checks {
        out.push_str(&format!(
            "  {:<8} {:<46} measured {:>14}  needs {}\n",
            if check.passed { "pass" } else { "FAIL" },
            check.name,
            check.measured,
            check.bound
        ));
    }
    out
}
