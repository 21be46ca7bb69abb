//! Task 16.7: the knowledge-distillation loss (Hinton, Vinyals and Dean, 2015).

use tinytorch_activations::{log_softmax, softmax};
use tinytorch_losses::{LossError, Reduction, cross_entropy};
use tinytorch_tensor::Tensor;

/// The distillation loss for a student learning from a teacher, both `[batch, classes]`
/// logits:
///
/// `alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) + (1 - alpha) * CE(student, labels)`
///
/// with the KL divergence `sum_c p_t[c] * (ln p_t[c] - ln p_s[c])` averaged over the batch
/// and the cross-entropy of module 04 (mean). The teacher is detached: no gradient flows
/// into it, even if its logits require one.
///
/// Why `T^2`: the gradient of the soft term with respect to a student logit is
/// `(p_s - p_t) / T`, and for large `T` the probabilities differ by `O(1 / T)`, so the
/// gradient shrinks like `1 / T^2`. Multiplying by `T^2` keeps the soft term's push
/// comparable to the hard term's whatever the temperature (TinyTorch's version omits the
/// factor, so raising `T` silently turned distillation off).
///
/// # Errors
/// The [`LossError`] of [`cross_entropy`] when the labels do not fit the student's logits
/// (wrong count, class out of range, logits not 2-D).
///
/// # Panics
/// If the teacher's shape differs from the student's, `temperature` is not positive and
/// finite, or `alpha` is not in `[0, 1]`.
///
/// ```
/// use tinytorch_compression::distillation_loss;
/// use tinytorch_tensor::Tensor;
/// // A student that matches its teacher pays only the hard term (alpha = 0.5 of it).
/// let logits = Tensor::from_vec(vec![2.0, 0.0, 0.0, 2.0], &[2, 2]).unwrap();
/// let loss = distillation_loss(&logits, &logits, &[0, 1], 4.0, 0.5).unwrap();
/// let ce = (1.0 + (-2.0f32).exp()).ln(); // -ln softmax([2, 0])[0]
/// assert!((loss.item() - 0.5 * ce).abs() < 1e-6);
/// ```
pub fn distillation_loss(
    student_logits: &Tensor,
    teacher_logits: &Tensor,
    labels: &[usize],
    temperature: f32,
    alpha: f32,
) -> Result<Tensor, LossError> {
    // BEGIN SOLUTION 16.7
    assert!(
        student_logits.shape() == teacher_logits.shape(),
        "distillation_loss: student logits {:?} and teacher logits {:?} must have the same shape",
        student_logits.shape(),
        teacher_logits.shape()
    );
    assert!(
        temperature.is_finite() && temperature > 0.0,
        "distillation_loss: temperature {temperature} must be positive and finite"
    );
    assert!(
        (0.0..=1.0).contains(&alpha),
        "distillation_loss: alpha {alpha} must be in [0, 1] (the weight of the soft term)"
    );
    let hard = cross_entropy(student_logits, labels, Reduction::Mean)?;
    let inv_t = 1.0 / temperature;
    let teacher = teacher_logits.detach().mul_scalar(inv_t);
    let p_t = softmax(&teacher, -1);
    let log_p_t = log_softmax(&teacher, -1);
    let log_p_s = log_softmax(&student_logits.mul_scalar(inv_t), -1);
    let batch = student_logits.shape()[0].max(1) as f32;
    let kl = p_t
        .mul(&log_p_t.sub(&log_p_s))
        .sum_all()
        .mul_scalar(1.0 / batch);
    let soft = kl.mul_scalar(alpha * temperature * temperature);
    Ok(soft.add(&hard.mul_scalar(1.0 - alpha)))
    // END SOLUTION
}
