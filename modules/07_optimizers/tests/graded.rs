//! Graded tests for module 07 (Optimizers). Test `t07_k_*` grades task 07.k.
//!
//! Gradients are given by hand (`Gradients::insert`), so every expected value below is
//! computed in the comments from the update rule; only the end-to-end tests run autograd.

use assert_approx_eq::assert_approx_eq;
use ndarray::ArrayD;
use tinytorch_autograd::{Gradients, backward};
use tinytorch_layers::Parameter;
use tinytorch_optimizers::{
    Adam, AdamConfig, AdamW, AdamWConfig, CosineLr, LrSchedule, OptimError, Optimizer, Sgd,
    SgdConfig, StepLr, Warmup, apply_schedule, clip_grad_norm, global_grad_norm,
};
use tinytorch_tensor::Tensor;
use tinytorch_tensor::testing::{assert_close, assert_slice_close};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// The elements of a state buffer, in row-major order.
fn values(a: &ArrayD<f32>) -> Vec<f32> {
    a.iter().copied().collect()
}

/// A 1-D parameter holding `values`.
fn param(values: &[f32]) -> Parameter {
    Parameter::new(t(values, &[values.len()]))
}

/// Gradients that give each listed parameter (at its current value) the listed gradient.
fn grads(pairs: &[(&Parameter, &[f32])]) -> Gradients {
    let mut grads = Gradients::new();
    for (p, g) in pairs {
        grads.insert(p.get().id(), t(g, &[g.len()]));
    }
    grads
}

/// Steps `opt` with the constant gradient `g` for parameter `p`.
fn step_with(opt: &mut impl Optimizer, p: &Parameter, g: &[f32]) {
    opt.step(&grads(&[(p, g)]));
}

/// Minimizes f(p) = sum((p - c)^2) with autograd, c = [3, -1, 0.5], from p = 0, and
/// returns the largest distance |p_i - c_i| after `steps` updates.
fn distance_after(steps: usize, make: impl FnOnce(Vec<Parameter>) -> Box<dyn Optimizer>) -> f32 {
    let c = t(&[3.0, -1.0, 0.5], &[3]);
    let p = Parameter::new(Tensor::zeros(&[3]));
    let mut opt = make(vec![p.clone()]);
    for _ in 0..steps {
        let loss = p.get().sub(&c).powf(2.0).sum_all(); // gradient 2 (p - c)
        opt.step(&backward(&loss).expect("the loss is a scalar"));
    }
    let p = p.get().to_vec();
    let c = c.to_vec();
    p.iter()
        .zip(&c)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max)
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_optimizers::editions());
}

// ---- 07.1 SGD --------------------------------------------------------------------------

#[test]
fn t07_1_plain_sgd_steps_against_the_gradient() {
    let p = param(&[1.0, 2.0]);
    let mut sgd = Sgd::new(vec![p.clone()], SgdConfig::default().lr(0.1)).unwrap();
    assert_eq!(sgd.state_numel(), 0, "plain SGD keeps no state");
    // p - lr * g = [1, 2] - 0.1 * [0.1, 0.2] = [0.99, 1.98]
    step_with(&mut sgd, &p, &[0.1, 0.2]);
    assert_close(&p.get(), &[2], &[0.99, 1.98], 1e-6);
    // Again: [0.99, 1.98] - [0.01, 0.02] = [0.98, 1.96] (no memory of the first step)
    step_with(&mut sgd, &p, &[0.1, 0.2]);
    assert_close(&p.get(), &[2], &[0.98, 1.96], 1e-6);
    assert!(
        p.get().requires_grad(),
        "the updated parameter still requires a gradient"
    );
}

