//! Task 16.1: magnitude pruning, one layer at a time and with one global threshold.

use crate::magnitude_helpers::{check_sparsity, pruned_count};
use crate::{Mask, prunable_weights};
use ndarray::ArrayD;
use tinytorch_layers::{Module, Parameter};
use tinytorch_tensor::Tensor;

/// The 0/1 mask that prunes the `round(sparsity * n)` weights of smallest magnitude `|w|`
/// of `weight` (any shape): 0.0 for a pruned weight, 1.0 for a survivor.
///
/// Exactly that many entries are 0 in the mask, whatever the values: ties in `|w|` are
/// broken by position, the weight that comes FIRST in row-major order is pruned first.
/// (A threshold test `|w| <= t` would prune every tied weight and miss the count.)
///
/// # Panics
/// If `sparsity` is not in `[0, 1]`.
///
/// ```
/// use tinytorch_compression::magnitude_mask;
/// use tinytorch_tensor::Tensor;
/// let w = Tensor::from_vec(vec![0.5, -3.0, 0.1, 2.0], &[2, 2]).unwrap();
/// // Half of 4 = 2 weights pruned: |0.1| and |0.5|.
/// assert_eq!(magnitude_mask(&w, 0.5).to_vec(), [0.0, 1.0, 0.0, 1.0]);
/// ```
pub fn magnitude_mask(weight: &Tensor, sparsity: f32) -> Tensor {
    // BEGIN SOLUTION 16.1
    check_sparsity("magnitude_mask", sparsity);
    let flat: Vec<f32> = weight.data().iter().copied().collect();
    let k = pruned_count(sparsity, flat.len());
    let mut order: Vec<usize> = (0..flat.len()).collect();
    order.sort_by(|&i, &j| flat[i].abs().total_cmp(&flat[j].abs()).then(i.cmp(&j)));
    let mut keep = vec![1.0f32; flat.len()];
    for &i in &order[..k] {
        keep[i] = 0.0;
    }
    let keep = ArrayD::from_shape_vec(weight.shape(), keep).expect("same number of entries");
    Tensor::from_array(keep)
    // END SOLUTION
}

/// Prunes `model` in place with ONE magnitude threshold over all its prunable weights
/// (the weight matrices of its `Linear` layers and the kernels of its `Conv2d` layers,
/// see [`prunable_weights`]; biases are never pruned nor counted): the
/// `round(sparsity * N)` smallest `|w|` among all `N` of them become 0, so a layer of
/// mostly small weights loses more than one of large weights. Ties are broken by layer
/// order, then row-major position (earlier first). Returns one mask per prunable weight,
/// in layer order.
///
/// # Panics
/// If `sparsity` is not in `[0, 1]`.
///
/// ```
/// use tinytorch_compression::{global_magnitude_prune, sparsity};
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_tensor::seeded_rng;
/// let mut rng = seeded_rng(0);
/// let mlp = Sequential::new().add(Linear::new(8, 8, &mut rng)).add(Linear::new(8, 2, &mut rng));
/// let masks = global_magnitude_prune(&mlp, 0.75);
/// assert_eq!(masks.len(), 2);
/// assert_eq!(sparsity(&mlp), 0.75); // 60 of the 80 weights, biases not counted
/// ```
pub fn global_magnitude_prune(model: &dyn Module, sparsity: f32) -> Vec<Mask> {
    // BEGIN SOLUTION 16.1
    check_sparsity("global_magnitude_prune", sparsity);
    let weights = prunable_weights(model);
    let values: Vec<Tensor> = weights.iter().map(Parameter::get).collect();
    // Every prunable weight, as (|w|, layer, position), sorted: the smallest k are pruned.
    let mut all: Vec<(f32, usize, usize)> = values
        .iter()
        .enumerate()
        .flat_map(|(layer, w)| {
            w.data()
                .iter()
                .enumerate()
                .map(move |(pos, &x)| (x.abs(), layer, pos))
        })
        .collect();
    let k = pruned_count(sparsity, all.len());
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut keeps: Vec<Vec<f32>> = values.iter().map(|w| vec![1.0; w.numel()]).collect();
    for &(_, layer, pos) in &all[..k] {
        keeps[layer][pos] = 0.0;
    }
    weights
        .into_iter()
        .zip(keeps)
        .map(|(param, keep)| {
            let keep = ArrayD::from_shape_vec(param.shape(), keep).expect("same size");
            let mask = Mask::new(param, Tensor::from_array(keep));
            mask.apply();
            mask
        })
        .collect()
    // END SOLUTION
}

/// The fraction (in `[0, 1]`, not a percentage) of `model`'s prunable weights that are
/// exactly zero. Biases are not counted, on either side of the fraction. A model without
/// prunable weights has sparsity 0.
///
/// ```
/// use tinytorch_compression::sparsity;
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_tensor::seeded_rng;
/// let mlp = Sequential::new().add(Linear::new(4, 4, &mut seeded_rng(0)));
/// assert_eq!(sparsity(&mlp), 0.0); // random weights, zero biases not counted
/// ```
pub fn sparsity(model: &dyn Module) -> f32 {
    // BEGIN SOLUTION 16.1
    let (mut zeros, mut total) = (0usize, 0usize);
    for w in prunable_weights(model) {
        let w = w.get();
        zeros += w.data().iter().filter(|&&x| x == 0.0).count();
        total += w.numel();
    }
    if total == 0 {
        0.0
    } else {
        zeros as f32 / total as f32
    }
    // END SOLUTION
}
