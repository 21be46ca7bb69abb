//! Compression of the trained networks with the student's modules 15 (INT8) and 16
//! (pruning, bitmask storage): a file format that stores every parameter in a chosen
//! encoding, and the pipeline that prunes, fine-tunes, writes, re-loads and measures.

mod codebook;
mod encoding;
mod file;
mod pipeline;

pub use codebook::{CODEBOOK_SIZE, fit_codebook};
pub use encoding::WeightFormat;
pub use file::{
    COMPRESSED_FORMAT, COMPRESSED_VERSION, CompressedModel, StoragePlan, assign, load_compressed,
};
pub use pipeline::{
    DIGITS_FINE_TUNE_EPOCHS, GPT_FINE_TUNE_STEPS, Variant, VariantResult, compress_network,
    matrix_sparsity, variant_table,
};