#[test]
fn t07_1_momentum_keeps_its_velocity_across_steps() {
    let p = param(&[1.0, 2.0]);
    let config = SgdConfig::default().lr(0.1).momentum(0.9);
    let mut sgd = Sgd::new(vec![p.clone()], config).unwrap();
    assert_eq!(
        sgd.state_numel(),
        2,
        "one velocity value per parameter value"
    );
    assert_eq!(sgd.velocity(0).unwrap().shape(), &[2]);
    // Step 1: v = 0.9 * 0 + g = [0.1, 0.2]; p = [1, 2] - 0.1 * v = [0.99, 1.98]
    step_with(&mut sgd, &p, &[0.1, 0.2]);
    assert_slice_close(&values(sgd.velocity(0).unwrap()), &[0.1, 0.2], 1e-7);
    assert_close(&p.get(), &[2], &[0.99, 1.98], 1e-6);
    // Step 2: v = 0.9 * [0.1, 0.2] + [0.1, 0.2] = [0.19, 0.38]; p = [0.99 - 0.019, 1.98 - 0.038]
    step_with(&mut sgd, &p, &[0.1, 0.2]);
    assert_slice_close(&values(sgd.velocity(0).unwrap()), &[0.19, 0.38], 1e-6);
    assert_close(&p.get(), &[2], &[0.971, 1.942], 1e-6);
    // Step 3, zero gradient: the velocity still moves p. v = 0.9 * [0.19, 0.38] = [0.171, 0.342]
    // p = [0.971 - 0.0171, 1.942 - 0.0342] = [0.9539, 1.9078]
    step_with(&mut sgd, &p, &[0.0, 0.0]);
    assert_slice_close(&values(sgd.velocity(0).unwrap()), &[0.171, 0.342], 1e-6);
    assert_close(&p.get(), &[2], &[0.9539, 1.9078], 1e-6);
}

#[test]
fn t07_1_weight_decay_adds_wd_times_p_to_the_gradient() {
    let p = param(&[1.0, -2.0]);
    let config = SgdConfig::default().lr(0.1).weight_decay(0.01);
    let mut sgd = Sgd::new(vec![p.clone()], config).unwrap();
    // g + wd * p = [0.1, 0.2] + 0.01 * [1, -2] = [0.11, 0.18]
    // p = [1, -2] - 0.1 * [0.11, 0.18] = [0.989, -2.018]
    step_with(&mut sgd, &p, &[0.1, 0.2]);
    assert_close(&p.get(), &[2], &[0.989, -2.018], 1e-6);
    // A zero gradient: decay alone pulls p toward 0, p * (1 - lr * wd) = p * 0.999
    step_with(&mut sgd, &p, &[0.0, 0.0]);
    assert_close(&p.get(), &[2], &[0.989 * 0.999, -2.018 * 0.999], 1e-6);
}

#[test]
fn t07_1_nesterov_looks_ahead() {
    let p = param(&[1.0, 2.0]);
    let config = SgdConfig::default().lr(0.1).momentum(0.9).nesterov(true);
    let mut sgd = Sgd::new(vec![p.clone()], config).unwrap();
    // Step 1: v = g = [0.1, 0.2]; step = g + 0.9 v = 1.9 g = [0.19, 0.38]
    // p = [1 - 0.019, 2 - 0.038] = [0.981, 1.962]
    step_with(&mut sgd, &p, &[0.1, 0.2]);
    assert_close(&p.get(), &[2], &[0.981, 1.962], 1e-6);
    // Step 2, g = [0.2, -0.1]: v = 0.9 * [0.1, 0.2] + g = [0.29, 0.08]
    // step = g + 0.9 v = [0.2 + 0.261, -0.1 + 0.072] = [0.461, -0.028]
    // p = [0.981 - 0.0461, 1.962 + 0.0028] = [0.9349, 1.9648]
    step_with(&mut sgd, &p, &[0.2, -0.1]);
    assert_slice_close(&values(sgd.velocity(0).unwrap()), &[0.29, 0.08], 1e-6);
    assert_close(&p.get(), &[2], &[0.9349, 1.9648], 1e-6);
}

