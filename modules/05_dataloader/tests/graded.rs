//! Graded tests for module 05 (DataLoader). Test `t05_k_*` grades task 05.k.
//! Expected values are computed by hand in the comments.
//!
//! The batching and shuffling tests (05.2, 05.3) read a small hand-written `Counting`
//! dataset rather than a `TensorDataset`, so that they grade the loader alone.

use assert_approx_eq::assert_approx_eq;
use rand::Rng;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use tinytorch_dataloader::{
    Compose, DataError, DataLoader, Dataset, Example, Normalize, RandomCrop, RandomHorizontalFlip,
    TensorDataset, Transform, collate, fisher_yates, shuffle_rng,
};
use tinytorch_tensor::testing::assert_close;
use tinytorch_tensor::{ChaCha8Rng, Tensor, seeded_rng};

fn t(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).expect("test data fits its shape")
}

/// `n` samples of `features` values: sample `i` is `[i*f, i*f + 1, ..., i*f + f - 1]`,
/// labelled `i`, so a batch shows exactly which samples it holds.
struct Counting {
    n: usize,
    features: usize,
}

impl Dataset for Counting {
    fn len(&self) -> usize {
        self.n
    }

    fn get(&self, index: usize) -> Example {
        assert!(index < self.n, "Counting::get: index {index} >= {}", self.n);
        let start = (index * self.features) as f32;
        let values: Vec<f32> = (0..self.features).map(|k| start + k as f32).collect();
        Example {
            input: t(&values, &[self.features]),
            label: index,
        }
    }
}

fn counting(n: usize, features: usize) -> Arc<dyn Dataset> {
    Arc::new(Counting { n, features })
}

/// The labels of every batch of one epoch.
fn batch_labels(loader: &DataLoader, epoch: u64) -> Vec<Vec<usize>> {
    loader.epoch(epoch).map(|b| b.labels).collect()
}

#[test]
fn edition_probe() {
    tinytorch_tensor::edition::probe(&tinytorch_dataloader::editions());
}

// ---- 05.1 TensorDataset ------------------------------------------------------------------

