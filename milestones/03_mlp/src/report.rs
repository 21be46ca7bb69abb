//! The milestone's run: both parts, the report on stdout, the picture, the JSON, the verdict.

use crate::independent::score;
use crate::{
    DigitsCheck, MLP_NAME, MLP_NET, XOR_INPUTS, XOR_LABELS, XOR_SEED, check_digits, digits_gates,
    editions, load_digit_data, train_or_load_sequential, train_xor, xor_gates, xor_picture,
    xor_probability,
};
use tinytorch_layers::Module;
use tinytorch_milestone_kit::{
    MilestoneError, MilestoneRun, Part, Scorecard, TrainingArgs, stopped_by_modules,
};

const STORY: &str = "\
1969: Minsky and Papert proved that a single-layer perceptron cannot compute XOR, and
interest in neural networks collapsed. 1986: Rumelhart, Hinton and Williams showed how
to train HIDDEN layers: propagate the error backwards through the chain rule. One hidden
layer bends the boundary XOR needs; the same recipe, scaled up, reads handwritten digits.";

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

/// Part 2: the digit MLP trained or loaded, measured both ways, and its gates (one
/// failed gate when your modules stopped it).
fn digits_part(args: &TrainingArgs) -> Result<(Scorecard, Option<DigitsCheck>), MilestoneError> {
    let (digits, print) = load_digit_data()?;
    let (dir, policy) = (args.common.checkpoints(), args.retrain.policy());
    let mut mlp = match train_or_load_sequential(
        &MLP_NET,
        &digits,
        &print,
        &dir,
        policy,
        args.common.progress(),
    ) {
        Ok(mlp) => mlp,
        Err(e @ MilestoneError::Training { .. }) => {
            return Ok((
                Scorecard::stopped("digits: training on your modules", e),
                None,
            ));
        }
        Err(e) => return Err(e),
    };
    let t = &mlp.stamp.training;
    println!(
        "{MLP_NAME}: {} parameters, {}\n  {} {} in {:.2}s (final training loss {:.4})",
        mlp.model.num_parameters(),
        mlp.provenance(),
        t.count,
        t.unit,
        t.seconds,
        t.final_train_loss
    );
    Ok(match check_digits(&mut mlp.model, &digits) {
        Ok(check) => {
            println!(
                "  {}; loss {:.4} nats (yours {:.4})",
                check.held_out.summary(),
                check.loss,
                check.your_loss
            );
            (digits_gates(&check), Some(check))
        }
        Err(e) => (
            Scorecard::stopped("digits: measuring your digit MLP", e),
            None,
        ),
    })
}

/// Runs milestone 03; `Ok(true)` when every gate holds.
///
/// # Errors
/// [`MilestoneError`] for bad input (data, checkpoint directory, `--json` path) or a run
/// your modules stopped.
pub fn run(args: &TrainingArgs) -> Result<bool, MilestoneError> {
    let common = &args.common;
    let frame = MilestoneRun::start("03", common, &editions())?;
    println!("# Milestone 03 (1986): the MLP revival\n\n{STORY}\n");

    println!("## Part 1: XOR with one hidden layer (Linear(2,4) - Tanh - Linear(4,2))\n");
    let xor = stopped_by_modules("the XOR run", train_xor(XOR_SEED))?;
    let xor_card = match &xor {
        Some(run) => {
            print_xor(run);
            xor_gates(run)
        }
        None => Scorecard::stopped("XOR: training on your modules", "see above"),
    };
    println!("\n{}", xor_card.to_table());

    println!("## Part 2: the digit MLP (Linear(64,32) - ReLU - Linear(32,10), 8x8 digits)\n");
    let (digits_card, check) = digits_part(args)?;
    println!("\n{}", digits_card.to_table());

    let picture = common.picture_path("03_mlp.svg");
    if let Some(run) = &xor {
        let what = "XOR's decision boundary, loss curve";
        frame.picture(&picture, &xor_picture(run), what)?;
    }
    let parts = vec![
        Part::of("XOR with one hidden layer", &xor_card),
        Part::of("digit MLP", &digits_card),
    ];
    let details = serde_json::json!({
        "xor": {
            "losses": xor.as_ref().map(|r| &r.losses),
            "final_loss": xor.as_ref().map(|r| score(&r.trained, &XOR_INPUTS, &XOR_LABELS).0),
            "gates": xor_card,
        },
        "digits": { "check": check, "gates": digits_card },
        "picture": picture,
    });
    frame.finish(parts, details)
}
