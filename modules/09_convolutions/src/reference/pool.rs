//! Task 09.5: max and average pooling, forward and backward.

use crate::pool::{AvgPoolOp, MaxPoolOp};
use crate::{AvgPool2d, MaxPool2d};
use ndarray::{ArrayD, IxDyn};
use std::sync::Arc;
use tinytorch_layers::Module;
use tinytorch_tensor::{CustomOp, Op, Tensor};

impl Module for MaxPool2d {
    /// The maximum of each `kernel x kernel` window of each channel: `[N, C, H, W]` gives
    /// `[N, C, oh, ow]` with `oh = (H - kernel) / stride + 1` (likewise `ow`).
    ///
    /// Records, for the backward pass, where each maximum came from (the FIRST maximum in
    /// row-major order when several elements tie).
    ///
    /// # Panics
    /// If `x` is not 4-D or the window is larger than the image, naming the shape.
    fn forward(&self, x: &Tensor) -> Tensor {
        // BEGIN SOLUTION 09.5
        let ([n, c, h, w], (oh, ow)) = self.geometry(x);
        let (k, s) = (self.kernel, self.stride);
        let input = x.data().as_standard_layout();
        let xs = input.as_slice().expect("standard layout is contiguous");
        // The backward pass needs where each maximum came from; an inference pass (no
        // input requires a gradient) does not record it.
        let record = x.requires_grad();
        let mut values = Vec::with_capacity(n * c * oh * ow);
        let mut argmax = Vec::with_capacity(if record { n * c * oh * ow } else { 0 });
        for plane in 0..n * c {
            let base = plane * h * w;
            for oy in 0..oh {
                for ox in 0..ow {
                    let mut best = base + oy * s * w + ox * s;
                    let mut best_value = xs[best];
                    for ki in 0..k {
                        for kj in 0..k {
                            let idx = base + (oy * s + ki) * w + ox * s + kj;
                            // Strictly greater: on a tie the first maximum keeps the gradient.
                            // Both updates are plain selects (no branch to mispredict on
                            // data that is larger or smaller at random).
                            let greater = xs[idx] > best_value;
                            best = if greater { idx } else { best };
                            best_value = if greater { xs[idx] } else { best_value };
                        }
                    }
                    values.push(best_value);
                    if record {
                        argmax.push(best);
                    }
                }
            }
        }
        let data = ArrayD::from_shape_vec(IxDyn(&[n, c, oh, ow]), values)
            .expect("one value per output position");
        Tensor::from_op(data, &[x], || {
            Op::Custom(Arc::new(MaxPoolOp {
                input: x.clone(),
                argmax,
                kernel: k,
                stride: s,
            }))
        })
        // END SOLUTION
    }

    fn name(&self) -> String {
        self.label()
    }
}

impl CustomOp for MaxPoolOp {
    fn name(&self) -> &'static str {
        "max_pool2d"
    }

    fn inputs(&self) -> Vec<&Tensor> {
        vec![&self.input]
    }

    /// Each output is a copy of one input element (its window's maximum), so its gradient
    /// goes to that element only; every other element gets 0. An element that is the
    /// maximum of several overlapping windows collects all their gradients.
    fn backward(&self, _output: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
        // BEGIN SOLUTION 09.5
        let mut dx = ArrayD::<f32>::zeros(self.input.data().raw_dim());
        let dxs = dx.as_slice_mut().expect("a new array is contiguous");
        // `grad.iter()` walks the output in row-major order, the order of `argmax`.
        for (&idx, &g) in self.argmax.iter().zip(grad.iter()) {
            dxs[idx] += g;
        }
        vec![Some(dx)]
        // END SOLUTION
    }
}

impl Module for AvgPool2d {
    /// The mean of each `kernel x kernel` window of each channel: `[N, C, H, W]` gives
    /// `[N, C, oh, ow]` with `oh = (H - kernel) / stride + 1` (likewise `ow`).
    ///
    /// # Panics
    /// If `x` is not 4-D or the window is larger than the image, naming the shape.
    fn forward(&self, x: &Tensor) -> Tensor {
        // BEGIN SOLUTION 09.5
        let ([n, c, h, w], (oh, ow)) = self.geometry(x);
        let (k, s) = (self.kernel, self.stride);
        let inv_area = 1.0 / (k * k) as f32;
        let input = x.data().as_standard_layout();
        let xs = input.as_slice().expect("standard layout is contiguous");
        let mut values = Vec::with_capacity(n * c * oh * ow);
        for plane in 0..n * c {
            let base = plane * h * w;
            for oy in 0..oh {
                for ox in 0..ow {
                    let mut sum = 0.0;
                    for ki in 0..k {
                        let start = base + (oy * s + ki) * w + ox * s;
                        sum += xs[start..start + k].iter().sum::<f32>();
                    }
                    values.push(sum * inv_area);
                }
            }
        }
        let data = ArrayD::from_shape_vec(IxDyn(&[n, c, oh, ow]), values)
            .expect("one value per output position");
        Tensor::from_op(data, &[x], || {
            Op::Custom(Arc::new(AvgPoolOp {
                input: x.clone(),
                kernel: k,
                stride: s,
            }))
        })
        // END SOLUTION
    }

    fn name(&self) -> String {
        self.label()
    }
}

impl CustomOp for AvgPoolOp {
    fn name(&self) -> &'static str {
        "avg_pool2d"
    }

    fn inputs(&self) -> Vec<&Tensor> {
        vec![&self.input]
    }

    /// Each output is `sum(window) / k^2`, so every element of the window receives
    /// `grad / k^2`; overlapping windows add up.
    fn backward(&self, _output: &Tensor, grad: &ArrayD<f32>) -> Vec<Option<ArrayD<f32>>> {
        // BEGIN SOLUTION 09.5
        let (k, s) = (self.kernel, self.stride);
        let (h, w) = (self.input.shape()[2], self.input.shape()[3]);
        let (oh, ow) = (grad.shape()[2], grad.shape()[3]);
        let share = 1.0 / (k * k) as f32;
        let mut dx = ArrayD::<f32>::zeros(self.input.data().raw_dim());
        let dxs = dx.as_slice_mut().expect("a new array is contiguous");
        for (o, &g) in grad.iter().enumerate() {
            let (plane, oy, ox) = (o / (oh * ow), (o / ow) % oh, o % ow);
            for ki in 0..k {
                let start = plane * h * w + (oy * s + ki) * w + ox * s;
                for v in &mut dxs[start..start + k] {
                    *v += g * share;
                }
            }
        }
        vec![Some(dx)]
        // END SOLUTION
    }
}
