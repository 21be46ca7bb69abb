//! Task 20.3: validation: re-measure a submission on this machine and accept its numbers
//! only if they reproduce.

use crate::{
    CapstoneError, DigitSystem, Entry, EntryModel, MeasureConfig, Measured, Status, Submission,
    Tolerance, sha256_file,
};
use std::path::Path;
use tinytorch_benchmarking::{Harness, QuerySampleLibrary};
use tinytorch_dataloader::TensorDataset;

/// Measures the model file at `model_path` on the held-out digits `test`: accuracy over
/// every test digit (one batched forward pass), the SingleStream p90 latency of one digit
/// with module 19's harness (the lowest p90 of `config.runs` runs), and the size as the
/// file's length in bytes.
///
/// # Errors
/// Any error of [`EntryModel::load`], [`CapstoneError::Io`] if the file's length cannot be
/// read, [`CapstoneError::Bench`] if the harness fails (e.g. a bad config).
pub fn measure(
    model_path: &Path,
    test: &TensorDataset,
    config: &MeasureConfig,
) -> Result<Measured, CapstoneError> {
    // BEGIN SOLUTION 20.3
    let model = EntryModel::load(model_path)?;
    let size_bytes = std::fs::metadata(model_path)
        .map_err(|e| CapstoneError::io(model_path, &e))?
        .len();
    let labels = test.labels();
    let predictions = model.predict(test.inputs());
    let correct = predictions
        .iter()
        .zip(labels)
        .filter(|(p, l)| p == l)
        .count();
    let qsl = QuerySampleLibrary::with_labels("digits-test", labels.to_vec())?;
    let mut sut = DigitSystem::new("entry", &model, test.inputs());
    let harness = Harness::new(config.bench.clone())?;
    let mut latency_p90_ms = f64::INFINITY;
    for _ in 0..config.runs.max(1) {
        let report = harness.run_single_stream(&mut sut, &qsl)?;
        latency_p90_ms = latency_p90_ms.min(report.latency_ms.p90);
    }
    Ok(Measured {
        accuracy: correct as f64 / labels.len() as f64,
        correct,
        samples: labels.len(),
        latency_p90_ms,
        size_bytes,
    })
    // END SOLUTION
}

/// Why the `reported` numbers do not reproduce as `measured`, one sentence per number;
/// empty if they do:
///
/// - the sample count must be equal (the whole held-out split);
/// - the accuracy within `tolerance.accuracy`, either way;
/// - the size exactly (it is the file's length);
/// - the latency may not claim to be more than `tolerance.latency_factor` times faster
///   than measured (`reported * factor < measured` is rejected); a slower claim is fine.
///
/// ```
/// use tinytorch_capstone::{Measured, Tolerance, reproduction_failures};
/// let measured = Measured { accuracy: 0.95, correct: 0, samples: 364, latency_p90_ms: 0.04, size_bytes: 9_000 };
/// let honest = measured.clone();
/// assert!(reproduction_failures(&honest, &measured, &Tolerance::standard()).is_empty());
/// let inflated = Measured { latency_p90_ms: 0.01, ..measured.clone() }; // 4x faster than it runs
/// assert_eq!(reproduction_failures(&inflated, &measured, &Tolerance::standard()).len(), 1);
/// ```
pub fn reproduction_failures(
    reported: &Measured,
    measured: &Measured,
    tolerance: &Tolerance,
) -> Vec<String> {
    // BEGIN SOLUTION 20.3
    let mut reasons = Vec::new();
    if reported.samples != measured.samples {
        reasons.push(format!(
            "samples: reported {}, but the held-out split has {}",
            reported.samples, measured.samples
        ));
    }
    if (reported.accuracy - measured.accuracy).abs() > tolerance.accuracy {
        reasons.push(format!(
            "accuracy: reported {:.4}, re-measured {:.4} (tolerance {:.4})",
            reported.accuracy, measured.accuracy, tolerance.accuracy
        ));
    }
    if reported.size_bytes != measured.size_bytes {
        reasons.push(format!(
            "size: reported {} bytes, the model file has {} bytes",
            reported.size_bytes, measured.size_bytes
        ));
    }
    if reported.latency_p90_ms * tolerance.latency_factor < measured.latency_p90_ms {
        reasons.push(format!(
            "latency: reported p90 {:.2} us, re-measured {:.2} us: more than {}x faster \
             than it reproduces",
            1e3 * reported.latency_p90_ms,
            1e3 * measured.latency_p90_ms,
            tolerance.latency_factor
        ));
    }
    reasons
    // END SOLUTION
}

/// Validates the submission whose JSON is at `json`: reads and checks it, checks that
/// the model file's SHA-256 is the submission's BEFORE measuring anything (numbers
/// measured on another file say nothing about this one), re-measures the model
/// ([`measure`]) and compares ([`reproduction_failures`]).
///
/// Never fails: a submission that cannot be evaluated is an entry with
/// [`Status::Invalid`] and the reason, so that one bad submission never stops a
/// leaderboard. Its name is the submission's, or the JSON file's stem if unreadable.
pub fn validate(
    json: &Path,
    test: &TensorDataset,
    config: &MeasureConfig,
    tolerance: &Tolerance,
) -> Entry {
    // BEGIN SOLUTION 20.3
    let stem = json
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let invalid = |name: String, reason: String| Entry {
        name,
        source: json.to_path_buf(),
        status: Status::Invalid { reason },
    };
    let submission = match Submission::read(json) {
        Ok(s) => s,
        Err(e) => return invalid(stem, e.to_string()),
    };
    let name = submission.name.clone();
    let model_path = submission.model_path(json);
    match sha256_file(&model_path) {
        Ok(hash) if hash == submission.model_sha256 => {}
        Ok(hash) => {
            let reason = format!(
                "the model file {} has SHA-256 {hash}, not the submission's {}: the numbers \
                 were measured on another file",
                submission.model_file, submission.model_sha256
            );
            return invalid(name, reason);
        }
        Err(e) => return invalid(name, e.to_string()),
    }
    let measured = match measure(&model_path, test, config) {
        Ok(m) => m,
        Err(e) => return invalid(name, e.to_string()),
    };
    let reported = submission.measured;
    let reasons = reproduction_failures(&reported, &measured, tolerance);
    let status = if reasons.is_empty() {
        Status::Valid { measured, reported }
    } else {
        Status::Rejected {
            measured,
            reported,
            reasons,
        }
    };
    Entry {
        name,
        source: json.to_path_buf(),
        status,
    }
    // END SOLUTION
}
