//! The milestone's run: both parts, the report on stdout, the picture, the JSON, the verdict.

use crate::independent::score;
use crate::{
    DIGITS_FLOOR, MLP_NAME, XOR_INPUTS, XOR_LABELS, XOR_SEED, check_digits, digits_gates, editions,
    load_digit_data, train_or_load_mlp, train_xor, xor_gates, xor_picture, xor_probability,
};
use std::time::Instant;
use tinytorch_layers::Module;
use tinytorch_milestone_kit::{
    CommonArgs, MilestoneError, Origin, Part, RetrainArgs, editions_line, training, verdict_text,
    write_text,
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
    let xor = train_xor(XOR_SEED)?;
    let (final_loss, _) = score(&xor.trained, &XOR_INPUTS, &XOR_LABELS);
    println!(
        "trained {} full-batch updates (Adam 0.05): loss {:.4} -> {:.4} nats (independent forward)",
        xor.losses.len(),
        score(&xor.initial, &XOR_INPUTS, &XOR_LABELS).0,
        final_loss
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
    let xor_card = xor_gates(&xor);
    println!("\n{}", xor_card.to_table());

    println!("## Part 2: the digit MLP (Linear(64,32) - ReLU - Linear(32,10), 8x8 digits)\n");
    let (digits, print) = load_digit_data()?;
    let dir = common.checkpoints();
    let mut mlp = train_or_load_mlp(
        &digits,
        &print,
        &dir,
        args.retrain.policy(),
        common.progress(),
    )?;
    let origin = match &mlp.origin {
        Origin::Loaded => format!("loaded {}", mlp.checkpoint.display()),
        Origin::Trained { .. } => format!("trained now, saved to {}", mlp.checkpoint.display()),
    };
    let check = check_digits(&mut mlp.model, &digits).map_err(|e| training(MLP_NAME, e))?;
    println!(
        "{MLP_NAME}: {} parameters, {origin}\n  {} {} in {:.2}s (final training loss {:.4})",
        mlp.model.num_parameters(),
        mlp.stamp.training.count,
        mlp.stamp.training.unit,
        mlp.stamp.training.seconds,
        mlp.stamp.training.final_train_loss
    );
    println!(
        "  held out: {}/{} correct = {:.2}% (floor {:.0}%); loss {:.4} nats (yours {:.4})",
        check.correct,
        check.samples,
        100.0 * check.accuracy(),
        100.0 * DIGITS_FLOOR,
        check.loss,
        check.your_loss
    );
    let digits_card = digits_gates(&check);
    println!("\n{}", digits_card.to_table());

    let picture = common.picture_path("03_mlp.svg");
    write_text(&picture, &xor_picture(&xor))?;
    println!(
        "picture: {} (XOR's decision boundary, loss curve)\n",
        picture.display()
    );

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
            "losses": xor.losses,
            "your_initial_loss": xor.your_initial_loss,
            "final_loss": final_loss,
            "gates": xor_card,
        },
        "digits": { "check": check, "gates": digits_card, "checkpoint": mlp.checkpoint },
        "picture": picture,
    }))?;
    Ok(achieved)
}