#[test]
fn t07_1_parameters_without_a_gradient_are_skipped() {
    let (a, b) = (param(&[1.0, 2.0]), param(&[5.0]));
    let config = SgdConfig::default().lr(0.1).momentum(0.9);
    let mut sgd = Sgd::new(vec![a.clone(), b.clone()], config).unwrap();
    assert_eq!(sgd.state_numel(), 3);
    step_with(&mut sgd, &a, &[0.1, 0.2]); // only `a` has a gradient
    assert_close(&a.get(), &[2], &[0.99, 1.98], 1e-6);
    assert_close(&b.get(), &[1], &[5.0], 0.0);
    assert_eq!(
        values(sgd.velocity(1).unwrap()),
        vec![0.0],
        "b's buffer untouched"
    );
    // b's first gradient: v = 0.9 * 0 + 1 = 1, b = 5 - 0.1 * 1 = 4.9
    step_with(&mut sgd, &b, &[1.0]);
    assert_close(&b.get(), &[1], &[4.9], 1e-6);
}

#[test]
fn t07_1_invalid_configs_are_rejected_with_the_range() {
    let new = |config: SgdConfig| Sgd::new(vec![param(&[1.0])], config);
    let err = new(SgdConfig::default().lr(-0.1)).unwrap_err();
    assert!(
        matches!(err, OptimError::InvalidHyperparameter { name: "lr", .. }),
        "{err}"
    );
    assert!(err.to_string().contains(">= 0"), "message: {err}");
    assert!(new(SgdConfig::default().lr(f32::NAN)).is_err());
    let err = new(SgdConfig::default().momentum(1.0)).unwrap_err();
    assert!(err.to_string().contains("[0, 1)"), "message: {err}");
    assert!(new(SgdConfig::default().weight_decay(-1e-4)).is_err());
    let err = new(SgdConfig::default().nesterov(true)).unwrap_err();
    assert_eq!(err, OptimError::NesterovWithoutMomentum);
    assert!(new(SgdConfig::default().momentum(0.9).nesterov(true)).is_ok());
}

#[test]
fn t07_1_sgd_minimizes_a_quadratic() {
    // Plain SGD on (p - c)^2 shrinks p - c by (1 - 2 lr) = 0.8 a step: 3 * 0.8^50 = 4e-5.
    let plain = distance_after(50, |ps| {
        Box::new(Sgd::new(ps, SgdConfig::default().lr(0.1)).unwrap())
    });
    assert!(plain < 1e-3, "plain SGD is {plain} away from the minimum");
    // Heavy-ball momentum oscillates (|root| = sqrt(0.9) = 0.95 a step) but converges.
    let momentum = distance_after(200, |ps| {
        Box::new(Sgd::new(ps, SgdConfig::default().lr(0.1).momentum(0.9)).unwrap())
    });
    assert!(momentum < 1e-3, "SGD with momentum is {momentum} away");
    let nesterov = distance_after(100, |ps| {
        let config = SgdConfig::default().lr(0.1).momentum(0.9).nesterov(true);
        Box::new(Sgd::new(ps, config).unwrap())
    });
    assert!(nesterov < 1e-3, "Nesterov SGD is {nesterov} away");
}

// ---- 07.2 Adam -------------------------------------------------------------------------

#[test]
fn t07_2_first_step_moves_every_coordinate_by_lr() {
    let p = param(&[1.0, 2.0, -3.0]);
    let mut adam = Adam::new(vec![p.clone()], AdamConfig::default().lr(0.01)).unwrap();
    // t = 1: m = 0.1 g, v = 0.001 g^2; m_hat = m / (1 - 0.9) = g, v_hat = v / (1 - 0.999) = g^2
    // step = lr * g / (|g| + eps) = lr * sign(g), whatever the gradient's size (5 or 0.1)
    step_with(&mut adam, &p, &[0.1, -0.2, 5.0]);
    assert_close(&p.get(), &[3], &[0.99, 2.01, -3.01], 1e-6);
    let state = adam.state(0).unwrap();
    assert_eq!(state.step, 1);
    assert_slice_close(&values(&state.m), &[0.01, -0.02, 0.5], 1e-6);
    // (1 - 0.999 is 0.00099998713 in f32: a relative error of 1.3e-5, 3e-7 here.)
    assert_slice_close(&values(&state.v), &[1e-5, 4e-5, 0.025], 1e-6);
}

