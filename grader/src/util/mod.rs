//! The bottom layer: errors, file helpers, the workspace lock and terminal
//! tables. It imports nothing else of the grader.

pub mod error;
pub mod fsutil;
pub mod lock;
pub mod term;

/// The serde name of a unit enum variant (e.g. `"no_tests"` for `TaskStatus::NoTests`
/// under `rename_all = "snake_case"`): JSON, CSV and tables use the same strings, written
/// once, in the `#[serde(...)]` attribute.
///
/// # Panics
/// When `value` does not serialize to a JSON string (not a unit variant): a programming
/// error, caught by the tests.
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => panic!("serde_name needs a unit enum variant, got {other:?}"),
    }
}
