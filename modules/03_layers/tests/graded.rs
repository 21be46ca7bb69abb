//! Graded tests for module 03 (Layers). Test `t03_k_*` grades task 03.k.
//! Expected values are computed by hand in the comments.
//!
//! Tests of one task avoid the code of the others where they can (layers are built with
//! `Linear::from_parameters`, which is not an exercise, and `Sequential` is tested with small
//! layers defined here), so that a task's grade depends on that task's code.

use assert_approx_eq::assert_approx_eq;
use tinytorch_activations::Relu;
use tinytorch_layers::{Dropout, LayerError, Linear, Module, Sequential};
use tinytorch_tensor::testing::assert_close;
use tinytorch_tensor::{Tensor, seeded_rng};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// The layer of the hand-computed examples: W = [[1, 2, 3], [4, 5, 6]], b = [0.5, 0, -1].
fn small_linear(with_bias: bool) -> Linear {
    let w = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let b = with_bias.then(|| t(&[0.5, 0.0, -1.0], &[3]));
    Linear::from_parameters(w, b).expect("valid shapes")
}

fn names(module: &dyn Module) -> Vec<String> {
    module
        .named_parameters()
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_layers::editions());
}

// ---- 03.1 Linear: initialization -------------------------------------------------------

#[test]
fn t03_1_parameter_count_and_shapes() {
    let layer = Linear::new(784, 256, &mut seeded_rng(0));
    assert_eq!(
        layer.weight().shape(),
        vec![784, 256],
        "weight is [in, out]"
    );
    assert_eq!(layer.bias().expect("a bias").shape(), vec![256]);
    assert_eq!((layer.in_features(), layer.out_features()), (784, 256));
    // 784 * 256 + 256 = 200,704 + 256 = 200,960
    assert_eq!(layer.num_parameters(), 200_960);
    assert_eq!(names(&layer), ["weight", "bias"]);
    assert!(
        layer.weight().get().requires_grad(),
        "parameters are trainable"
    );

    let no_bias = Linear::new_no_bias(784, 256, &mut seeded_rng(0));
    assert!(no_bias.bias().is_none());
    assert_eq!(no_bias.num_parameters(), 200_704);
}

#[test]
fn t03_1_weights_are_uniform_within_the_bound_and_bias_is_zero() {
    // in = 400: bound b = 1/sqrt(400) = 0.05. U(-b, b) has mean 0 and std b/sqrt(3) =
    // 0.028868. Over 400 * 300 = 120,000 samples the sample std is within ~0.2% of that and
    // the mean within ~1e-4 (one standard error = 0.028868 / sqrt(120,000) = 8.3e-5).
    let layer = Linear::new(400, 300, &mut seeded_rng(1));
    let w = layer.weight().get().to_vec();
    let bound = 0.05;
    assert!(
        w.iter().all(|v| v.abs() <= bound),
        "every |w| <= 1/sqrt(in) = {bound}"
    );
    let n = w.len() as f32;
    let mean = w.iter().sum::<f32>() / n;
    let std = (w.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n).sqrt();
    assert_approx_eq!(mean, 0.0, 1e-3);
    assert_approx_eq!(std, bound / 3f32.sqrt(), 0.02 * bound / 3f32.sqrt());
    let bias = layer.bias().expect("a bias").get().to_vec();
    assert_eq!(bias, vec![0.0; 300], "the bias starts at zero");
}

#[test]
fn t03_1_initialization_is_reproducible_from_the_rng() {
    let a = Linear::new(20, 10, &mut seeded_rng(7))
        .weight()
        .get()
        .to_vec();
    let b = Linear::new(20, 10, &mut seeded_rng(7))
        .weight()
        .get()
        .to_vec();
    let c = Linear::new(20, 10, &mut seeded_rng(8))
        .weight()
        .get()
        .to_vec();
    assert_eq!(a, b, "same seed, same weights");
    assert_ne!(a, c, "another seed, other weights");
    // Two layers drawn from one RNG get different weights: the RNG advances.
    let mut rng = seeded_rng(7);
    let first = Linear::new(20, 10, &mut rng).weight().get().to_vec();
    let second = Linear::new(20, 10, &mut rng).weight().get().to_vec();
    assert_eq!(first, a);
    assert_ne!(first, second);
}

