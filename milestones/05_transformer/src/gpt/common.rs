//! What both GPT recipes share: the schedule, the masked loss and the training loop.

use tinytorch_autograd::backward;
use tinytorch_layers::Module;
use tinytorch_losses::{Reduction, cross_entropy};
use tinytorch_milestone_kit::{MilestoneError, Progress, StepProgress, training};
use tinytorch_optimizers::{
    AdamW, AdamWConfig, CosineLr, Optimizer, Warmup, apply_schedule, clip_grad_norm,
};
use tinytorch_tensor::{ChaCha8Rng, Tensor};
use tinytorch_transformers::Gpt;

/// How a GPT is trained: AdamW with weight decay, a linear warmup then cosine decay,
/// the global gradient norm clipped, `steps` updates on batches of `batch` sequences of
/// `seq` tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GptRecipe {
    /// Number of updates.
    pub steps: usize,
    /// Sequences per batch.
    pub batch: usize,
    /// Tokens per training sequence.
    pub seq: usize,
    /// The learning rate at the end of the warmup.
    pub max_lr: f32,
    /// The learning rate at the end of the cosine decay.
    pub min_lr: f32,
    /// Warmup updates.
    pub warmup: usize,
    /// AdamW's decoupled weight decay.
    pub weight_decay: f32,
    /// The global gradient norm is clipped to this value.
    pub clip: f32,
}

/// What a GPT training run did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GptRun {
    /// Updates made.
    pub steps: usize,
    /// The training loss of the last update.
    pub final_loss: f32,
    /// Wall-clock seconds of the training loop.
    pub seconds: f64,
}

/// The mean cross-entropy of `logits` `[B, S, V]` against `targets` (`B * S` ids) over the
/// positions whose weight is 1 (weights are 0 or 1, at least one is 1).
///
/// # Errors
/// A message if a target is not below `V` (a bug in the batch code, reported not panicked).
pub fn masked_loss(logits: &Tensor, targets: &[usize], weights: &[f32]) -> Result<Tensor, String> {
    let vocab = logits.shape()[logits.ndim() - 1];
    let flat = logits.reshape(&[targets.len(), vocab]);
    let per_token = cross_entropy(&flat, targets, Reduction::None).map_err(|e| e.to_string())?;
    let count: f32 = weights.iter().sum();
    let mask = Tensor::from_vec(weights.to_vec(), &[weights.len()]).map_err(|e| e.to_string())?;
    Ok(per_token
        .mul(&mask)
        .sum_all()
        .mul_scalar(1.0 / count.max(1.0)))
}

/// One training batch: `batch * seq` input ids, as many next-token targets, and a 0/1
/// weight per target (1 where the loss counts).
pub(crate) type Batch = (Vec<usize>, Vec<usize>, Vec<f32>);

/// Trains `gpt` for `recipe.steps` updates on batches drawn by `next_batch` from `rng`.
/// `after_step` runs after every update: milestone 06 re-applies its pruning masks there
/// (pruned weights stay exactly 0 during a masked fine-tuning); a no-op for training.
pub(crate) fn train_gpt(
    network: &'static str,
    gpt: &Gpt,
    recipe: &GptRecipe,
    rng: &mut ChaCha8Rng,
    progress: Progress,
    after_step: &dyn Fn(),
    mut next_batch: impl FnMut(&mut ChaCha8Rng) -> Batch,
) -> Result<GptRun, MilestoneError> {
    let params = gpt.parameters();
    let config = AdamWConfig::default()
        .lr(recipe.max_lr)
        .weight_decay(recipe.weight_decay);
    let mut opt = AdamW::new(params.clone(), config).map_err(|e| training(network, e))?;
    let schedule = Warmup {
        warmup_steps: recipe.warmup,
        inner: CosineLr {
            max_lr: recipe.max_lr,
            min_lr: recipe.min_lr,
            total_steps: recipe.steps.saturating_sub(recipe.warmup).max(1),
        },
    };
    let bar = StepProgress::new(network, recipe.steps, 250, progress);
    let start = std::time::Instant::now();
    let mut final_loss = f32::NAN;
    for step in 0..recipe.steps {
        let (ids, targets, weights) = next_batch(rng);
        let logits = gpt
            .forward_ids(&ids, recipe.batch, recipe.seq)
            .map_err(|e| training(network, e))?;
        let loss = masked_loss(&logits, &targets, &weights).map_err(|e| training(network, e))?;
        final_loss = loss.item();
        if !final_loss.is_finite() {
            return Err(training(
                network,
                format!("the loss is {final_loss} at step {step}: training diverged"),
            ));
        }
        apply_schedule(&mut opt, &schedule, step);
        let mut grads = backward(&loss).map_err(|e| training(network, e))?;
        clip_grad_norm(&mut grads, &params, recipe.clip);
        opt.step(&grads);
        after_step();
        bar.step(step, final_loss);
    }
    bar.finish();
    Ok(GptRun {
        steps: recipe.steps,
        final_loss,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The recipe of a masked fine-tuning after pruning: `steps` updates at a tenth of the
/// training's peak learning rate, a short warmup, no weight decay (decay would pull the kept
/// weights towards the pruned zeros).
pub(crate) fn fine_tune_recipe(trained: &GptRecipe, steps: usize) -> GptRecipe {
    GptRecipe {
        steps,
        max_lr: trained.max_lr / 10.0,
        min_lr: trained.min_lr / 10.0,
        warmup: steps / 10,
        weight_decay: 0.0,
        ..*trained
    }
}
