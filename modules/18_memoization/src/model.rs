//! `CachedGpt` (shared code): a module-13 [`Gpt`] viewed as plain arrays for inference,
//! its argument checks and the `prefill` / `decode_step` entry points. The forward step
//! itself is the exercise, in `reference/forward.rs`; generation in `reference/generate.rs`
//! and `reference/batch.rs`.

use crate::kernels::{Dense, Norm};
use crate::{CacheError, KvCache, MacCounter};
use ndarray::{Array2, Array3};
use tinytorch_layers::{Linear, Parameter};
use tinytorch_tensor::Tensor;
use tinytorch_transformers::{Gpt, GptConfig, LayerNorm};

/// The model this module measures: vocab 128, d_model 128, 4 layers of 4 heads, context
/// 256 (the `kv_cache` bench, the `perf_report` example and a test that the cached path
/// agrees with module 13 at this size all build it from here).
pub const BENCH_GPT: GptConfig = GptConfig {
    vocab_size: 128,
    d_model: 128,
    num_layers: 4,
    num_heads: 4,
    max_seq_len: 256,
    seed: 0,
};

/// Which rows of logits a forward step computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogitRows {
    /// One row per new token: what [`CachedGpt::prefill`] returns, to compare with
    /// [`Gpt::forward_ids`].
    All,
    /// Only the last new token of each sequence: all that generation needs. The head
    /// `D -> V` then runs once per sequence instead of once per prompt token.
    Last,
}

/// The weights of one transformer block, shared with the [`Gpt`] they came from.
#[derive(Clone, Debug)]
pub(crate) struct BlockWeights {
    pub(crate) ln1: Norm,
    pub(crate) q: Dense,
    pub(crate) k: Dense,
    pub(crate) v: Dense,
    pub(crate) out: Dense,
    pub(crate) ln2: Norm,
    pub(crate) fc1: Dense,
    pub(crate) fc2: Dense,
}

/// A [`Gpt`] for inference with a [`KvCache`]: the same weights (shared, not copied) run
/// by plain `ndarray` kernels with no autograd graph.
///
/// A forward step takes, for every sequence of the batch, the ids of its NEW tokens, puts
/// them at the positions after what the cache holds, appends their keys and values to the
/// cache and attends over everything cached: one [`prefill`](CachedGpt::prefill) pass over
/// a prompt, then one [`decode_step`](CachedGpt::decode_step) per generated token.
///
/// ```
/// use tinytorch_memoization::CachedGpt;
/// use tinytorch_transformers::{Gpt, GptConfig};
/// let config = GptConfig { vocab_size: 11, d_model: 8, num_layers: 2, num_heads: 2, max_seq_len: 8, seed: 0 };
/// let gpt = Gpt::new(config).unwrap();
/// let model = CachedGpt::new(&gpt);
/// let mut cache = model.new_cache(1).unwrap();
/// let logits = model.prefill(&mut cache, &[1, 2, 3], 1, 3).unwrap(); // [1, 3, 11]
/// let next = model.decode_step(&mut cache, &[4]).unwrap(); // [1, 11], at position 3
/// assert_eq!((logits.shape(), next.shape(), cache.len()), (&[1, 3, 11][..], &[1, 11][..], 4));
/// // The same numbers as module 13's forward pass over all four tokens:
/// let full = gpt.forward_ids(&[1, 2, 3, 4], 1, 4).unwrap().to_vec();
/// assert!((next[[0, 5]] - full[3 * 11 + 5]).abs() < 1e-5);
/// ```
#[derive(Clone, Debug)]
pub struct CachedGpt {
    pub(crate) config: GptConfig,
    pub(crate) tok: Tensor,
    pub(crate) pos: Tensor,
    pub(crate) blocks: Vec<BlockWeights>,
    pub(crate) ln_f: Norm,
    pub(crate) head: Dense,
}

fn dense(linear: &Linear) -> Dense {
    Dense::new(linear.weight().get(), linear.bias().map(Parameter::get))
}

fn norm(ln: &LayerNorm) -> Norm {
    Norm::new(ln.gamma().get(), ln.beta().get(), ln.eps())
}

impl CachedGpt {
    /// Reads the weights of `gpt`. Tensors are shared handles, so nothing is copied; the
    /// model keeps the weights `gpt` has NOW (training `gpt` further needs a new
    /// `CachedGpt`).
    pub fn new(gpt: &Gpt) -> CachedGpt {
        let blocks = gpt
            .blocks()
            .iter()
            .map(|block| BlockWeights {
                ln1: norm(block.ln1()),
                q: dense(block.attn().q_proj()),
                k: dense(block.attn().k_proj()),
                v: dense(block.attn().v_proj()),
                out: dense(block.attn().out_proj()),
                ln2: norm(block.ln2()),
                fc1: dense(block.ff().fc1()),
                fc2: dense(block.ff().fc2()),
            })
            .collect();
        CachedGpt {
            config: *gpt.config(),
            tok: gpt.tok().weight().get(),
            pos: gpt.pos().weight().get(),
            blocks,
            ln_f: norm(gpt.ln_f()),
            head: dense(gpt.lm_head()),
        }
    }

    /// The config of the model the weights came from.
    pub fn config(&self) -> &GptConfig {
        &self.config
    }

    /// The width of one attention head, `d_model / num_heads`.
    pub fn head_dim(&self) -> usize {
        self.config.d_model / self.config.num_heads
    }

