//! Task 09.2: im2col, which unfolds every receptive field of an image batch into one row
//! of a matrix, so that a convolution becomes a single matrix product.

use crate::conv_output_size;
use crate::im2col_op::Im2colOp;
use ndarray::{Array2, Ix4};
use std::sync::Arc;
use tinytorch_tensor::{Op, Tensor};

/// Unfolds the `kh x kw` windows of `x` (`[N, C, H, W]`) into the rows of a matrix
/// `[N * oh * ow, C * kh * kw]`, where `oh`, `ow` come from
/// [`conv_output_size`](crate::conv_output_size).
///
/// Row `(n * oh + i) * ow + j` holds the window whose top-left corner sits at
/// `(i * stride - padding, j * stride - padding)` in image `n`; column
/// `(c * kh + ki) * kw + kj` holds its pixel `(ki, kj)` of channel `c`, the order of a
/// weight `[out, C, kh, kw]` reshaped to `[out, C * kh * kw]`. Positions in the padding
/// read 0.
///
/// When `x` requires a gradient, the result records an `im2col` custom op whose backward
/// pass is [`col2im`](crate::col2im).
///
/// # Panics
/// If `x` is not 4-D, or the kernel does not fit (see [`conv_output_size`]), naming the
/// shapes.
///
/// ```
/// use tinytorch_convolutions::im2col;
/// use tinytorch_tensor::Tensor;
/// // A 3x3 image 1..9 and 2x2 windows: four windows, one per row.
/// let x = Tensor::arange(1.0, 10.0, 1.0).reshape(&[1, 1, 3, 3]);
/// let cols = im2col(&x, 2, 2, 1, 0);
/// assert_eq!(cols.shape(), &[4, 4]);
/// assert_eq!(&cols.to_vec()[..4], &[1.0, 2.0, 4.0, 5.0]);
/// ```
pub fn im2col(x: &Tensor, kh: usize, kw: usize, stride: usize, padding: usize) -> Tensor {
    // BEGIN SOLUTION 09.2
    let x4 = x
        .data()
        .view()
        .into_dimensionality::<Ix4>()
        .unwrap_or_else(|_| {
            panic!(
                "im2col: input of shape {:?} must be 4-D [N, C, H, W]",
                x.shape()
            )
        });
    let (n, c, h, w) = x4.dim();
    let size = |input, kernel| {
        conv_output_size(input, kernel, stride, padding)
            .unwrap_or_else(|e| panic!("im2col: input of shape {:?}: {e}", x.shape()))
    };
    let (oh, ow) = (size(h, kh), size(w, kw));
    let mut cols = Array2::<f32>::zeros((n * oh * ow, c * kh * kw));
    for (r, mut row) in cols.outer_iter_mut().enumerate() {
        let (b, oy, ox) = (r / (oh * ow), (r / ow) % oh, r % ow);
        for ch in 0..c {
            for ki in 0..kh {
                // Signed: the window may start in the padding, above or left of the image.
                let iy = (oy * stride + ki) as isize - padding as isize;
                if iy < 0 || iy >= h as isize {
                    continue; // a padding row: the zeros are already there
                }
                for kj in 0..kw {
                    let ix = (ox * stride + kj) as isize - padding as isize;
                    if ix >= 0 && ix < w as isize {
                        row[(ch * kh + ki) * kw + kj] = x4[[b, ch, iy as usize, ix as usize]];
                    }
                }
            }
        }
    }
    let cols = cols.into_dyn();
    Tensor::from_op(cols, &[x], || {
        Op::Custom(Arc::new(Im2colOp {
            input: x.clone(),
            kernel: (kh, kw),
            stride,
            padding,
        }))
    })
    // END SOLUTION
}
