//! Task 18.1: the KV cache: append in place, views of what is cached, reset, memory.

use crate::{CacheError, KvCache};
use ndarray::{ArrayView2, ArrayView3, s};

impl KvCache {
    /// Appends the keys `k` and values `v` of `T` new tokens of sequence `seq` to layer
    /// `layer`, at positions `len..len + T` where `len` is what that layer holds for the
    /// sequence. Both are `[T, heads * head_dim]` (rows as a linear layer computes them);
    /// head `h` of a row is its features `h * head_dim..(h + 1) * head_dim`, stored in
    /// `[seq, h, position, ..]` of the layer's buffers. The data is written in place: no
    /// buffer grows, moves or is copied.
    ///
    /// # Errors
    /// [`CacheError::LayerOutOfRange`], [`CacheError::SequenceOutOfRange`],
    /// [`CacheError::ShapeMismatch`], or [`CacheError::Full`] when `len + T` exceeds the
    /// capacity; on error the cache is unchanged.
    pub fn append(
        &mut self,
        layer: usize,
        seq: usize,
        k: ArrayView2<'_, f32>,
        v: ArrayView2<'_, f32>,
    ) -> Result<(), CacheError> {
        self.check_append(layer, seq, &k, &v)?;
        // BEGIN SOLUTION 18.1
        let (len, new) = (self.lens[layer][seq], k.nrows());
        if len + new > self.capacity {
            return Err(CacheError::Full {
                capacity: self.capacity,
                len,
                adding: new,
            });
        }
        let hd = self.head_dim;
        for (buffer, rows) in [(&mut self.keys[layer], k), (&mut self.values[layer], v)] {
            // [heads, T, head_dim]: the free slots of this sequence, one block per head.
            let mut slots = buffer.slice_mut(s![seq, .., len..len + new, ..]);
            for (h, mut head) in slots.outer_iter_mut().enumerate() {
                head.assign(&rows.slice(s![.., h * hd..(h + 1) * hd]));
            }
        }
        self.lens[layer][seq] = len + new;
        Ok(())
        // END SOLUTION
    }

    /// The keys cached for sequence `seq` in layer `layer`: `[heads, len, head_dim]`, a
    /// view into the buffer (no copy), covering only the `len` positions stored.
    ///
    /// # Panics
    /// If `layer` or `seq` is out of range.
    pub fn keys(&self, layer: usize, seq: usize) -> ArrayView3<'_, f32> {
        self.check_index(layer, seq);
        // BEGIN SOLUTION 18.1
        let len = self.lens[layer][seq];
        self.keys[layer].slice(s![seq, .., ..len, ..])
        // END SOLUTION
    }

    /// The values cached for sequence `seq` in layer `layer`: `[heads, len, head_dim]`, as
    /// [`keys`](KvCache::keys).
    ///
    /// # Panics
    /// If `layer` or `seq` is out of range.
    pub fn values(&self, layer: usize, seq: usize) -> ArrayView3<'_, f32> {
        self.check_index(layer, seq);
        // BEGIN SOLUTION 18.1
        let len = self.lens[layer][seq];
        self.values[layer].slice(s![seq, .., ..len, ..])
        // END SOLUTION
    }

    /// Empties every sequence of every layer, keeping the buffers: O(layers * batch), no
    /// allocation. The old rows stay in memory but are never read again, since the views
    /// stop at the (now zero) lengths and appends overwrite them.
    pub fn reset(&mut self) {
        // BEGIN SOLUTION 18.1
        for lens in &mut self.lens {
            lens.fill(0);
        }
        // END SOLUTION
    }

    /// Bytes allocated for keys and values: `2 * L * B * H * S_max * head_dim * 4`
    /// (`f32`), whatever the sequences hold.
    pub fn memory_bytes(&self) -> usize {
        // BEGIN SOLUTION 18.1
        let floats: usize = self.keys.iter().chain(&self.values).map(|a| a.len()).sum();
        floats * std::mem::size_of::<f32>()
        // END SOLUTION
    }
}
