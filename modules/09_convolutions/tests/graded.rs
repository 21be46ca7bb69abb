//! Graded tests for module 09 (Convolutions). Test `t09_k_*` grades task 09.k.
//! Expected values are computed by hand in the comments, or by the seven-loop
//! `conv2d_naive` (shared code, not an exercise) for random inputs.

use ndarray::{ArrayD, IxDyn};
use tinytorch_autograd::{GradCheck, backward, check_gradients};
use tinytorch_convolutions::{
    AvgPool2d, Conv2d, ConvError, MaxPool2d, col2im, conv_output_size, conv2d, conv2d_naive,
    im2col, simple_cnn,
};
use tinytorch_layers::Module;
use tinytorch_tensor::testing::{assert_close, assert_slice_close};
use tinytorch_tensor::{Tensor, seeded_rng};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

fn arange(start: f32, end: f32, shape: &[usize]) -> Tensor {
    Tensor::arange(start, end, 1.0).reshape(shape)
}

fn randn(shape: &[usize], seed: u64) -> Tensor {
    Tensor::randn(shape, &mut seeded_rng(seed))
}

/// Distinct values at least 0.1 apart (a shuffled ramp): no ties, so a max pooling has
/// no kink within the gradient checker's step of 0.01.
fn spaced(shape: &[usize]) -> Tensor {
    let n: usize = shape.iter().product();
    let values: Vec<f32> = (0..n).map(|i| ((i * 37) % n) as f32 * 0.1 - 1.0).collect();
    t(&values, shape)
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_convolutions::editions());
}

// ---- 09.1 output sizes -----------------------------------------------------------------

#[test]
fn t09_1_output_sizes_of_common_settings() {
    // floor((H + 2P - K) / S) + 1
    assert_eq!(conv_output_size(32, 3, 1, 1), Ok(32)); // (32 + 2 - 3) / 1 + 1: "same"
    assert_eq!(conv_output_size(32, 3, 1, 0), Ok(30)); // (32 - 3) / 1 + 1
    assert_eq!(conv_output_size(32, 3, 2, 0), Ok(15)); // floor(29 / 2) + 1 = 14 + 1
    assert_eq!(conv_output_size(32, 5, 1, 0), Ok(28)); // (32 - 5) / 1 + 1
    assert_eq!(conv_output_size(32, 3, 2, 1), Ok(16)); // floor(31 / 2) + 1
    assert_eq!(conv_output_size(8, 2, 2, 0), Ok(4)); // a 2x2 pooling halves
}

#[test]
fn t09_1_padding_counts_on_both_sides() {
    assert_eq!(conv_output_size(2, 3, 1, 1), Ok(2)); // padded to 4: (4 - 3) + 1
    assert_eq!(conv_output_size(3, 5, 1, 1), Ok(1)); // padded to 5: the kernel just fits
    assert_eq!(conv_output_size(7, 3, 3, 0), Ok(2)); // floor(4 / 3) + 1: the last column is dropped
    assert_eq!(conv_output_size(4, 4, 1, 0), Ok(1)); // kernel as large as the input
}

