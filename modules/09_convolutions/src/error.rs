//! Errors for convolution and pooling settings a user supplies (a kernel size from a
//! config file, a stride on a command line).

use std::fmt;

/// What was wrong with a convolution's or a pooling layer's geometry.
///
/// Returned by [`conv_output_size`](crate::conv_output_size) and by the layer
/// constructors, so that a typo fails when the network is built, not deep inside the
/// first forward pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConvError {
    /// A stride of 0: the window would never move.
    ZeroStride,
    /// A size that must be at least 1 was 0 (a kernel side, a channel count).
    ZeroSize {
        /// What was 0, e.g. `"kernel height"` or `"in_channels"`.
        what: &'static str,
    },
    /// The kernel does not fit in the padded input: there is no valid output position.
    KernelTooLarge {
        /// The input side (height or width), before padding.
        input: usize,
        /// The kernel side.
        kernel: usize,
        /// The zero padding added on each side.
        padding: usize,
    },
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvError::ZeroStride => write!(
                f,
                "stride = 0: the window would never move; use a stride of at least 1 (1 keeps the size, 2 halves it)"
            ),
            ConvError::ZeroSize { what } => write!(f, "{what} = 0: it must be at least 1"),
            ConvError::KernelTooLarge {
                input,
                kernel,
                padding,
            } => write!(
                f,
                "a kernel of size {kernel} does not fit in an input of size {input} with padding {padding} \
                 (padded size {}): use a kernel of at most {} or a padding of at least {}",
                input + 2 * padding,
                input + 2 * padding,
                (kernel - input).div_ceil(2)
            ),
        }
    }
}

impl std::error::Error for ConvError {}
