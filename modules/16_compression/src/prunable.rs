//! Which parameters of a model magnitude pruning may touch (shared code).

use tinytorch_convolutions::Conv2d;
use tinytorch_layers::{Linear, Module, Parameter, Sequential};

/// The weight matrices of every `Linear` and the kernels of every `Conv2d` in `model`, in
/// layer order, looking inside nested `Sequential`s. Biases are never included: they are
/// few (one per output), and pruning them saves nothing while shifting every activation.
///
/// A layer of another type (an activation, a custom block) contributes nothing; to prune
/// a model built from other containers, collect its weights yourself and call
/// [`prune_layer`](crate::prune_layer) on each.
///
/// ```
/// use tinytorch_activations::Relu;
/// use tinytorch_compression::prunable_weights;
/// use tinytorch_layers::{Linear, Sequential};
/// use tinytorch_tensor::seeded_rng;
/// let mut rng = seeded_rng(0);
/// let mlp = Sequential::new()
///     .add(Linear::new(4, 3, &mut rng))
///     .add(Relu)
///     .add(Linear::new(3, 2, &mut rng));
/// let shapes: Vec<Vec<usize>> = prunable_weights(&mlp).iter().map(|p| p.shape()).collect();
/// assert_eq!(shapes, [vec![4, 3], vec![3, 2]]);
/// ```
pub fn prunable_weights(model: &dyn Module) -> Vec<Parameter> {
    let any = model.as_any();
    if let Some(linear) = any.downcast_ref::<Linear>() {
        vec![linear.weight().clone()]
    } else if let Some(conv) = any.downcast_ref::<Conv2d>() {
        vec![conv.weight().clone()]
    } else if let Some(seq) = any.downcast_ref::<Sequential>() {
        seq.layers()
            .iter()
            .flat_map(|layer| prunable_weights(layer.as_ref()))
            .collect()
    } else {
        Vec::new()
    }
}
