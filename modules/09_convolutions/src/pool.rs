//! The pooling layers and their op records (shared code). Their forward and backward
//! passes are the exercise, in `reference/pool.rs`.

use crate::{ConvError, conv_output_size};
use tinytorch_tensor::Tensor;

/// Max pooling: each output is the largest value of a `kernel x kernel` window of its
/// channel, windows `stride` apart (no padding). Halves H and W with the usual
/// `kernel = stride = 2`, keeping the strongest response of each 2x2 block.
///
/// ```
/// use tinytorch_convolutions::MaxPool2d;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::Tensor;
/// let pool = MaxPool2d::new(2).unwrap();
/// let x = Tensor::arange(0.0, 16.0, 1.0).reshape(&[1, 1, 4, 4]);
/// assert_eq!(pool.forward(&x).to_vec(), vec![5.0, 7.0, 13.0, 15.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxPool2d {
    pub(crate) kernel: usize,
    pub(crate) stride: usize,
}

/// Average pooling: each output is the mean of a `kernel x kernel` window of its channel
/// (the sum divided by `kernel * kernel`), windows `stride` apart (no padding).
///
/// ```
/// use tinytorch_convolutions::AvgPool2d;
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::Tensor;
/// let pool = AvgPool2d::new(2).unwrap();
/// let x = Tensor::arange(0.0, 16.0, 1.0).reshape(&[1, 1, 4, 4]);
/// assert_eq!(pool.forward(&x).to_vec(), vec![2.5, 4.5, 10.5, 12.5]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvgPool2d {
    pub(crate) kernel: usize,
    pub(crate) stride: usize,
}

fn check_pool(kernel: usize, stride: usize) -> Result<(), ConvError> {
    if kernel == 0 {
        return Err(ConvError::ZeroSize { what: "kernel" });
    }
    if stride == 0 {
        return Err(ConvError::ZeroStride);
    }
    Ok(())
}

macro_rules! pool_common {
    ($ty:ident, $label:literal) => {
        impl $ty {
            /// Non-overlapping windows: `kernel x kernel`, stride `kernel`.
            ///
            /// # Errors
            /// [`ConvError::ZeroSize`] when `kernel` is 0.
            pub fn new(kernel: usize) -> Result<$ty, ConvError> {
                $ty::with_stride(kernel, kernel)
            }

            /// `kernel x kernel` windows, `stride` apart (overlapping when
            /// `stride < kernel`).
            ///
            /// # Errors
            /// [`ConvError::ZeroSize`] when `kernel` is 0, [`ConvError::ZeroStride`] when
            /// `stride` is 0.
            pub fn with_stride(kernel: usize, stride: usize) -> Result<$ty, ConvError> {
                check_pool(kernel, stride)?;
                Ok($ty { kernel, stride })
            }

            /// The window side.
            pub fn kernel(&self) -> usize {
                self.kernel
            }

            /// The step between two windows.
            pub fn stride(&self) -> usize {
                self.stride
            }

            /// A short description, e.g. `"MaxPool2d(2x2, stride 2)"`.
            pub fn label(&self) -> String {
                format!(
                    concat!($label, "({k}x{k}, stride {s})"),
                    k = self.kernel,
                    s = self.stride
                )
            }

            /// The input as `[N, C, H, W]` and the output size `(oh, ow)`.
            ///
            /// # Panics
            /// If `x` is not 4-D or the window does not fit, naming the layer and the shape.
            // Used by the exercise code: unused while it is a stub.
            #[cfg_attr(course_student, allow(dead_code))]
            pub(crate) fn geometry(&self, x: &Tensor) -> ([usize; 4], (usize, usize)) {
                let &[n, c, h, w] = x.shape() else {
                    panic!(
                        "{}: input of shape {:?} must be 4-D [N, C, H, W]",
                        self.label(),
                        x.shape()
                    );
                };
                let size = |input| {
                    conv_output_size(input, self.kernel, self.stride, 0).unwrap_or_else(|e| {
                        panic!("{}: input of shape {:?}: {e}", self.label(), x.shape())
                    })
                };
                ([n, c, h, w], (size(h), size(w)))
            }
        }
    };
}

pool_common!(MaxPool2d, "MaxPool2d");
pool_common!(AvgPool2d, "AvgPool2d");

/// The record of one max pooling: where each output's maximum came from.
// Built and read by the exercise code: unused while it is a stub.
#[cfg_attr(course_student, allow(dead_code))]
#[derive(Debug)]
pub(crate) struct MaxPoolOp {
    /// The `[N, C, H, W]` input.
    pub(crate) input: Tensor,
    /// For each output element (row-major), the row-major index of its maximum in the
    /// input: the only input element that output depends on.
    pub(crate) argmax: Vec<usize>,
    /// The window side and step (for reports; the argmax already says everything the
    /// backward pass needs).
    #[allow(dead_code)]
    pub(crate) kernel: usize,
    #[allow(dead_code)]
    pub(crate) stride: usize,
}

/// The record of one average pooling: the input and the window geometry.
#[cfg_attr(course_student, allow(dead_code))]
#[derive(Debug)]
pub(crate) struct AvgPoolOp {
    /// The `[N, C, H, W]` input.
    pub(crate) input: Tensor,
    pub(crate) kernel: usize,
    pub(crate) stride: usize,
}
