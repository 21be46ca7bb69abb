//! The milestone's run: the SimpleCNN trained or loaded, measured, drawn and judged.

use crate::independent::{CNN_PARAMETERS, MLP_PARAMETERS};
use crate::{CNN_NAME, CNN_NET, CnnCheck, check_cnn, cnn_gates, editions, filters_picture};
use tinytorch_milestone_kit::{
    MilestoneError, MilestoneRun, Part, Scorecard, TrainingArgs, stopped_by_modules,
};
use tinytorch_milestone_mlp::{load_digit_data, train_or_load_sequential};

const STORY: &str = "\
1998: LeCun, Bottou, Bengio and Haffner publish LeNet-5, a convolutional network that
reads the digits on bank cheques. Its idea: a small filter slides over the whole image,
so the same few weights detect a stroke wherever it appears (weight sharing), and pooling
keeps the strongest responses. Fewer parameters, and features that follow the picture.";

fn print_check(check: &CnnCheck) {
    println!("  {}", check.held_out.summary());
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
pub fn run(args: &TrainingArgs) -> Result<bool, MilestoneError> {
    let common = &args.common;
    let frame = MilestoneRun::start("04", common, &editions())?;
    println!("# Milestone 04 (1998): the convolutional network\n\n{STORY}\n");
    println!(
        "SimpleCNN: Conv(1->4, 3x3) ReLU MaxPool - Conv(4->8, 3x3) ReLU MaxPool - Linear(32->10)"
    );
    println!(
        "parameters by hand: SimpleCNN {CNN_PARAMETERS}, digit MLP {MLP_PARAMETERS} ({:.2}x more)\n",
        MLP_PARAMETERS as f64 / CNN_PARAMETERS as f64
    );
    let (digits, print) = load_digit_data()?;
    let (dir, policy) = (common.checkpoints(), args.retrain.policy());
    let trained =
        train_or_load_sequential(&CNN_NET, &digits, &print, &dir, policy, common.progress());
    let cnn = stopped_by_modules("the SimpleCNN's training", trained)?;
    let measured = cnn.map(|mut cnn| {
        let t = &cnn.stamp.training;
        println!(
            "{CNN_NAME}: {}\n  {} {} in {:.2}s (final training loss {:.4})",
            cnn.provenance(),
            t.count,
            t.unit,
            t.seconds,
            t.final_train_loss
        );
        check_cnn(&mut cnn.model, &digits)
    });
    let (card, check) = match measured {
        Some(Ok(check)) => {
            print_check(&check);
            (cnn_gates(&check), Some(check))
        }
        Some(Err(e)) => (Scorecard::stopped("measuring your SimpleCNN", e), None),
        None => (
            Scorecard::stopped("training on your modules", "see above"),
            None,
        ),
    };
    println!("{}", card.to_table());
    let picture = common.picture_path("04_cnn.svg");
    if let Some(check) = &check {
        let svg = filters_picture(&check.initial, &check.trained);
        frame.picture(&picture, &svg, "the 3x3 filters before and after training")?;
    }
    let parts = vec![Part::of("SimpleCNN on the digits", &card)];
    let details = serde_json::json!({ "check": check, "gates": card, "picture": picture });
    frame.finish(parts, details)
}
