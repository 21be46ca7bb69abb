//! Turning results into text and writing it: the module report of `cargo grade test`,
//! the report formats, and [`emit`], the one way the commands write to stdout.

pub mod milestone;
pub mod milestone_knockouts;
pub mod module_report;
pub mod mutants;
pub mod report_formats;
pub mod status;
pub mod verify;

use std::io::Write;
use std::process::ExitCode;

/// Writes to stdout, ignoring a closed pipe (`cargo grade status | head` must not panic).
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// `SUCCESS` when `ok`, else exit code `code`.
pub fn exit(ok: bool, code: u8) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(code)
    }
}
