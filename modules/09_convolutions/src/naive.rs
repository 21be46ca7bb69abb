//! The direct convolution, seven loops deep (shared code, not an exercise): the ground
//! truth the tests compare [`Conv2d`](crate::Conv2d) against, and the baseline of the
//! benchmark.

use ndarray::{Array1, Array4, ArrayD, Ix1, Ix4};

/// The convolution of `x` (`[N, C_in, H, W]`) with `weight` (`[C_out, C_in, kh, kw]`)
/// plus an optional `bias` (`[C_out]`), computed directly from the definition:
///
/// ```text
/// y[n, o, i, j] = bias[o] + sum over c, ki, kj of
///                 weight[o, c, ki, kj] * x[n, c, i * stride + ki - padding, j * stride + kj - padding]
/// ```
///
/// with zeros outside the image. Seven nested loops (n, o, i, j, c, ki, kj) and
/// `2 * N * C_out * oh * ow * C_in * kh * kw` FLOPs, like TinyTorch's `_convolve_loops`;
/// slow, but obviously right.
///
/// # Panics
/// If `x` or `weight` is not 4-D, the channel counts differ, the bias is not `[C_out]`, the
/// stride is 0 or the kernel does not fit, naming the shapes.
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use tinytorch_convolutions::conv2d_naive;
/// let x = ArrayD::from_shape_vec(IxDyn(&[1, 1, 3, 3]), (1..=9).map(|v| v as f32).collect()).unwrap();
/// let w = ArrayD::from_shape_vec(IxDyn(&[1, 1, 2, 2]), vec![1.0, 0.0, 0.0, 1.0]).unwrap();
/// let y = conv2d_naive(&x, &w, None, 1, 0);
/// assert_eq!(y.iter().copied().collect::<Vec<f32>>(), vec![6.0, 8.0, 12.0, 14.0]);
/// ```
pub fn conv2d_naive(
    x: &ArrayD<f32>,
    weight: &ArrayD<f32>,
    bias: Option<&ArrayD<f32>>,
    stride: usize,
    padding: usize,
) -> ArrayD<f32> {
    let shapes = || format!("input {:?}, weight {:?}", x.shape(), weight.shape());
    let x = x
        .view()
        .into_dimensionality::<Ix4>()
        .unwrap_or_else(|_| panic!("conv2d_naive: input and weight must be 4-D ({})", shapes()));
    let wt = weight
        .view()
        .into_dimensionality::<Ix4>()
        .unwrap_or_else(|_| panic!("conv2d_naive: input and weight must be 4-D ({})", shapes()));
    let (n, c, h, w) = x.dim();
    let (out, wc, kh, kw) = wt.dim();
    assert!(
        c == wc,
        "conv2d_naive: channel counts differ ({})",
        shapes()
    );
    let bias = match bias {
        Some(b) => b
            .view()
            .into_dimensionality::<Ix1>()
            .ok()
            .filter(|b| b.len() == out)
            .unwrap_or_else(|| panic!("conv2d_naive: bias {:?} must be [{out}]", b.shape()))
            .to_owned(),
        None => Array1::zeros(out),
    };
    let size = |input, kernel| {
        crate::conv_output_size(input, kernel, stride, padding)
            .unwrap_or_else(|e| panic!("conv2d_naive: {}: {e}", shapes()))
    };
    let (oh, ow) = (size(h, kh), size(w, kw));
    let mut y = Array4::<f32>::zeros((n, out, oh, ow));
    for b in 0..n {
        for o in 0..out {
            for i in 0..oh {
                for j in 0..ow {
                    let mut acc = bias[o];
                    for ch in 0..c {
                        for ki in 0..kh {
                            for kj in 0..kw {
                                let iy = (i * stride + ki) as isize - padding as isize;
                                let ix = (j * stride + kj) as isize - padding as isize;
                                if iy >= 0 && ix >= 0 && (iy as usize) < h && (ix as usize) < w {
                                    acc +=
                                        wt[[o, ch, ki, kj]] * x[[b, ch, iy as usize, ix as usize]];
                                }
                            }
                        }
                    }
                    y[[b, o, i, j]] = acc;
                }
            }
        }
    }
    y.into_dyn()
}