#[test]
fn t09_1_rejects_impossible_settings() {
    assert_eq!(conv_output_size(8, 3, 0, 1), Err(ConvError::ZeroStride));
    assert!(matches!(
        conv_output_size(8, 0, 1, 0),
        Err(ConvError::ZeroSize { .. })
    ));
    let err = conv_output_size(3, 5, 1, 0).unwrap_err();
    assert_eq!(
        err,
        ConvError::KernelTooLarge {
            input: 3,
            kernel: 5,
            padding: 0
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("size 5") && message.contains("size 3"),
        "{message}"
    );
}

// ---- 09.2 im2col ----------------------------------------------------------------------

#[test]
fn t09_2_im2col_of_a_3x3_image() {
    // 1 2 3
    // 4 5 6   2x2 windows, stride 1: four windows, read row by row.
    // 7 8 9
    let x = arange(1.0, 10.0, &[1, 1, 3, 3]);
    let cols = im2col(&x, 2, 2, 1, 0);
    #[rustfmt::skip]
    let expected = [
        1.0, 2.0, 4.0, 5.0,
        2.0, 3.0, 5.0, 6.0,
        4.0, 5.0, 7.0, 8.0,
        5.0, 6.0, 8.0, 9.0,
    ];
    assert_close(&cols, &[4, 4], &expected, 0.0);
}

#[test]
fn t09_2_im2col_columns_are_channel_major() {
    // Two channels, one 2x2 window: columns (c, ki, kj) = channel 0's pixels, then
    // channel 1's, the order of weight.reshape([out, C * kh * kw]).
    let x = t(&[1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0], &[1, 2, 2, 2]);
    let cols = im2col(&x, 2, 2, 1, 0);
    assert_close(
        &cols,
        &[1, 8],
        &[1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0],
        0.0,
    );
}

#[test]
fn t09_2_im2col_with_stride() {
    //  0  1  2  3
    //  4  5  6  7   2x2 windows, stride 2: four disjoint blocks
    //  8  9 10 11
    // 12 13 14 15
    let x = arange(0.0, 16.0, &[1, 1, 4, 4]);
    let cols = im2col(&x, 2, 2, 2, 0);
    #[rustfmt::skip]
    let expected = [
        0.0, 1.0, 4.0, 5.0,
        2.0, 3.0, 6.0, 7.0,
        8.0, 9.0, 12.0, 13.0,
        10.0, 11.0, 14.0, 15.0,
    ];
    assert_close(&cols, &[4, 4], &expected, 0.0);
}

#[test]
fn t09_2_im2col_with_padding_and_stride() {
    // 1..9 padded by one ring of zeros (5x5), 2x2 windows, stride 2: (3 + 2 - 2) / 2 + 1 = 2
    // positions per axis, their top-left corners at rows/cols -1 and 1 of the image.
    let x = arange(1.0, 10.0, &[1, 1, 3, 3]);
    let cols = im2col(&x, 2, 2, 2, 1);
    #[rustfmt::skip]
    let expected = [
        0.0, 0.0, 0.0, 1.0, // rows -1..0, cols -1..0
        0.0, 0.0, 2.0, 3.0, // rows -1..0, cols 1..2
        0.0, 4.0, 0.0, 7.0, // rows 1..2, cols -1..0
        5.0, 6.0, 8.0, 9.0, // rows 1..2, cols 1..2
    ];
    assert_close(&cols, &[4, 4], &expected, 0.0);
}

#[test]
fn t09_2_im2col_stacks_the_batch() {
    // Two images 2x2, one 2x2 window each: row n is image n.
    let x = arange(0.0, 8.0, &[2, 1, 2, 2]);
    let cols = im2col(&x, 2, 2, 1, 0);
    assert_close(
        &cols,
        &[2, 4],
        &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        0.0,
    );
}

#[test]
#[should_panic(expected = "must be 4-D")]
fn t09_2_im2col_rejects_an_input_without_batch_axis() {
    im2col(&Tensor::zeros(&[1, 3, 3]), 2, 2, 1, 0);
}

// ---- 09.3 col2im ----------------------------------------------------------------------

#[test]
fn t09_3_col2im_adds_overlapping_windows() {
    // 2x2 windows over a 3x3 image, every window entry 1: each pixel receives the number
    // of windows that cover it (corners 1, edges 2, centre 4).
    let ones = ArrayD::from_elem(IxDyn(&[4, 4]), 1.0);
    let dx = col2im(&ones, &[1, 1, 3, 3], 2, 2, 1, 0);
    assert_eq!(dx.shape(), &[1, 1, 3, 3]);
    assert_slice_close(
        dx.as_slice().expect("contiguous"),
        &[1.0, 2.0, 1.0, 2.0, 4.0, 2.0, 1.0, 2.0, 1.0],
        0.0,
    );
}

#[test]
fn t09_3_col2im_drops_the_padding() {
    // The geometry of t09_2_im2col_with_padding_and_stride, entries 1..16: only the
    // entries that were read from the image come back, each to its pixel
    // (row 0: entry 4 -> (0,0); row 1: 7 -> (0,1), 8 -> (0,2); row 2: 10 -> (1,0),
    // 12 -> (2,0); row 3: 13, 14, 15, 16 -> (1,1), (1,2), (2,1), (2,2)).
    let cols =
        ArrayD::from_shape_vec(IxDyn(&[4, 4]), (1..=16).map(|v| v as f32).collect()).unwrap();
    let dx = col2im(&cols, &[1, 1, 3, 3], 2, 2, 2, 1);
    assert_slice_close(
        dx.as_slice().expect("contiguous"),
        &[4.0, 7.0, 8.0, 10.0, 13.0, 14.0, 12.0, 15.0, 16.0],
        0.0,
    );
}

#[test]
fn t09_3_col2im_is_the_adjoint_of_im2col() {
    // sum(im2col(x) * g) == sum(x * col2im(g)) for any x and g: the defining property of
    // a gradient of a linear map.
    let x = randn(&[2, 3, 5, 4], 1);
    for (k, stride, padding) in [(3, 1, 1), (2, 2, 0), (3, 2, 1)] {
        let cols = im2col(&x, k, k, stride, padding);
        let g = randn(cols.shape(), 2);
        let lhs: f32 = (cols.data() * g.data()).sum();
        let back = col2im(g.data(), x.shape(), k, k, stride, padding);
        let rhs: f32 = (x.data() * &back).sum();
        assert!(
            (lhs - rhs).abs() < 1e-3,
            "k={k} stride={stride} padding={padding}: {lhs} vs {rhs}"
        );
    }
}

#[test]
fn t09_3_im2col_gradient_matches_finite_differences() {
    let x = randn(&[2, 2, 4, 5], 3);
    for (k, stride, padding) in [(3, 1, 1), (2, 2, 1)] {
        check_gradients(
            |v| im2col(&v[0], k, k, stride, padding),
            std::slice::from_ref(&x),
            GradCheck::default(),
        )
        .unwrap_or_else(|e| panic!("k={k} stride={stride} padding={padding}: {e}"));
    }
}

// ---- 09.4 Conv2d ----------------------------------------------------------------------

#[test]
fn t09_4_conv2d_with_a_diagonal_kernel() {
    // Kernel [[1, 0], [0, 1]] adds each pixel to its lower-right neighbour:
    // 1+5 = 6, 2+6 = 8, 4+8 = 12, 5+9 = 14.
    let x = arange(1.0, 10.0, &[1, 1, 3, 3]);
    let w = t(&[1.0, 0.0, 0.0, 1.0], &[1, 1, 2, 2]);
    assert_close(
        &conv2d(&x, &w, None, 1, 0),
        &[1, 1, 2, 2],
        &[6.0, 8.0, 12.0, 14.0],
        1e-6,
    );
    // The same through the layer, with a bias of 0.5 added to every output.
    let conv = Conv2d::new(1, 1, (2, 2), 1, 0, &mut seeded_rng(0)).unwrap();
    conv.weight().set(w);
    conv.bias().unwrap().set(t(&[0.5], &[1]));
    assert_close(
        &conv.forward(&x),
        &[1, 1, 2, 2],
        &[6.5, 8.5, 12.5, 14.5],
        1e-6,
    );
}

#[test]
fn t09_4_conv2d_with_two_filters_keeps_channels_first() {
    // Filter 0 sums the 2x2 window, filter 1 takes its top-left pixel; bias [0, 100].
    // Output channel 0 = [[12, 16], [24, 28]], channel 1 = [[101, 102], [104, 105]].
    let x = arange(1.0, 10.0, &[1, 1, 3, 3]);
    let w = t(&[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0], &[2, 1, 2, 2]);
    let b = t(&[0.0, 100.0], &[2]);
    assert_close(
        &conv2d(&x, &w, Some(&b), 1, 0),
        &[1, 2, 2, 2],
        &[12.0, 16.0, 24.0, 28.0, 101.0, 102.0, 104.0, 105.0],
        1e-5,
    );
}

#[test]
fn t09_4_conv2d_matches_the_direct_convolution() {
    let x = randn(&[2, 3, 7, 6], 10);
    let conv = Conv2d::new(3, 4, (3, 3), 1, 1, &mut seeded_rng(11)).unwrap();
    conv.bias().unwrap().set(randn(&[4], 12));
    let y = conv.forward(&x);
    let bias = conv.bias().unwrap().get();
    let expected = conv2d_naive(
        x.data(),
        conv.weight().get().data(),
        Some(bias.data()),
        1,
        1,
    );
    assert_eq!(y.shape(), &[2, 4, 7, 6]);
    assert_slice_close(
        &y.to_vec(),
        &expected.iter().copied().collect::<Vec<_>>(),
        1e-4,
    );
}

#[test]
fn t09_4_conv2d_stride_and_padding_variants() {
    let x = randn(&[2, 2, 9, 8], 20);
    // (kernel, stride, padding, expected output height and width)
    for ((kh, kw), stride, padding, (oh, ow)) in [
        ((3, 3), 2, 1, (5, 4)), // (9 + 2 - 3) / 2 + 1 = 5, (8 + 2 - 3) / 2 + 1 = 4
        ((2, 3), 1, 0, (8, 6)), // a non-square kernel
        ((5, 5), 3, 2, (3, 3)), // (9 + 4 - 5) / 3 + 1 = 3, (8 + 4 - 5) / 3 + 1 = 3
        ((1, 1), 1, 0, (9, 8)), // a 1x1 convolution mixes channels only
    ] {
        let w = randn(&[3, 2, kh, kw], 21);
        let b = randn(&[3], 22);
        let y = conv2d(&x, &w, Some(&b), stride, padding);
        let expected = conv2d_naive(x.data(), w.data(), Some(b.data()), stride, padding);
        assert_eq!(
            y.shape(),
            &[2, 3, oh, ow],
            "kernel {kh}x{kw}, stride {stride}"
        );
        assert_slice_close(
            &y.to_vec(),
            &expected.iter().copied().collect::<Vec<_>>(),
            1e-4,
        );
    }
}

#[test]
fn t09_4_new_uses_he_uniform_and_counts_parameters() {
    let conv = Conv2d::new(64, 128, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
    assert_eq!(conv.num_parameters(), 73_856); // 128 * 64 * 3 * 3 + 128
    assert_eq!(conv.weight().shape(), vec![128, 64, 3, 3]);
    assert_eq!(conv.bias().unwrap().get().to_vec(), vec![0.0; 128]);
    // b = sqrt(6 / fan_in), fan_in = 64 * 9 = 576: b = 0.1021; 73,728 draws fill [-b, b).
    let bound = (6.0f32 / 576.0).sqrt();
    let w = conv.weight().get().to_vec();
    let largest = w.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!(
        largest <= bound,
        "a weight {largest} exceeds the bound {bound}"
    );
    assert!(
        largest > 0.99 * bound,
        "weights {largest} do not fill [-{bound}, {bound})"
    );
    let mean = w.iter().sum::<f32>() / w.len() as f32;
    assert!(mean.abs() < 0.01 * bound, "mean {mean} is not near 0");
    // The same seed gives the same weights.
    let again = Conv2d::new(64, 128, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
    assert_eq!(again.weight().get().to_vec(), w);
}

#[test]
fn t09_4_conv2d_gradients_match_finite_differences() {
    let x = randn(&[2, 2, 5, 4], 30);
    let w = randn(&[3, 2, 3, 3], 31);
    let b = randn(&[3], 32);
    for (stride, padding) in [(1, 1), (2, 0)] {
        check_gradients(
            |v| conv2d(&v[0], &v[1], Some(&v[2]), stride, padding),
            &[x.clone(), w.clone(), b.clone()],
            GradCheck::default(),
        )
        .unwrap_or_else(|e| panic!("stride {stride}, padding {padding}: {e}"));
    }
}

#[test]
fn t09_4_conv2d_layer_gradients_reach_its_parameters() {
    // d(sum y)/d bias[o] = the number of output positions = N * oh * ow = 2 * 3 * 3.
    let conv = Conv2d::new(1, 2, (2, 2), 1, 0, &mut seeded_rng(1)).unwrap();
    let x = randn(&[2, 1, 4, 4], 2);
    let grads = backward(&conv.forward(&x).sum_all()).unwrap();
    let db = grads
        .get(&conv.bias().unwrap().get())
        .expect("bias gradient");
    assert_close(db, &[2], &[18.0, 18.0], 1e-5);
    let dw = grads.get(&conv.weight().get()).expect("weight gradient");
    assert_eq!(dw.shape(), &[2, 1, 2, 2]);
}

#[test]
#[should_panic(expected = "but the weight")]
fn t09_4_conv2d_rejects_a_channel_mismatch() {
    let conv = Conv2d::new(3, 4, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
    conv.forward(&Tensor::zeros(&[1, 2, 5, 5]));
}

// ---- 09.5 pooling ---------------------------------------------------------------------

/// A 4x4 image whose 2x2 blocks have maxima 6, 8, 9, 7 and sums 15, 21, 12, 17:
/// 1 3 | 2 4
/// 5 6 | 7 8
/// ----+----
/// 1 9 | 3 7
/// 1 1 | 3 4
fn pooling_example() -> Tensor {
    #[rustfmt::skip]
    let values = [
        1.0, 3.0, 2.0, 4.0,
        5.0, 6.0, 7.0, 8.0,
        1.0, 9.0, 3.0, 7.0,
        1.0, 1.0, 3.0, 4.0,
    ];
    t(&values, &[1, 1, 4, 4])
}

/// The gradient of `loss` with respect to the input `x` (a leaf that requires it).
fn gradient_of_input(loss: &Tensor, x: &Tensor) -> Tensor {
    let grads = backward(loss).expect("the loss is a scalar that requires a gradient");
    grads
        .get(x)
        .expect("the input should have a gradient")
        .clone()
}

#[test]
fn t09_5_pooling_the_4x4_example() {
    let x = pooling_example();
    let max = MaxPool2d::new(2).unwrap().forward(&x);
    assert_close(&max, &[1, 1, 2, 2], &[6.0, 8.0, 9.0, 7.0], 0.0);
    // 15 / 4, 21 / 4, 12 / 4, 17 / 4
    let avg = AvgPool2d::new(2).unwrap().forward(&x);
    assert_close(&avg, &[1, 1, 2, 2], &[3.75, 5.25, 3.0, 4.25], 1e-6);
}

#[test]
fn t09_5_pooling_keeps_channels_and_batch_apart() {
    // Two images of two channels, 2x2 each, one 2x2 window: one value per (n, c) plane.
    let x = arange(0.0, 16.0, &[2, 2, 2, 2]);
    let max = MaxPool2d::new(2).unwrap().forward(&x);
    assert_close(&max, &[2, 2, 1, 1], &[3.0, 7.0, 11.0, 15.0], 0.0);
    let avg = AvgPool2d::new(2).unwrap().forward(&x);
    assert_close(&avg, &[2, 2, 1, 1], &[1.5, 5.5, 9.5, 13.5], 1e-6);
    // Overlapping windows: 3x3 max over 0..16 (4x4), stride 1 -> [[10, 11], [14, 15]].
    let one = arange(0.0, 16.0, &[1, 1, 4, 4]);
    let overlapping = MaxPool2d::with_stride(3, 1).unwrap().forward(&one);
    assert_close(&overlapping, &[1, 1, 2, 2], &[10.0, 11.0, 14.0, 15.0], 0.0);
}

#[test]
fn t09_5_max_pool_when_each_maximum_is_the_first_pixel_of_its_window() {
    // 16 down to 1: every window's maximum is its top-left pixel, the element a scan starts
    // from, so a scan that starts anywhere else (another row, another window) is seen.
    // Windows (2x2, stride 2): {16, 15, 12, 11}, {14, 13, 10, 9}, {8, 7, 4, 3}, {6, 5, 2, 1}.
    let values: Vec<f32> = (1..=16).rev().map(|v| v as f32).collect();
    let x = t(&values, &[1, 1, 4, 4]).with_requires_grad(true);
    let y = MaxPool2d::new(2).unwrap().forward(&x);
    assert_close(&y, &[1, 1, 2, 2], &[16.0, 14.0, 8.0, 6.0], 0.0);
    // The gradient goes to those top-left pixels: flat indices 0, 2, 8 and 10.
    let dx = gradient_of_input(&y.sum_all(), &x);
    #[rustfmt::skip]
    let expected = [
        1.0, 0.0, 1.0, 0.0,
        0.0, 0.0, 0.0, 0.0,
        1.0, 0.0, 1.0, 0.0,
        0.0, 0.0, 0.0, 0.0,
    ];
    assert_close(&dx, &[1, 1, 4, 4], &expected, 0.0);
}

#[test]
fn t09_5_max_pool_gradient_goes_to_the_argmax() {
    let x = pooling_example().with_requires_grad(true);
    let y = MaxPool2d::new(2).unwrap().forward(&x);
    // Upstream gradient 1, 2, 3, 4 on the four maxima 6, 8, 9, 7.
    let loss = y.mul(&t(&[1.0, 2.0, 3.0, 4.0], &[1, 1, 2, 2])).sum_all();
    let dx = gradient_of_input(&loss, &x);
    #[rustfmt::skip]
    let expected = [
        0.0, 0.0, 0.0, 0.0,
        0.0, 1.0, 0.0, 2.0,
        0.0, 3.0, 0.0, 4.0,
        0.0, 0.0, 0.0, 0.0,
    ];
    assert_close(&dx, &[1, 1, 4, 4], &expected, 0.0);
}

#[test]
fn t09_5_max_pool_ties_send_the_gradient_to_the_first_maximum() {
    let x = Tensor::ones(&[1, 1, 2, 2]).with_requires_grad(true);
    let y = MaxPool2d::new(2).unwrap().forward(&x);
    let dx = gradient_of_input(&y.sum_all(), &x);
    assert_close(&dx, &[1, 1, 2, 2], &[1.0, 0.0, 0.0, 0.0], 0.0);
}

#[test]
fn t09_5_avg_pool_gradient_is_shared_by_the_window() {
    let x = pooling_example().with_requires_grad(true);
    let y = AvgPool2d::new(2).unwrap().forward(&x);
    // Upstream 4, 8, 12, 16: each pixel of a window receives a quarter.
    let loss = y.mul(&t(&[4.0, 8.0, 12.0, 16.0], &[1, 1, 2, 2])).sum_all();
    let dx = gradient_of_input(&loss, &x);
    #[rustfmt::skip]
    let expected = [
        1.0, 1.0, 2.0, 2.0,
        1.0, 1.0, 2.0, 2.0,
        3.0, 3.0, 4.0, 4.0,
        3.0, 3.0, 4.0, 4.0,
    ];
    assert_close(&dx, &[1, 1, 4, 4], &expected, 1e-6);
}

#[test]
fn t09_5_pooling_gradients_match_finite_differences() {
    let x = spaced(&[2, 2, 5, 5]);
    for (k, stride) in [(2, 2), (2, 1), (3, 2)] {
        let max = MaxPool2d::with_stride(k, stride).unwrap();
        check_gradients(
            |v| max.forward(&v[0]),
            std::slice::from_ref(&x),
            GradCheck::default(),
        )
        .unwrap_or_else(|e| panic!("max pool {k}x{k}, stride {stride}: {e}"));
        let avg = AvgPool2d::with_stride(k, stride).unwrap();
        check_gradients(
            |v| avg.forward(&v[0]),
            std::slice::from_ref(&x),
            GradCheck::default(),
        )
        .unwrap_or_else(|e| panic!("avg pool {k}x{k}, stride {stride}: {e}"));
    }
}

#[test]
fn t09_5_simple_cnn_has_666_parameters_and_maps_images_to_logits() {
    let cnn = simple_cnn(0);
    // 40 (4*1*9 + 4) + 296 (8*4*9 + 8) + 330 (32*10 + 10)
    assert_eq!(cnn.num_parameters(), 666);
    let y = cnn.forward(&randn(&[2, 1, 8, 8], 1));
    assert_eq!(y.shape(), &[2, 10]);
    assert!(y.to_vec().iter().all(|v| v.is_finite()));
    // Every parameter gets a gradient through conv, ReLU, pooling and flatten.
    let grads = backward(&y.sum_all()).unwrap();
    for p in cnn.parameters() {
        assert!(grads.for_parameter(&p).is_some(), "no gradient for {p:?}");
    }
}
