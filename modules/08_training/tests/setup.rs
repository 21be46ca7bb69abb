//! The trainer's shared infrastructure (not graded): configuration checks, the optimizer
//! check, empty loaders, the progress line.

use std::sync::Arc;
use tinytorch_dataloader::{DataLoader, TensorDataset};
use tinytorch_layers::{Linear, Module};
use tinytorch_optimizers::{Sgd, SgdConfig};
use tinytorch_tensor::{Tensor, seeded_rng};
use tinytorch_training::{EpochRecord, TrainConfig, TrainError, Trainer, epoch_line};

fn sgd(model: &impl Module) -> Sgd {
    Sgd::new(model.parameters(), SgdConfig::default().lr(0.1)).expect("valid")
}

#[test]
fn invalid_configs_are_errors_that_name_the_field() {
    let err = TrainConfig::default()
        .grad_clip(-1.0)
        .validate()
        .unwrap_err();
    assert!(matches!(
        err,
        TrainError::InvalidConfig {
            name: "grad_clip",
            ..
        }
    ));
    assert!(err.to_string().contains("grad_clip = -1"), "{err}");
    assert!(
        TrainConfig::default()
            .grad_clip(f32::NAN)
            .validate()
            .is_err()
    );
    let err = TrainConfig::default().batch_size(0).validate().unwrap_err();
    assert!(matches!(
        err,
        TrainError::InvalidConfig {
            name: "batch_size",
            ..
        }
    ));

    let model = Linear::new(2, 2, &mut seeded_rng(0));
    let optimizer = sgd(&model);
    let err = Trainer::new(model, optimizer, TrainConfig::default().batch_size(0)).unwrap_err();
    assert!(matches!(err, TrainError::InvalidConfig { .. }));
}

#[test]
fn an_optimizer_built_for_another_model_is_refused() {
    let model = Linear::new(2, 2, &mut seeded_rng(0));
    let twin = Linear::new(2, 2, &mut seeded_rng(0)); // equal values, other parameters
    let err = Trainer::new(model, sgd(&twin), TrainConfig::default()).unwrap_err();
    assert_eq!(
        err,
        TrainError::OptimizerNotForModel {
            model: 2,
            optimizer: 2
        }
    );
    assert!(err.to_string().contains("model.parameters()"), "{err}");
}

#[test]
fn empty_loaders_are_errors() {
    let data = Arc::new(TensorDataset::new(Tensor::zeros(&[3, 2]), vec![0, 1, 0]).expect("valid"));
    let empty = DataLoader::new(data, 4).drop_last(true); // 3 samples, no full batch of 4
    let model = Linear::new(2, 2, &mut seeded_rng(0));
    let optimizer = sgd(&model);
    let mut trainer =
        Trainer::new(model, optimizer, TrainConfig::default().quiet(true)).expect("valid");
    assert_eq!(
        trainer.train_epoch(&empty, 0).unwrap_err(),
        TrainError::EmptyLoader { during: "training" }
    );
    let err = trainer.evaluate(&empty).unwrap_err();
    assert_eq!(
        err,
        TrainError::EmptyLoader {
            during: "evaluation"
        }
    );
    assert!(err.to_string().contains("smaller batch size"));
}

#[test]
fn the_epoch_line_counts_from_one_and_omits_missing_validation() {
    let record = EpochRecord {
        epoch: 0,
        train_loss: std::f32::consts::LN_10,
        train_accuracy: 0.1,
        val_loss: None,
        val_accuracy: None,
        learning_rate: 0.003,
        seconds: 12.345,
    };
    assert_eq!(
        epoch_line(&record, 100),
        "epoch   1/100  loss 2.3026  acc 10.00%  lr 3.00e-3  12.35s"
    );
}

#[test]
fn config_loaders_use_the_batch_size_and_the_seed() {
    let data = Arc::new(TensorDataset::new(Tensor::zeros(&[10, 2]), vec![0; 10]).expect("valid"));
    let config = TrainConfig::default().batch_size(4).seed(7);
    let train = config.train_loader(data.clone());
    assert_eq!(
        (train.batch_size(), train.is_shuffled(), train.len()),
        (4, true, 3)
    );
    let eval = config.eval_loader(data);
    assert!(!eval.is_shuffled());
    assert_eq!(
        train.epoch(0).order(),
        DataLoader::new(
            Arc::new(TensorDataset::new(Tensor::zeros(&[10, 2]), vec![0; 10]).expect("valid")),
            4
        )
        .shuffle(7)
        .epoch(0)
        .order()
    );
}
