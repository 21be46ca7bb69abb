//! Task 05.4: normalization and the random augmentations (crop, flip), and their
//! composition.

use crate::{Compose, Normalize, RandomCrop, RandomHorizontalFlip, Transform};
use ndarray::{ArrayD, Axis, IxDyn, Slice};
use rand::Rng;
use tinytorch_tensor::{ChaCha8Rng, Tensor};

impl Transform for Normalize {
    /// `(x - mean) / std` for every value.
    ///
    /// # Panics
    /// If `std` is not a positive finite number.
    fn apply(&self, x: &Tensor, _rng: &mut ChaCha8Rng) -> Tensor {
        self.assert_valid();
        // BEGIN SOLUTION 05.4
        // One division, then a multiply per element.
        let (mean, inv_std) = (self.mean, 1.0 / self.std);
        Tensor::from_array(x.data().mapv(|v| (v - mean) * inv_std))
        // END SOLUTION
    }
}

/// `x` with `padding` zeros added on both sides of its last two axes (the leading axes,
/// e.g. channels, are untouched): `[C, H, W]` becomes `[C, H + 2p, W + 2p]`.
fn pad_spatial(x: &ArrayD<f32>, padding: usize) -> ArrayD<f32> {
    // BEGIN SOLUTION 05.4
    let ndim = x.ndim();
    let spatial = |axis: usize| axis + 2 >= ndim; // the last two axes
    let shape: Vec<usize> = x
        .shape()
        .iter()
        .enumerate()
        .map(|(axis, &len)| {
            if spatial(axis) {
                len + 2 * padding
            } else {
                len
            }
        })
        .collect();
    let mut padded = ArrayD::zeros(IxDyn(&shape));
    padded
        .slice_each_axis_mut(|ax| {
            let axis = ax.axis.index();
            if spatial(axis) {
                Slice::from(padding..padding + x.shape()[axis])
            } else {
                Slice::from(..)
            }
        })
        .assign(x);
    padded
    // END SOLUTION
}

impl RandomCrop {
    /// The window of `size` whose top-left corner sits at `(top, left)` in the padded
    /// image (so `(padding, padding)` is the original image's corner). [`Transform::apply`]
    /// calls this with a random offset; tests and visualizations call it directly.
    ///
    /// # Panics
    /// If the input has fewer than 2 axes, the window does not fit, or the offset is past
    /// [`max_offset`](RandomCrop::max_offset).
    ///
    /// ```
    /// use tinytorch_dataloader::RandomCrop;
    /// use tinytorch_tensor::Tensor;
    /// let image = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
    /// let crop = RandomCrop { size: (2, 2), padding: 1 };
    /// // padded:  0 0 0 0
    /// //          0 1 2 0     the window at (0, 0) is  0 0
    /// //          0 3 4 0                              0 1
    /// //          0 0 0 0
    /// assert_eq!(crop.crop_at(&image, 0, 0).to_vec(), vec![0.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn crop_at(&self, x: &Tensor, top: usize, left: usize) -> Tensor {
        self.assert_offset_fits(x.shape(), top, left);
        // BEGIN SOLUTION 05.4
        let padded = pad_spatial(x.data(), self.padding);
        let (height, width) = self.size;
        let ndim = padded.ndim();
        let window = padded.slice_each_axis(|ax| match ndim - ax.axis.index() {
            2 => Slice::from(top..top + height),
            1 => Slice::from(left..left + width),
            _ => Slice::from(..),
        });
        Tensor::from_array(window.to_owned())
        // END SOLUTION
    }
}

impl Transform for RandomCrop {
    /// Pads, then crops at a `(top, left)` drawn uniformly from `0..=max_offset` on each
    /// axis: both extremes (the window flush against either edge) are possible.
    ///
    /// # Panics
    /// As [`RandomCrop::crop_at`].
    fn apply(&self, x: &Tensor, rng: &mut ChaCha8Rng) -> Tensor {
        let (max_top, max_left) = self.max_offset(x.shape());
        // BEGIN SOLUTION 05.4
        let top = rng.random_range(0..=max_top);
        let left = rng.random_range(0..=max_left);
        self.crop_at(x, top, left)
        // END SOLUTION
    }
}

impl Transform for RandomHorizontalFlip {
    /// With probability `p`, `x` with its last axis reversed; otherwise `x` unchanged.
    /// Draws exactly one number from `rng` whatever `p` is.
    ///
    /// # Panics
    /// If `p` is outside `[0, 1]` or `x` is 0-dimensional.
    fn apply(&self, x: &Tensor, rng: &mut ChaCha8Rng) -> Tensor {
        self.assert_valid(x);
        // BEGIN SOLUTION 05.4
        // `random::<f32>()` is in [0, 1): always below p = 1, never below p = 0.
        if rng.random::<f32>() >= self.p {
            return x.clone();
        }
        let mut view = x.data().view();
        view.invert_axis(Axis(x.ndim() - 1));
        // The reversed view has a negative stride; copy it into row-major order.
        Tensor::from_array(view.as_standard_layout().into_owned())
        // END SOLUTION
    }
}

impl Transform for Compose {
    /// Each transform applied to the previous one's output, in order.
    fn apply(&self, x: &Tensor, rng: &mut ChaCha8Rng) -> Tensor {
        // BEGIN SOLUTION 05.4
        self.0
            .iter()
            .fold(x.clone(), |acc, transform| transform.apply(&acc, rng))
        // END SOLUTION
    }
}
