//! Where the loader's randomness comes from (shared code).
//!
//! Every random choice is a pure function of `(seed, epoch, index)`: the shuffle of epoch
//! `e` draws from [`shuffle_rng`]`(seed, e)`, and the augmentation of sample `i` in epoch
//! `e` from [`example_rng`]`(seed, e, i)`. Nothing depends on how many batches were drawn
//! before, on the batch size, or on which thread fetched a sample, so a run can be
//! reproduced (or resumed at any epoch) from the seed alone.
//!
//! The four numbers become the 256-bit ChaCha key directly: distinct inputs give distinct
//! keys, hence independent streams, with no hashing that could collide.

use rand::SeedableRng;
use tinytorch_tensor::ChaCha8Rng;

/// Separates the shuffle streams from the augmentation streams.
const SHUFFLE: u64 = 0;
const AUGMENT: u64 = 1;

/// The generator that shuffles epoch `epoch` of a loader seeded with `seed`.
///
/// ```
/// use rand::Rng;
/// use tinytorch_dataloader::shuffle_rng;
/// let a: u32 = shuffle_rng(42, 0).random();
/// assert_eq!(a, shuffle_rng(42, 0).random::<u32>()); // reproducible
/// assert_ne!(a, shuffle_rng(42, 1).random::<u32>()); // another epoch, another stream
/// ```
pub fn shuffle_rng(seed: u64, epoch: u64) -> ChaCha8Rng {
    keyed_rng([seed, epoch, 0, SHUFFLE])
}

/// The generator that augments sample `index` in epoch `epoch` of a loader seeded with
/// `seed`.
pub fn example_rng(seed: u64, epoch: u64, index: u64) -> ChaCha8Rng {
    keyed_rng([seed, epoch, index, AUGMENT])
}

fn keyed_rng(words: [u64; 4]) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    for (bytes, word) in key.chunks_exact_mut(8).zip(words) {
        bytes.copy_from_slice(&word.to_le_bytes());
    }
    ChaCha8Rng::from_seed(key)
}
