//! The milestone's run: both parts, the report on stdout, the picture, the JSON, the verdict.

use crate::independent::score;
use crate::{
    DIGITS_FLOOR, MLP_NAME, XOR_INPUTS, XOR_LABELS, XOR_SEED, check_digits, digits_gates, editions,
    load_digit_data, train_or_load_mlp, train_xor, xor_gates, xor_picture, xor_probability,
};
use std::time::Instant;
use tinytorch_layers::Module;
use tinytorch_milestone_kit::{
    CommonArgs, Gate, MilestoneError, Origin, Part, RetrainArgs, Scorecard, editions_line,
    verdict_text, write_text,
};

/// The `mlp` binary's arguments.
#[derive(clap::Parser, Debug, Clone, Default)]
#[command(
    name = "mlp",
    version,
    about = "Milestone 03 (1986): backpropagation solves XOR and learns the digits"
)]
pub struct Args {
    /// Checkpoints, JSON report, quiet.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Retraining policy of the digit MLP.
    #[command(flatten)]
    pub retrain: RetrainArgs,
}

const STORY: &str = "\
1969: Minsky and Papert proved that a single-layer perceptron cannot compute XOR, and
interest in neural networks collapsed. 1986: Rumelhart, Hinton and Williams showed how
to train HIDDEN layers: propagate the error backwards through the chain rule. One hidden
layer bends the boundary XOR needs; the same recipe, scaled up, reads handwritten digits.";

/// One failed gate: the part could not be measured.
fn stopped(name: &str, error: impl std::fmt::Display) -> Scorecard {
    let mut card = Scorecard::default();
    card.push(Gate::stopped(name, error));
    card
}

/// XOR's losses and its truth table by the independent forward.
fn print_xor(xor: &crate::XorRun) {
    println!(
        "trained {} full-batch updates (Adam 0.05): loss {:.4} -> {:.4} nats (independent forward)",
        xor.losses.len(),
        score(&xor.initial, &XOR_INPUTS, &XOR_LABELS).0,
        score(&xor.trained, &XOR_INPUTS, &XOR_LABELS).0
    );
    println!("  x1 x2  target  P(class 1)  predicted");
    for (p, &label) in XOR_INPUTS.chunks(2).zip(&XOR_LABELS) {
        let prob = xor_probability(&xor.trained, f64::from(p[0]), f64::from(p[1]));
        println!(
            "   {}  {}     {label}      {prob:.3}        {}",
            p[0],
            p[1],
            usize::from(prob > 0.5)
        );
    }
}

/// Runs milestone 03; `Ok(true)` when every gate holds.
///
/// # Errors
/// [`MilestoneError`] for bad input (data, checkpoint directory, `--json` path) or a run
/// your modules stopped.
pub fn run(args: &Args) -> Result<bool, MilestoneError> {
    let started = Instant::now();
    let common = &args.common;
    common.check_json_path()?;
    println!("{}", editions_line(&editions()));
    println!("\n# Milestone 03 (1986): the MLP revival\n\n{STORY}\n");

    println!("## Part 1: XOR with one hidden layer (Linear(2,4) - Tanh - Linear(4,2))\n");
    let xor = match train_xor(XOR_SEED) {
        Ok(run) => Some(run),
        Err(e @ MilestoneError::Training { .. }) => {
            println!("your modules stopped the XOR run: {e}\n");
            None
        }
        Err(e) => return Err(e),
    };
    let xor_card = match &xor {
        Some(run) => {
            print_xor(run);
            xor_gates(run)
        }
        None => stopped("XOR: training on your modules", "see above"),
    };
    println!("\n{}", xor_card.to_table());

    println!("## Part 2: the digit MLP (Linear(64,32) - ReLU - Linear(32,10), 8x8 digits)\n");
    let (digits, print) = load_digit_data()?;
    let dir = common.checkpoints();
    let (digits_card, check) = match train_or_load_mlp(
        &digits,
        &print,
        &dir,
        args.retrain.policy(),
        common.progress(),
    ) {
        Ok(mut mlp) => {
            let origin = match &mlp.origin {
                Origin::Loaded => format!("loaded {}", mlp.checkpoint.display()),
                Origin::Trained { .. } => {
                    format!("trained now, saved to {}", mlp.checkpoint.display())
                }
            };
            let t = &mlp.stamp.training;
            println!(
                "{MLP_NAME}: {} parameters, {origin}\n  {} {} in {:.2}s (final training loss {:.4})",
                mlp.model.num_parameters(),
                t.count,
                t.unit,
                t.seconds,
                t.final_train_loss
            );
            match check_digits(&mut mlp.model, &digits) {
                Ok(check) => {
                    println!(
                        "  held out: {}/{} correct = {:.2}% (floor {:.0}%); loss {:.4} nats (yours {:.4})",
                        check.correct,
                        check.samples,
                        100.0 * check.accuracy(),
                        100.0 * DIGITS_FLOOR,
                        check.loss,
                        check.your_loss
                    );
                    (digits_gates(&check), Some(check))
                }
                Err(e) => (stopped("digits: measuring your digit MLP", e), None),
            }
        }
        Err(e @ MilestoneError::Training { .. }) => {
            (stopped("digits: training on your modules", e), None)
        }
        Err(e) => return Err(e),
    };
    println!("\n{}", digits_card.to_table());

    let picture = common.picture_path("03_mlp.svg");
    if let Some(run) = &xor {
        write_text(&picture, &xor_picture(run))?;
        println!(
            "picture: {} (XOR's decision boundary, loss curve)\n",
            picture.display()
        );
    }

    let parts = vec![
        Part::of("XOR with one hidden layer", &xor_card),
        Part::of("digit MLP", &digits_card),
    ];
    let seconds = started.elapsed().as_secs_f64();
    let (text, achieved) = verdict_text("03", &parts, seconds);
    print!("{text}");
    common.write_report(&serde_json::json!({
        "milestone": "03",
        "editions": editions_line(&editions()),
        "achieved": achieved,
        "seconds": seconds,
        "parts": parts,
        "xor": {
            "losses": xor.as_ref().map(|r| &r.losses),
            "final_loss": xor.as_ref().map(|r| score(&r.trained, &XOR_INPUTS, &XOR_LABELS).0),
            "gates": xor_card,
        },
        "digits": { "check": check, "gates": digits_card },
        "picture": picture,
    }))?;
    Ok(achieved)
}
