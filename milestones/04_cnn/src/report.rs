//! The milestone's run: the SimpleCNN trained or loaded, measured, drawn and judged.

use crate::independent::{CNN_PARAMETERS, MLP_PARAMETERS};
use crate::{
    CNN_NAME, CnnCheck, check_cnn, cnn_gates, editions, filters_picture, train_or_load_cnn,
};
use std::time::Instant;
use tinytorch_milestone_kit::{
    CommonArgs, Gate, MilestoneError, Origin, Part, RetrainArgs, Scorecard, editions_line,
    verdict_text, write_text,
};
use tinytorch_milestone_mlp::{DIGITS_FLOOR, load_digit_data};

/// The `cnn` binary's arguments.
#[derive(clap::Parser, Debug, Clone, Default)]
#[command(
    name = "cnn",
    version,
    about = "Milestone 04 (1998): a CNN learns the digits with 3.6x fewer parameters than the MLP"
)]
pub struct Args {
    /// Checkpoints, JSON report, quiet.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Retraining policy of the SimpleCNN.
    #[command(flatten)]
    pub retrain: RetrainArgs,
}

const STORY: &str = "\
1998: LeCun, Bottou, Bengio and Haffner publish LeNet-5, a convolutional network that
reads the digits on bank cheques. Its idea: a small filter slides over the whole image,
so the same few weights detect a stroke wherever it appears (weight sharing), and pooling
keeps the strongest responses. Fewer parameters, and features that follow the picture.";

/// One failed gate: the part could not be measured.
fn stopped(name: &str, error: impl std::fmt::Display) -> Scorecard {
    let mut card = Scorecard::default();
    card.push(Gate::stopped(name, error));
    card
}

fn print_check(check: &CnnCheck) {
    println!(
        "  held out: {}/{} correct = {:.2}% (floor {:.0}%)",
        check.correct,
        check.samples,
        100.0 * check.accuracy(),
        100.0 * DIGITS_FLOOR
    );
    println!(
        "  filters moved from init: conv1 {:.2}, conv2 {:.2} (relative norm)",
        check.filter_moves[0], check.filter_moves[1]
    );
    println!(
        "  biases moved from init: conv1 {:.3}, conv2 {:.3} (distance)",
        check.bias_moves[0], check.bias_moves[1]
    );
    println!(
        "  your parameter counts: SimpleCNN {}, digit MLP {}\n",
        check.your_cnn_parameters, check.your_mlp_parameters
    );
}

/// Runs milestone 04; `Ok(true)` when every gate holds.
///
/// # Errors
/// [`MilestoneError`] for bad input (data, checkpoint directory, `--json` path) or a run
/// your modules stopped.
pub fn run(args: &Args) -> Result<bool, MilestoneError> {
    let started = Instant::now();
    let common = &args.common;
    common.check_json_path()?;
    println!("{}", editions_line(&editions()));
    println!("\n# Milestone 04 (1998): the convolutional network\n\n{STORY}\n");
    println!(
        "SimpleCNN: Conv(1->4, 3x3) ReLU MaxPool - Conv(4->8, 3x3) ReLU MaxPool - Linear(32->10)"
    );
    println!(
        "parameters by hand: SimpleCNN {CNN_PARAMETERS}, digit MLP {MLP_PARAMETERS} ({:.2}x more)\n",
        MLP_PARAMETERS as f64 / CNN_PARAMETERS as f64
    );
    let (digits, print) = load_digit_data()?;
    let cnn = match train_or_load_cnn(
        &digits,
        &print,
        &common.checkpoints(),
        args.retrain.policy(),
        common.progress(),
    ) {
        Ok(cnn) => Some(cnn),
        Err(e @ MilestoneError::Training { .. }) => {
            println!("your modules stopped the SimpleCNN's training: {e}\n");
            None
        }
        Err(e) => return Err(e),
    };
    let measured = cnn.map(|mut cnn| {
        let origin = match &cnn.origin {
            Origin::Loaded => format!("loaded {}", cnn.checkpoint.display()),
            Origin::Trained { .. } => format!("trained now, saved to {}", cnn.checkpoint.display()),
        };
        let t = &cnn.stamp.training;
        println!(
            "{CNN_NAME}: {origin}\n  {} {} in {:.2}s (final training loss {:.4})",
            t.count, t.unit, t.seconds, t.final_train_loss
        );
        check_cnn(&mut cnn.model, &digits)
    });
    let (card, check) = match measured {
        Some(Ok(check)) => {
            print_check(&check);
            (cnn_gates(&check), Some(check))
        }
        Some(Err(e)) => (stopped("measuring your SimpleCNN", e), None),
        None => (stopped("training on your modules", "see above"), None),
    };
    println!("{}", card.to_table());
    let picture = common.picture_path("04_cnn.svg");
    if let Some(check) = &check {
        write_text(&picture, &filters_picture(&check.initial, &check.trained))?;
        println!(
            "picture: {} (the 3x3 filters before and after training)\n",
            picture.display()
        );
    }
    let parts = vec![Part::of("SimpleCNN on the digits", &card)];
    let seconds = started.elapsed().as_secs_f64();
    let (text, achieved) = verdict_text("04", &parts, seconds);
    print!("{text}");
    common.write_report(&serde_json::json!({
        "milestone": "04",
        "editions": editions_line(&editions()),
        "achieved": achieved,
        "seconds": seconds,
        "parts": parts,
        "check": check,
        "gates": card,
        "picture": picture,
    }))?;
    Ok(achieved)
}
