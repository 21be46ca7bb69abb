//! Progress output: one line per epoch on stderr, and a bar over the batches when stderr
//! is a terminal. Never a prompt, never output on stdout (which belongs to the program's
//! results, e.g. a JSON report).

use crate::EpochRecord;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar over the `batches` of one epoch, labelled `label`. Hidden (drawing nothing, at
/// no cost) when `quiet`, or when stderr is not a terminal: CI logs and redirected output
/// get the per-epoch lines only, not thousands of redraws.
pub(crate) fn batch_bar(batches: usize, label: String, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(batches as u64);
    // The template is a constant; should it ever fail to parse, the default style is fine.
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} batches ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label);
    bar
}

/// The per-epoch progress line: `epoch` counts from 1 here, out of `total` epochs.
///
/// ```
/// use tinytorch_training::{EpochRecord, epoch_line};
/// let record = EpochRecord {
///     epoch: 2, train_loss: 0.4521, train_accuracy: 0.8812, val_loss: Some(0.3012),
///     val_accuracy: Some(0.9148), learning_rate: 0.01, seconds: 0.214,
/// };
/// assert_eq!(
///     epoch_line(&record, 20),
///     "epoch  3/20  loss 0.4521  acc 88.12%  val loss 0.3012  val acc 91.48%  lr 1.00e-2  214.0ms"
/// );
/// ```
pub fn epoch_line(record: &EpochRecord, total: u64) -> String {
    let width = total.to_string().len();
    let mut line = format!(
        "epoch {:>width$}/{total}  loss {:.4}  acc {:.2}%",
        record.epoch + 1,
        record.train_loss,
        100.0 * record.train_accuracy,
    );
    if let (Some(loss), Some(acc)) = (record.val_loss, record.val_accuracy) {
        line.push_str(&format!(
            "  val loss {loss:.4}  val acc {:.2}%",
            100.0 * acc
        ));
    }
    line.push_str(&format!(
        "  lr {:.2e}  {}",
        record.learning_rate,
        duration(record.seconds)
    ));
    line
}

/// `0.0037` -> `"3.7ms"`, `2.5` -> `"2.50s"`: small epochs stay readable.
fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.1}ms", 1e3 * seconds)
    } else {
        format!("{seconds:.2}s")
    }
}