#[test]
fn t07_2_second_step_applies_the_bias_correction() {
    let p = param(&[1.0, 2.0]);
    let mut adam = Adam::new(vec![p.clone()], AdamConfig::default().lr(0.1)).unwrap();
    // Step 1, g = [0.1, 0.2]: p = [1, 2] - 0.1 * sign(g) = [0.9, 1.9]
    step_with(&mut adam, &p, &[0.1, 0.2]);
    assert_close(&p.get(), &[2], &[0.9, 1.9], 1e-6);
    // Step 2, g = [0.3, -0.2]:
    // m = 0.9 * [0.01, 0.02] + 0.1 * [0.3, -0.2] = [0.039, -0.002]
    // v = 0.999 * [1e-5, 4e-5] + 0.001 * [0.09, 0.04] = [9.999e-5, 7.996e-5]
    // m_hat = m / (1 - 0.9^2) = m / 0.19 = [0.2052632, -0.0105263]
    // v_hat = v / (1 - 0.999^2) = v / 0.001999 = [0.0500200, 0.04]
    // step = 0.1 * m_hat / sqrt(v_hat) = 0.1 * [0.2052632 / 0.2236516, -0.0105263 / 0.2]
    //      = [0.0917781, -0.0052632]
    // p = [0.9 - 0.0917781, 1.9 + 0.0052632] = [0.8082219, 1.9052632]
    step_with(&mut adam, &p, &[0.3, -0.2]);
    assert_close(&p.get(), &[2], &[0.808_221_9, 1.905_263_2], 1e-5);
    let state = adam.state(0).unwrap();
    assert_eq!(state.step, 2);
    assert_slice_close(&values(&state.m), &[0.039, -0.002], 1e-6);
    assert_slice_close(&values(&state.v), &[9.999e-5, 7.996e-5], 1e-8);
}

#[test]
fn t07_2_eps_is_added_to_the_root() {
    let p = param(&[1.0, -1.0]);
    let config = AdamConfig::default().lr(0.1).eps(1.0);
    let mut adam = Adam::new(vec![p.clone()], config).unwrap();
    // t = 1: m_hat = g, v_hat = g^2, so step = lr * g / (|g| + eps); eps = 1 is as large as
    // the gradients, so it shows: g = [3, -1] gives 0.1 * [3 / 4, -1 / 2] = [0.075, -0.05],
    // and p = [1 - 0.075, -1 + 0.05] = [0.925, -0.95]. (With |g| - eps the second step
    // would divide by 0.)
    step_with(&mut adam, &p, &[3.0, -1.0]);
    assert_close(&p.get(), &[2], &[0.925, -0.95], 1e-6);
}

#[test]
fn t07_2_state_is_two_buffers_per_parameter() {
    let params = vec![Parameter::new(Tensor::zeros(&[3, 2])), param(&[0.0, 0.0])];
    let adam = Adam::new(params, AdamConfig::default()).unwrap();
    assert_eq!(adam.state_numel(), 2 * (6 + 2));
    let state = adam.state(0).unwrap();
    assert_eq!(
        (state.m.shape(), state.v.shape(), state.step),
        (&[3, 2][..], &[3, 2][..], 0)
    );
}

#[test]
fn t07_2_weight_decay_is_coupled_l2() {
    let p = param(&[1.0, -2.0]);
    let config = AdamConfig::default().lr(0.1).weight_decay(0.1);
    let mut adam = Adam::new(vec![p.clone()], config).unwrap();
    // A zero gradient plus L2: g = 0 + 0.1 * [1, -2] = [0.1, -0.2], and Adam's first step
    // is lr * sign(g): p = [1 - 0.1, -2 + 0.1] = [0.9, -1.9]. (AdamW would give [0.99, -1.98].)
    step_with(&mut adam, &p, &[0.0, 0.0]);
    assert_close(&p.get(), &[2], &[0.9, -1.9], 1e-6);
}

