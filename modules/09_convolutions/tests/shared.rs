//! Course infrastructure (not graded): the shared code of module 09 (the direct
//! convolution, Flatten, the layer constructors' errors and names).

use ndarray::{ArrayD, IxDyn};
use tinytorch_convolutions::{AvgPool2d, Conv2d, ConvError, Flatten, MaxPool2d, conv2d_naive};
use tinytorch_layers::Module;
use tinytorch_tensor::{Tensor, seeded_rng};

fn array(values: Vec<f32>, shape: &[usize]) -> ArrayD<f32> {
    ArrayD::from_shape_vec(IxDyn(shape), values).expect("values fit the shape")
}

#[test]
fn naive_convolution_with_padding_and_bias() {
    // A 3x3 kernel of ones over 1..9 with padding 1 sums each 3x3 neighbourhood:
    // corner (0,0): 1+2+4+5 = 12; centre: 45. Bias 1 is added everywhere.
    let x = array((1..=9).map(|v| v as f32).collect(), &[1, 1, 3, 3]);
    let w = array(vec![1.0; 9], &[1, 1, 3, 3]);
    let b = array(vec![1.0], &[1]);
    let y = conv2d_naive(&x, &w, Some(&b), 1, 1);
    let expected = [13.0, 22.0, 17.0, 28.0, 46.0, 34.0, 25.0, 40.0, 29.0];
    assert_eq!(y.shape(), &[1, 1, 3, 3]);
    assert_eq!(y.iter().copied().collect::<Vec<_>>(), expected);
}

#[test]
#[should_panic(expected = "channel counts differ")]
fn naive_convolution_rejects_a_channel_mismatch() {
    conv2d_naive(
        &ArrayD::zeros(IxDyn(&[1, 2, 4, 4])),
        &ArrayD::zeros(IxDyn(&[1, 3, 3, 3])),
        None,
        1,
        0,
    );
}

#[test]
fn flatten_keeps_the_batch_axis() {
    let x = Tensor::arange(0.0, 24.0, 1.0).reshape(&[2, 3, 2, 2]);
    let y = Flatten.forward(&x);
    assert_eq!(y.shape(), &[2, 12]);
    assert_eq!(y.to_vec(), x.to_vec());
    assert_eq!(Flatten.name(), "Flatten");
}

#[test]
fn constructors_reject_bad_settings_with_clear_messages() {
    let mut rng = seeded_rng(0);
    let err = Conv2d::new(0, 4, (3, 3), 1, 1, &mut rng).unwrap_err();
    assert_eq!(
        err,
        ConvError::ZeroSize {
            what: "in_channels"
        }
    );
    assert_eq!(err.to_string(), "in_channels = 0: it must be at least 1");
    let err = Conv2d::new(1, 4, (3, 0), 1, 1, &mut rng).unwrap_err();
    assert_eq!(
        err,
        ConvError::ZeroSize {
            what: "kernel width"
        }
    );
    assert_eq!(
        Conv2d::new(1, 4, (3, 3), 0, 1, &mut rng).unwrap_err(),
        ConvError::ZeroStride
    );
    assert_eq!(
        MaxPool2d::new(0).unwrap_err(),
        ConvError::ZeroSize { what: "kernel" }
    );
    assert_eq!(
        AvgPool2d::with_stride(2, 0).unwrap_err(),
        ConvError::ZeroStride
    );
    let message = ConvError::KernelTooLarge {
        input: 3,
        kernel: 7,
        padding: 1,
    }
    .to_string();
    assert!(
        message.contains("at most 5") && message.contains("at least 2"),
        "{message}"
    );
}

#[test]
fn layers_describe_themselves() {
    let conv = Conv2d::new(1, 4, (3, 3), 1, 1, &mut seeded_rng(0)).unwrap();
    assert_eq!(conv.name(), "Conv2d(1 -> 4, 3x3, stride 1, padding 1)");
    let conv = conv.without_bias();
    assert_eq!(
        conv.name(),
        "Conv2d(1 -> 4, 3x3, stride 1, padding 1, no bias)"
    );
    assert_eq!(conv.num_parameters(), 36);
    assert_eq!(
        MaxPool2d::new(2).unwrap().name(),
        "MaxPool2d(2x2, stride 2)"
    );
    assert_eq!(
        AvgPool2d::with_stride(3, 2).unwrap().name(),
        "AvgPool2d(3x3, stride 2)"
    );
}
