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
    let input = x4.as_standard_layout(); // a copy only if x is not row-major already
    let xs = input.as_slice().expect("standard layout is one slice");
    let row_len = c * kh * kw;
    let mut cols = Array2::<f32>::zeros((n * oh * ow, row_len));
    let out = cols.as_slice_mut().expect("a new array is one slice");
    // One window `(oy, ox)` of one image (`[C, H, W]` as a slice) into its row.
    let window = |row: &mut [f32], image: &[f32], oy: usize, ox: usize| {
        // Signed: the window may start in the padding, left of (or above) the image. Its
        // columns `kj` in `first..last` fall inside the image; the others stay 0.
        let x0 = (ox * stride) as isize - padding as isize;
        let first = (-x0).clamp(0, kw as isize) as usize;
        let last = (w as isize - x0).clamp(0, kw as isize) as usize;
        for ch in 0..c {
            for ki in 0..kh {
                let iy = (oy * stride + ki) as isize - padding as isize;
                if iy < 0 || iy >= h as isize {
                    continue; // a padding row: the zeros are already there
                }
                let line = &image[(ch * h + iy as usize) * w..(ch * h + iy as usize + 1) * w];
                for kj in first..last {
                    row[(ch * kh + ki) * kw + kj] = line[(x0 + kj as isize) as usize];
                }
            }
        }
    };
    // Rows are written one after the other, in memory order (window `(b, oy, ox)` is row
    // `(b * oh + oy) * ow + ox`); each pixel is read from a plain slice of its image line,
    // with no 4-D index arithmetic per value.
    let mut rows = out.chunks_exact_mut(row_len.max(1));
    for b in 0..n {
        let image = &xs[b * c * h * w..(b + 1) * c * h * w];
        for oy in 0..oh {
            for ox in 0..ow {
                window(rows.next().expect("one row per window"), image, oy, ox);
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
