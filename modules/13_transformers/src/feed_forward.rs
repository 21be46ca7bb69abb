//! The `FeedForward` block (shared code): its two layers, constructor and accessors. The
//! forward pass is the exercise, in `reference/feed_forward.rs`.

use rand::Rng;
use tinytorch_layers::Linear;

/// The position-wise MLP of a transformer block: `Linear(D -> hidden)`, GELU,
/// `Linear(hidden -> D)`, applied to every token on its own. `hidden = expansion * D`
/// (4 in GPT-2), so it holds `2 * expansion * D^2 + expansion * D + D` parameters: with
/// expansion 4, two thirds of a block's weights.
///
/// ```
/// use tinytorch_layers::Module;
/// use tinytorch_tensor::{Tensor, seeded_rng};
/// use tinytorch_transformers::FeedForward;
///
/// let ff = FeedForward::new(8, 4, &mut seeded_rng(0));
/// assert_eq!(ff.num_parameters(), 8 * 32 + 32 + 32 * 8 + 8);
/// let y = ff.forward(&Tensor::ones(&[2, 5, 8]));
/// assert_eq!(y.shape(), &[2, 5, 8]);
/// ```
#[derive(Clone, Debug)]
pub struct FeedForward {
    pub(crate) fc1: Linear,
    pub(crate) fc2: Linear,
}

impl FeedForward {
    /// A block of width `d_model` with a hidden layer of `expansion * d_model` units; the
    /// weights of `fc1` then `fc2` are drawn from `rng` (see
    /// [`Linear::new`](tinytorch_layers::Linear::new)).
    ///
    /// # Panics
    /// If `d_model` or `expansion` is 0.
    pub fn new(d_model: usize, expansion: usize, rng: &mut impl Rng) -> FeedForward {
        assert!(
            d_model > 0 && expansion > 0,
            "FeedForward::new: d_model and expansion must be at least 1, got d_model = {d_model}, expansion = {expansion}"
        );
        let hidden = expansion * d_model;
        FeedForward {
            fc1: Linear::new(d_model, hidden, rng),
            fc2: Linear::new(hidden, d_model, rng),
        }
    }

    /// Builds the block from existing layers (e.g. loaded from a checkpoint).
    ///
    /// # Panics
    /// If `fc2` does not map `fc1`'s output width back to `fc1`'s input width.
    pub fn from_layers(fc1: Linear, fc2: Linear) -> FeedForward {
        assert!(
            fc2.in_features() == fc1.out_features() && fc2.out_features() == fc1.in_features(),
            "FeedForward::from_layers: fc1 is {} -> {} and fc2 is {} -> {}; fc2 must map {} -> {}",
            fc1.in_features(),
            fc1.out_features(),
            fc2.in_features(),
            fc2.out_features(),
            fc1.out_features(),
            fc1.in_features()
        );
        FeedForward { fc1, fc2 }
    }

    /// The expanding layer `D -> hidden`.
    pub fn fc1(&self) -> &Linear {
        &self.fc1
    }

    /// The projecting layer `hidden -> D`.
    pub fn fc2(&self) -> &Linear {
        &self.fc2
    }

    /// The model width `D`.
    pub fn d_model(&self) -> usize {
        self.fc1.in_features()
    }

    /// The hidden width `expansion * D`.
    pub fn hidden(&self) -> usize {
        self.fc1.out_features()
    }
}
