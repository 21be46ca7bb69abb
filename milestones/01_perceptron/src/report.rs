//! The printed report: the moment in history, what the run did, the gates.

use crate::{Outcome, TEACHER};
use std::fmt::Write;

/// 1958, in a few lines (sources: Rosenblatt, "The perceptron: a probabilistic model for
/// information storage and organization in the brain", Psychological Review 65(6), 1958;
/// The New York Times, 8 July 1958; Novikoff, "On convergence proofs on perceptrons", 1962).
pub const HISTORY: &str = "\
1958. Frank Rosenblatt, a psychologist at the Cornell Aeronautical Laboratory, publishes
the perceptron: a unit that weighs its inputs, fires when the sum crosses a threshold, and
after every mistake nudges its weights toward the example it got wrong. That July the
Navy shows it learning, on an IBM 704, to tell cards marked on the left from cards marked
on the right; the New York Times reports an \"embryo of an electronic computer\" expected to
\"walk, talk, see, write, reproduce itself and be conscious of its existence\". The Mark I
Perceptron follows in hardware: 400 photocells, weights on motor-driven potentiometers.
In 1962 Novikoff proves the rule always finds a separating line when one exists.

Here the unit is your Linear(2, 1) (module 03) on your tensor (module 01), followed by
the threshold; the rule is Rosenblatt's: w <- w + lr (t - y) x, b <- b + lr (t - y).";

/// The report of `outcome` as text (the picture's path is printed by the binary).
pub fn to_text(outcome: &Outcome) -> String {
    let o = &outcome.options;
    let mut out = format!("{HISTORY}\n\n");
    let _ = writeln!(
        out,
        "data: {} points uniform in [-1, 1]^2 (seed {}), class 1 where {:.1} x1 {:+.1} x2 {:+.1} > 0, \
         none closer than {} to that hidden line; {} of class 1",
        o.points, o.seed, TEACHER.w[0], TEACHER.w[1], TEACHER.b, o.margin, outcome.positives
    );
    if let Some(w) = &outcome.initial {
        let _ = writeln!(
            out,
            "initial weights (your Linear::new, seed {}): w = {:?}, b = {}; training accuracy {:.1}%",
            o.seed.wrapping_add(1),
            w.w,
            w.b,
            100.0 * outcome.initial_accuracy.unwrap_or(f64::NAN)
        );
    }
    if let Some(log) = &outcome.log {
        let _ = writeln!(
            out,
            "rule: lr {}, {} passes, {} updates; mistakes per pass: {:?}",
            o.learning_rate,
            log.epochs(),
            log.updates(),
            log.mistakes_per_epoch
        );
    }
    if let (Some(line), Some(acc)) = (outcome.learned_line(), outcome.accuracy) {
        let _ = writeln!(
            out,
            "learned boundary: {:.4} x1 {:+.4} x2 {:+.4} = 0; training accuracy {:.1}%; \
             {:.1} degrees from the teacher's direction",
            line.w[0],
            line.w[1],
            line.b,
            100.0 * acc,
            outcome.angle_to_teacher.unwrap_or(f64::NAN)
        );
    }
    if !outcome.seeds.is_empty() {
        out.push_str("\nthe same recipe at other seeds (new data, new initial weights):\n");
        out.push_str("  seed  initial acc  passes  updates  final acc\n");
        for r in &outcome.seeds {
            let _ = writeln!(
                out,
                "  {:>4}  {:>10.1}%  {:>6}  {:>7}  {:>8.1}%",
                r.seed,
                100.0 * r.initial_accuracy,
                r.epochs,
                r.updates,
                100.0 * r.accuracy
            );
        }
    }
    out.push_str("\n### gates\n\n");
    let mut card = outcome.forward.clone();
    card.gates.extend(outcome.training.gates.iter().cloned());
    out.push_str(&card.to_table());
    out
}