// ---- 03.2 Linear: forward ----------------------------------------------------------------

#[test]
fn t03_2_forward_hand_computed() {
    let layer = small_linear(true);
    // [1, 2] @ [[1, 2, 3], [4, 5, 6]] = [1 + 8, 2 + 10, 3 + 12] = [9, 12, 15];
    // + [0.5, 0, -1] = [9.5, 12, 14].
    // [0, -1] @ W = [-4, -5, -6]; + b = [-3.5, -5, -7].
    let x = t(&[1.0, 2.0, 0.0, -1.0], &[2, 2]);
    assert_close(
        &layer.forward(&x),
        &[2, 3],
        &[9.5, 12.0, 14.0, -3.5, -5.0, -7.0],
        1e-6,
    );
    // A single vector [in] gives [out].
    assert_close(
        &layer.forward(&t(&[1.0, 2.0], &[2])),
        &[3],
        &[9.5, 12.0, 14.0],
        1e-6,
    );
}

#[test]
fn t03_2_bias_is_added_and_optional() {
    // Without bias: [1, 2] @ W = [9, 12, 15]. With bias, each output moves by b_j.
    let x = t(&[1.0, 2.0], &[1, 2]);
    let plain = small_linear(false).forward(&x);
    assert_close(&plain, &[1, 3], &[9.0, 12.0, 15.0], 1e-6);
    let shifted = small_linear(true).forward(&x);
    let diff = shifted.sub(&plain);
    assert_close(&diff, &[1, 3], &[0.5, 0.0, -1.0], 1e-6);
}

#[test]
fn t03_2_forward_on_batch_seq_inputs() {
    // x = arange(12) as [2, 3, 2]: rows (a, b) = (0,1), (2,3), ..., (10,11).
    // (a, b) @ W = [a + 4b, 2a + 5b, 3a + 6b], then + [0.5, 0, -1]:
    // (0,1) -> [4, 5, 6]    -> [4.5, 5, 5]      (2,3)   -> [14, 19, 24] -> [14.5, 19, 23]
    // (4,5) -> [24, 33, 42] -> [24.5, 33, 41]   (6,7)   -> [34, 47, 60] -> [34.5, 47, 59]
    // (8,9) -> [44, 61, 78] -> [44.5, 61, 77]   (10,11) -> [54, 75, 96] -> [54.5, 75, 95]
    let x = Tensor::arange(0.0, 12.0, 1.0).reshape(&[2, 3, 2]);
    let expected = [
        4.5, 5.0, 5.0, 14.5, 19.0, 23.0, 24.5, 33.0, 41.0, //
        34.5, 47.0, 59.0, 44.5, 61.0, 77.0, 54.5, 75.0, 95.0,
    ];
    assert_close(&small_linear(true).forward(&x), &[2, 3, 3], &expected, 1e-5);
}

#[test]
fn t03_2_forward_is_recorded_for_autograd() {
    // Parameters require a gradient, so a forward built from tensor ops (matmul, add) is a
    // graph node that module 06 can differentiate; raw array math would lose it.
    let y = small_linear(true).forward(&t(&[1.0, 2.0], &[1, 2]));
    assert!(
        y.requires_grad(),
        "the output must be built from tensor ops"
    );
    assert!(
        y.op().is_some(),
        "the output must record the op that made it"
    );
}

#[test]
#[should_panic(expected = "the last axis must be in_features = 2")]
fn t03_2_wrong_in_features_panics_naming_the_shapes() {
    let _ = small_linear(true).forward(&Tensor::zeros(&[4, 3]));
}