    /// An empty cache for `batch` sequences of up to `max_seq_len` positions, shaped for
    /// this model: `2 * L * batch * H * max_seq_len * head_dim * 4` bytes.
    ///
    /// # Errors
    /// [`CacheError::ZeroSize`] when `batch` is 0.
    pub fn new_cache(&self, batch: usize) -> Result<KvCache, CacheError> {
        let c = &self.config;
        KvCache::new(
            c.num_layers,
            batch,
            c.num_heads,
            c.max_seq_len,
            self.head_dim(),
        )
    }

    /// Runs `batch` sequences of `seq` new tokens each (`ids` row by row) at the positions
    /// after what `cache` holds, and returns the logits of every new token, `[batch, seq, V]`.
    /// On an empty cache this is the prefill of a prompt; on a filled one it continues it
    /// (chunked prefill).
    ///
    /// # Errors
    /// [`CacheError::EmptyInput`], [`CacheError::IdsShape`], and the errors of
    /// [`forward_step`](CachedGpt::forward_step).
    pub fn prefill(
        &self,
        cache: &mut KvCache,
        ids: &[usize],
        batch: usize,
        seq: usize,
    ) -> Result<Array3<f32>, CacheError> {
        if batch == 0 || seq == 0 {
            return Err(CacheError::EmptyInput { batch, seq });
        }
        if ids.len() != batch * seq {
            return Err(CacheError::IdsShape {
                len: ids.len(),
                batch,
                seq,
            });
        }
        let chunks: Vec<&[usize]> = ids.chunks(seq).collect();
        let logits = self.forward_step(cache, &chunks, LogitRows::All, &mut MacCounter::new())?;
        let vocab = self.config.vocab_size;
        Ok(logits
            .into_shape_with_order((batch, seq, vocab))
            .unwrap_or_else(|e| unreachable!("{batch} * {seq} rows of logits: {e}")))
    }

    /// One decode step: `ids[b]` is the next token of sequence `b`, placed at position
    /// `cache.seq_len(b)`. Returns the logits `[batch, V]` of those tokens.
    ///
    /// # Errors
    /// As [`forward_step`](CachedGpt::forward_step) (e.g. [`CacheError::BatchMismatch`]
    /// when `ids.len()` is not the cache's batch).
    pub fn decode_step(
        &self,
        cache: &mut KvCache,
        ids: &[usize],
    ) -> Result<Array2<f32>, CacheError> {
        let chunks: Vec<&[usize]> = ids.chunks(1).collect();
        self.forward_step(cache, &chunks, LogitRows::All, &mut MacCounter::new())
    }

    /// Checks a forward step before anything is computed, so that a failing step leaves
    /// the cache as it was: one chunk per sequence, a cache shaped for this model, ids in
    /// the vocabulary, room for every chunk.
    pub(crate) fn check_step(
        &self,
        cache: &KvCache,
        chunks: &[&[usize]],
    ) -> Result<(), CacheError> {
        self.check_cache(cache)?;
        if chunks.len() != cache.batch() {
            return Err(CacheError::BatchMismatch {
                expected: cache.batch(),
                got: chunks.len(),
            });
        }
        self.check_ids(chunks.iter().flat_map(|c| c.iter()))?;
        for (b, chunk) in chunks.iter().enumerate() {
            let len = cache.seq_len(b);
            if len + chunk.len() > cache.capacity() {
                return Err(CacheError::Full {
                    capacity: cache.capacity(),
                    len,
                    adding: chunk.len(),
                });
            }
        }
        Ok(())
    }

    /// Checks that `cache` has this model's layers, heads, head width, and no more
    /// positions than the position table has rows.
    fn check_cache(&self, cache: &KvCache) -> Result<(), CacheError> {
        let c = &self.config;
        let pairs = [
            ("layers", cache.num_layers(), c.num_layers),
            ("heads", cache.num_heads(), c.num_heads),
            ("head_dim", cache.head_dim(), self.head_dim()),
        ];
        if let Some(&(what, cache, model)) = pairs.iter().find(|&&(_, a, b)| a != b) {
            return Err(CacheError::Incompatible { what, cache, model });
        }
        if cache.capacity() > c.max_seq_len {
            return Err(CacheError::Incompatible {
                what: "capacity",
                cache: cache.capacity(),
                model: c.max_seq_len,
            });
        }
        Ok(())
    }

    /// Checks that every id has a row in the embedding table.
    fn check_ids<'a>(&self, ids: impl IntoIterator<Item = &'a usize>) -> Result<(), CacheError> {
        let vocab_size = self.config.vocab_size;
        match ids.into_iter().find(|&&id| id >= vocab_size) {
            Some(&id) => Err(CacheError::TokenOutOfRange { id, vocab_size }),
            None => Ok(()),
        }
    }

    /// Checks generation arguments up front: prompts non-empty with ids in the vocabulary,
    /// and (with a cache) room for the prompt plus `max_new - 1` fed-back tokens: the last
    /// new token is sampled, never fed.
    pub(crate) fn check_prompts(
        &self,
        prompts: &[&[usize]],
        max_new: usize,
        cached: bool,
    ) -> Result<(), CacheError> {
        if prompts.is_empty() {
            return Err(CacheError::EmptyBatch);
        }
        for (sequence, prompt) in prompts.iter().enumerate() {
            if prompt.is_empty() {
                return Err(CacheError::EmptyPrompt { sequence });
            }
            self.check_ids(prompt.iter())?;
            let capacity = self.config.max_seq_len;
            if cached && prompt.len() + max_new.saturating_sub(1) > capacity {
                // An empty cache that would have to take the whole sequence.
                return Err(CacheError::Full {
                    capacity,
                    len: 0,
                    adding: prompt.len() + max_new.saturating_sub(1),
                });
            }
        }
        Ok(())
    }
}
