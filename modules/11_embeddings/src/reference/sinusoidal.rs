//! Task 11.4: the fixed sinusoidal position encoding of "Attention Is All You Need".

use ndarray::Array2;
use tinytorch_tensor::Tensor;

/// The `[max_len, dim]` sinusoidal encoding: for position `p` and pair `i`,
/// `pe[p, 2i] = sin(p / 10000^(2i / dim))` and `pe[p, 2i + 1] = cos(p / 10000^(2i / dim))`.
///
/// Pair `i` turns at angular frequency `10000^(-2i / dim)`: pair 0 once per radian of
/// position, the last pair about 10,000 times slower, so near and far positions both
/// differ somewhere. For an odd `dim` the last column is the sine of pair `(dim - 1) / 2`,
/// without its cosine partner. A constant (not trainable, requires no gradient), computed
/// in `f64` so that large positions keep their precision.
///
/// ```
/// use tinytorch_embeddings::sinusoidal_encoding;
/// let pe = sinusoidal_encoding(8, 4);
/// assert_eq!(pe.shape(), &[8, 4]);
/// assert_eq!(&pe.to_vec()[..4], &[0.0, 1.0, 0.0, 1.0]); // position 0: sin 0, cos 0, ...
/// ```
pub fn sinusoidal_encoding(max_len: usize, dim: usize) -> Tensor {
    // BEGIN SOLUTION 11.4
    // One frequency per column (columns 2i and 2i + 1 share pair i's), computed once.
    let freqs: Vec<f64> = (0..dim)
        .map(|j| 10000f64.powf(-((2 * (j / 2)) as f64) / dim as f64))
        .collect();
    let pe = Array2::from_shape_fn((max_len, dim), |(p, j)| {
        let angle = p as f64 * freqs[j];
        let value = if j % 2 == 0 { angle.sin() } else { angle.cos() };
        value as f32
    });
    Tensor::from_array(pe.into_dyn())
    // END SOLUTION
}
