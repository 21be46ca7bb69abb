//! Task 09.3: col2im, the backward pass of im2col: fold a matrix of window gradients back
//! onto the image, adding where windows overlap.

use crate::conv_output_size;
use ndarray::{Array4, ArrayD, Ix2};

/// Folds `cols` (`[N * oh * ow, C * kh * kw]`, laid out like the output of
/// [`im2col`](crate::im2col)) back into an image batch of shape `input_shape`
/// (`[N, C, H, W]`): every entry is ADDED to the pixel it was copied from. Entries that
/// came from the padding are dropped.
///
/// This is the adjoint of im2col: for any `x` and `g`,
/// `sum(im2col(x) * g) == sum(x * col2im(g))`, which is why it is im2col's gradient. A
/// pixel covered by several windows (stride smaller than the kernel) receives the sum of
/// their gradients.
///
/// # Panics
/// If `input_shape` is not 4-D, the kernel does not fit, or `cols` does not have the shape
/// im2col would give for `input_shape`, naming both shapes.
///
/// ```
/// use ndarray::{ArrayD, IxDyn};
/// use tinytorch_convolutions::col2im;
/// // 2x2 windows over a 3x3 image: the centre pixel lies in all four windows.
/// let ones = ArrayD::from_elem(IxDyn(&[4, 4]), 1.0);
/// let counts = col2im(&ones, &[1, 1, 3, 3], 2, 2, 1, 0);
/// assert_eq!(counts.iter().copied().collect::<Vec<f32>>(),
///            vec![1.0, 2.0, 1.0, 2.0, 4.0, 2.0, 1.0, 2.0, 1.0]);
/// ```
pub fn col2im(
    cols: &ArrayD<f32>,
    input_shape: &[usize],
    kh: usize,
    kw: usize,
    stride: usize,
    padding: usize,
) -> ArrayD<f32> {
    let &[n, c, h, w] = input_shape else {
        panic!("col2im: input shape {input_shape:?} must be 4-D [N, C, H, W]");
    };
    let size = |input, kernel| {
        conv_output_size(input, kernel, stride, padding)
            .unwrap_or_else(|e| panic!("col2im: input shape {input_shape:?}: {e}"))
    };
    let (oh, ow) = (size(h, kh), size(w, kw));
    let expected = [n * oh * ow, c * kh * kw];
    assert!(
        cols.shape() == expected,
        "col2im: columns of shape {:?} do not match input shape {input_shape:?} with a {kh}x{kw} kernel \
         (stride {stride}, padding {padding}): expected {expected:?}",
        cols.shape()
    );
    let cols = cols
        .view()
        .into_dimensionality::<Ix2>()
        .expect("checked 2-D");
    // BEGIN SOLUTION 09.3
    let mut dx = Array4::<f32>::zeros((n, c, h, w));
    for (r, row) in cols.outer_iter().enumerate() {
        let (b, oy, ox) = (r / (oh * ow), (r / ow) % oh, r % ow);
        for ch in 0..c {
            for ki in 0..kh {
                let iy = (oy * stride + ki) as isize - padding as isize;
                if iy < 0 || iy >= h as isize {
                    continue; // this part of the window lay in the padding: no pixel to credit
                }
                for kj in 0..kw {
                    let ix = (ox * stride + kj) as isize - padding as isize;
                    if ix >= 0 && ix < w as isize {
                        // `+=`: overlapping windows each contribute to the same pixel.
                        dx[[b, ch, iy as usize, ix as usize]] += row[(ch * kh + ki) * kw + kj];
                    }
                }
            }
        }
    }
    dx.into_dyn()
    // END SOLUTION
}
