#![doc = include_str!("../README.md")]

mod arithmetic;
mod error;
mod long_rows;
mod matmul;
mod op;
mod reduction_helpers;
mod shorthands;
mod tensor;
mod tensor_fmt;

pub mod edition;
pub mod testing;

#[cfg_attr(not(course_student), path = "reference/mod.rs")]
#[cfg_attr(course_student, path = "student/mod.rs")]
mod imp;

pub use edition::{Edition, ModuleEdition};
pub use error::TensorError;
pub use imp::{broadcast_shape, resolve_reshape};
pub use op::{CustomOp, Op};
pub use tensor::{Tensor, TensorId};

/// The seeded random number generator the whole course uses: portable and reproducible.
pub use rand_chacha::ChaCha8Rng;

module_edition!("01", []);

/// A ChaCha8 generator seeded from `seed`: the same seed always gives the same numbers,
/// on every machine. Every random tensor, initialization and shuffle in the course takes
/// an RNG made this way (or one passed in), never a global or thread RNG.
///
/// ```
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// let a = Tensor::randn(&[2, 3], &mut seeded_rng(7));
/// let b = Tensor::randn(&[2, 3], &mut seeded_rng(7));
/// assert_eq!(a.to_vec(), b.to_vec());
/// ```
pub fn seeded_rng(seed: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    ChaCha8Rng::seed_from_u64(seed)
}
