//! Task 18.3: the cached forward step (prefill and decode are both this one function).

use crate::kernels::{gelu_inplace, table_row};
use crate::{CacheError, CachedGpt, KvCache, LogitRows, MacCounter, attend_cached};
use ndarray::{Array2, s};

impl CachedGpt {
    /// The forward step every cached path runs: `chunks[b]` holds the ids of the NEW
    /// tokens of sequence `b` (any number, possibly none: a finished sequence), placed at
    /// positions `cache.seq_len(b)..` after what the cache holds for it.
    ///
    /// The new tokens of all sequences are packed into one `[N, D]` matrix, so each weight
    /// is read once per step for the whole batch; attention then runs per sequence over
    /// that sequence's own cache, so sequences of different lengths need no padding. Per
    /// block: `ln1`, the q/k/v projections, append k and v to the cache, attend, the output
    /// projection, the residual; `ln2`, the MLP, the residual. Then `ln_f` and the head for
    /// the rows `rows` asks for.
    ///
    /// Returns the logits `[R, V]`: with [`LogitRows::All`] one row per new token in
    /// sequence order, with [`LogitRows::Last`] one row per sequence with a non-empty
    /// chunk. Every multiply-add is counted into `macs`.
    ///
    /// # Errors
    /// [`CacheError::BatchMismatch`] (one chunk per sequence), [`CacheError::Incompatible`],
    /// [`CacheError::TokenOutOfRange`], [`CacheError::Full`]; all checked before anything
    /// is computed, so a failed step leaves the cache unchanged.
    pub fn forward_step(
        &self,
        cache: &mut KvCache,
        chunks: &[&[usize]],
        rows: LogitRows,
        macs: &mut MacCounter,
    ) -> Result<Array2<f32>, CacheError> {
        self.check_step(cache, chunks)?;
        // BEGIN SOLUTION 18.3
        let mut x = self.embed(cache, chunks);
        for layer in 0..self.blocks.len() {
            x = self.block_step(layer, x, cache, chunks, macs)?;
        }
        Ok(self.logits(x, chunks, rows, macs))
        // END SOLUTION
    }

    /// The packed input `[N, D]`: for new token `t` of sequence `b`, its token row plus
    /// the position row `cache.seq_len(b) + t` (the position offset: a decode step's token
    /// is NOT at position 0).
    fn embed(&self, cache: &KvCache, chunks: &[&[usize]]) -> Array2<f32> {
        let total: usize = chunks.iter().map(|c| c.len()).sum();
        let mut x = Array2::<f32>::zeros((total, self.config.d_model));
        // BEGIN SOLUTION 18.3
        let mut rows = x.outer_iter_mut();
        for (b, chunk) in chunks.iter().enumerate() {
            let offset = cache.seq_len(b);
            for (t, &id) in chunk.iter().enumerate() {
                let mut row = rows
                    .next()
                    .unwrap_or_else(|| unreachable!("one row per id"));
                row.assign(&table_row(&self.tok, id));
                row += &table_row(&self.pos, offset + t);
            }
        }
        x
        // END SOLUTION
    }

    /// Block `layer` on the packed rows `x`, appending this layer's keys and values of
    /// every chunk to the cache and attending per sequence.
    fn block_step(
        &self,
        layer: usize,
        x: Array2<f32>,
        cache: &mut KvCache,
        chunks: &[&[usize]],
        macs: &mut MacCounter,
    ) -> Result<Array2<f32>, CacheError> {
        let w = &self.blocks[layer];
        // BEGIN SOLUTION 18.3
        let h = w.ln1.forward(x.view());
        let (q, k, v) = (
            w.q.forward(h.view(), macs),
            w.k.forward(h.view(), macs),
            w.v.forward(h.view(), macs),
        );
        let mut context = Array2::zeros(x.raw_dim());
        let mut start = 0;
        for (b, chunk) in chunks.iter().enumerate() {
            let rows = start..start + chunk.len();
            start = rows.end;
            if chunk.is_empty() {
                continue;
            }
            cache.append(
                layer,
                b,
                k.slice(s![rows.clone(), ..]),
                v.slice(s![rows.clone(), ..]),
            )?;
            let ctx = attend_cached(
                q.slice(s![rows.clone(), ..]),
                cache.keys(layer, b),
                cache.values(layer, b),
                macs,
            );
            context.slice_mut(s![rows, ..]).assign(&ctx);
        }
        let x = x + w.out.forward(context.view(), macs);
        let mut hidden = w.fc1.forward(w.ln2.forward(x.view()).view(), macs);
        gelu_inplace(&mut hidden);
        Ok(x + w.fc2.forward(hidden.view(), macs))
        // END SOLUTION
    }

    /// `ln_f` and the head on the rows `rows` selects from the packed `x`.
    fn logits(
        &self,
        x: Array2<f32>,
        chunks: &[&[usize]],
        rows: LogitRows,
        macs: &mut MacCounter,
    ) -> Array2<f32> {
        // BEGIN SOLUTION 18.3
        let x = match rows {
            LogitRows::All => x,
            LogitRows::Last => {
                // The last row of each non-empty chunk: the running sum of chunk lengths.
                let mut end = 0;
                let last: Vec<usize> = chunks
                    .iter()
                    .filter_map(|c| {
                        end += c.len();
                        (!c.is_empty()).then(|| end - 1)
                    })
                    .collect();
                x.select(ndarray::Axis(0), &last)
            }
        };
        self.head.forward(self.ln_f.forward(x.view()).view(), macs)
        // END SOLUTION
    }
}