#[test]
fn t05_1_new_checks_one_label_per_sample() {
    let err = TensorDataset::new(Tensor::zeros(&[5, 3]), vec![0; 4]).unwrap_err();
    assert_eq!(
        err,
        DataError::LengthMismatch {
            inputs: 5,
            labels: 4
        }
    );
    let message = err.to_string();
    assert!(
        message.contains('5') && message.contains('4'),
        "message: {message}"
    );

    let err = TensorDataset::new(Tensor::scalar(1.0), vec![0]).unwrap_err();
    assert_eq!(err, DataError::NoSampleAxis);

    let data = TensorDataset::new(Tensor::zeros(&[5, 3]), vec![1, 0, 1, 0, 1]).unwrap();
    assert_eq!(data.len(), 5);
    assert_eq!(data.labels(), &[1, 0, 1, 0, 1]);
    assert_eq!(data.inputs().shape(), &[5, 3]);
    // An empty dataset is legal: 0 samples, 0 labels.
    assert!(
        TensorDataset::new(Tensor::zeros(&[0, 3]), vec![])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn t05_1_get_slices_axis_0() {
    // inputs [3, 2, 2] = 0..12: sample 1 is the 2x2 block [[4, 5], [6, 7]].
    let inputs = Tensor::arange(0.0, 12.0, 1.0).reshape(&[3, 2, 2]);
    let data = TensorDataset::new(inputs, vec![7, 8, 9]).unwrap();
    let example = data.get(1);
    assert_close(&example.input, &[2, 2], &[4.0, 5.0, 6.0, 7.0], 0.0);
    assert_eq!(example.label, 8);
    assert_close(&data.get(2).input, &[2, 2], &[8.0, 9.0, 10.0, 11.0], 0.0);

    // 1-D inputs: each sample is a 0-dimensional tensor.
    let data = TensorDataset::new(t(&[0.5, 1.5, 2.5], &[3]), vec![0, 1, 2]).unwrap();
    assert_close(&data.get(2).input, &[], &[2.5], 0.0);
}

#[test]
#[should_panic(expected = "index 3 is out of range for a dataset of 3 samples")]
fn t05_1_get_out_of_range_panics() {
    let data = TensorDataset::new(Tensor::zeros(&[3, 2]), vec![0, 1, 2]).unwrap();
    data.get(3);
}

#[test]
fn t05_1_subset_gathers_inputs_and_labels() {
    // rows: 0 -> [0, 1], 1 -> [2, 3], 2 -> [4, 5]; labels 10, 11, 12.
    let inputs = Tensor::arange(0.0, 6.0, 1.0).reshape(&[3, 2]);
    let data = TensorDataset::new(inputs, vec![10, 11, 12]).unwrap();
    let part = data.subset(&[2, 0, 2]);
    assert_close(part.inputs(), &[3, 2], &[4.0, 5.0, 0.0, 1.0, 4.0, 5.0], 0.0);
    assert_eq!(part.labels(), &[12, 10, 12]);
    assert_eq!(part.get(1).label, 10);
    assert_eq!(data.subset(&[]).len(), 0);
}

#[test]
#[should_panic(expected = "index 5 is out of range for a dataset of 3 samples")]
fn t05_1_subset_out_of_range_panics() {
    let data = TensorDataset::new(Tensor::zeros(&[3, 2]), vec![0, 1, 2]).unwrap();
    data.subset(&[0, 5]);
}

// ---- 05.2 batching and collation ---------------------------------------------------------

#[test]
fn t05_2_len_counts_batches() {
    // ceil(N / B), or floor(N / B) with drop_last.
    let len = |n, b, drop| DataLoader::new(counting(n, 1), b).drop_last(drop).len();
    assert_eq!(len(5, 2, false), 3); // 2 + 2 + 1
    assert_eq!(len(5, 2, true), 2); // 2 + 2, the 1 dropped
    assert_eq!(len(4, 2, false), 2); // divides evenly: nothing to drop
    assert_eq!(len(4, 2, true), 2);
    assert_eq!(len(5, 10, false), 1); // one short batch
    assert_eq!(len(5, 10, true), 0); // ... dropped
    assert_eq!(len(6, 1, false), 6);
    assert_eq!(len(1433, 32, false), 45); // 44 full batches of 32 = 1408, then 25
    assert_eq!(len(1433, 32, true), 44);
    assert_eq!(len(0, 4, false), 0);
    assert!(DataLoader::new(counting(0, 1), 4).is_empty());
}

#[test]
fn t05_2_collate_stacks_examples() {
    let a = Example {
        input: t(&[1.0, 2.0, 3.0, 4.0], &[2, 2]),
        label: 3,
    };
    let b = Example {
        input: t(&[5.0, 6.0, 7.0, 8.0], &[2, 2]),
        label: 7,
    };
    let batch = collate(&[a, b]);
    // Two [2, 2] examples -> one [2, 2, 2] tensor, example 0 first.
    assert_close(
        &batch.inputs,
        &[2, 2, 2],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        0.0,
    );
    assert_eq!(batch.labels, vec![3, 7]);
    assert_eq!(batch.len(), 2);

    // Scalars stack into a vector.
    let scalars: Vec<Example> = (0..3)
        .map(|i| Example {
            input: Tensor::scalar(i as f32 * 0.5),
            label: i,
        })
        .collect();
    assert_close(&collate(&scalars).inputs, &[3], &[0.0, 0.5, 1.0], 0.0);
}

#[test]
#[should_panic(expected = "example 1 has shape [3] but example 0 has shape [2]")]
fn t05_2_collate_rejects_mixed_shapes() {
    let a = Example {
        input: Tensor::zeros(&[2]),
        label: 0,
    };
    let b = Example {
        input: Tensor::zeros(&[3]),
        label: 1,
    };
    collate(&[a, b]);
}

#[test]
fn t05_2_batches_cover_the_epoch_in_order() {
    // 5 samples of 3 features, batches of 2: [0, 1], [2, 3], then the short [4].
    let loader = DataLoader::new(counting(5, 3), 2);
    let batches: Vec<_> = loader.epoch(0).collect();
    assert_eq!(batches.len(), 3);
    let values = |from: usize, to: usize| (from..to).map(|v| v as f32).collect::<Vec<f32>>();
    assert_close(&batches[0].inputs, &[2, 3], &values(0, 6), 0.0);
    assert_close(&batches[1].inputs, &[2, 3], &values(6, 12), 0.0);
    assert_close(&batches[2].inputs, &[1, 3], &values(12, 15), 0.0);
    assert_eq!(
        batch_labels(&loader, 0),
        vec![vec![0, 1], vec![2, 3], vec![4]]
    );
    // Every epoch starts afresh in the same order without shuffling (a seed alone does
    // not shuffle), and an empty dataset yields nothing.
    assert_eq!(batch_labels(&loader, 1), batch_labels(&loader, 0));
    assert_eq!(
        batch_labels(&loader.clone().seed(3), 7),
        batch_labels(&loader, 0)
    );
    assert_eq!(DataLoader::new(counting(0, 3), 2).epoch(0).count(), 0);
}

#[test]
fn t05_2_drop_last_drops_only_the_short_batch() {
    let loader = DataLoader::new(counting(5, 3), 2).drop_last(true);
    assert_eq!(batch_labels(&loader, 0), vec![vec![0, 1], vec![2, 3]]);
    // 4 samples, batches of 2: no short batch, nothing dropped.
    let loader = DataLoader::new(counting(4, 1), 2).drop_last(true);
    assert_eq!(batch_labels(&loader, 0), vec![vec![0, 1], vec![2, 3]]);
    // A batch size above N with drop_last: no batch at all.
    assert_eq!(
        DataLoader::new(counting(3, 1), 4)
            .drop_last(true)
            .epoch(0)
            .count(),
        0
    );
}

/// Multiplies by a constant: a deterministic transform written for these tests.
struct Scale(f32);

impl Transform for Scale {
    fn apply(&self, x: &Tensor, _rng: &mut ChaCha8Rng) -> Tensor {
        x.mul_scalar(self.0)
    }
}

/// Adds one random number in [0, 1) to the whole input.
struct AddNoise;

impl Transform for AddNoise {
    fn apply(&self, x: &Tensor, rng: &mut ChaCha8Rng) -> Tensor {
        x.add_scalar(rng.random::<f32>())
    }
}

#[test]
fn t05_2_loader_applies_the_transform_to_every_example() {
    // Samples [0, 1], [2, 3], [4, 5] times 2, batches of 2.
    let loader = DataLoader::new(counting(3, 2), 2).transform(Scale(2.0));
    let batches: Vec<_> = loader.epoch(0).collect();
    assert_close(&batches[0].inputs, &[2, 2], &[0.0, 2.0, 4.0, 6.0], 0.0);
    assert_close(&batches[1].inputs, &[1, 2], &[8.0, 10.0], 0.0);
}

/// The noise each sample of a `Counting` dataset of 1 feature (sample i = [i]) received
/// in one epoch, indexed by sample (= label).
fn noise_by_sample(loader: &DataLoader, epoch: u64) -> Vec<f32> {
    let mut noise = vec![f32::NAN; loader.dataset().len()];
    for batch in loader.epoch(epoch) {
        for (row, &label) in batch.labels.iter().enumerate() {
            noise[label] = batch.inputs.data()[[row, 0]] - label as f32;
        }
    }
    noise
}

#[test]
fn t05_2_augmentation_is_keyed_by_the_sample() {
    // The transform of sample i draws from example_rng(seed, epoch, i): the same noise
    // whatever the batch size, so batches of 3 and batches of 1 agree sample by sample.
    let by_three = DataLoader::new(counting(8, 1), 3)
        .seed(9)
        .transform(AddNoise);
    let by_one = DataLoader::new(counting(8, 1), 1)
        .seed(9)
        .transform(AddNoise);
    let noise = noise_by_sample(&by_three, 0);
    assert!(
        noise.iter().all(|v| (0.0..1.0).contains(v)),
        "noise {noise:?}"
    );
    assert_eq!(noise, noise_by_sample(&by_one, 0));
    assert_eq!(noise, noise_by_sample(&by_three, 0), "reproducible");
    // Samples of one batch get different draws; another epoch or seed, other draws.
    assert_ne!(noise[0], noise[1]);
    assert_ne!(noise, noise_by_sample(&by_three, 1));
    assert_ne!(noise, noise_by_sample(&by_three.clone().seed(10), 0));
}

// ---- 05.3 seeded shuffling ---------------------------------------------------------------

fn identity(n: usize) -> Vec<usize> {
    (0..n).collect()
}

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

#[test]
fn t05_3_every_epoch_is_a_permutation() {
    let loader = DataLoader::new(counting(100, 1), 10).shuffle(42);
    for epoch in 0..5 {
        let order = loader.epoch_order(epoch);
        assert_eq!(
            sorted(order.clone()),
            identity(100),
            "epoch {epoch}: each index once"
        );
        assert_ne!(order, identity(100), "epoch {epoch} is not shuffled");
    }
}

#[test]
fn t05_3_same_seed_same_order_other_seed_or_epoch_other_order() {
    let a = DataLoader::new(counting(50, 1), 10).shuffle(42);
    let b = DataLoader::new(counting(50, 1), 10).shuffle(42);
    let c = DataLoader::new(counting(50, 1), 10).shuffle(123);
    assert_eq!(a.epoch_order(0), b.epoch_order(0));
    assert_eq!(a.epoch_order(3), b.epoch_order(3));
    assert_ne!(
        a.epoch_order(0),
        c.epoch_order(0),
        "seeds 42 and 123 give the same order"
    );
    for epoch in 1..5 {
        assert_ne!(
            a.epoch_order(0),
            a.epoch_order(epoch),
            "epochs 0 and {epoch} agree"
        );
    }
    // The order is Fisher-Yates on 0..N driven by shuffle_rng(seed, epoch).
    let mut expected = identity(50);
    fisher_yates(&mut expected, &mut shuffle_rng(42, 3));
    assert_eq!(a.epoch_order(3), expected);
}

#[test]
fn t05_3_batches_follow_the_shuffled_order() {
    let loader = DataLoader::new(counting(10, 1), 3).shuffle(5);
    let seen: Vec<usize> = batch_labels(&loader, 2).concat();
    assert_eq!(seen, loader.epoch_order(2));
    // With drop_last, the 10 % 3 = 1 last sample of each epoch's order is skipped.
    let dropping = loader.clone().drop_last(true);
    let seen: Vec<usize> = batch_labels(&dropping, 2).concat();
    assert_eq!(seen, loader.epoch_order(2)[..9]);
}

#[test]
fn t05_3_shuffling_does_not_change_the_augmentation() {
    // Keyed by the sample, not its position in the epoch: shuffled batches of 3 and
    // unshuffled batches of 1 give every sample the same noise.
    let shuffled = DataLoader::new(counting(8, 1), 3)
        .shuffle(9)
        .transform(AddNoise);
    let in_order = DataLoader::new(counting(8, 1), 1)
        .seed(9)
        .transform(AddNoise);
    assert_ne!(shuffled.epoch_order(0), identity(8), "position != sample");
    assert_eq!(noise_by_sample(&shuffled, 0), noise_by_sample(&in_order, 0));
    assert_eq!(noise_by_sample(&shuffled, 4), noise_by_sample(&in_order, 4));
}

#[test]
fn t05_3_fisher_yates_is_uniform() {
    // 30,000 shuffles of [0, 1, 2]: each of the 3! = 6 orders should appear 5,000 times;
    // the count's std is sqrt(30000 * 1/6 * 5/6) = 64.5, and we allow 300 (4.6 std).
    // Classic bugs land far outside: j from 0..i (never the identity: 0 times), or j from
    // 0..n at every step (9 equally likely paths onto 6 orders: 3,333 or 6,667 times).
    let mut rng = seeded_rng(2024);
    let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
    for _ in 0..30_000 {
        let mut items = [0u8, 1, 2];
        fisher_yates(&mut items, &mut rng);
        *counts.entry(items).or_default() += 1;
    }
    assert_eq!(counts.len(), 6, "orders seen: {counts:?}");
    for (order, &count) in &counts {
        assert!(
            count.abs_diff(5000) <= 300,
            "order {order:?} appeared {count} times"
        );
    }
}

#[test]
fn t05_3_fisher_yates_is_deterministic_given_the_rng() {
    let shuffle = |seed| {
        let mut items: Vec<usize> = identity(20);
        fisher_yates(&mut items, &mut seeded_rng(seed));
        items
    };
    assert_eq!(shuffle(1), shuffle(1));
    assert_ne!(shuffle(1), shuffle(2));
    assert_eq!(sorted(shuffle(1)), identity(20));
    // Nothing to shuffle: no panic, nothing changes.
    let mut empty: [u8; 0] = [];
    fisher_yates(&mut empty, &mut seeded_rng(0));
    let mut one = [7];
    fisher_yates(&mut one, &mut seeded_rng(0));
    assert_eq!(one, [7]);
}

// ---- 05.4 transforms ---------------------------------------------------------------------

#[test]
fn t05_4_normalize() {
    // (x - 0.5) / 0.25: 0 -> -2, 0.5 -> 0, 1 -> 2, 2 -> 6 (dividing by the variance
    // 0.0625 instead would give -8, 0, 8, 24).
    let x = t(&[0.0, 0.5, 1.0, 2.0], &[2, 2]);
    let y = Normalize {
        mean: 0.5,
        std: 0.25,
    }
    .apply(&x, &mut seeded_rng(0));
    assert_close(&y, &[2, 2], &[-2.0, 0.0, 2.0, 6.0], 1e-6);
    // mean 0.1307, std 0.3081 (MNIST's): 1 -> (1 - 0.1307) / 0.3081 = 2.82149.
    let y = Normalize {
        mean: 0.1307,
        std: 0.3081,
    }
    .apply(&t(&[1.0], &[1]), &mut seeded_rng(0));
    assert_approx_eq!(y.item(), 2.821_486, 1e-5);
}

/// The 3x3 image 1..9.
fn image3() -> Tensor {
    t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], &[3, 3])
}

