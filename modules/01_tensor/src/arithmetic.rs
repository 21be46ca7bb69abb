//! The arithmetic methods and operators built on the exercises of task 01.2: each
//! binary method broadcasts through `zip_broadcast` (in `reference/elementwise.rs`) and
//! records its op for autograd; `a + b`, `a * 2.0`, `-a` call those methods.

use crate::imp::zip_broadcast;
use crate::{Op, Tensor};

impl Tensor {
    /// Elementwise `self + other`, broadcasting.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use tinytorch_tensor::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
    /// let b = Tensor::from_vec(vec![10.0, 20.0], &[2]).unwrap();
    /// assert_eq!(x.add(&b).to_vec(), vec![11.0, 22.0, 13.0, 24.0]);
    /// ```
    pub fn add(&self, other: &Tensor) -> Tensor {
        let data = zip_broadcast(self, other, "add", |x, y| x + y);
        Tensor::from_op(data, &[self, other], || {
            Op::Add(self.clone(), other.clone())
        })
    }

    /// Elementwise `self - other`, broadcasting.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    pub fn sub(&self, other: &Tensor) -> Tensor {
        let data = zip_broadcast(self, other, "sub", |x, y| x - y);
        Tensor::from_op(data, &[self, other], || {
            Op::Sub(self.clone(), other.clone())
        })
    }

    /// Elementwise `self * other`, broadcasting.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    pub fn mul(&self, other: &Tensor) -> Tensor {
        let data = zip_broadcast(self, other, "mul", |x, y| x * y);
        Tensor::from_op(data, &[self, other], || {
            Op::Mul(self.clone(), other.clone())
        })
    }

    /// Elementwise `self / other`, broadcasting. Division by zero gives ±inf or NaN, as in
    /// IEEE 754.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    pub fn div(&self, other: &Tensor) -> Tensor {
        let data = zip_broadcast(self, other, "div", |x, y| x / y);
        Tensor::from_op(data, &[self, other], || {
            Op::Div(self.clone(), other.clone())
        })
    }

    /// `-self`.
    pub fn neg(&self) -> Tensor {
        let data = self.data().mapv(|x| -x);
        Tensor::from_op(data, &[self], || Op::Neg(self.clone()))
    }
}

/// `a + b`, `a - b`, `a * b`, `a / b` on tensors (owned or borrowed) and with `f32` scalars.
macro_rules! impl_operator {
    ($trait:ident, $method:ident, $tensor_fn:ident, $scalar_expr:expr) => {
        impl std::ops::$trait<&Tensor> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: &Tensor) -> Tensor {
                Tensor::$tensor_fn(self, rhs)
            }
        }
        impl std::ops::$trait<Tensor> for Tensor {
            type Output = Tensor;
            fn $method(self, rhs: Tensor) -> Tensor {
                Tensor::$tensor_fn(&self, &rhs)
            }
        }
        impl std::ops::$trait<f32> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: f32) -> Tensor {
                let scalar: fn(&Tensor, f32) -> Tensor = $scalar_expr;
                scalar(self, rhs)
            }
        }
        impl std::ops::$trait<f32> for Tensor {
            type Output = Tensor;
            fn $method(self, rhs: f32) -> Tensor {
                let scalar: fn(&Tensor, f32) -> Tensor = $scalar_expr;
                scalar(&self, rhs)
            }
        }
    };
}

impl_operator!(Add, add, add, |t, c| t.add_scalar(c));
impl_operator!(Sub, sub, sub, |t, c| t.add_scalar(-c));
impl_operator!(Mul, mul, mul, |t, c| t.mul_scalar(c));
impl_operator!(Div, div, div, |t, c| t.mul_scalar(1.0 / c));

impl std::ops::Neg for &Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        Tensor::neg(self)
    }
}

impl std::ops::Neg for Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        Tensor::neg(&self)
    }
}
