//! Milestone 06 (MLPerf): the trained networks the milestone profiles, compresses and
//! accelerates.
//!
//! Each [`Network`] has a seeded recipe, an evaluation on held-out data, and a checkpoint
//! (safetensors, with a recipe stamp beside it) that [`train_or_load`] reuses when it is
//! valid and current and retrains when it is missing or stale. The `train_networks`
//! binary runs them all; see the README.
//!
//! ```no_run
//! use tinytorch_mlperf::{Network, Progress, Retrain, default_checkpoint_dir, train_or_load};
//! let mlp = train_or_load(Network::DigitMlp, &default_checkpoint_dir(), Retrain::IfNeeded,
//!     Progress::Lines).unwrap();
//! assert!(mlp.evaluation.passed());
//! ```

mod cli;
mod compress;
mod error;
mod evaluation;
mod gates;
mod generation;
mod gpt;
mod gpt_profile;
mod json;
mod mlperf_run;
mod model;
mod network;
mod olympics;
mod plot;
mod progress;
mod recipes;
mod report;
mod stamp;
mod sweep;
mod train;

pub use cli::{CommonArgs, RetrainArgs, exit_code, select_networks};
pub use compress::{
    CODEBOOK_SIZE, COMPRESSED_FORMAT, COMPRESSED_VERSION, CompressedModel, DIGITS_FINE_TUNE_EPOCHS,
    GPT_FINE_TUNE_STEPS, StoragePlan, Variant, VariantResult, WeightFormat, assign,
    compress_network, fit_codebook, load_compressed, matrix_sparsity, variant_table,
};
pub use error::MlperfError;
pub use evaluation::{Evaluation, Floor};
pub use gates::{Gate, Part, Scorecard};
pub use generation::{
    BATCH_MIN_SPEEDUP, CACHE_MIN_SPEEDUP, GenerationSetup, OptsReport, OptsRow, PositionCost,
    SpeedupReport, measure_opts, measure_speedup,
};
pub use gpt::{
    GptRecipe, GptRun, REVERSAL_HELD_OUT, REVERSAL_RECIPE, REVERSAL_STEPS, TINYTALK_CONTEXT,
    TINYTALK_RECIPE, TINYTALK_STEPS, TinytalkData, evaluate_reversal, evaluate_tinytalk,
    fine_tune_reversal, fine_tune_tinytalk, masked_loss, reversal_config, reversal_held_out,
    tinytalk_config, train_reversal, train_tinytalk,
};
pub use gpt_profile::{GptProfile, PartTime, profile_gpt};
pub use json::{write_json, write_text};
pub use mlperf_run::{
    ACCURACY_FRACTION, Host, MLPERF_NETWORKS, MlperfRunReport, ModelSettings, Ratio, Role,
    RunSettings, SUMMARY_VERSION, ScenarioResult, SummaryLine, mlperf_gates, model_settings, ranks,
    ratio_table, ratios, results_table, run_mlperf, summary,
};
pub use model::Model;
pub use network::Network;
pub use olympics::{
    ACCURACY_FLOOR, COMBINED_MAX_DROP, INT8_MAX_DROP, LatencyPair, MAX_ERROR_STEPS,
    NetworkOlympics, OlympicsReport, Targets, run_olympics,
};
pub use plot::{Panel, PlotPoint, svg};
pub use progress::Progress;
pub use recipes::{
    CNN_EPOCHS, CNN_RECIPE, CnnRun, DigitImages, MLP_RECIPE, as_images, digits_test_accuracy,
    train_simple_cnn,
};
pub use report::{NetworkReport, table};
pub use stamp::{RecipeIdentity, Stamp, TrainingSummary, sha256_hex};
pub use sweep::{NetworkSweep, SweepReport, pareto, run_sweep, sweep_variants};
pub use tinytorch_milestone_kit::MilestoneError;
pub use train::{
    DIGITS_FLOOR, Origin, Retrain, Trained, default_checkpoint_dir, editions_line, train_or_load,
};

use tinytorch_tensor::ModuleEdition;

/// The editions (reference or student) of the course modules the training recipes use
/// (01-13). Each checkpoint's stamp records those of its own milestone (03: 01-08, 04:
/// 01-09, 05: 01-13): a checkpoint trained by other code is stale, while changing a later
/// module (profiling, compression, ...) keeps it valid.
pub fn training_editions() -> Vec<ModuleEdition> {
    merged(&[
        tinytorch_training::editions(),
        tinytorch_convolutions::editions(),
        tinytorch_tokenization::editions(),
        tinytorch_transformers::editions(),
    ])
}

/// The editions of every course module the milestone's code uses (what its reports print).
pub fn editions() -> Vec<ModuleEdition> {
    merged(&[
        training_editions(),
        tinytorch_profiling::editions(),
        tinytorch_quantization::editions(),
        tinytorch_compression::editions(),
        tinytorch_memoization::editions(),
        tinytorch_acceleration::editions(),
        tinytorch_benchmarking::editions(),
    ])
}

fn merged(lists: &[Vec<ModuleEdition>]) -> Vec<ModuleEdition> {
    tinytorch_milestone_kit::merged_editions(lists)
}