// ---- 03.3 Dropout ------------------------------------------------------------------------

#[test]
fn t03_3_eval_mode_and_p_zero_are_the_identity() {
    let x = Tensor::arange(1.0, 101.0, 1.0).reshape(&[10, 10]);
    let mut dropout = Dropout::new(0.5, 0).expect("valid p");
    assert!(dropout.is_training(), "a new layer is in training mode");
    dropout.eval();
    assert!(!dropout.is_training());
    assert_eq!(dropout.forward(&x).to_vec(), x.to_vec(), "eval: identity");
    let off = Dropout::new(0.0, 0).expect("valid p");
    assert!(off.is_training());
    assert_eq!(off.forward(&x).to_vec(), x.to_vec(), "p = 0: identity");
}

#[test]
fn t03_3_survivors_are_scaled_by_one_over_keep() {
    // p = 0.25: each value is 0 or x / (1 - 0.25) = x * 4/3. The survivors are
    // Binomial(1000, 0.75): mean 750, sigma = sqrt(1000 * 0.75 * 0.25) = 13.7; 4 sigma ~ 55.
    let x = Tensor::arange(1.0, 1001.0, 1.0);
    let y = Dropout::new(0.25, 3).expect("valid p").forward(&x);
    assert_eq!(y.shape(), x.shape());
    let (mut zeros, mut kept) = (0, 0);
    for (&xi, &yi) in x.to_vec().iter().zip(&y.to_vec()) {
        if yi == 0.0 {
            zeros += 1;
        } else {
            assert_approx_eq!(yi, xi * 4.0 / 3.0, 1e-3 * xi);
            kept += 1;
        }
    }
    assert_eq!(zeros + kept, 1000);
    assert!(
        (695..=805).contains(&kept),
        "kept {kept} of 1000, expected 750 +- 55 (keep 1 - p)"
    );
}

#[test]
fn t03_3_drops_half_and_keeps_the_expected_value() {
    // p = 0.5 on 10,000 ones: each value is 0 or 1/(1 - 0.5) = 2. The number of survivors
    // is Binomial(10,000, 0.5): mean 5,000, sigma = sqrt(10,000 * 0.5 * 0.5) = 50. We allow
    // 4 sigma. The mean output is 2 * survivors / 10,000, expected 1 (inverted dropout
    // keeps E[y] = x), within 4 * 2 * 50 / 10,000 = 0.04.
    let y = Dropout::new(0.5, 42)
        .expect("valid p")
        .forward(&Tensor::ones(&[100, 100]))
        .to_vec();
    assert!(
        y.iter().all(|&v| v == 0.0 || v == 2.0),
        "values in {{0, 2}}"
    );
    let survivors = y.iter().filter(|&&v| v == 2.0).count();
    assert!(
        (4_800..=5_200).contains(&survivors),
        "survivors {survivors}, expected 5000 +- 200"
    );
    let mean = y.iter().sum::<f32>() / 1e4;
    assert_approx_eq!(mean, 1.0, 0.04);
}

#[test]
fn t03_3_masks_are_seeded_and_fresh_on_every_call() {
    let x = Tensor::ones(&[1000]);
    let a = Dropout::new(0.5, 9).expect("valid p");
    let b = Dropout::new(0.5, 9).expect("valid p");
    let first = a.forward(&x).to_vec();
    assert_eq!(first, b.forward(&x).to_vec(), "same seed, same mask");
    assert_ne!(
        first,
        a.forward(&x).to_vec(),
        "the next call draws a new mask"
    );
    let other = Dropout::new(0.5, 10).expect("valid p").forward(&x).to_vec();
    assert_ne!(first, other, "another seed, another mask");
    // The mask is applied with a tensor op, so gradients flow through dropout.
    let tracked = a.forward(&x.with_requires_grad(true));
    assert!(
        tracked.requires_grad(),
        "apply the mask with a tensor op (x.mul)"
    );
}

