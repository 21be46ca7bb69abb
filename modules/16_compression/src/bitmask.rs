//! The `BitmaskMatrix` type and its accessors (shared code). Encoding, decoding and the
//! byte count are exercises, in `reference/csr.rs` next to CSR.

/// A sparse matrix as one bit per entry (1 = nonzero) plus the nonzero values packed in
/// row-major order.
///
/// Entry `i` of the flattened (row-major) matrix is bit `i % 8` (least significant first)
/// of byte `i / 8`; the values of the set bits follow in the same order. The bitmask costs
/// `ceil(rows * cols / 8)` bytes whatever the sparsity, the values 4 bytes each: cheaper
/// than CSR's 4-byte column index per value as soon as more than 1 entry in 32 is nonzero.
///
/// ```
/// use tinytorch_compression::BitmaskMatrix;
/// use tinytorch_tensor::Tensor;
/// let dense = Tensor::from_vec(vec![0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 7.0, 0.0, 0.0, 9.0], &[3, 4]).unwrap();
/// let packed = BitmaskMatrix::from_dense(&dense);
/// // Nonzeros at flat indices 1, 8 and 11: byte 0 = 0b0000_0010, byte 1 = 0b0000_1001.
/// assert_eq!(packed.bits(), &[0b0000_0010, 0b0000_1001]);
/// assert_eq!(packed.values(), &[5.0, 7.0, 9.0]);
/// assert_eq!(packed.nbytes(), 2 + 3 * 4);
/// assert_eq!(packed.to_dense().to_vec(), dense.to_vec());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BitmaskMatrix {
    pub(crate) bits: Vec<u8>,
    pub(crate) values: Vec<f32>,
    pub(crate) shape: [usize; 2],
}

impl BitmaskMatrix {
    /// One bit per entry, least significant bit first, `ceil(rows * cols / 8)` bytes.
    pub fn bits(&self) -> &[u8] {
        &self.bits
    }

    /// The nonzero values in row-major order.
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    /// `[rows, cols]` of the dense matrix.
    pub fn shape(&self) -> [usize; 2] {
        self.shape
    }

    /// The number of stored (nonzero) values.
    pub fn nnz(&self) -> usize {
        self.values.len()
    }
}