#[test]
fn t05_4_crop_at_pads_then_cuts_the_window() {
    // Padded by 1, the 3x3 image is the 5x5
    //   0 0 0 0 0
    //   0 1 2 3 0
    //   0 4 5 6 0
    //   0 7 8 9 0
    //   0 0 0 0 0
    let crop = RandomCrop {
        size: (3, 3),
        padding: 1,
    };
    let x = image3();
    let windows = [
        ((0, 0), [0., 0., 0., 0., 1., 2., 0., 4., 5.]),
        ((2, 2), [5., 6., 0., 8., 9., 0., 0., 0., 0.]),
        ((1, 1), [1., 2., 3., 4., 5., 6., 7., 8., 9.]),
        ((0, 2), [0., 0., 0., 2., 3., 0., 5., 6., 0.]),
    ];
    for ((top, left), expected) in windows {
        assert_close(&crop.crop_at(&x, top, left), &[3, 3], &expected, 0.0);
    }
    // A 2x2 window at (1, 2): rows 1..3, columns 2..4 of the padded image.
    let small = RandomCrop {
        size: (2, 2),
        padding: 1,
    };
    assert_close(&small.crop_at(&x, 1, 2), &[2, 2], &[2., 3., 5., 6.], 0.0);
}

#[test]
fn t05_4_crop_at_with_a_wide_padding() {
    // Padded by 4 (CIFAR's crop), the 3x3 image sits at rows and columns 4..7 of an 11x11
    // grid of zeros, and a 3x3 window has offsets 0..=8 on each axis.
    let crop = RandomCrop {
        size: (3, 3),
        padding: 4,
    };
    let x = image3();
    let windows = [
        // Rows and columns 4..7: the image itself.
        ((4, 4), [1., 2., 3., 4., 5., 6., 7., 8., 9.]),
        // Rows and columns 2..5: the image's first pixel in the bottom-right corner.
        ((2, 2), [0., 0., 0., 0., 0., 0., 0., 0., 1.]),
        // Rows and columns 6..9: its last pixel in the top-left corner.
        ((6, 6), [9., 0., 0., 0., 0., 0., 0., 0., 0.]),
        // Rows and columns 8..11: the far corner, all padding; 4 zeros on each side.
        ((8, 8), [0.; 9]),
        ((0, 8), [0.; 9]),
    ];
    for ((top, left), expected) in windows {
        assert_close(&crop.crop_at(&x, top, left), &[3, 3], &expected, 0.0);
    }
}

