//! Task 14.2: memory. Parameters and activations are `f32`: 4 bytes each.

use crate::BYTES_PER_F32;

/// Bytes of `params` `f32` parameters.
///
/// ```
/// use tinytorch_profiling::param_bytes;
/// assert_eq!(param_bytes(2_410), 9_640); // the digit MLP
/// ```
pub fn param_bytes(params: usize) -> usize {
    // BEGIN SOLUTION 14.2
    params * BYTES_PER_F32
    // END SOLUTION
}

/// Bytes of an `f32` activation of shape `shape` (4 per element; a 0-D shape is one
/// element).
///
/// ```
/// use tinytorch_profiling::activation_bytes;
/// assert_eq!(activation_bytes(&[8, 64]), 8 * 64 * 4);
/// ```
pub fn activation_bytes(shape: &[usize]) -> usize {
    // BEGIN SOLUTION 14.2
    let elements: usize = shape.iter().product();
    elements * std::mem::size_of::<f32>()
    // END SOLUTION
}

/// The largest number of activation bytes alive at once in an inference forward pass
/// through a chain of layers, given the bytes of the input and of each layer's output in
/// order.
///
/// The model: without autograd nothing is kept for a backward pass, so while layer `i`
/// runs, its input (the previous output, or the model's input for the first layer) and its
/// output are alive, and everything before is freed. The peak is therefore
/// `max_i (bytes_in(i) + bytes_out(i))`; with no layers it is the input alone. (Training
/// keeps every output for the backward pass: the SUM of all outputs instead.)
///
/// ```
/// use tinytorch_profiling::peak_activation_bytes;
/// // the digit MLP on one sample: input 64 floats, then 32, 32, 10
/// assert_eq!(peak_activation_bytes(256, &[128, 128, 40]), 256 + 128);
/// assert_eq!(peak_activation_bytes(256, &[]), 256);
/// ```
pub fn peak_activation_bytes(input_bytes: usize, output_bytes: &[usize]) -> usize {
    // BEGIN SOLUTION 14.2
    let mut live_input = input_bytes;
    let mut peak = input_bytes;
    for &out in output_bytes {
        peak = peak.max(live_input + out);
        live_input = out;
    }
    peak
    // END SOLUTION
}
