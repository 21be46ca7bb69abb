//! The 8x8 handwritten digits the course trains on (shared code, not an exercise).
//!
//! `data/digits/digits.csv` holds 1,797 samples, one per line: 64 pixel values `0..=16`
//! (an 8x8 image, row by row) and then the label `0..=9`. See
//! `data/digits/PROVENANCE.md` for its source and licence.
//!
//! The split is fixed and needs no randomness: within each class, in file order, samples
//! 0, 5, 10, ... go to the test set and the others to the training set. That gives 1,433
//! training and 364 test samples with the class proportions of the whole file.

use crate::{DataError, TensorDataset};
use ndarray::Array2;
use std::path::{Path, PathBuf};
use tinytorch_tensor::Tensor;

/// The digits data set, split into training and test sets.
///
/// Inputs are `[N, 64]` (8x8 images flattened row by row) with pixels scaled to `[0, 1]`
/// (value / 16); labels are the digits `0..=9`. Both sets keep the file order.
///
/// ```
/// use tinytorch_dataloader::{Dataset, Digits, default_digits_path, load_digits};
/// let digits = load_digits(&default_digits_path()).unwrap();
/// assert_eq!(digits.train.len(), Digits::TRAIN);
/// assert_eq!(digits.test.inputs().shape(), &[Digits::TEST, Digits::PIXELS]);
/// ```
#[derive(Clone, Debug)]
pub struct Digits {
    /// 1,433 samples to train on.
    pub train: TensorDataset,
    /// 364 samples held out to measure accuracy.
    pub test: TensorDataset,
}

impl Digits {
    /// Samples in the file.
    pub const SAMPLES: usize = 1797;
    /// Samples in the training set.
    pub const TRAIN: usize = 1433;
    /// Samples in the test set.
    pub const TEST: usize = 364;
    /// Pixels per image (8 x 8).
    pub const PIXELS: usize = 64;
    /// Side of the square image.
    pub const SIDE: usize = 8;
    /// Number of classes (digits 0 to 9).
    pub const CLASSES: usize = 10;
    /// The largest pixel value in the file (16 means fully inked).
    pub const MAX_PIXEL: u32 = 16;
    /// Every `TEST_EVERY`-th sample of each class goes to the test set.
    pub const TEST_EVERY: usize = 5;
}

/// Where the course ships the digits: `data/digits/digits.csv` at the workspace root.
pub fn default_digits_path() -> PathBuf {
    let module_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // modules/05_dataloader -> modules -> the workspace root.
    let root = module_dir.ancestors().nth(2).unwrap_or(module_dir);
    root.join("data").join("digits").join("digits.csv")
}

/// Reads and splits the digits file at `path` (usually [`default_digits_path`]).
///
/// Every line is checked: 65 integer fields, pixels in `0..=16`, a label in `0..=9`, and
/// exactly 1,797 samples. Blank lines are ignored.
///
/// # Errors
/// [`DataError::NotFound`] or [`DataError::Io`] when the file cannot be read,
/// [`DataError::BadLine`] naming the file and line of the first malformed sample, and
/// [`DataError::SampleCount`] when the file is empty, truncated or too long. Each message
/// says how to restore the file. There is no fallback: training on anything other than
/// the real data would report meaningless accuracies.
pub fn load_digits(path: &Path) -> Result<Digits, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => DataError::NotFound {
            path: path.to_path_buf(),
        },
        _ => DataError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    })?;

    let mut train = Split::with_capacity(Digits::TRAIN);
    let mut test = Split::with_capacity(Digits::TEST);
    let mut seen_per_class = [0usize; Digits::CLASSES];
    let mut samples = 0;
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (pixels, label) = parse_line(line).map_err(|message| DataError::BadLine {
            path: path.to_path_buf(),
            line: number + 1,
            message,
        })?;
        let position = seen_per_class[label];
        seen_per_class[label] += 1;
        let split = if position.is_multiple_of(Digits::TEST_EVERY) {
            &mut test
        } else {
            &mut train
        };
        split.push(&pixels, label);
        samples += 1;
    }
    if samples != Digits::SAMPLES {
        return Err(DataError::SampleCount {
            path: path.to_path_buf(),
            found: samples,
            expected: Digits::SAMPLES,
        });
    }
    Ok(Digits {
        train: train.into_dataset(),
        test: test.into_dataset(),
    })
}

/// The 64 pixels (scaled to `[0, 1]`) and the label of one line, or what is wrong with it.
fn parse_line(line: &str) -> Result<([f32; Digits::PIXELS], usize), String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if fields.len() != Digits::PIXELS + 1 {
        return Err(format!(
            "{} fields, expected {} (64 pixel values, then the label)",
            fields.len(),
            Digits::PIXELS + 1
        ));
    }
    let mut pixels = [0.0f32; Digits::PIXELS];
    for (i, (pixel, field)) in pixels.iter_mut().zip(&fields).enumerate() {
        let value = parse_integer(field, i + 1)?;
        if value > i64::from(Digits::MAX_PIXEL) || value < 0 {
            return Err(format!(
                "field {} (a pixel) is {value}, outside 0..=16",
                i + 1
            ));
        }
        *pixel = value as f32 / Digits::MAX_PIXEL as f32;
    }
    let label = parse_integer(fields[Digits::PIXELS], Digits::PIXELS + 1)?;
    if !(0..Digits::CLASSES as i64).contains(&label) {
        return Err(format!("the label (field 65) is {label}, outside 0..=9"));
    }
    Ok((pixels, label as usize))
}

fn parse_integer(field: &str, number: usize) -> Result<i64, String> {
    field
        .parse()
        .map_err(|_| format!("field {number} is {field:?}, not an integer"))
}

/// One side of the split while it is being filled.
struct Split {
    pixels: Vec<f32>,
    labels: Vec<usize>,
}

impl Split {
    fn with_capacity(samples: usize) -> Split {
        Split {
            pixels: Vec::with_capacity(samples * Digits::PIXELS),
            labels: Vec::with_capacity(samples),
        }
    }

    fn push(&mut self, pixels: &[f32], label: usize) {
        self.pixels.extend_from_slice(pixels);
        self.labels.push(label);
    }

    /// Built directly (not through `TensorDataset::new`, an exercise): the shapes agree by
    /// construction, and the data set must load even before module 05 is done.
    fn into_dataset(self) -> TensorDataset {
        let inputs = Array2::from_shape_vec((self.labels.len(), Digits::PIXELS), self.pixels)
            .expect("64 pixels were pushed per label");
        TensorDataset {
            inputs: Tensor::from_array(inputs.into_dyn()),
            labels: self.labels,
        }
    }
}