#[test]
fn t03_3_invalid_probabilities_are_errors() {
    for p in [-0.1, 1.0, 1.5, f32::NAN] {
        let err = Dropout::new(p, 0).expect_err("p outside [0, 1) must be rejected");
        assert!(
            matches!(err, LayerError::InvalidDropout { .. }),
            "p = {p}: {err:?}"
        );
        assert!(err.to_string().contains("[0, 1)"), "message: {err}");
    }
    assert!(Dropout::new(0.999, 0).is_ok());
}

// ---- 03.4 Sequential ---------------------------------------------------------------------

/// `x + c`: a tiny layer, so that the chain is checked independently of Linear.
struct AddConst(f32);

impl Module for AddConst {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.add_scalar(self.0)
    }
    fn name(&self) -> String {
        format!("AddConst({})", self.0)
    }
}

/// `x * c`.
struct MulConst(f32);

impl Module for MulConst {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.mul_scalar(self.0)
    }
    fn name(&self) -> String {
        format!("MulConst({})", self.0)
    }
}

#[test]
fn t03_4_forward_applies_every_layer_in_order() {
    let x = t(&[1.0, 2.0], &[2]);
    // (x + 1) * 2 - 3 = [1, 3]; in the other order (x * 2 - 3) + 1 = [0, 2].
    let seq = Sequential::new()
        .add(AddConst(1.0))
        .add(MulConst(2.0))
        .add(AddConst(-3.0));
    assert_close(&seq.forward(&x), &[2], &[1.0, 3.0], 1e-6);
    let seq = Sequential::new()
        .add(MulConst(2.0))
        .add(AddConst(-3.0))
        .add(AddConst(1.0));
    assert_close(&seq.forward(&x), &[2], &[0.0, 2.0], 1e-6);
    // One layer, and none (the identity).
    assert_close(
        &Sequential::new().add(MulConst(3.0)).forward(&x),
        &[2],
        &[3.0, 6.0],
        0.0,
    );
    assert_close(&Sequential::new().forward(&x), &[2], &[1.0, 2.0], 0.0);
}

#[test]
fn t03_4_mlp_forward_equals_the_manual_composition() {
    let w1 = Tensor::randn(&[4, 5], &mut seeded_rng(1));
    let b1 = Tensor::randn(&[5], &mut seeded_rng(2));
    let w2 = Tensor::randn(&[5, 3], &mut seeded_rng(3));
    let b2 = Tensor::randn(&[3], &mut seeded_rng(4));
    let x = Tensor::randn(&[6, 4], &mut seeded_rng(5));
    let mlp = Sequential::new()
        .add(Linear::from_parameters(w1.clone(), Some(b1.clone())).expect("valid"))
        .add(Relu)
        .add(Linear::from_parameters(w2.clone(), Some(b2.clone())).expect("valid"));
    // relu(x @ W1 + b1) @ W2 + b2, written with tensor ops.
    let hidden = x.matmul(&w1).add(&b1).clamp(0.0, f32::INFINITY);
    let expected = hidden.matmul(&w2).add(&b2).to_vec();
    assert_close(&mlp.forward(&x), &[6, 3], &expected, 1e-5);
}

#[test]
fn t03_4_named_parameters_are_prefixed_with_the_layer_index() {
    let mlp = Sequential::new()
        .add(small_linear(true))
        .add(Relu)
        .add(small_linear(true));
    assert_eq!(names(&mlp), ["0.weight", "0.bias", "2.weight", "2.bias"]);
    assert_eq!(mlp.len(), 3);
    assert_eq!(mlp.name(), "Sequential(3 layers)");
    // The handles are the layers' own parameters, not copies.
    let named = mlp.named_parameters();
    let first = &mlp.layers()[0].named_parameters()[0].1;
    assert!(named[0].1.ptr_eq(first));
    // Nested networks nest the prefixes.
    let outer = Sequential::new().add(Relu).add(mlp);
    assert_eq!(
        names(&outer),
        ["1.0.weight", "1.0.bias", "1.2.weight", "1.2.bias"]
    );
}

