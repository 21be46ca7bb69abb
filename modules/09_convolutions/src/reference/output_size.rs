//! Task 09.1: the size of a convolution's (or a pooling's) output.

use crate::ConvError;

/// The number of positions a window of size `kernel` takes along an input side of size
/// `input` padded with `padding` zeros on each side, moving `stride` at a time:
///
/// ```text
/// out = floor((input + 2 * padding - kernel) / stride) + 1
/// ```
///
/// The same formula gives the height (with the kernel height) and the width (with the
/// kernel width) of a [`Conv2d`](crate::Conv2d), a [`MaxPool2d`](crate::MaxPool2d) or an
/// [`AvgPool2d`](crate::AvgPool2d) output. A window that would stick out past the padded
/// edge is dropped (the floor).
///
/// # Errors
/// [`ConvError::ZeroStride`] when `stride` is 0, [`ConvError::ZeroSize`] when `kernel` is
/// 0, [`ConvError::KernelTooLarge`] when the kernel is larger than the padded input.
///
/// ```
/// use tinytorch_convolutions::{ConvError, conv_output_size};
/// assert_eq!(conv_output_size(32, 3, 1, 1), Ok(32)); // "same" padding
/// assert_eq!(conv_output_size(32, 3, 2, 1), Ok(16)); // floor(31 / 2) + 1
/// assert!(matches!(conv_output_size(2, 5, 1, 0), Err(ConvError::KernelTooLarge { .. })));
/// ```
pub fn conv_output_size(
    input: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
) -> Result<usize, ConvError> {
    // BEGIN SOLUTION 09.1
    if stride == 0 {
        return Err(ConvError::ZeroStride);
    }
    if kernel == 0 {
        return Err(ConvError::ZeroSize { what: "kernel" });
    }
    let padded = input + 2 * padding;
    if kernel > padded {
        return Err(ConvError::KernelTooLarge {
            input,
            kernel,
            padding,
        });
    }
    Ok((padded - kernel) / stride + 1)
    // END SOLUTION
}
