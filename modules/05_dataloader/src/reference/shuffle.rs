//! Task 05.3: seeded shuffling with Fisher-Yates.

use crate::{DataLoader, shuffle_rng};
use rand::Rng;

/// Shuffles `items` in place with the Fisher-Yates algorithm: every one of the `n!` orders
/// is equally likely, in `n - 1` swaps and draws from `rng`.
///
/// Walking `i` from the last position down to 1, it swaps `items[i]` with `items[j]` for a
/// `j` drawn uniformly from `0..=i` (including `i` itself: an item may stay put).
///
/// ```
/// use tinytorch_dataloader::fisher_yates;
/// use tinytorch_tensor::seeded_rng;
/// let mut a = [0, 1, 2, 3, 4];
/// let mut b = [0, 1, 2, 3, 4];
/// fisher_yates(&mut a, &mut seeded_rng(7));
/// fisher_yates(&mut b, &mut seeded_rng(7));
/// assert_eq!(a, b); // same seed, same order
/// let mut sorted = a;
/// sorted.sort();
/// assert_eq!(sorted, [0, 1, 2, 3, 4]); // a permutation
/// ```
pub fn fisher_yates<T>(items: &mut [T], rng: &mut impl Rng) {
    // BEGIN SOLUTION 05.3
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
    // END SOLUTION
}

impl DataLoader {
    /// The order in which epoch `epoch` visits the samples: `0, 1, ..., N-1` without
    /// shuffling; with it, that list shuffled by [`fisher_yates`] with
    /// [`shuffle_rng`]`(seed, epoch)`, so that the same seed and epoch always give the same
    /// order and every epoch a different one.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tinytorch_dataloader::{DataLoader, TensorDataset};
    /// use tinytorch_tensor::Tensor;
    /// let data = Arc::new(TensorDataset::new(Tensor::zeros(&[4, 1]), vec![0; 4]).unwrap());
    /// assert_eq!(DataLoader::new(data.clone(), 2).epoch_order(3), vec![0, 1, 2, 3]);
    /// let loader = DataLoader::new(data, 2).shuffle(1);
    /// assert_eq!(loader.epoch_order(0), loader.epoch_order(0));
    /// ```
    pub fn epoch_order(&self, epoch: u64) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.dataset.len()).collect();
        if !self.shuffle {
            return order;
        }
        // BEGIN SOLUTION 05.3
        fisher_yates(&mut order, &mut shuffle_rng(self.seed, epoch));
        order
        // END SOLUTION
    }
}