#[test]
fn t05_4_crop_pads_only_the_last_two_axes() {
    // Two channels [[1, 2], [3, 4]] and [[5, 6], [7, 8]], padded by 1 to 4x4 each; the
    // 2x2 window at (0, 0) holds one zero row, then 0 and the channel's first pixel.
    let x = t(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], &[2, 2, 2]);
    let crop = RandomCrop {
        size: (2, 2),
        padding: 1,
    };
    assert_close(
        &crop.crop_at(&x, 0, 0),
        &[2, 2, 2],
        &[0., 0., 0., 1., 0., 0., 0., 5.],
        0.0,
    );
    let y = crop.apply(&x, &mut seeded_rng(3));
    assert_eq!(
        y.shape(),
        &[2, 2, 2],
        "channels are never padded or cropped"
    );
}

#[test]
fn t05_4_random_crop_reaches_both_extreme_offsets() {
    // A 5x5 image whose pixel (r, c) holds 5r + c, cropped to 3x3 without padding: the
    // window's first value tells its offset, top = v / 5 and left = v % 5, each in 0..=2.
    let values: Vec<f32> = (0..25).map(|v| v as f32).collect();
    let x = t(&values, &[5, 5]);
    let crop = RandomCrop {
        size: (3, 3),
        padding: 0,
    };
    let mut rng = seeded_rng(11);
    let (mut tops, mut lefts) = (BTreeSet::new(), BTreeSet::new());
    for _ in 0..200 {
        let y = crop.apply(&x, &mut rng);
        assert_eq!(y.shape(), &[3, 3]);
        let corner = y.data()[[0, 0]] as usize;
        let (top, left) = (corner / 5, corner % 5);
        assert_eq!(
            y.data()[[2, 2]] as usize,
            corner + 12,
            "a contiguous 3x3 window"
        );
        tops.insert(top);
        lefts.insert(left);
    }
    // Each offset has probability 1/3 per draw: missing one in 200 draws has
    // probability (2/3)^200 < 1e-35.
    assert_eq!(tops, BTreeSet::from([0, 1, 2]), "top offsets seen");
    assert_eq!(lefts, BTreeSet::from([0, 1, 2]), "left offsets seen");
}

