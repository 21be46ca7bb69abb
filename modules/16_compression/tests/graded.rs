//! Graded tests for module 16 (Compression). Test `t16_k_*` grades task 16.k.
//!
//! Values are checked against hand-computed answers (the arithmetic is in the comments)
//! or against the dense computation they replace.

use assert_approx_eq::assert_approx_eq;
use std::sync::Arc;
use tinytorch_activations::Relu;
use tinytorch_autograd::backward;
use tinytorch_compression::{
    BitmaskMatrix, CsrMatrix, Mask, SparseLinear, apply_masks, distillation_loss, fine_tune_masked,
    global_magnitude_prune, low_rank_factorize, magnitude_mask, prunable_weights, prune_layer,
    prune_neurons, sparse_matmul, sparsity, svd,
};
use tinytorch_convolutions::{Conv2d, Flatten};
use tinytorch_dataloader::{DataLoader, TensorDataset, default_digits_path, load_digits};
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_optimizers::{Adam, AdamConfig};
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{DIGITS_SEED, TrainConfig, Trainer, train_digit_mlp};

/// A constant tensor.
fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// A Linear layer with the given weight `[in, out]` and bias.
fn linear(w: &[f32], shape: [usize; 2], b: Option<&[f32]>) -> Linear {
    Linear::from_parameters(t(w, &shape), b.map(|b| t(b, &[shape[1]]))).expect("valid layer")
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_compression::editions());
}

// ----- 16.1 magnitude pruning ------------------------------------------------------------

