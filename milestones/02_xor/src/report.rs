//! The printed report: the moment in history, the runs, the gates.

use crate::{Outcome, Rule, Task};
use std::fmt::Write;

/// 1969, in a few lines (sources: Minsky and Papert, "Perceptrons: an introduction to
/// computational geometry", MIT Press, 1969; Olazaran, "A sociological study of the
/// official history of the perceptrons controversy", Social Studies of Science, 1996).
pub const HISTORY: &str = "\
1969. Marvin Minsky and Seymour Papert, at MIT, publish \"Perceptrons\", a careful
mathematical study of what Rosenblatt's machine can and cannot compute. A single layer of
weights draws one straight line (a hyperplane) through its input space, so it can only
separate what a line separates. The simplest casualty is XOR, \"one or the other but not
both\": its two classes sit on the opposite corners of a square, and every line leaves at
least one corner on the wrong side. Networks with a hidden layer escape the limit, but
nobody then knew how to train them. Interest and funding turned away from neural
networks for more than a decade.

Here each attempt is your Linear(2, 1) (module 03) on your tensor (module 01), trained on
the four corners by Rosenblatt's rule on a threshold, or by gradient descent on your
sigmoid (module 02), over several seeds and learning rates. The same trainers must learn
AND and OR, so a trainer that does nothing cannot pass by failing XOR.";

/// The report of `outcome` as text (the picture's path is printed by the binary).
pub fn to_text(outcome: &Outcome) -> String {
    let o = &outcome.options;
    let mut out = format!("{HISTORY}\n\n");
    let _ = writeln!(
        out,
        "runs: 3 truth tables x 2 rules x {} learning rates {:?} x {} seeds from {}, {} passes or steps each\n",
        o.learning_rates.len(),
        o.learning_rates,
        o.seeds,
        o.seed,
        o.epochs
    );
    out.push_str(
        "table  rule                lr      runs  at 100% (plain f32)  best acc  last acc (mean)\n",
    );
    for task in [Task::And, Task::Or, Task::Xor] {
        for rule in Rule::ALL {
            for &lr in &o.learning_rates {
                let runs: Vec<_> = outcome
                    .runs_of(task)
                    .filter(|r| r.rule == rule && r.learning_rate == lr)
                    .collect();
                if runs.is_empty() {
                    continue;
                }
                let perfect = runs.iter().filter(|r| r.plain_accuracy == 1.0).count();
                let best = runs.iter().map(|r| r.best_accuracy).fold(0.0, f64::max);
                let mean = runs.iter().map(|r| r.final_accuracy).sum::<f64>() / runs.len() as f64;
                let _ = writeln!(
                    out,
                    "{:<5}  {:<18}  {:<6}  {:>4}  {:>19}  {:>7.0}%  {:>14.1}%",
                    task.name(),
                    rule.name(),
                    lr,
                    runs.len(),
                    perfect,
                    100.0 * best,
                    100.0 * mean
                );
            }
        }
    }
    out.push_str("\n### gates\n\n");
    let mut card = outcome.forward.clone();
    card.gates.extend(outcome.sanity.gates.iter().cloned());
    card.gates.extend(outcome.crisis.gates.iter().cloned());
    out.push_str(&card.to_table());
    out
}
