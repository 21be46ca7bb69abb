//! The `KvCache` storage (shared code): its preallocated buffers, constructor, sizes and
//! argument checks. Appending, the views, `reset` and `memory_bytes` are the exercise, in
//! `reference/cache.rs`.

use crate::CacheError;
use ndarray::{Array4, ArrayView2};

/// The keys and values of every layer, preallocated once and filled in place.
///
/// Layer `l` owns two buffers of shape `[batch, heads, capacity, head_dim]`. Sequence `b`
/// of layer `l` holds its first `len` positions in `[b, .., 0..len, ..]`; appending writes
/// the next rows in place and bumps `len`. Nothing is ever reallocated, concatenated or
/// copied: a decode step writes `2 * heads * head_dim` floats per layer and sequence, and
/// the buffers' addresses never change (the tests check it).
///
/// Every sequence of a batch keeps its own length, so a batch of prompts of different
/// lengths needs no padding: sequence `b` at position `p` simply sees its rows `0..=p`.
///
/// ```
/// use ndarray::Array2;
/// use tinytorch_memoization::KvCache;
/// // 2 layers, 1 sequence, 2 heads of 4 features, room for 16 positions.
/// let mut cache = KvCache::new(2, 1, 2, 16, 4).unwrap();
/// assert_eq!(cache.memory_bytes(), 2 * 2 * 1 * 2 * 16 * 4 * 4); // K and V, f32
/// let k = Array2::<f32>::ones((3, 8)); // 3 new tokens, 2 heads * 4 features
/// for layer in 0..2 {
///     cache.append(layer, 0, k.view(), k.view()).unwrap();
/// }
/// assert_eq!(cache.len(), 3);
/// assert_eq!(cache.keys(0, 0).shape(), &[2, 3, 4]); // [heads, len, head_dim]
/// cache.reset();
/// assert!(cache.is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct KvCache {
    /// Per layer: `[batch, heads, capacity, head_dim]`.
    pub(crate) keys: Vec<Array4<f32>>,
    /// Per layer: `[batch, heads, capacity, head_dim]`.
    pub(crate) values: Vec<Array4<f32>>,
    /// `lens[layer][seq]`: positions stored for that sequence in that layer. Each layer
    /// counts its own, because a forward pass fills the layers one after the other.
    pub(crate) lens: Vec<Vec<usize>>,
    pub(crate) num_layers: usize,
    pub(crate) batch: usize,
    pub(crate) num_heads: usize,
    pub(crate) capacity: usize,
    pub(crate) head_dim: usize,
}

impl KvCache {
    /// A cache for `layers` layers, `batch` sequences, `heads` heads of `head_dim` features
    /// and at most `max_seq` positions, allocated (zeroed) up front.
    ///
    /// # Errors
    /// [`CacheError::ZeroSize`] naming the first size that is 0.
    pub fn new(
        layers: usize,
        batch: usize,
        heads: usize,
        max_seq: usize,
        head_dim: usize,
    ) -> Result<KvCache, CacheError> {
        let sizes = [
            ("layers", layers),
            ("batch", batch),
            ("heads", heads),
            ("max_seq", max_seq),
            ("head_dim", head_dim),
        ];
        if let Some(&(field, _)) = sizes.iter().find(|&&(_, n)| n == 0) {
            return Err(CacheError::ZeroSize { field });
        }
        let buffer = || Array4::zeros((batch, heads, max_seq, head_dim));
        Ok(KvCache {
            keys: (0..layers).map(|_| buffer()).collect(),
            values: (0..layers).map(|_| buffer()).collect(),
            lens: vec![vec![0; batch]; layers],
            num_layers: layers,
            batch,
            num_heads: heads,
            capacity: max_seq,
            head_dim,
        })
    }

    /// The number of layers `L`.
    pub fn num_layers(&self) -> usize {
        self.num_layers
    }

    /// The number of sequences `B`.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// The number of heads `H`.
    pub fn num_heads(&self) -> usize {
        self.num_heads
    }

    /// The width of one head.
    pub fn head_dim(&self) -> usize {
        self.head_dim
    }

    /// The most positions a sequence can hold (`max_seq` of [`new`](KvCache::new)).
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The positions cached for sequence `seq`: the number every layer holds (they agree
    /// between forward passes).
    ///
    /// # Panics
    /// If `seq >= batch`.
    pub fn seq_len(&self, seq: usize) -> usize {
        assert!(
            seq < self.batch,
            "KvCache::seq_len: sequence {seq} out of range for a batch of {}",
            self.batch
        );
        self.lens.iter().map(|l| l[seq]).min().unwrap_or(0)
    }

    /// The length of every sequence, in batch order.
    pub fn seq_lens(&self) -> Vec<usize> {
        (0..self.batch).map(|b| self.seq_len(b)).collect()
    }

    /// The length of the longest sequence (for a batch of one: its length).
    pub fn len(&self) -> usize {
        self.seq_lens().into_iter().max().unwrap_or(0)
    }

    /// Whether no sequence holds any position.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes holding cached positions right now (keys and values of every layer):
    /// `2 * L * H * head_dim * 4 * sum of the sequence lengths`. Grows linearly with the
    /// context, while [`memory_bytes`](KvCache::memory_bytes) is what was allocated.
    pub fn used_bytes(&self) -> usize {
        let per_position = 2 * self.num_heads * self.head_dim * std::mem::size_of::<f32>();
        self.lens.iter().flatten().sum::<usize>() * per_position
    }

    /// Checks the arguments of [`append`](KvCache::append): the layer and sequence exist,
    /// and keys and values are both `[T, heads * head_dim]`.
    pub(crate) fn check_append(
        &self,
        layer: usize,
        seq: usize,
        k: &ArrayView2<'_, f32>,
        v: &ArrayView2<'_, f32>,
    ) -> Result<(), CacheError> {
        if layer >= self.num_layers {
            return Err(CacheError::LayerOutOfRange {
                layer,
                layers: self.num_layers,
            });
        }
        if seq >= self.batch {
            return Err(CacheError::SequenceOutOfRange {
                seq,
                batch: self.batch,
            });
        }
        let expected = [k.nrows(), self.num_heads * self.head_dim];
        if k.shape() != expected || v.shape() != expected {
            return Err(CacheError::ShapeMismatch {
                expected: expected.to_vec(),
                keys: k.shape().to_vec(),
                values: v.shape().to_vec(),
            });
        }
        Ok(())
    }

    /// Panics with a clear message unless `layer` and `seq` exist (for the views).
    pub(crate) fn check_index(&self, layer: usize, seq: usize) {
        assert!(
            layer < self.num_layers && seq < self.batch,
            "KvCache: layer {layer}, sequence {seq} out of range for {} layers and a batch of {}",
            self.num_layers,
            self.batch
        );
    }
}