#[test]
fn t16_1_magnitude_mask_prunes_exactly_the_smallest_magnitudes() {
    // |w| = [0.5, 3, 0.1, 2, 0.2, 1]; half of 6 = 3 pruned: 0.1, 0.2 and 0.5.
    let w = t(&[0.5, -3.0, 0.1, 2.0, -0.2, 1.0], &[2, 3]);
    assert_close(
        &magnitude_mask(&w, 0.5),
        &[2, 3],
        &[0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
        0.0,
    );
    // 0 prunes nothing, 1 prunes everything.
    assert_eq!(magnitude_mask(&w, 0.0).to_vec(), [1.0; 6]);
    assert_eq!(magnitude_mask(&w, 1.0).to_vec(), [0.0; 6]);
}

#[test]
fn t16_1_ties_are_broken_by_position_so_the_count_is_exact() {
    // All equal: a threshold |w| <= t would prune all or none. round(0.5 * 4) = 2, the
    // first two in row-major order.
    let w = t(&[1.0, -1.0, 1.0, -1.0], &[2, 2]);
    assert_eq!(magnitude_mask(&w, 0.5).to_vec(), [0.0, 0.0, 1.0, 1.0]);
    // round(0.3 * 10) = 3 zeros.
    let w = Tensor::arange(1.0, 11.0, 1.0);
    let mask = magnitude_mask(&w, 0.3);
    assert_eq!(mask.to_vec().iter().filter(|&&k| k == 0.0).count(), 3);
    assert_eq!(&mask.to_vec()[..4], [0.0, 0.0, 0.0, 1.0]);
}

#[test]
fn t16_1_prune_layer_zeroes_the_parameter_in_place() {
    let layer = linear(&[0.5, -3.0, 0.1, 2.0], [2, 2], Some(&[0.01, 0.02]));
    let mask = prune_layer(layer.weight(), 0.75);
    assert_eq!(layer.weight().get().to_vec(), [0.0, -3.0, 0.0, 0.0]);
    assert_eq!(layer.bias().expect("bias").get().to_vec(), [0.01, 0.02]);
    assert_eq!(mask.num_pruned(), 3);
}

#[test]
#[should_panic(expected = "sparsity 1.5 must be a fraction in [0, 1]")]
fn t16_1_a_sparsity_above_one_panics() {
    magnitude_mask(&Tensor::ones(&[4]), 1.5);
}

/// Layer A `[2, 2]` and layer B `[2, 1]` with tiny biases that a pruner counting biases
/// would remove first.
fn two_layer_model() -> Sequential {
    Sequential::new()
        .add(linear(&[0.1, 0.9, 0.8, 0.7], [2, 2], Some(&[1e-4, 2e-4])))
        .add(Relu)
        .add(linear(&[0.2, 0.05], [2, 1], Some(&[3e-4])))
}

#[test]
fn t16_1_global_pruning_uses_one_threshold_over_all_weights() {
    // All 6 weights: |w| sorted 0.05 (B), 0.1 (A), 0.2 (B), 0.7, 0.8, 0.9. Half = 3 pruned:
    // ONE in A and BOTH in B (per-layer pruning would take 1 of each... and 2 of A).
    let model = two_layer_model();
    let masks = global_magnitude_prune(&model, 0.5);
    assert_eq!(masks.len(), 2);
    assert_eq!(masks[0].keep().to_vec(), [0.0, 1.0, 1.0, 1.0]);
    assert_eq!(masks[1].keep().to_vec(), [0.0, 0.0]);
    let weights = prunable_weights(&model);
    assert_eq!(weights[0].get().to_vec(), [0.0, 0.9, 0.8, 0.7]);
    assert_eq!(weights[1].get().to_vec(), [0.0, 0.0]);
    // 3 of 6 weights are zero: exactly 0.5, a fraction.
    assert_eq!(sparsity(&model), 0.5);
}

#[test]
fn t16_1_biases_are_never_pruned_nor_counted() {
    let model = two_layer_model();
    global_magnitude_prune(&model, 0.5);
    let names_values: Vec<(String, Vec<f32>)> = model
        .named_parameters()
        .into_iter()
        .map(|(n, p)| (n, p.get().to_vec()))
        .collect();
    assert_eq!(names_values[1], ("0.bias".to_string(), vec![1e-4, 2e-4]));
    assert_eq!(names_values[3], ("2.bias".to_string(), vec![3e-4]));
    // A fresh layer has random weights and ZERO biases: counting the biases would report
    // 4 / 20 = 0.2.
    let fresh = Sequential::new().add(Linear::new(4, 4, &mut seeded_rng(1)));
    assert_eq!(sparsity(&fresh), 0.0);
}

#[test]
fn t16_1_global_pruning_reaches_conv_kernels() {
    // Conv2d(1 -> 2, 3x3): 18 kernel weights; Linear(2 * 2 * 2 -> 3): 24 weights.
    let mut rng = seeded_rng(2);
    let model = Sequential::new()
        .add(Conv2d::new(1, 2, (3, 3), 1, 0, &mut rng).expect("valid conv"))
        .add(Flatten)
        .add(Linear::new(8, 3, &mut rng));
    let masks = global_magnitude_prune(&model, 0.5);
    assert_eq!(masks.len(), 2);
    // round(0.5 * 42) = 21 zeros in total.
    assert_eq!(masks.iter().map(Mask::num_pruned).sum::<usize>(), 21);
    assert_eq!(sparsity(&model), 0.5);
}

// ----- 16.2 masked fine-tuning -------------------------------------------------------------

/// Eight random samples of 4 features, labels in 0..3.
fn tiny_loader() -> DataLoader {
    let inputs = Tensor::randn(&[8, 4], &mut seeded_rng(3));
    let dataset = TensorDataset::new(inputs, vec![0, 1, 2, 0, 1, 2, 0, 1]).expect("valid");
    DataLoader::new(Arc::new(dataset), 4).shuffle(0)
}

#[test]
fn t16_2_pruned_weights_stay_zero_through_adam_steps() {
    let model = Sequential::new().add(Linear::new(4, 3, &mut seeded_rng(4)));
    let masks = global_magnitude_prune(&model, 0.5);
    let before = prunable_weights(&model)[0].get().to_vec();
    let adam = Adam::new(model.parameters(), AdamConfig::default().lr(0.1)).expect("valid");
    let mut trainer =
        Trainer::new(model, adam, TrainConfig::default().quiet(true)).expect("valid trainer");
    let losses = fine_tune_masked(&mut trainer, &tiny_loader(), &masks, 3).expect("trains");
    assert_eq!(losses.len(), 3);
    assert!(losses.iter().all(|l| l.is_finite() && *l > 0.0));

    let after = prunable_weights(trainer.model())[0].get().to_vec();
    let keep = masks[0].keep().to_vec();
    for ((b, a), k) in before.iter().zip(&after).zip(&keep) {
        if *k == 0.0 {
            assert_eq!(*a, 0.0, "a pruned weight grew back");
        } else {
            assert_ne!(a, b, "a surviving weight was not trained");
        }
    }
    assert_eq!(sparsity(trainer.model()), 0.5);
}

#[test]
fn t16_2_an_epochs_loss_is_the_mean_over_its_batches() {
    // Two identical pruned models: one fine-tuned by fine_tune_masked, the other step by
    // step here. 8 samples in batches of 4 give 2 steps per epoch, so an epoch's loss is
    // (loss of step 1 + loss of step 2) / 2, about ln 3 = 1.1 for 3 classes; the sum would
    // be about 2.2, the sum times 2 about 4.4.
    let pruned_trainer = || {
        let model = Sequential::new().add(Linear::new(4, 3, &mut seeded_rng(4)));
        let masks = global_magnitude_prune(&model, 0.5);
        let adam = Adam::new(model.parameters(), AdamConfig::default().lr(0.1)).expect("valid");
        let trainer =
            Trainer::new(model, adam, TrainConfig::default().quiet(true)).expect("valid trainer");
        (trainer, masks)
    };
    let loader = tiny_loader();
    let (mut trainer, masks) = pruned_trainer();
    let losses = fine_tune_masked(&mut trainer, &loader, &masks, 2).expect("trains");

    let (mut by_hand, hand_masks) = pruned_trainer();
    let mut expected = Vec::new();
    for epoch in 0..2 {
        let mut steps = Vec::new();
        for batch in loader.epoch(epoch) {
            steps.push(by_hand.train_step(&batch).expect("trains").loss);
            apply_masks(&hand_masks);
        }
        assert_eq!(steps.len(), 2);
        expected.push((steps[0] + steps[1]) / 2.0);
    }
    assert_slice_close(&losses, &expected, 1e-6);
}

/// Measured: dense 98.08%, right after 75% global pruning 90.93%, after 5 epochs of masked
/// fine-tuning 97.25% (364 test digits; one digit is 0.27 points).
#[test]
fn t16_2_digit_mlp_keeps_its_accuracy_at_75_percent_sparsity() {
    let digits = load_digits(&default_digits_path()).expect("the course ships the digits");
    let run = train_digit_mlp(&digits, DIGITS_SEED, true).expect("training runs");
    let dense_accuracy = run.test.accuracy;
    let model = run.model;
    // 64 * 32 + 32 * 10 = 2368 prunable weights; round(0.75 * 2368) = 1776 zeros.
    let masks = global_magnitude_prune(&model, 0.75);
    assert_eq!(masks.iter().map(Mask::num_pruned).sum::<usize>(), 1776);

    let config = TrainConfig::default().batch_size(32).seed(1).quiet(true);
    let train = config.train_loader(Arc::new(digits.train.clone()));
    let test = config.eval_loader(Arc::new(digits.test.clone()));
    // The training recipe of 08 (Adam, lr 1e-2), for 5 more epochs.
    let adam = Adam::new(model.parameters(), AdamConfig::default().lr(1e-2)).expect("valid");
    let mut trainer = Trainer::new(model, adam, config).expect("valid trainer");
    let pruned_accuracy = trainer.evaluate(&test).expect("evaluates").accuracy;
    fine_tune_masked(&mut trainer, &train, &masks, 5).expect("fine-tunes");
    let tuned_accuracy = trainer.evaluate(&test).expect("evaluates").accuracy;
    println!(
        "digit MLP test accuracy: dense {:.2}%, 75% pruned {:.2}%, after masked fine-tuning {:.2}%",
        100.0 * dense_accuracy,
        100.0 * pruned_accuracy,
        100.0 * tuned_accuracy
    );
    assert_eq!(sparsity(trainer.model()), 0.75, "pruned weights grew back");
    assert!(
        tuned_accuracy >= dense_accuracy - 0.02,
        "accuracy {:.2}% fell more than 2 points below the dense {:.2}%",
        100.0 * tuned_accuracy,
        100.0 * dense_accuracy
    );
}

// ----- 16.3 sparse formats -----------------------------------------------------------------

/// `[[0, 5, 0, 0], [0, 0, 0, 0], [7, 0, 0, 9]]`: one empty row in the middle.
fn hand_matrix() -> Tensor {
    t(
        &[0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 7.0, 0.0, 0.0, 9.0],
        &[3, 4],
    )
}

#[test]
fn t16_3_csr_of_a_hand_matrix() {
    let csr = CsrMatrix::from_dense(&hand_matrix());
    assert_eq!(csr.values(), [5.0, 7.0, 9.0]);
    assert_eq!(csr.col_indices(), [1, 0, 3]);
    // Row 0 holds k = 0..1, row 1 is empty (1..1), row 2 holds 1..3.
    assert_eq!(csr.row_ptr(), [0, 1, 1, 3]);
    assert_eq!(csr.shape(), [3, 4]);
    assert_close(&csr.to_dense(), &[3, 4], &hand_matrix().to_vec(), 0.0);
    // 3 values * 4 + 3 columns * 4 + 4 row pointers * 4 = 40 bytes (dense: 48).
    assert_eq!(csr.nbytes(), 40);
}

#[test]
fn t16_3_bitmask_of_a_hand_matrix() {
    let packed = BitmaskMatrix::from_dense(&hand_matrix());
    // Nonzeros at flat indices 1, 8, 11: byte 0 has bit 1, byte 1 has bits 0 and 3.
    assert_eq!(packed.bits(), [0b0000_0010, 0b0000_1001]);
    assert_eq!(packed.values(), [5.0, 7.0, 9.0]);
    assert_close(&packed.to_dense(), &[3, 4], &hand_matrix().to_vec(), 0.0);
    // ceil(12 / 8) = 2 bytes of bits + 3 values * 4 = 14 bytes.
    assert_eq!(packed.nbytes(), 14);
}

/// A `[512, 512]` matrix with a nonzero at every flat index divisible by `every`.
fn patterned(every: usize) -> Tensor {
    let data: Vec<f32> = (0..512 * 512)
        .map(|i| {
            if i % every == 0 {
                1.0 + (i % 7) as f32
            } else {
                0.0
            }
        })
        .collect();
    t(&data, &[512, 512])
}

#[test]
fn t16_3_byte_counts_at_50_75_and_90_percent_sparsity() {
    // dense = 4 * 512 * 512 = 1_048_576 bytes.
    // CSR = 8 * nnz + 4 * 513; bitmask = 262_144 / 8 + 4 * nnz = 32_768 + 4 * nnz.
    // 50%: nnz 131_072 -> CSR 1_050_628 (MORE than dense), bitmask 557_056.
    // 75%: nnz  65_536 -> CSR   526_340,                    bitmask 294_912.
    // 90%: nnz  26_215 (ceil(262_144 / 10)) -> CSR 211_772, bitmask 137_628.
    let cases = [
        (2, 131_072, 1_050_628, 557_056),
        (4, 65_536, 526_340, 294_912),
        (10, 26_215, 211_772, 137_628),
    ];
    for (every, nnz, csr_bytes, bitmask_bytes) in cases {
        let dense = patterned(every);
        let csr = CsrMatrix::from_dense(&dense);
        let packed = BitmaskMatrix::from_dense(&dense);
        assert_eq!(csr.nnz(), nnz);
        assert_eq!(csr.nbytes(), csr_bytes, "CSR bytes, 1 in {every} nonzero");
        assert_eq!(
            packed.nbytes(),
            bitmask_bytes,
            "bitmask bytes, 1 in {every}"
        );
        println!(
            "1 in {every:>2} nonzero: dense {} B, CSR {csr_bytes} B, bitmask {bitmask_bytes} B",
            4 * 512 * 512
        );
        assert_eq!(csr.to_dense().to_vec(), dense.to_vec());
        assert_eq!(packed.to_dense().to_vec(), dense.to_vec());
    }
}

#[test]
#[should_panic(expected = "CsrMatrix::from_dense: expected a 2-D matrix, got shape [2, 2, 2]")]
fn t16_3_csr_of_a_3d_tensor_panics() {
    CsrMatrix::from_dense(&Tensor::ones(&[2, 2, 2]));
}

// ----- 16.4 sparse matmul ------------------------------------------------------------------

/// The CSR form of a dense matrix, built here so the kernel tests do not depend on 16.3.
fn csr(dense: &Tensor) -> CsrMatrix {
    let [rows, cols] = [dense.shape()[0], dense.shape()[1]];
    let (mut values, mut columns, mut row_ptr) = (vec![], vec![], vec![0u32]);
    for (i, &v) in dense.to_vec().iter().enumerate() {
        if v != 0.0 {
            values.push(v);
            columns.push((i % cols) as u32);
        }
        if i % cols == cols - 1 {
            row_ptr.push(values.len() as u32);
        }
    }
    CsrMatrix::from_parts(values, columns, row_ptr, [rows, cols]).expect("valid CSR")
}

#[test]
fn t16_4_sparse_matmul_on_integers_is_exact() {
    // wt [out = 3, in = 4] = hand matrix; y[b, j] = sum_c wt[j, c] * x[b, c].
    // x row 0 = [1, 2, 3, 4]: [5 * 2, 0, 7 * 1 + 9 * 4] = [10, 0, 43]
    // x row 1 = [-1, 0, 2, 1]: [0, 0, -7 + 9] = [0, 0, 2]
    let x = t(&[1.0, 2.0, 3.0, 4.0, -1.0, 0.0, 2.0, 1.0], &[2, 4]);
    let y = sparse_matmul(&x, &csr(&hand_matrix()));
    assert_close(&y, &[2, 3], &[10.0, 0.0, 43.0, 0.0, 0.0, 2.0], 0.0);
}

#[test]
fn t16_4_the_last_row_counts() {
    // Only the last output feature has weights.
    let wt = t(&[0.0, 0.0, 0.0, 0.0, 2.0, 3.0], &[3, 2]);
    let y = sparse_matmul(&t(&[1.0, 1.0], &[1, 2]), &csr(&wt));
    assert_close(&y, &[1, 3], &[0.0, 0.0, 5.0], 0.0);
}

#[test]
fn t16_4_sparse_matmul_equals_the_dense_product() {
    let mut rng = seeded_rng(5);
    let w = Tensor::randn(&[48, 40], &mut rng);
    let keep = magnitude_free_mask(&w, 4); // 75% zeros
    let wt = Tensor::from_array(w.data() * keep.data());
    let x = Tensor::randn(&[16, 40], &mut rng);
    let expected = x.matmul(&wt.t());
    assert_close(
        &sparse_matmul(&x, &csr(&wt)),
        &[16, 48],
        &expected.to_vec(),
        1e-5,
    );
}

/// A mask keeping every `every`-th entry (no dependency on 16.1).
fn magnitude_free_mask(w: &Tensor, every: usize) -> Tensor {
    let keep: Vec<f32> = (0..w.numel())
        .map(|i| if i % every == 0 { 1.0 } else { 0.0 })
        .collect();
    t(&keep, w.shape())
}

#[test]
fn t16_4_sparse_linear_matches_the_pruned_linear() {
    let mut rng = seeded_rng(6);
    let dense = Linear::new(32, 16, &mut rng);
    let w = dense.weight().get();
    dense.weight().set(Tensor::from_array(
        w.data() * magnitude_free_mask(&w, 10).data(),
    ));
    dense
        .bias()
        .expect("bias")
        .set(Tensor::randn(&[16], &mut rng));
    let sparse = SparseLinear::from_linear(&dense);
    let x = Tensor::randn(&[5, 32], &mut rng);
    assert_close(
        &sparse.forward(&x),
        &[5, 16],
        &dense.forward(&x).to_vec(),
        1e-5,
    );
    // ceil(512 / 10) = 52 nonzeros: 8 * 52 + 4 * 17 = 484 bytes, + 64 for the bias.
    assert_eq!(sparse.nbytes(), 484 + 64);
}

#[test]
#[should_panic(expected = "sparse_matmul: x of shape [2, 3]")]
fn t16_4_a_wrong_input_width_panics() {
    sparse_matmul(&Tensor::ones(&[2, 3]), &csr(&hand_matrix()));
}

// ----- 16.5 structured pruning -------------------------------------------------------------

#[test]
fn t16_5_prune_neurons_by_hand() {
    // first.weight [in 2, hidden 3], columns (3, 4), (1, 0), (0, 2): norms 5, 1, 2.
    // keep 2 -> units 0 and 2 (in their order).
    let first = linear(
        &[3.0, 1.0, 0.0, 4.0, 0.0, 2.0],
        [2, 3],
        Some(&[0.5, 0.6, 0.7]),
    );
    let second = linear(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [3, 2], Some(&[0.1, 0.2]));
    let (a, b) = prune_neurons(&first, &second, 2);
    assert_close(&a.weight().get(), &[2, 2], &[3.0, 0.0, 4.0, 2.0], 0.0);
    assert_close(&a.bias().expect("bias").get(), &[2], &[0.5, 0.7], 0.0);
    // Rows 0 and 2 of second.weight; its bias is untouched.
    assert_close(&b.weight().get(), &[2, 2], &[1.0, 2.0, 5.0, 6.0], 0.0);
    assert_close(&b.bias().expect("bias").get(), &[2], &[0.1, 0.2], 0.0);
}

#[test]
fn t16_5_the_pruned_pair_equals_the_original_with_units_zeroed() {
    let mut rng = seeded_rng(7);
    let (first, second) = (Linear::new(8, 6, &mut rng), Linear::new(6, 3, &mut rng));
    first
        .bias()
        .expect("bias")
        .set(Tensor::randn(&[6], &mut rng));
    let (a, b) = prune_neurons(&first, &second, 4);
    assert_eq!(
        a.num_parameters() + b.num_parameters(),
        8 * 4 + 4 + 4 * 3 + 3
    );

    // The two smallest-norm columns, found independently, zeroed in the original.
    let w1 = first.weight().get().to_vec();
    let norm = |j: usize| (0..8).map(|i| w1[i * 6 + j].powi(2)).sum::<f32>();
    let mut units: Vec<usize> = (0..6).collect();
    units.sort_by(|&i, &j| norm(i).total_cmp(&norm(j)));
    let dropped = &units[..2];
    let mut w = w1.clone();
    let mut bias = first.bias().expect("bias").get().to_vec();
    for &j in dropped {
        (0..8).for_each(|i| w[i * 6 + j] = 0.0);
        bias[j] = 0.0;
    }
    let zeroed = linear(&w, [8, 6], Some(&bias));
    let original = Sequential::new().add(zeroed).add(Relu).add(second);
    let pruned = Sequential::new().add(a).add(Relu).add(b);
    let x = Tensor::randn(&[5, 8], &mut rng);
    assert_close(
        &pruned.forward(&x),
        &[5, 3],
        &original.forward(&x).to_vec(),
        1e-5,
    );
}

#[test]
#[should_panic(expected = "prune_neurons: cannot keep 0 of 3 hidden units")]
fn t16_5_keeping_no_unit_panics() {
    let mut rng = seeded_rng(8);
    prune_neurons(
        &Linear::new(2, 3, &mut rng),
        &Linear::new(3, 1, &mut rng),
        0,
    );
}

// ----- 16.6 low-rank factorization --------------------------------------------------------

/// `||approx - w||_F / ||w||_F` for a layer pair without nonlinearity.
fn relative_error(w: &Tensor, a: &Linear, b: &Linear) -> f32 {
    let approx = a.weight().get().matmul(&b.weight().get());
    let diff: f32 = approx
        .to_vec()
        .iter()
        .zip(w.to_vec())
        .map(|(p, q)| (p - q).powi(2))
        .sum();
    let norm: f32 = w.to_vec().iter().map(|v| v * v).sum();
    (diff / norm).sqrt()
}

#[test]
fn t16_6_rank_one_of_a_diagonal_keeps_the_largest_value() {
    // W = diag(3, 2, 1): the best rank-1 approximation is diag(3, 0, 0), relative error
    // sqrt(2^2 + 1^2) / sqrt(3^2 + 2^2 + 1^2) = sqrt(5 / 14) = 0.597614.
    let w = t(&[3.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 1.0], &[3, 3]);
    let layer = Linear::from_parameters(w.clone(), Some(t(&[1.0, 2.0, 3.0], &[3]))).unwrap();
    let (a, b) = low_rank_factorize(&layer, 1);
    assert_eq!(a.weight().shape(), [3, 1]);
    assert_eq!(b.weight().shape(), [1, 3]);
    assert!(a.bias().is_none());
    assert_eq!(b.bias().expect("bias").get().to_vec(), [1.0, 2.0, 3.0]);
    let product = a.weight().get().matmul(&b.weight().get());
    assert_close(
        &product,
        &[3, 3],
        &[3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        1e-5,
    );
    assert_approx_eq!(relative_error(&w, &a, &b), 0.597_614, 1e-5);
}

#[test]
fn t16_6_a_rank_one_matrix_is_recovered_exactly() {
    // W = u v^T with u = [1, 2, 3], v = [1, -1]: rank 1.
    let w = t(&[1.0, -1.0, 2.0, -2.0, 3.0, -3.0], &[3, 2]);
    let layer = Linear::from_parameters(w.clone(), None).unwrap();
    let (a, b) = low_rank_factorize(&layer, 1);
    let product = a.weight().get().matmul(&b.weight().get());
    assert_close(&product, &[3, 2], &w.to_vec(), 1e-5);
}

#[test]
fn t16_6_the_error_falls_as_the_rank_grows() {
    let layer = Linear::new(16, 12, &mut seeded_rng(9));
    let w = layer.weight().get();
    let sigma = svd(w.data().view().into_dimensionality().unwrap()).s;
    let total: f32 = sigma.iter().map(|s| s * s).sum();
    let mut previous = f32::INFINITY;
    for rank in 1..=12 {
        let (a, b) = low_rank_factorize(&layer, rank);
        assert_eq!(
            a.num_parameters() + b.num_parameters(),
            rank * (16 + 12) + 12
        );
        let err = relative_error(&w, &a, &b);
        // Eckart-Young: the error is the energy of the dropped singular values.
        let dropped: f32 = sigma.iter().skip(rank).map(|s| s * s).sum();
        assert_approx_eq!(err, (dropped / total).sqrt(), 1e-4);
        assert!(err < previous, "rank {rank}: error {err} >= {previous}");
        previous = err;
    }
    assert!(previous < 1e-5, "full rank must be exact, error {previous}");
}

#[test]
#[should_panic(expected = "low_rank_factorize: rank 5 for a 4 x 3 weight")]
fn t16_6_a_rank_above_the_matrix_rank_panics() {
    low_rank_factorize(&Linear::new(4, 3, &mut seeded_rng(0)), 5);
}

// ----- 16.7 distillation -------------------------------------------------------------------

#[test]
fn t16_7_distillation_loss_by_hand_at_t1() {
    // student [0, 0] -> p_s = [1/2, 1/2]; teacher [ln 3, 0] -> p_t = [3/4, 1/4]; label 0.
    // KL(p_t || p_s) = 0.75 ln 1.5 + 0.25 ln 0.5 = 0.304099 - 0.173287 = 0.130812
    // CE = ln 2 = 0.693147; alpha 0.5: 0.5 * 0.130812 + 0.5 * 0.693147 = 0.411980.
    let student = t(&[0.0, 0.0], &[1, 2]);
    let teacher = t(&[3f32.ln(), 0.0], &[1, 2]);
    let loss = distillation_loss(&student, &teacher, &[0], 1.0, 0.5).expect("valid labels");
    assert_approx_eq!(loss.item(), 0.411_980, 1e-5);
}

#[test]
fn t16_7_the_soft_term_is_scaled_by_t_squared() {
    // T = 2, alpha = 1: p_t = softmax([ln 3 / 2, 0]) = [sqrt 3 / (sqrt 3 + 1), 1 / (sqrt 3 + 1)]
    // = [0.633975, 0.366025], p_s = [1/2, 1/2];
    // KL = 0.633975 ln(1.267949) + 0.366025 ln(0.732051) = 0.036341; times T^2 = 0.145363.
    // Gradient w.r.t. the student logits: T * (p_s - p_t) / batch = [-0.267949, 0.267949].
    let student = t(&[0.0, 0.0], &[1, 2]).with_requires_grad(true);
    let teacher = t(&[3f32.ln(), 0.0], &[1, 2]).with_requires_grad(true);
    let loss = distillation_loss(&student, &teacher, &[0], 2.0, 1.0).expect("valid labels");
    assert_approx_eq!(loss.item(), 0.145_363, 1e-5);
    let grads = backward(&loss).expect("differentiable");
    let g = grads.get(&student).expect("student gradient");
    assert_close(g, &[1, 2], &[-0.267_949, 0.267_949], 1e-5);
    assert!(
        grads.get(&teacher).is_none(),
        "the teacher must be detached"
    );
}

#[test]
fn t16_7_the_soft_term_is_averaged_over_the_batch() {
    // T = 1, alpha = 1 (soft term only). Row 0 is the example of the test above:
    // KL([3/4, 1/4] || [1/2, 1/2]) = 0.130812; row 1 has the student equal to the teacher:
    // KL = 0. Mean over the batch of 2: 0.065406 (the sum would be 0.130812, the sum times
    // the batch 0.261624).
    let student = t(&[0.0, 0.0, 1.0, -1.0], &[2, 2]);
    let teacher = t(&[3f32.ln(), 0.0, 1.0, -1.0], &[2, 2]);
    let loss = distillation_loss(&student, &teacher, &[0, 1], 1.0, 1.0).expect("valid labels");
    assert_approx_eq!(loss.item(), 0.065_406, 1e-5);
}

#[test]
fn t16_7_the_gradient_does_not_vanish_at_high_temperature() {
    // With T^2 the soft gradient tends to (s - t, centered) / classes as T grows; without
    // it, it would shrink by 4x from T = 5 to T = 10.
    let grad_norm = |temperature: f32| {
        let student = t(&[0.5, -0.5, 0.0], &[1, 3]).with_requires_grad(true);
        let teacher = t(&[1.0, 0.0, -1.0], &[1, 3]);
        let loss = distillation_loss(&student, &teacher, &[0], temperature, 1.0).unwrap();
        let g = backward(&loss).unwrap().get(&student).unwrap().to_vec();
        g.iter().map(|v| v * v).sum::<f32>().sqrt()
    };
    let ratio = grad_norm(10.0) / grad_norm(5.0);
    assert!(
        (0.9..1.1).contains(&ratio),
        "gradient ratio T=10 / T=5 is {ratio}, expected about 1 (0.25 without the T^2 factor)"
    );
}

#[test]
fn t16_7_a_bad_label_is_an_error() {
    let logits = Tensor::zeros(&[2, 3]);
    let err = distillation_loss(&logits, &logits, &[0, 3], 2.0, 0.5);
    assert!(err.is_err());
    // alpha = 0 is plain cross-entropy: ln 3 for uniform logits.
    let loss = distillation_loss(&logits, &logits, &[0, 2], 2.0, 0.0).unwrap();
    assert_approx_eq!(loss.item(), 3f32.ln(), 1e-6);
    assert_slice_close(&[loss.item()], &[1.098_612], 1e-5);
}