#[test]
fn t03_4_mlp_784_128_64_10_has_109386_parameters() {
    // Built from zero tensors so that this count does not depend on task 03.1.
    let linear = |i: usize, o: usize| {
        Linear::from_parameters(Tensor::zeros(&[i, o]), Some(Tensor::zeros(&[o]))).expect("valid")
    };
    let mlp = Sequential::new()
        .add(linear(784, 128))
        .add(Relu)
        .add(linear(128, 64))
        .add(Relu)
        .add(linear(64, 10));
    // (784*128 + 128) + (128*64 + 64) + (64*10 + 10) = 100,480 + 8,256 + 650 = 109,386
    assert_eq!(mlp.num_parameters(), 109_386);
    assert_eq!(mlp.parameters().len(), 6);
}

#[test]
fn t03_4_shared_layers_are_counted_once() {
    // The same Linear twice (a clone shares its parameters): four names, two parameters.
    let layer = small_linear(true);
    let tied = Sequential::new().add(layer.clone()).add(Relu).add(layer);
    assert_eq!(names(&tied), ["0.weight", "0.bias", "2.weight", "2.bias"]);
    assert_eq!(tied.parameters().len(), 2);
    assert_eq!(tied.num_parameters(), 6 + 3);
}

/// Outputs 1 in training mode and 0 in evaluation mode, whatever the input.
struct ModeProbe {
    training: bool,
}

impl Module for ModeProbe {
    fn forward(&self, _x: &Tensor) -> Tensor {
        Tensor::scalar(if self.training { 1.0 } else { 0.0 })
    }
    fn set_training(&mut self, training: bool) {
        self.training = training;
    }
    fn name(&self) -> String {
        "ModeProbe".to_string()
    }
}

#[test]
fn t03_4_train_and_eval_reach_every_layer() {
    let x = Tensor::zeros(&[1]);
    // The probe is the last layer of a network nested in another one.
    let inner = Sequential::new()
        .add(MulConst(1.0))
        .add(ModeProbe { training: true });
    let mut seq = Sequential::new().add(MulConst(1.0)).add(inner);
    seq.eval();
    assert_eq!(
        seq.forward(&x).item(),
        0.0,
        "eval() reaches the nested layer"
    );
    seq.train();
    assert_eq!(
        seq.forward(&x).item(),
        1.0,
        "train() reaches the nested layer"
    );
}

#[test]
fn t03_4_eval_turns_off_a_dropout_inside() {
    let x = Tensor::ones(&[1000]);
    let mut seq = Sequential::new()
        .add(MulConst(1.0))
        .add(Dropout::new(0.5, 0).expect("valid p"));
    seq.eval();
    assert_eq!(
        seq.forward(&x).to_vec(),
        vec![1.0; 1000],
        "eval: dropout is off"
    );
    seq.train();
    let dropped = seq
        .forward(&x)
        .to_vec()
        .iter()
        .filter(|&&v| v == 0.0)
        .count();
    assert!(dropped > 0, "train: dropout is on again");
}

#[test]
fn t03_4_parameters_are_updatable_through_the_network() {
    // An optimizer (module 07) sets new values through the handles Sequential returns.
    let mlp = Sequential::new().add(small_linear(false));
    let (name, weight) = mlp.named_parameters().remove(0);
    assert_eq!(name, "0.weight");
    weight.set(Tensor::zeros(&[2, 3]));
    let y = mlp.forward(&t(&[1.0, 2.0], &[1, 2]));
    assert_close(&y, &[1, 3], &[0.0, 0.0, 0.0], 0.0);
}
