//! How a loss turns one value per sample into what the optimizer sees.

/// What a loss returns: the per-sample losses, or their mean or sum.
///
/// `Mean` (the default) keeps the loss scale independent of the batch size, so a learning
/// rate tuned at batch 32 still works at batch 256. `Sum` is `batch × Mean`; `None` keeps one
/// loss per sample (per element for MSE and BCE), e.g. to weight samples or to find the
/// hardest ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Reduction {
    /// The average over all samples: a 0-D tensor.
    #[default]
    Mean,
    /// The total over all samples: a 0-D tensor.
    Sum,
    /// No reduction: one loss per sample.
    None,
}
