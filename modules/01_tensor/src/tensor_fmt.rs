//! How tensors print: values with four decimals, then the shape and the grad flag.
use crate::Tensor;
use std::fmt;

impl fmt::Display for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tensor({:.4}, shape={:?}", self.data(), self.shape())?;
        if self.requires_grad() {
            write!(f, ", requires_grad")?;
        }
        write!(f, ")")
    }
}

impl fmt::Debug for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.op().map_or("leaf", |op| op.name());
        write!(f, "Tensor(shape={:?}, op={op}, ", self.shape())?;
        write!(
            f,
            "requires_grad={}, data={:.4})",
            self.requires_grad(),
            self.data()
        )
    }
}
