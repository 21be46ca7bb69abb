//! The independent reference: SimpleCNN's forward pass in plain f64 loops over its
//! numbers (a direct convolution, no im2col, no course op), so a gate can compare your
//! convolution, pooling and layers with something they did not compute.

use tinytorch_layers::Module;

/// SimpleCNN's parameter shapes, in order: conv1 weight and bias, conv2 weight and bias,
/// the linear weight (`[in, out]`) and bias.
pub const CNN_SHAPES: [&[usize]; 6] = [&[4, 1, 3, 3], &[4], &[8, 4, 3, 3], &[8], &[32, 10], &[10]];

/// SimpleCNN's parameters, counted by hand from its architecture: each convolution has
/// `out * in * 3 * 3` weights and `out` biases, the linear layer `32 * 10 + 10`.
///
/// ```
/// assert_eq!(tinytorch_milestone_cnn::independent::CNN_PARAMETERS, 666);
/// ```
pub const CNN_PARAMETERS: usize = (4 * 9 + 4) + (8 * 4 * 9 + 8) + (32 * 10 + 10);

/// The digit MLP's parameters, counted by hand: `64 * 32 + 32 + 32 * 10 + 10`.
pub const MLP_PARAMETERS: usize = 64 * 32 + 32 + 32 * 10 + 10;

/// SimpleCNN's numbers, copied out of a model.
#[derive(Clone, Debug, PartialEq)]
pub struct CnnNumbers {
    /// The six parameters, flattened row-major, in [`CNN_SHAPES`] order.
    pub params: Vec<Vec<f64>>,
}

impl CnnNumbers {
    /// The numbers of `model`'s parameters.
    ///
    /// # Errors
    /// A message naming the shapes found when they are not SimpleCNN's.
    pub fn from_model(model: &dyn Module) -> Result<CnnNumbers, String> {
        let params = model.parameters();
        let shapes: Vec<Vec<usize>> = params.iter().map(|p| p.shape()).collect();
        let expected: Vec<Vec<usize>> = CNN_SHAPES.iter().map(|s| s.to_vec()).collect();
        if shapes != expected {
            return Err(format!(
                "the model's parameters have shapes {shapes:?}, SimpleCNN's are {expected:?}"
            ));
        }
        Ok(CnnNumbers {
            params: params
                .iter()
                .map(|p| p.get().to_vec().into_iter().map(f64::from).collect())
                .collect(),
        })
    }

    /// The 3x3 filters of convolution `layer` (0 or 1): `filters[out][in]` holds 9 values.
    pub fn filters(&self, layer: usize) -> Vec<Vec<Vec<f64>>> {
        let (outs, ins) = if layer == 0 { (4, 1) } else { (8, 4) };
        let w = &self.params[2 * layer];
        (0..outs)
            .map(|o| {
                (0..ins)
                    .map(|c| w[(o * ins + c) * 9..(o * ins + c + 1) * 9].to_vec())
                    .collect()
            })
            .collect()
    }

    /// The 10 logits of one 8x8 image (64 pixels, row by row).
    ///
    /// # Panics
    /// If `pixels` does not hold 64 values.
    pub fn logits(&self, pixels: &[f64]) -> Vec<f64> {
        assert_eq!(pixels.len(), 64, "CnnNumbers::logits: an 8x8 image");
        let x = conv_relu_pool(pixels, 1, 8, &self.params[0], &self.params[1], 4);
        let x = conv_relu_pool(&x, 4, 4, &self.params[2], &self.params[3], 8);
        let (w, b) = (&self.params[4], &self.params[5]);
        (0..10)
            .map(|k| b[k] + (0..32).map(|i| x[i] * w[i * 10 + k]).sum::<f64>())
            .collect()
    }
}

/// A 3x3 convolution with padding 1 and stride 1 over `[ins, side, side]`, then ReLU, then
/// 2x2 max pooling: returns `[outs, side / 2, side / 2]`, row-major.
fn conv_relu_pool(
    x: &[f64],
    ins: usize,
    side: usize,
    w: &[f64],
    b: &[f64],
    outs: usize,
) -> Vec<f64> {
    let pixel = |c: usize, i: isize, j: isize| -> f64 {
        let inside = (0..side as isize).contains(&i) && (0..side as isize).contains(&j);
        if inside {
            x[(c * side + i as usize) * side + j as usize]
        } else {
            0.0
        }
    };
    let mut conv = vec![0.0; outs * side * side];
    for o in 0..outs {
        for i in 0..side {
            for j in 0..side {
                let mut sum = b[o];
                for c in 0..ins {
                    for ki in 0..3 {
                        for kj in 0..3 {
                            let v = pixel(
                                c,
                                i as isize + ki as isize - 1,
                                j as isize + kj as isize - 1,
                            );
                            sum += w[((o * ins + c) * 3 + ki) * 3 + kj] * v;
                        }
                    }
                }
                conv[(o * side + i) * side + j] = sum.max(0.0);
            }
        }
    }
    let half = side / 2;
    let mut pooled = vec![0.0; outs * half * half];
    for o in 0..outs {
        for i in 0..half {
            for j in 0..half {
                let at = |di: usize, dj: usize| conv[(o * side + 2 * i + di) * side + 2 * j + dj];
                pooled[(o * half + i) * half + j] =
                    at(0, 0).max(at(0, 1)).max(at(1, 0)).max(at(1, 1));
            }
        }
    }
    pooled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_centre_tap_filter_copies_the_image_then_pools_it() {
        // One input channel, one output channel, a filter that is 1 at its centre: the
        // convolution is the identity, ReLU keeps the positive pixels, pooling takes maxima.
        let mut w = vec![0.0; 9];
        w[4] = 1.0;
        let image: Vec<f64> = (0..16).map(f64::from).collect(); // 4x4, 0..15 row by row
        let out = conv_relu_pool(&image, 1, 4, &w, &[0.0], 1);
        assert_eq!(out, vec![5.0, 7.0, 13.0, 15.0]);
    }

    #[test]
    fn padding_is_zero_and_bias_is_added() {
        // The all-ones filter sums each 3x3 neighbourhood; a corner sees 4 pixels.
        let out = conv_relu_pool(&[1.0; 4], 1, 2, &[1.0; 9], &[0.5], 1);
        assert_eq!(out, vec![4.5]);
    }
}
