//! The proof of which code ran: every milestone prints one `course-edition: 01=student ...`
//! line (the grader reads it) for the modules it was compiled against.

use tinytorch_tensor::ModuleEdition;

/// The union of several crates' edition lists, one entry per module, in module order.
pub fn merged_editions(lists: &[Vec<ModuleEdition>]) -> Vec<ModuleEdition> {
    let mut all: Vec<ModuleEdition> = lists.concat();
    all.sort_by_key(|m| m.module);
    all.dedup_by_key(|m| m.module);
    all
}

/// The `course-edition: ...` line of `editions` (module 01's probe format).
pub fn editions_line(editions: &[ModuleEdition]) -> String {
    tinytorch_tensor::edition::probe_line(editions)
}
