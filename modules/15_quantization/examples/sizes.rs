//! What quantized models weigh, read back from the files they are saved to, and what they
//! cost in accuracy: the numbers of the module's README.
//!
//! `cargo run --release -p tinytorch-quantization --example sizes`
//!
//! For each model it writes the f32 checkpoint (module 08), the FP16 file and the INT8
//! file, measures each with `stored_size` and prints data bytes, file bytes and the
//! ratio to f32. The digit MLP is trained first (module 08's recipe) so the accuracies
//! are real. The SimpleCNN is left untrained: its sizes do not depend on training, and
//! its quantization error is reported as the SQNR of its logits.

use std::error::Error;
use std::path::PathBuf;
use tinytorch_convolutions::simple_cnn;
use tinytorch_dataloader::{default_digits_path, load_digits};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_quantization::{
    QuantizedModel, StoredSize, quantize_model, save, save_f16, sqnr_db, stored_size,
};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{DIGITS_SEED, accuracy, save_checkpoint, train_digit_mlp};

/// A file in the temp directory for this run.
fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("sizes15-{}-{name}", std::process::id()))
}

/// The three files of `model` (f32, FP16, INT8 calibrated on `calibration`), measured.
fn measure(
    name: &str,
    model: &Sequential,
    calibration: &Tensor,
) -> Result<[StoredSize; 3], Box<dyn Error>> {
    let q = quantize_model(model, std::slice::from_ref(calibration))?;
    let paths = [
        temp(&format!("{name}.f32")),
        temp(&format!("{name}.f16")),
        temp(&format!("{name}.int8")),
    ];
    save_checkpoint(model, &paths[0])?;
    save_f16(model, &paths[1])?;
    save(&q, &paths[2])?;
    let mut sizes = [StoredSize {
        file_bytes: 0,
        weight_bytes: 0,
    }; 3];
    for (size, path) in sizes.iter_mut().zip(&paths) {
        *size = stored_size(path)?;
        std::fs::remove_file(path)?;
    }
    Ok(sizes)
}

/// One table of the three formats of a model.
fn print_sizes(name: &str, params: usize, sizes: &[StoredSize; 3]) {
    println!("\n{name} ({params} parameters)");
    println!("| storage | data bytes | file bytes | f32 / this (data) | f32 / this (file) |");
    println!("|---------|-----------:|-----------:|------------------:|------------------:|");
    for (label, size) in ["f32", "FP16", "INT8"].iter().zip(sizes) {
        let (data, file) = size.ratio_to(sizes[0]);
        println!(
            "| {label} | {} | {} | {data:.3}x | {file:.3}x |",
            size.weight_bytes, size.file_bytes
        );
    }
}

/// What other layouts of the same INT8 model would store (bytes computed from the
/// layout, not written): the per-channel overhead is what keeps a small model from 4x.
fn print_layouts(q: &QuantizedModel, f32_bytes: u64) {
    let codes: usize = q.linears().map(|l| l.weight.values.len()).sum();
    let channels: usize = q.linears().map(|l| l.out_features).sum();
    let layers = q.linears().count();
    let input = 5 * layers; // f32 scale + i8 zero point per layer
    let layouts = [
        (
            "this module: per-channel f32 scales, i32 biases",
            codes + 8 * channels + input,
        ),
        (
            "per-channel f16 scales, i32 biases",
            codes + 6 * channels + input,
        ),
        (
            "per-tensor f32 scales, i32 biases",
            codes + 4 * layers + 4 * channels + input,
        ),
        (
            "per-tensor f32 scales, i16 biases",
            codes + 4 * layers + 2 * channels + input,
        ),
        ("the codes alone (no scale, no bias)", codes),
    ];
    println!("\nINT8 layouts of the digit MLP (computed from the layout):");
    println!("| layout | data bytes | f32 / this |");
    println!("|--------|-----------:|-----------:|");
    for (name, bytes) in layouts {
        println!(
            "| {name} | {bytes} | {:.3}x |",
            f32_bytes as f64 / bytes as f64
        );
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let digits = load_digits(&default_digits_path())?;
    let run = train_digit_mlp(&digits, DIGITS_SEED, true)?;
    let mlp = run.model;
    let train_x = digits.train.inputs().clone();
    let sizes = measure("mlp", &mlp, &train_x)?;
    print_sizes("digit MLP 64 -> 32 -> 10", mlp.num_parameters(), &sizes);
    let q = quantize_model(&mlp, std::slice::from_ref(&train_x))?;
    let (test_x, test_y) = (digits.test.inputs(), digits.test.labels());
    println!(
        "test accuracy: f32 {:.2}%, INT8 {:.2}%",
        100.0 * accuracy(&mlp.forward(test_x), test_y),
        100.0 * accuracy(&q.forward(test_x), test_y)
    );
    print_layouts(&q, sizes[0].weight_bytes);

    let cnn = simple_cnn(0);
    let images = train_x.reshape(&[train_x.shape()[0], 1, 8, 8]);
    let sizes = measure("cnn", &cnn, &images)?;
    print_sizes("SimpleCNN (untrained)", cnn.num_parameters(), &sizes);
    let q = quantize_model(&cnn, std::slice::from_ref(&images))?;
    let test_images = test_x.reshape(&[test_x.shape()[0], 1, 8, 8]);
    println!(
        "logits SQNR, INT8 against f32: {:.1} dB",
        sqnr_db(&cnn.forward(&test_images), &q.forward(&test_images))
    );

    let layer = Sequential::new().add(Linear::new(512, 512, &mut seeded_rng(1)));
    let calibration = Tensor::randn(&[64, 512], &mut seeded_rng(2));
    let sizes = measure("512", &layer, &calibration)?;
    print_sizes("one Linear 512 -> 512", layer.num_parameters(), &sizes);
    Ok(())
}