#[test]
fn t05_4_flip_reverses_the_last_axis() {
    let always = RandomHorizontalFlip { p: 1.0 };
    let never = RandomHorizontalFlip { p: 0.0 };
    let mut rng = seeded_rng(0);
    assert_close(
        &always.apply(&t(&[1., 2., 3.], &[1, 3]), &mut rng),
        &[1, 3],
        &[3., 2., 1.],
        0.0,
    );
    let x = t(&[1., 2., 3., 4., 5., 6.], &[2, 3]);
    assert_close(
        &always.apply(&x, &mut rng),
        &[2, 3],
        &[3., 2., 1., 6., 5., 4.],
        0.0,
    );
    assert_close(
        &never.apply(&x, &mut rng),
        &[2, 3],
        &[1., 2., 3., 4., 5., 6.],
        0.0,
    );
    // [1, 2, 2] (channel, height, width): each row is reversed, rows stay in place.
    let x = t(&[1., 2., 3., 4.], &[1, 2, 2]);
    assert_close(
        &always.apply(&x, &mut rng),
        &[1, 2, 2],
        &[2., 1., 4., 3.],
        0.0,
    );
}

#[test]
fn t05_4_flip_happens_with_probability_p() {
    // p = 0.25 over 2,000 draws: 500 flips expected, std sqrt(2000 * 0.25 * 0.75) = 19.4;
    // we allow 100 (5 std). Flipping with probability 1 - p would give about 1,500.
    let flip = RandomHorizontalFlip { p: 0.25 };
    let x = t(&[1., 2.], &[1, 2]);
    let mut rng = seeded_rng(5);
    let flips = (0..2000)
        .filter(|_| flip.apply(&x, &mut rng).to_vec() == vec![2.0, 1.0])
        .count();
    assert!(
        flips.abs_diff(500) <= 100,
        "{flips} flips out of 2000 at p = 0.25"
    );
}