#[test]
fn t07_2_bias_correction_counts_steps_per_parameter() {
    let (a, b) = (param(&[0.0]), param(&[0.0]));
    let mut adam = Adam::new(vec![a.clone(), b.clone()], AdamConfig::default().lr(0.1)).unwrap();
    step_with(&mut adam, &a, &[1.0]);
    step_with(&mut adam, &a, &[1.0]);
    assert_eq!(
        adam.state(1).unwrap().step,
        0,
        "b had no gradient: its state is untouched"
    );
    assert_close(&b.get(), &[1], &[0.0], 0.0);
    // b's first update is a first step (t = 1 for b): exactly lr * sign(g) = -0.1
    step_with(&mut adam, &b, &[-4.0]);
    assert_close(&b.get(), &[1], &[0.1], 1e-6);
    // a with a constant gradient: m_hat = g, v_hat = g^2 at every t, so two steps of -0.1
    assert_close(&a.get(), &[1], &[-0.2], 1e-6);
}

#[test]
fn t07_2_invalid_configs_are_rejected_with_the_range() {
    let new = |config: AdamConfig| Adam::new(vec![param(&[1.0])], config);
    let err = new(AdamConfig::default().betas(1.0, 0.999)).unwrap_err();
    assert!(
        matches!(err, OptimError::InvalidHyperparameter { name: "beta1", .. }),
        "{err}"
    );
    assert!(err.to_string().contains("[0, 1)"), "message: {err}");
    assert!(new(AdamConfig::default().betas(0.9, -0.1)).is_err());
    let err = new(AdamConfig::default().eps(0.0)).unwrap_err();
    assert!(err.to_string().contains("eps = 0"), "message: {err}");
    assert!(new(AdamConfig::default().lr(f32::INFINITY)).is_err());
    assert!(new(AdamConfig::default()).is_ok());
}

#[test]
fn t07_2_adam_minimizes_a_quadratic() {
    let distance = distance_after(300, |ps| {
        Box::new(Adam::new(ps, AdamConfig::default().lr(0.1)).unwrap())
    });
    assert!(distance < 1e-3, "Adam is {distance} away from the minimum");
}

// ---- 07.3 AdamW ------------------------------------------------------------------------

#[test]
fn t07_3_decay_is_decoupled_from_the_gradient() {
    let p = param(&[1.0, -2.0, 3.0]);
    let config = AdamWConfig::default().lr(0.1).weight_decay(0.1);
    let mut opt = AdamW::new(vec![p.clone()], config).unwrap();
    // Step 1, g = [0.5, 0.5, 0]: decay p * (1 - lr * wd) = p * 0.99 = [0.99, -1.98, 2.97],
    // then Adam on the pure gradient: lr * sign(g) = [0.1, 0.1, 0] (0 / (0 + eps) = 0)
    // p = [0.89, -2.08, 2.97]. (Coupled L2 would give [0.9, -2.1, 2.9].)
    step_with(&mut opt, &p, &[0.5, 0.5, 0.0]);
    assert_close(&p.get(), &[3], &[0.89, -2.08, 2.97], 1e-6);
    // Step 2, same g: a constant gradient keeps m_hat = g, v_hat = g^2, so Adam moves by
    // lr * sign(g) again: m = 0.9 * 0.05 + 0.05 = 0.095, m_hat = 0.095 / 0.19 = 0.5;
    // v = 0.999 * 0.00025 + 0.00025 = 0.00049975, v_hat = 0.00049975 / 0.001999 = 0.25.
    // p = [0.89, -2.08, 2.97] * 0.99 - [0.1, 0.1, 0] = [0.7811, -2.1592, 2.9403]
    step_with(&mut opt, &p, &[0.5, 0.5, 0.0]);
    assert_close(&p.get(), &[3], &[0.7811, -2.1592, 2.9403], 1e-5);
    assert_eq!(opt.state(0).unwrap().step, 2);
    assert_eq!(opt.state_numel(), 6);
}

#[test]
fn t07_3_default_decay_shrinks_weights_by_lr_times_wd() {
    let p = param(&[10.0, -10.0]);
    let mut opt = AdamW::new(vec![p.clone()], AdamWConfig::default()).unwrap();
    // Defaults lr = 0.001, wd = 0.01; a zero gradient: p * (1 - 1e-5) = [9.9999, -9.9999]
    step_with(&mut opt, &p, &[0.0, 0.0]);
    assert_close(&p.get(), &[2], &[9.9999, -9.9999], 2e-6);
}

