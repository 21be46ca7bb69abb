//! Task 17.4: the fused epilogue of a linear layer.

use crate::Activation;
use crate::shapes::check_bias;
use ndarray::{ArrayView1, ArrayViewMut2, Zip};

/// `y = act(y + bias)` in place, in ONE pass over `y [m, n]` (bias `[n]` added to every
/// row): each value is read once, gets its bias and its activation while in a register,
/// and is written back once. The unfused version reads and writes the whole matrix twice
/// and allocates two new ones. [`linear_bias_act`](crate::linear_bias_act) calls this on
/// the GEMM's output.
///
/// # Panics
/// If `bias` does not have one entry per column of `y`.
///
/// ```
/// use ndarray::array;
/// use tinytorch_acceleration::{Activation, bias_act_inplace};
/// let mut y = array![[1.0_f32, -1.0], [-3.0, 2.0]];
/// bias_act_inplace(y.view_mut(), array![1.0_f32, -1.0].view(), Activation::Relu);
/// assert_eq!(y, array![[2.0_f32, 0.0], [0.0, 1.0]]);
/// ```
pub fn bias_act_inplace(mut y: ArrayViewMut2<'_, f32>, bias: ArrayView1<'_, f32>, act: Activation) {
    check_bias("bias_act_inplace", y.ncols(), &bias);
    // BEGIN SOLUTION 17.4
    for mut row in y.rows_mut() {
        Zip::from(&mut row)
            .and(&bias)
            .for_each(|v, &b| *v = act.apply(*v + b));
    }
    // END SOLUTION
}
