//! The `Transform` trait and the augmentation types (shared code). What each transform
//! does is the exercise, in `reference/transforms.rs`.

use tinytorch_tensor::{ChaCha8Rng, Tensor};

/// A function applied to one example's input before it is batched: normalization, or a
/// random augmentation drawn from the generator it is given.
///
/// A transform takes its randomness only from `rng`. The loader passes a generator
/// derived from `(seed, epoch, sample index)` (see [`example_rng`](crate::example_rng)),
/// so an augmented sample is reproducible and does not depend on the iteration order.
/// Transforms prepare data: they record no op for autograd, whatever the input.
///
/// ```
/// use tinytorch_dataloader::{Normalize, Transform};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let x = Tensor::from_vec(vec![0.0, 0.5, 1.0], &[3]).unwrap();
/// let y = Normalize { mean: 0.5, std: 0.25 }.apply(&x, &mut seeded_rng(0));
/// assert_eq!(y.to_vec(), vec![-2.0, 0.0, 2.0]);
/// ```
pub trait Transform: Send + Sync {
    /// The transformed copy of `x`.
    fn apply(&self, x: &Tensor, rng: &mut ChaCha8Rng) -> Tensor;
}

/// `(x - mean) / std` elementwise: centres the data and gives it unit spread, which keeps
/// the first layer's pre-activations in a useful range. Deterministic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Normalize {
    /// Subtracted from every value (e.g. the training set's mean).
    pub mean: f32,
    /// Divides every value (the training set's standard deviation, not its variance);
    /// must be positive.
    pub std: f32,
}

impl Normalize {
    /// Panics unless `std` is a positive number: a zero or NaN spread would turn every
    /// value into inf or NaN without a word.
    pub(crate) fn assert_valid(&self) {
        assert!(
            self.std > 0.0 && self.std.is_finite(),
            "Normalize: std must be a positive number, got {}",
            self.std
        );
    }
}

/// Zero-pads the last two axes (height, width) by `padding` on every side, then cuts out a
/// window of `size = (height, width)` at a uniformly random offset.
///
/// With `padding = 1` and `size` equal to the image size, this shifts the image by up to
/// one pixel in each direction: the network learns that a digit moved by a pixel is still
/// the same digit. Leading axes (channels) are kept whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomCrop {
    /// The window, `(height, width)`.
    pub size: (usize, usize),
    /// Zeros added on each side of both spatial axes before cropping.
    pub padding: usize,
}

impl RandomCrop {
    /// The largest offsets `(top, left)` a window can take in the padded image of an input
    /// of `shape`: offsets run over `0..=max` on each axis.
    ///
    /// # Panics
    /// If `shape` has fewer than 2 axes, or the window is larger than the padded image.
    ///
    /// ```
    /// use tinytorch_dataloader::RandomCrop;
    /// // 8x8 padded by 1 is 10x10; an 8x8 window fits at offsets 0, 1, 2 on each axis.
    /// let crop = RandomCrop { size: (8, 8), padding: 1 };
    /// assert_eq!(crop.max_offset(&[1, 8, 8]), (2, 2));
    /// ```
    pub fn max_offset(&self, shape: &[usize]) -> (usize, usize) {
        assert!(
            shape.len() >= 2,
            "RandomCrop: input of shape {shape:?} has no (height, width) axes; it needs at least 2 axes"
        );
        let padded_h = shape[shape.len() - 2] + 2 * self.padding;
        let padded_w = shape[shape.len() - 1] + 2 * self.padding;
        let (h, w) = self.size;
        assert!(
            h <= padded_h && w <= padded_w,
            "RandomCrop: window {:?} does not fit input {shape:?} padded by {} ({padded_h}x{padded_w})",
            self.size,
            self.padding
        );
        (padded_h - h, padded_w - w)
    }

    /// Panics unless the window fits at `(top, left)` in the padded `shape` (the checks of
    /// [`max_offset`](RandomCrop::max_offset), and the offset at most that).
    pub(crate) fn assert_offset_fits(&self, shape: &[usize], top: usize, left: usize) {
        let (max_top, max_left) = self.max_offset(shape);
        assert!(
            top <= max_top && left <= max_left,
            "RandomCrop::crop_at: offset ({top}, {left}) is past the last one ({max_top}, {max_left}) \
             for input {shape:?}, window {:?}, padding {}",
            self.size,
            self.padding
        );
    }
}

/// Reverses the last axis (width) with probability `p`: a mirror image. Right for photos
/// of objects; wrong for digits and text, where a mirrored 2 is no longer a 2.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RandomHorizontalFlip {
    /// The probability of flipping, in `[0, 1]`.
    pub p: f32,
}

impl RandomHorizontalFlip {
    /// Panics unless `p` is a probability and `x` has an axis to flip.
    pub(crate) fn assert_valid(&self, x: &Tensor) {
        assert!(
            (0.0..=1.0).contains(&self.p),
            "RandomHorizontalFlip: p must be a probability in [0, 1], got {}",
            self.p
        );
        assert!(
            x.ndim() > 0,
            "RandomHorizontalFlip: a 0-dimensional tensor has no axis to flip"
        );
    }
}

/// Several transforms applied in order, sharing one generator.
///
/// ```
/// use tinytorch_dataloader::{Compose, Normalize, RandomHorizontalFlip, Transform};
/// use tinytorch_tensor::{Tensor, seeded_rng};
///
/// let pipeline = Compose(vec![
///     Box::new(Normalize { mean: 1.0, std: 2.0 }),
///     Box::new(RandomHorizontalFlip { p: 1.0 }),
/// ]);
/// let x = Tensor::from_vec(vec![1.0, 3.0, 5.0], &[1, 3]).unwrap();
/// // (1, 3, 5) -> normalized (0, 1, 2) -> flipped (2, 1, 0)
/// assert_eq!(pipeline.apply(&x, &mut seeded_rng(0)).to_vec(), vec![2.0, 1.0, 0.0]);
/// ```
pub struct Compose(pub Vec<Box<dyn Transform>>);