#[test]
fn t07_3_without_decay_adamw_is_adam() {
    let (p, q) = (param(&[1.0, 2.0]), param(&[1.0, 2.0]));
    let mut adamw = AdamW::new(
        vec![p.clone()],
        AdamWConfig::default().lr(0.1).weight_decay(0.0),
    )
    .unwrap();
    let mut adam = Adam::new(vec![q.clone()], AdamConfig::default().lr(0.1)).unwrap();
    for g in [[0.1, 0.2], [0.3, -0.2], [-1.0, 0.5]] {
        step_with(&mut adamw, &p, &g);
        step_with(&mut adam, &q, &g);
    }
    // The first two steps are the Adam test's: [0.8082219, 1.9052632].
    assert_slice_close(&p.get().to_vec(), &q.get().to_vec(), 1e-7);
    assert!(
        (p.get().to_vec()[0] - 0.808).abs() > 1e-2,
        "the third step moved p"
    );
}

#[test]
fn t07_3_invalid_configs_are_rejected_with_the_range() {
    let new = |config: AdamWConfig| AdamW::new(vec![param(&[1.0])], config);
    let err = new(AdamWConfig::default().weight_decay(-0.01)).unwrap_err();
    assert!(
        matches!(
            err,
            OptimError::InvalidHyperparameter {
                optimizer: "AdamW",
                name: "weight_decay",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains(">= 0"), "message: {err}");
    assert!(new(AdamWConfig::default().betas(0.9, 1.0)).is_err());
    assert!(new(AdamWConfig::default().eps(-1e-8)).is_err());
}

#[test]
fn t07_3_adamw_minimizes_a_quadratic() {
    // A small decay biases the minimum toward 0 by about 1e-4 here: well within 1e-3.
    let distance = distance_after(300, |ps| {
        let config = AdamWConfig::default().lr(0.1).weight_decay(1e-4);
        Box::new(AdamW::new(ps, config).unwrap())
    });
    assert!(distance < 1e-3, "AdamW is {distance} away from the minimum");
}

// ---- 07.4 learning-rate schedules ------------------------------------------------------

#[test]
fn t07_4_step_lr_decays_every_step_size_steps() {
    let schedule = StepLr {
        base: 0.1,
        step_size: 10,
        gamma: 0.5,
    };
    // 0.1 * 0.5^(step / 10): steps 0..9 -> 0.1, 10..19 -> 0.05, 25 -> 0.025, 30 -> 0.0125
    for (step, lr) in [
        (0, 0.1),
        (9, 0.1),
        (10, 0.05),
        (19, 0.05),
        (25, 0.025),
        (30, 0.0125),
    ] {
        assert_approx_eq!(schedule.lr_at(step), lr, 1e-8);
    }
}

#[test]
#[should_panic(expected = "step_size")]
fn t07_4_step_lr_rejects_a_zero_step_size() {
    StepLr {
        base: 0.1,
        step_size: 0,
        gamma: 0.5,
    }
    .lr_at(3);
}

#[test]
fn t07_4_cosine_goes_from_max_to_min_along_half_a_cosine() {
    let schedule = CosineLr {
        max_lr: 0.1,
        min_lr: 0.01,
        total_steps: 100,
    };
    // lr(s) = 0.01 + 0.09 * (1 + cos(pi s / 100)) / 2
    assert_approx_eq!(schedule.lr_at(0), 0.1, 1e-7); // cos 0 = 1
    assert_approx_eq!(schedule.lr_at(50), 0.055, 1e-7); // cos(pi/2) = 0: the midpoint
    // cos(pi/4) = 0.7071068: 0.01 + 0.09 * 0.8535534 = 0.0868198
    assert_approx_eq!(schedule.lr_at(25), 0.086_819_8, 1e-6);
    // cos(3 pi/4) = -0.7071068: 0.01 + 0.09 * 0.1464466 = 0.0231802
    assert_approx_eq!(schedule.lr_at(75), 0.023_180_2, 1e-6);
    assert_approx_eq!(schedule.lr_at(100), 0.01, 1e-7); // cos(pi) = -1
    assert_approx_eq!(schedule.lr_at(1000), 0.01, 1e-7); // min for ever after
}

#[test]
fn t07_4_warmup_ramps_linearly_then_runs_the_inner_schedule() {
    let schedule = Warmup {
        warmup_steps: 4,
        inner: CosineLr {
            max_lr: 0.1,
            min_lr: 0.0,
            total_steps: 10,
        },
    };
    // Ramp: inner(0) * (s + 1) / 4 = 0.1 * [1, 2, 3, 4] / 4
    for (step, lr) in [(0, 0.025), (1, 0.05), (2, 0.075), (3, 0.1)] {
        assert_approx_eq!(schedule.lr_at(step), lr, 1e-7);
    }
    // Then inner(s - 4): step 4 -> cosine step 0 = 0.1, step 9 -> cosine step 5 = 0.05,
    // step 14 -> cosine step 10 = 0 (its end)
    assert_approx_eq!(schedule.lr_at(4), 0.1, 1e-7);
    assert_approx_eq!(schedule.lr_at(9), 0.05, 1e-7);
    assert_approx_eq!(schedule.lr_at(14), 0.0, 1e-7);
    // No warmup: the inner schedule as is.
    let none = Warmup {
        warmup_steps: 0,
        inner: StepLr {
            base: 0.2,
            step_size: 1,
            gamma: 0.5,
        },
    };
    assert_approx_eq!(none.lr_at(0), 0.2, 1e-8);
    assert_approx_eq!(none.lr_at(2), 0.05, 1e-8);
}

/// An optimizer that only remembers its learning rate: tests schedules without 07.1.
struct LrProbe(f32);

impl Optimizer for LrProbe {
    fn step(&mut self, _grads: &Gradients) {}
    fn learning_rate(&self) -> f32 {
        self.0
    }
    fn set_learning_rate(&mut self, lr: f32) {
        self.0 = lr;
    }
    fn parameters(&self) -> &[Parameter] {
        &[]
    }
    fn state_numel(&self) -> usize {
        0
    }
}

#[test]
fn t07_4_apply_schedule_sets_the_learning_rate_of_each_step() {
    let mut opt = LrProbe(1.0);
    let schedule = Warmup {
        warmup_steps: 2,
        inner: StepLr {
            base: 0.1,
            step_size: 2,
            gamma: 0.1,
        },
    };
    // Ramp 0.1 * [1, 2] / 2 = [0.05, 0.1], then StepLr from its step 0: 0.1, 0.1, 0.01, 0.01
    let expected = [0.05, 0.1, 0.1, 0.1, 0.01, 0.01];
    for (step, &lr) in expected.iter().enumerate() {
        assert_approx_eq!(apply_schedule(&mut opt, &schedule, step), lr, 1e-8);
        assert_approx_eq!(opt.learning_rate(), lr, 1e-8);
    }
}

// ---- 07.5 gradient clipping ------------------------------------------------------------

#[test]
fn t07_5_global_norm_spans_every_parameter() {
    // Gradients [3, 4] and [0] form one vector (3, 4, 0): norm sqrt(9 + 16 + 0) = 5.
    let (a, b) = (param(&[0.0, 0.0]), param(&[0.0]));
    let g = grads(&[(&a, &[3.0, 4.0]), (&b, &[0.0])]);
    assert_approx_eq!(global_grad_norm(&g, &[a.clone(), b.clone()]), 5.0, 1e-6);
    // Across parameters: [1, 2] and [2] -> sqrt(1 + 4 + 4) = 3
    let g = grads(&[(&a, &[1.0, 2.0]), (&b, &[2.0])]);
    assert_approx_eq!(global_grad_norm(&g, &[a.clone(), b.clone()]), 3.0, 1e-6);
    // A parameter without a gradient counts as zero.
    let g = grads(&[(&a, &[1.0, 2.0])]);
    assert_approx_eq!(global_grad_norm(&g, &[a, b]), 5f32.sqrt(), 1e-6);
}

#[test]
fn t07_5_clipping_rescales_to_max_norm_and_returns_the_norm_before() {
    let (a, b) = (param(&[0.0, 0.0]), param(&[0.0]));
    let params = [a.clone(), b.clone()];
    let mut g = grads(&[(&a, &[3.0, 4.0]), (&b, &[0.0])]);
    // Norm 5 > 1: factor 1 / (5 + 1e-6) = 0.2 (to 1e-7), [3, 4, 0] -> [0.6, 0.8, 0]
    let norm = clip_grad_norm(&mut g, &params, 1.0);
    assert_approx_eq!(norm, 5.0, 1e-6); // the norm BEFORE clipping
    assert_close(g.for_parameter(&a).unwrap(), &[2], &[0.6, 0.8], 1e-6);
    assert_close(g.for_parameter(&b).unwrap(), &[1], &[0.0], 0.0);
    assert_approx_eq!(global_grad_norm(&g, &params), 1.0, 1e-5);
}

#[test]
fn t07_5_small_gradients_are_left_alone() {
    let a = param(&[0.0, 0.0]);
    let mut g = grads(&[(&a, &[3.0, 4.0])]);
    let norm = clip_grad_norm(&mut g, std::slice::from_ref(&a), 10.0); // 5 <= 10: no change
    assert_approx_eq!(norm, 5.0, 1e-6);
    assert_close(g.for_parameter(&a).unwrap(), &[2], &[3.0, 4.0], 0.0);
}

#[test]
fn t07_5_a_norm_exactly_at_max_norm_is_left_alone() {
    // Norm 5, max_norm 5: the norm does not exceed the limit, so nothing is scaled (a
    // factor 5 / (5 + 1e-6) = 0.9999998 would move 3 to 2.9999995).
    let a = param(&[0.0, 0.0]);
    let mut g = grads(&[(&a, &[3.0, 4.0])]);
    let norm = clip_grad_norm(&mut g, std::slice::from_ref(&a), 5.0);
    assert_eq!(norm, 5.0); // sqrt(9 + 16) in f64 is exactly 5
    assert_close(g.for_parameter(&a).unwrap(), &[2], &[3.0, 4.0], 0.0);
}

#[test]
fn t07_5_the_epsilon_is_added_to_the_norm() {
    // Tiny gradients show where the 1e-6 goes: [3e-6, 4e-6] has norm 5e-6, and max_norm
    // 1e-6 gives the factor 1e-6 / (5e-6 + 1e-6) = 1/6: [5e-7, 6.667e-7], norm 8.333e-7,
    // below max_norm as promised. (1e-6 / (5e-6 - 1e-6) = 1/4 would give norm 1.25e-6.)
    let a = param(&[0.0, 0.0]);
    let mut g = grads(&[(&a, &[3e-6, 4e-6])]);
    let norm = clip_grad_norm(&mut g, std::slice::from_ref(&a), 1e-6);
    assert_approx_eq!(norm, 5e-6, 1e-12);
    assert_close(
        g.for_parameter(&a).unwrap(),
        &[2],
        &[5e-7, 4e-6 / 6.0],
        1e-12,
    );
    let after = global_grad_norm(&g, std::slice::from_ref(&a));
    assert!(
        after < 1e-6,
        "the clipped norm {after} exceeds max_norm 1e-6"
    );
}

#[test]
fn t07_5_only_the_given_parameters_are_measured_and_scaled() {
    let (a, other) = (param(&[0.0, 0.0]), param(&[0.0]));
    let mut g = grads(&[(&a, &[3.0, 4.0]), (&other, &[100.0])]);
    // `other` is not in the list: the norm is 5, not sqrt(25 + 10000), and it is not scaled.
    let norm = clip_grad_norm(&mut g, std::slice::from_ref(&a), 2.5);
    assert_approx_eq!(norm, 5.0, 1e-6);
    // factor 2.5 / 5 = 0.5: [1.5, 2.0]
    assert_close(g.for_parameter(&a).unwrap(), &[2], &[1.5, 2.0], 1e-6);
    assert_close(g.for_parameter(&other).unwrap(), &[1], &[100.0], 0.0);
}

#[test]
#[should_panic(expected = "max_norm")]
fn t07_5_max_norm_must_be_positive() {
    let a = param(&[0.0]);
    let mut g = grads(&[(&a, &[1.0])]);
    clip_grad_norm(&mut g, &[a], 0.0);
}
