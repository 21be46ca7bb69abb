//! Graded tests for module 14 (Profiling). Test `t14_k_*` grades task 14.k.
//!
//! Every count is checked against the arithmetic from the layer sizes, written out in the
//! comments. Timings are never asserted; only the statistics math is, on fixed samples.

use assert_approx_eq::assert_approx_eq;
use tinytorch_activations::Relu;
use tinytorch_attention::MultiHeadAttention;
use tinytorch_convolutions::{Conv2d, simple_cnn};
use tinytorch_embeddings::PositionalEmbedding;
use tinytorch_layers::{Linear, Module, Sequential};
use tinytorch_profiling::{
    LatencyStats, LayerCost, ProfileError, REPORT_GPT, activation_bytes, attention_flops,
    conv2d_flops, conv2d_params, count_parameters, feed_forward_flops, linear_flops, linear_params,
    param_bytes, peak_activation_bytes, percentile, profile_layers,
};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::digit_mlp;
use tinytorch_transformers::{Gpt, TransformerBlock};

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_profiling::editions());
}

fn flops(rows: &[LayerCost]) -> Vec<u64> {
    rows.iter().map(|r| r.flops).collect()
}

fn names(rows: &[LayerCost]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

fn total_flops(rows: &[LayerCost]) -> u64 {
    rows.iter().map(|r| r.flops).sum()
}

fn conv(cin: usize, cout: usize, stride: usize, padding: usize) -> Conv2d {
    Conv2d::new(cin, cout, (3, 3), stride, padding, &mut seeded_rng(0)).unwrap()
}

/// A layer the profiler has never heard of.
struct Mystery;

impl Module for Mystery {
    fn forward(&self, x: &Tensor) -> Tensor {
        x.clone()
    }
    fn name(&self) -> String {
        "Mystery".to_string()
    }
}

// ---------------------------------------------------------------- 14.1 parameters

#[test]
fn t14_1_linear_params_count_weight_and_bias() {
    // 784 * 256 = 200,704 weights + 256 biases
    assert_eq!(linear_params(784, 256, true), 200_960);
    assert_eq!(linear_params(784, 256, false), 200_704);
    // the digit MLP: (64*32 + 32) + (32*10 + 10) = 2,080 + 330
    assert_eq!(
        linear_params(64, 32, true) + linear_params(32, 10, true),
        2_410
    );
}

#[test]
fn t14_1_conv2d_params_count_filters_and_bias() {
    // 16 filters of 3 x 3 x 3 = 432 weights + 16 biases
    assert_eq!(conv2d_params(3, 16, (3, 3), true), 448);
    assert_eq!(conv2d_params(3, 16, (3, 3), false), 432);
    // a non-square kernel: 2 * 5 * (1 * 3) + 2
    assert_eq!(conv2d_params(5, 2, (1, 3), true), 32);
    // SimpleCNN: conv1 4*1*9 + 4 = 40, conv2 8*4*9 + 8 = 296
    assert_eq!(conv2d_params(1, 4, (3, 3), true), 40);
    assert_eq!(conv2d_params(4, 8, (3, 3), true), 296);
}

#[test]
fn t14_1_count_parameters_of_the_course_networks() {
    assert_eq!(count_parameters(&digit_mlp(0)), 2_410);
    // 40 + 296 + (32 * 10 + 10) = 666
    assert_eq!(count_parameters(&simple_cnn(0)), 666);
    let gpt = Gpt::new(REPORT_GPT).unwrap();
    // V*D + S*D + L*(12 D^2 + 13 D) + 2D + D*V
    // = 2,432 + 2,048 + 2 * (49,152 + 832) + 128 + 2,432 = 107,008
    assert_eq!(count_parameters(&gpt), 107_008);
}

#[test]
fn t14_1_count_parameters_counts_a_shared_layer_once() {
    // Cloning a Linear shares its parameters: 4*4 + 4 = 20 scalars, used twice.
    let layer = Linear::new(4, 4, &mut seeded_rng(0));
    let twice = Sequential::new().add(layer.clone()).add(layer);
    assert_eq!(count_parameters(&twice), 20);
}

// ---------------------------------------------------------------- 14.2 memory

#[test]
fn t14_2_bytes_of_parameters_and_activations() {
    assert_eq!(param_bytes(2_410), 9_640); // 4 bytes per f32
    assert_eq!(param_bytes(0), 0);
    assert_eq!(activation_bytes(&[8, 64]), 2_048); // 512 floats
    assert_eq!(activation_bytes(&[1, 4, 8, 8]), 1_024);
    assert_eq!(activation_bytes(&[]), 4); // a scalar is one element
    assert_eq!(activation_bytes(&[3, 0]), 0);
}

#[test]
fn t14_2_peak_is_the_largest_input_plus_output() {
    // digit MLP, one sample: input 64 floats (256 B), outputs 32, 32, 10 floats.
    // live while layer 0 runs: 256 + 128 = 384; layer 1: 128 + 128; layer 2: 128 + 40.
    assert_eq!(peak_activation_bytes(256, &[128, 128, 40]), 384);
    // The peak can come late: 4 + 8, 8 + 100, 100 + 8 -> 108.
    assert_eq!(peak_activation_bytes(4, &[8, 100, 8]), 108);
    // A huge input with tiny outputs: the input is live while the first layer runs.
    assert_eq!(peak_activation_bytes(1_000, &[4, 4]), 1_004);
    assert_eq!(peak_activation_bytes(256, &[]), 256);
}

// ---------------------------------------------------------------- 14.3 linear and conv FLOPs

#[test]
fn t14_3_linear_and_conv_flop_formulas() {
    // 2 * 64 * 32 + 2 * 32 * 10 = 4,096 + 640
    assert_eq!(linear_flops(1, 64, 32) + linear_flops(1, 32, 10), 4_736);
    assert_eq!(linear_flops(8, 64, 32), 8 * 4_096);
    // 3 -> 16, 3x3, output 32x32 (padding 1): 2 * 16 * 32*32 * 3*9 = 884,736
    assert_eq!(conv2d_flops(1, 3, 16, (3, 3), (32, 32)), 884_736);
    // TinyTorch's 777,600 is the same layer without padding: output 30x30
    assert_eq!(conv2d_flops(1, 3, 16, (3, 3), (30, 30)), 777_600);
    assert_eq!(conv2d_flops(2, 3, 16, (3, 3), (30, 30)), 2 * 777_600);
}

#[test]
fn t14_3_conv_layer_flops_use_the_output_size() {
    let same = profile_layers(&conv(3, 16, 1, 1), &[1, 3, 32, 32]).unwrap();
    assert_eq!(same.len(), 1);
    assert_eq!(same[0].flops, 884_736);
    assert_eq!(same[0].output_shape, vec![1, 16, 32, 32]);
    assert_eq!(same[0].params, 448);
    let valid = profile_layers(&conv(3, 16, 1, 0), &[1, 3, 32, 32]).unwrap();
    assert_eq!(valid[0].flops, 777_600);
    assert_eq!(valid[0].output_shape, vec![1, 16, 30, 30]);
    // stride 2, padding 1 on 7x7: floor((7 + 2 - 3) / 2) + 1 = 4;
    // 2 * 2 * 16 * (1 * 9) = 576 FLOPs
    let strided = profile_layers(&conv(1, 2, 2, 1), &[1, 1, 7, 7]).unwrap();
    assert_eq!(strided[0].output_shape, vec![1, 2, 4, 4]);
    assert_eq!(strided[0].flops, 576);
}

#[test]
fn t14_3_digit_mlp_profile() {
    let rows = profile_layers(&digit_mlp(0), &[1, 64]).unwrap();
    assert_eq!(names(&rows), ["0", "1", "2"]);
    assert_eq!(flops(&rows), [4_096, 0, 640]); // ReLU is not counted
    assert_eq!(total_flops(&rows), 4_736);
    let params: Vec<usize> = rows.iter().map(|r| r.params).collect();
    assert_eq!(params, [2_080, 0, 330]);
    assert_eq!(rows[0].kind, "Linear(64 -> 32)");
    assert_eq!(rows[2].output_shape, vec![1, 10]);
    // bytes: 2,080 * 4 parameters; the [1, 32] output is 128 bytes
    assert_eq!(
        (rows[0].param_bytes, rows[0].activation_bytes),
        (8_320, 128)
    );
    // counts are for the whole shape given: a batch of 8 is 8 times the work
    assert_eq!(
        total_flops(&profile_layers(&digit_mlp(0), &[8, 64]).unwrap()),
        8 * 4_736
    );
}

#[test]
fn t14_3_simple_cnn_profile() {
    let rows = profile_layers(&simple_cnn(0), &[1, 1, 8, 8]).unwrap();
    // conv1 1 -> 4, 3x3, pad 1 on 8x8: 2 * 4 * 8*8 * 1*9  = 4,608
    // ReLU, MaxPool2d(2)                                  -> [1, 4, 4, 4]
    // conv2 4 -> 8, 3x3, pad 1 on 4x4: 2 * 8 * 4*4 * 4*9  = 9,216
    // ReLU, MaxPool2d(2)                                  -> [1, 8, 2, 2]
    // Flatten -> [1, 32]; Linear 32 -> 10: 2 * 32 * 10    =   640
    // total 14,464 FLOPs per image
    assert_eq!(flops(&rows), [4_608, 0, 0, 9_216, 0, 0, 0, 640]);
    assert_eq!(total_flops(&rows), 14_464);
    let shapes: Vec<Vec<usize>> = rows.iter().map(|r| r.output_shape.clone()).collect();
    assert_eq!(
        shapes,
        [
            vec![1, 4, 8, 8],
            vec![1, 4, 8, 8],
            vec![1, 4, 4, 4],
            vec![1, 8, 4, 4],
            vec![1, 8, 4, 4],
            vec![1, 8, 2, 2],
            vec![1, 32],
            vec![1, 10],
        ]
    );
    assert_eq!(rows.iter().map(|r| r.params).sum::<usize>(), 666);
}

#[test]
fn t14_3_nested_sequentials_are_walked() {
    let mut rng = seeded_rng(0);
    let inner = Sequential::new()
        .add(Linear::new(64, 32, &mut rng))
        .add(Relu);
    let head = Sequential::new().add(Sequential::new().add(Linear::new(32, 10, &mut rng)));
    let nested = Sequential::new().add(inner).add(head);
    let rows = profile_layers(&nested, &[1, 64]).unwrap();
    assert_eq!(names(&rows), ["0.0", "0.1", "1.0.0"]);
    // the same 4,736 as the flat digit MLP
    assert_eq!(flops(&rows), [4_096, 0, 640]);
    assert_eq!(rows.iter().map(|r| r.params).sum::<usize>(), 2_410);
    assert_eq!(rows[2].output_shape, vec![1, 10]);
}

#[test]
fn t14_3_unknown_layers_and_bad_shapes_are_errors() {
    let mut rng = seeded_rng(0);
    let model = Sequential::new()
        .add(Linear::new(4, 4, &mut rng))
        .add(Sequential::new().add(Mystery));
    assert_eq!(
        profile_layers(&model, &[1, 4]),
        Err(ProfileError::UnknownLayer {
            path: "1.0".to_string(),
            layer: "Mystery".to_string()
        })
    );
    let err = profile_layers(&digit_mlp(0), &[1, 63]).unwrap_err();
    assert!(
        matches!(&err, ProfileError::Shape { path, input, .. } if path == "0" && input == &[1, 63]),
        "{err:?}"
    );
    // a 2x2 image is smaller than a 3x3 kernel without padding
    let err = profile_layers(&conv(1, 1, 1, 0), &[1, 1, 2, 2]).unwrap_err();
    assert!(matches!(err, ProfileError::Shape { .. }), "{err:?}");
    // 3 channels into a 1-channel convolution
    let err = profile_layers(&conv(1, 1, 1, 1), &[1, 3, 8, 8]).unwrap_err();
    assert!(matches!(err, ProfileError::Shape { .. }), "{err:?}");
}

// ---------------------------------------------------------------- 14.4 attention and GPT

#[test]
fn t14_4_attention_and_feed_forward_formulas() {
    // S = 32, D = 64: projections 4 * 2 * 32 * 64^2 = 1,048,576;
    // scores and values 2 * 2 * 32^2 * 64 = 262,144
    assert_eq!(attention_flops(1, 32, 64), 1_310_720);
    // S = 64: 8 * 64 * 4096 = 2,097,152 plus 4 * 64^2 * 64 = 1,048,576: the S^2 part grows faster
    assert_eq!(attention_flops(1, 64, 64), 3_145_728);
    assert_eq!(attention_flops(3, 32, 64), 3 * 1_310_720);
    // D -> 4D -> D on 32 tokens: 2 * 32 * 64 * 256 * 2 = 16 * 32 * 64^2
    assert_eq!(feed_forward_flops(32, 64, 256), 2_097_152);
    assert_eq!(feed_forward_flops(1, 3, 5), 2 * 15 + 2 * 15);
}

#[test]
fn t14_4_attention_layer_and_block_rows() {
    let mha = MultiHeadAttention::new(64, 4, &mut seeded_rng(0)).unwrap();
    let rows = profile_layers(&mha, &[2, 32, 64]).unwrap();
    assert_eq!(names(&rows), ["(root)"]);
    assert_eq!(rows[0].flops, 2 * 1_310_720);
    assert_eq!(rows[0].params, 4 * (64 * 64 + 64)); // 16,640
    assert_eq!(rows[0].output_shape, vec![2, 32, 64]);
    let block = TransformerBlock::new(64, 4, &mut seeded_rng(0)).unwrap();
    let rows = profile_layers(&block, &[1, 32, 64]).unwrap();
    // attention 1,310,720 + MLP 2,097,152; params 12 D^2 + 13 D = 49,152 + 832
    assert_eq!(rows[0].flops, 3_407_872);
    assert_eq!(rows[0].params, 49_984);
}

#[test]
fn t14_4_gpt_profile() {
    let gpt = Gpt::new(REPORT_GPT).unwrap();
    let rows = profile_layers(&gpt, &[1, 32]).unwrap();
    assert_eq!(
        names(&rows),
        ["tok", "pos", "blocks.0", "blocks.1", "ln_f", "lm_head"]
    );
    // embeddings are lookups (0); each block 3,407,872; LM head 2 * S * D * V = 2 * 32 * 64 * 38
    assert_eq!(flops(&rows), [0, 0, 3_407_872, 3_407_872, 0, 155_648]);
    assert_eq!(total_flops(&rows), 6_971_392);
    let params: Vec<usize> = rows.iter().map(|r| r.params).collect();
    // V*D, S_max*D, 12 D^2 + 13 D twice, 2D, D*V (no bias)
    assert_eq!(params, [2_432, 2_048, 49_984, 49_984, 128, 2_432]);
    assert_eq!(rows[5].output_shape, vec![1, 32, 38]);
    // a longer context than the position table holds is an error, not a panic
    let err = profile_layers(&gpt, &[1, 33]).unwrap_err();
    assert!(
        matches!(&err, ProfileError::Shape { path, .. } if path == "pos"),
        "{err:?}"
    );
}

#[test]
fn t14_4_a_positional_embedding_checks_the_sequence_axis() {
    // A table of 4 positions of 8 values: 32 parameters, a lookup (0 FLOPs). The sequence
    // is the second axis from the end, also for an input without a batch axis: [3, 8] is
    // 3 positions of 8 (fits), [5, 8] is 5 positions (more than 4: an error).
    let pe = PositionalEmbedding::new(4, 8, &mut seeded_rng(0));
    for input in [vec![3, 8], vec![2, 3, 8], vec![2, 2, 4, 8]] {
        let rows = profile_layers(&pe, &input).unwrap();
        assert_eq!((rows[0].params, rows[0].flops), (32, 0), "{input:?}");
        assert_eq!(rows[0].output_shape, input);
    }
    for input in [vec![5, 8], vec![2, 5, 8], vec![3, 7]] {
        let err = profile_layers(&pe, &input).unwrap_err();
        assert!(
            matches!(err, ProfileError::Shape { .. }),
            "{input:?}: {err:?}"
        );
    }
}

// ---------------------------------------------------------------- 14.5 latency statistics

#[test]
fn t14_5_percentile_interpolates_between_ranks() {
    let sorted: Vec<f64> = (0..=10).map(f64::from).collect(); // 0, 1, .., 10
    // rank h = (n - 1) p / 100 = 10 p / 100
    assert_approx_eq!(percentile(&sorted, 90.0), 9.0, 1e-12);
    assert_approx_eq!(percentile(&sorted, 99.0), 9.9, 1e-12);
    assert_approx_eq!(percentile(&sorted, 25.0), 2.5, 1e-12);
    assert_eq!(percentile(&sorted, 0.0), 0.0);
    assert_eq!(percentile(&sorted, 100.0), 10.0);
    assert_eq!(percentile(&[7.0], 99.0), 7.0);
}

#[test]
fn t14_5_stats_of_an_even_count() {
    let s = LatencyStats::from_samples(&[4.0, 1.0, 3.0, 2.0]).unwrap();
    // sorted 1, 2, 3, 4: median halfway between 2 and 3
    assert_approx_eq!(s.median, 2.5, 1e-12);
    // p90: h = 3 * 0.9 = 2.7 -> 3 + 0.7 * (4 - 3); p99: h = 2.97
    assert_approx_eq!(s.p90, 3.7, 1e-12);
    assert_approx_eq!(s.p99, 3.97, 1e-12);
    assert_approx_eq!(s.mean, 2.5, 1e-12);
    // population variance: (1.5^2 + 0.5^2 + 0.5^2 + 1.5^2) / 4 = 1.25
    assert_approx_eq!(s.std, 1.25f64.sqrt(), 1e-12);
    assert_eq!((s.min, s.max, s.samples), (1.0, 4.0, 4));
}

#[test]
fn t14_5_stats_of_an_odd_count_and_one_sample() {
    let s = LatencyStats::from_samples(&[5.0, 1.0, 3.0]).unwrap();
    assert_approx_eq!(s.median, 3.0, 1e-12);
    // h = 2 * 0.9 = 1.8 -> 3 + 0.8 * (5 - 3)
    assert_approx_eq!(s.p90, 4.6, 1e-12);
    assert_approx_eq!(s.mean, 3.0, 1e-12);
    assert_approx_eq!(s.std, (8.0f64 / 3.0).sqrt(), 1e-12);
    let one = LatencyStats::from_samples(&[7.5]).unwrap();
    assert_eq!(
        (one.median, one.p99, one.std, one.samples),
        (7.5, 7.5, 0.0, 1)
    );
}

#[test]
fn t14_5_bad_samples_are_errors() {
    assert_eq!(
        LatencyStats::from_samples(&[]),
        Err(ProfileError::NoSamples)
    );
    assert!(matches!(
        LatencyStats::from_samples(&[1.0, f64::NAN]),
        Err(ProfileError::BadSample { index: 1, .. })
    ));
    assert_eq!(
        LatencyStats::from_samples(&[1.0, 2.0, -0.5]),
        Err(ProfileError::BadSample {
            index: 2,
            value: -0.5
        })
    );
}