#[test]
fn t05_4_compose_applies_in_order() {
    // (5 - 1) / 2 = 2, then (2 - 1) / 1 = 1; the other order would give ((5 - 1) - 1) / 2 = 1.5.
    let pipeline = Compose(vec![
        Box::new(Normalize {
            mean: 1.0,
            std: 2.0,
        }),
        Box::new(Normalize {
            mean: 1.0,
            std: 1.0,
        }),
    ]);
    assert_close(
        &pipeline.apply(&t(&[5.0], &[1]), &mut seeded_rng(0)),
        &[1],
        &[1.0],
        1e-6,
    );
    // Normalize then flip: (1, 3, 5) -> (0, 1, 2) -> (2, 1, 0).
    let pipeline = Compose(vec![
        Box::new(Normalize {
            mean: 1.0,
            std: 2.0,
        }),
        Box::new(RandomHorizontalFlip { p: 1.0 }),
    ]);
    let y = pipeline.apply(&t(&[1.0, 3.0, 5.0], &[1, 3]), &mut seeded_rng(0));
    assert_close(&y, &[1, 3], &[2.0, 1.0, 0.0], 1e-6);
    // No transform at all: the identity.
    let y = Compose(vec![]).apply(&image3(), &mut seeded_rng(0));
    assert_close(&y, &[3, 3], &image3().to_vec(), 0.0);
}

#[test]
fn t05_4_augmentation_is_reproducible_from_the_rng() {
    let augment = Compose(vec![
        Box::new(RandomCrop {
            size: (3, 3),
            padding: 1,
        }),
        Box::new(RandomHorizontalFlip { p: 0.5 }),
    ]);
    let x = image3();
    let run = |seed| -> Vec<Vec<f32>> {
        let mut rng = seeded_rng(seed);
        (0..20)
            .map(|_| augment.apply(&x, &mut rng).to_vec())
            .collect()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
    // 3 x 3 offsets x 2 flips = 18 possible outputs; 20 draws show more than one.
    let distinct: BTreeSet<Vec<u32>> = run(1)
        .iter()
        .map(|v| v.iter().map(|f| f.to_bits()).collect())
        .collect();
    assert!(distinct.len() > 1, "augmentation never changed anything");
}
