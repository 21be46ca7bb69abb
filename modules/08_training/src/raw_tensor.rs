//! A tensor as the bytes a safetensors file stores: what the f32 checkpoints write, and
//! what tests write to make files by hand (a wrong dtype, a missing tensor ...).

use safetensors::{Dtype, View};
use std::borrow::Cow;
use tinytorch_tensor::Tensor;

/// A tensor's raw little-endian bytes with their dtype and shape, ready for
/// `safetensors::serialize`. The bytes are whatever `dtype` says; nothing checks that
/// they match `shape` (a test may want a file that is wrong on purpose).
///
/// ```
/// use safetensors::Dtype;
/// use tinytorch_tensor::Tensor;
/// use tinytorch_training::RawTensor;
/// let raw = RawTensor::f32(&Tensor::from_vec(vec![1.0, -2.0], &[2]).unwrap());
/// assert_eq!((raw.dtype, raw.shape.as_slice(), raw.bytes.len()), (Dtype::F32, &[2][..], 8));
/// let file = safetensors::serialize([("x", raw)], None).unwrap();
/// assert!(file.len() > 8);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RawTensor {
    /// How the bytes encode each value.
    pub dtype: Dtype,
    /// The tensor's shape.
    pub shape: Vec<usize>,
    /// The values, little-endian, in row-major order.
    pub bytes: Vec<u8>,
}

impl RawTensor {
    /// The values of `tensor` as little-endian `f32`, in row-major order.
    pub fn f32(tensor: &Tensor) -> RawTensor {
        // `iter` walks in row-major order whatever the memory layout.
        let bytes = tensor.data().iter().flat_map(|v| v.to_le_bytes()).collect();
        RawTensor {
            dtype: Dtype::F32,
            shape: tensor.shape().to_vec(),
            bytes,
        }
    }
}

impl View for RawTensor {
    fn dtype(&self) -> Dtype {
        self.dtype
    }

    fn shape(&self) -> &[usize] {
        &self.shape
    }

    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.bytes)
    }

    fn data_len(&self) -> usize {
        self.bytes.len()
    }
}
