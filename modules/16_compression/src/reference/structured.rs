//! Task 16.5: structured pruning: removing whole hidden units so the layers shrink.

use ndarray::{Axis, Ix2};
use tinytorch_layers::Linear;
use tinytorch_tensor::Tensor;

/// Removes hidden units between two consecutive layers `first: in -> hidden` and
/// `second: hidden -> out`, keeping the `keep` units whose INCOMING weights (the columns
/// of `first.weight`, `[in, hidden]`) have the largest L2 norm. Returns the smaller pair
/// `in -> keep -> out`.
///
/// Unit `j` lives in three places: column `j` of `first.weight`, entry `j` of
/// `first.bias`, and ROW `j` of `second.weight` (`[hidden, out]`); all three go. The
/// second bias stays whole. The kept units keep their order; ties in norm keep the lower
/// index. With an elementwise activation between the layers whose value at 0 is 0 (ReLU,
/// GELU, tanh), the pair computes exactly what the original computes with the removed
/// units' columns and biases zeroed.
///
/// Unlike magnitude pruning, the result needs no sparse format or kernel: both weights
/// are smaller dense matrices, and the dense matmul gets faster in proportion.
///
/// # Panics
/// If `first.out_features() != second.in_features()`, or `keep` is 0 or more than the
/// number of hidden units.
///
/// ```
/// use tinytorch_compression::prune_neurons;
/// use tinytorch_layers::{Linear, Module};
/// use tinytorch_tensor::seeded_rng;
/// let mut rng = seeded_rng(0);
/// let (a, b) = (Linear::new(64, 32, &mut rng), Linear::new(32, 10, &mut rng));
/// let (a2, b2) = prune_neurons(&a, &b, 8);
/// assert_eq!((a2.out_features(), b2.in_features()), (8, 8));
/// assert_eq!(a2.num_parameters() + b2.num_parameters(), 64 * 8 + 8 + 8 * 10 + 10);
/// ```
pub fn prune_neurons(first: &Linear, second: &Linear, keep: usize) -> (Linear, Linear) {
    // BEGIN SOLUTION 16.5
    let hidden = first.out_features();
    assert!(
        second.in_features() == hidden,
        "prune_neurons: first layer {} -> {hidden} does not feed second layer {} -> {}",
        first.in_features(),
        second.in_features(),
        second.out_features()
    );
    assert!(
        (1..=hidden).contains(&keep),
        "prune_neurons: cannot keep {keep} of {hidden} hidden units (keep must be in 1..={hidden})"
    );
    let w1 = first.weight().get().detach();
    let w1 = w1.data().view().into_dimensionality::<Ix2>().expect("2-D");
    // One norm per hidden unit: reduce over the inputs (axis 0) of each column.
    let norms = w1.map_axis(Axis(0), |col| col.dot(&col).sqrt());
    let mut order: Vec<usize> = (0..norms.len()).collect();
    order.sort_by(|&i, &j| norms[j].total_cmp(&norms[i]).then(i.cmp(&j)));
    let mut kept = order[..keep].to_vec();
    kept.sort_unstable();

    let new_w1 = w1.select(Axis(1), &kept);
    let new_b1 = first
        .bias()
        .map(|b| Tensor::from_array(b.get().data().select(Axis(0), &kept)));
    let w2 = second.weight().get();
    let new_w2 = w2.data().select(Axis(0), &kept);
    let new_b2 = second.bias().map(|b| b.get().detach());
    let first = Linear::from_parameters(Tensor::from_array(new_w1.into_dyn()), new_b1)
        .expect("a column subset of a valid Linear");
    let second = Linear::from_parameters(Tensor::from_array(new_w2), new_b2)
        .expect("a row subset of a valid Linear");
    (first, second)
    // END SOLUTION
}
