//! Course infrastructure (not graded): the random initialization of the tables, which is
//! shared code, not an exercise.

use tinytorch_embeddings::{Embedding, INIT_STD, PositionalEmbedding};
use tinytorch_layers::Module;
use tinytorch_tensor::seeded_rng;

#[test]
fn tables_start_from_a_seeded_small_normal() {
    let emb = Embedding::new(1000, 64, &mut seeded_rng(3));
    assert_eq!(emb.weight().shape(), vec![1000, 64]);
    assert_eq!(emb.name(), "Embedding(1000 x 64)");
    let w = emb.weight().get().to_vec();
    // 64,000 draws of N(0, 0.02): the sample mean is within 4 standard errors
    // (4 * 0.02 / sqrt(64,000) = 3.2e-4) of 0, the sample std within 2% of 0.02.
    let n = w.len() as f64;
    let mean = w.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let std = (w
        .iter()
        .map(|&v| (f64::from(v) - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    assert!(mean.abs() < 3.2e-4, "mean {mean}");
    assert!((std / f64::from(INIT_STD) - 1.0).abs() < 0.02, "std {std}");
    // The same seed gives the same table, another seed another one.
    let again = Embedding::new(1000, 64, &mut seeded_rng(3));
    assert_eq!(again.weight().get().to_vec(), w);
    let other = Embedding::new(1000, 64, &mut seeded_rng(4));
    assert_ne!(other.weight().get().to_vec(), w);

    let pos = PositionalEmbedding::new(16, 8, &mut seeded_rng(0));
    assert_eq!(
        (pos.max_len(), pos.dim(), pos.num_parameters()),
        (16, 8, 128)
    );
    assert_eq!(pos.named_parameters()[0].0, "weight");
}
