//! Task 14.3: FLOPs of linear and convolutional layers. One multiply-accumulate (MAC) is
//! 2 FLOPs: a multiply and an add.

/// FLOPs of a `Linear(inputs -> outputs)` applied to `rows` input vectors (the product of
/// every axis of the input but the last): each output is a dot product of length `inputs`,
/// `rows * outputs` of them, 2 FLOPs per multiply-accumulate. The bias add is not counted.
///
/// ```
/// use tinytorch_profiling::linear_flops;
/// assert_eq!(linear_flops(1, 64, 32) + linear_flops(1, 32, 10), 4_736); // the digit MLP, one sample
/// ```
pub fn linear_flops(rows: usize, inputs: usize, outputs: usize) -> u64 {
    // BEGIN SOLUTION 14.3
    2 * (rows * inputs * outputs) as u64
    // END SOLUTION
}

/// FLOPs of a `Conv2d(in_channels -> out_channels, kh x kw)` producing an `oh x ow` output
/// for each of `batch` images: every OUTPUT value is a dot product of length
/// `in_channels * kh * kw`, and there are `batch * out_channels * oh * ow` of them, 2 FLOPs
/// per multiply-accumulate. Padding changes the work only through `oh` and `ow`.
///
/// ```
/// use tinytorch_profiling::conv2d_flops;
/// // 3 -> 16 channels, 3x3, on 32x32 with padding 1 (output 32x32)
/// assert_eq!(conv2d_flops(1, 3, 16, (3, 3), (32, 32)), 2 * 16 * 32 * 32 * 3 * 9); // 884,736
/// ```
pub fn conv2d_flops(
    batch: usize,
    in_channels: usize,
    out_channels: usize,
    kernel: (usize, usize),
    output: (usize, usize),
) -> u64 {
    // BEGIN SOLUTION 14.3
    let outputs = batch * out_channels * output.0 * output.1;
    let macs_per_output = in_channels * kernel.0 * kernel.1;
    2 * (outputs * macs_per_output) as u64
    // END SOLUTION
}
