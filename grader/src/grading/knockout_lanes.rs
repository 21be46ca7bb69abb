//! Knockouts in lanes: step e of `cargo grade dev verify` builds and grades every knockout
//! on its own (400 and more for the course), and a build of one knockout keeps about one
//! or two cores busy. With more cores, several lanes take knockouts from one queue: while
//! one compiles, another runs its tests.
//!
//! Each lane has its own copy of the workspace (a knockout rewrites the module's student
//! code) and its own target directory (cargo locks a target directory for a whole build).
//! The third-party crates are built once: the first knockout runs alone in lane 0, whose
//! target directory then seeds the others (see [`seed`]).

use crate::util::error::Result;
use crate::util::fsutil;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many lanes: each costs a target directory of about a gigabyte, and beyond
/// a few the builds compete for the disk and the linker more than they overlap.
pub const MAX_LANES: usize = 4;

/// One lane: a copy of the workspace and the target directory its builds use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// The copy of the workspace.
    pub copy: PathBuf,
    /// Its `CARGO_TARGET_DIR`.
    pub target: PathBuf,
}

/// The variable that sets the number of lanes (e.g. 1 to save the disk space of the others).
pub const LANES_VAR: &str = "TINYTORCH_KNOCKOUT_LANES";

/// Cores per lane by default: one knockout already keeps about two busy (rustc compiles
/// codegen units in parallel, and the task's tests run two processes at a time). On the
/// 2-core course machine, CI's 411 knockouts took 2.56 s each in two lanes and 2.14 s in
/// one (both with line tables): one lane there.
pub const CORES_PER_LANE: usize = 2;

/// How many lanes for `items` knockouts: [`LANES_VAR`] when set to a number, else one per
/// [`CORES_PER_LANE`] cores; at most [`MAX_LANES`] and `items`, at least one.
pub fn count(items: usize) -> usize {
    let wanted = std::env::var(LANES_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, |n| n.get()) / CORES_PER_LANE
        });
    wanted.min(MAX_LANES).min(items).max(1)
}

/// The lanes under `base` (`base/ws` and `base/target` for lane 0, where the knockouts ran
/// before there were lanes, so an existing build is reused; `base/lane-K/...` for the others).
pub fn lanes(base: &Path, count: usize) -> Vec<Lane> {
    (0..count)
        .map(|k| {
            let dir = if k == 0 {
                base.to_path_buf()
            } else {
                base.join(format!("lane-{k}"))
            };
            Lane {
                copy: dir.join("ws"),
                target: dir.join("target"),
            }
        })
        .collect()
}

/// Gives `lane` a copy of `first`'s target directory unless it has one already.
///
/// Safe to share: the copies' reference files keep their modification times (so a build
/// of the reference stays fresh in every copy) and their student files get new ones (so
/// a knockout built in one lane is rebuilt in another), as in [`fsutil::copy_workspace`].
pub fn seed(first: &Lane, lane: &Lane) -> Result<()> {
    if lane.target.exists() || !first.target.exists() {
        return Ok(());
    }
    fsutil::copy_tree(&first.target, &lane.target).map(|_| ())
}

/// Runs `work(lane, item)` for every item and returns the results in the order of
/// `items`. Item 0 runs alone in lane 0; then `prepare` readies every other lane (e.g.
/// [`seed`]) and all lanes take the remaining items in order from one queue.
pub fn run<T: Sync, R: Send>(
    lanes: &[Lane],
    items: &[T],
    prepare: &(dyn Fn(&Lane) -> Result<()> + Sync),
    work: &(dyn Fn(&Lane, &T) -> R + Sync),
) -> Result<Vec<R>> {
    let Some((first_lane, other_lanes)) = lanes.split_first() else {
        return Ok(Vec::new());
    };
    let Some(first_item) = items.first() else {
        return Ok(Vec::new());
    };
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    *lock(&results[0]) = Some(work(first_lane, first_item));
    for lane in other_lanes {
        prepare(lane)?;
    }
    let next = AtomicUsize::new(1);
    std::thread::scope(|s| {
        for lane in lanes {
            let (next, results) = (&next, &results);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let r = work(lane, item);
                    *lock(&results[i]) = Some(r);
                }
            });
        }
    });
    Ok(results
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .map(|r| r.expect("every item is taken by exactly one lane"))
        .collect())
}

/// Locks a result slot; a lane that panicked leaves its slot usable (the panic is raised
/// again when the scope ends).
fn lock<R>(slot: &Mutex<R>) -> std::sync::MutexGuard<'_, R> {
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn every_item_runs_once_and_results_keep_their_order() {
        let base = Path::new("/nowhere");
        let lanes = lanes(base, 3);
        assert_eq!(lanes[0].target, base.join("target"));
        assert_eq!(lanes[2].copy, base.join("lane-2/ws"));
        let items: Vec<u32> = (0..25).collect();
        let prepared = AtomicUsize::new(0);
        let first_alone = AtomicBool::new(true);
        let out = run(
            &lanes,
            &items,
            &|_| {
                prepared.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
            &|lane, &i| {
                if i == 0 {
                    // Nothing was prepared yet: item 0 runs before the other lanes start.
                    first_alone.store(prepared.load(Ordering::SeqCst) == 0, Ordering::SeqCst);
                    assert_eq!(lane, &lanes[0]);
                }
                i * 2
            },
        )
        .unwrap();
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(prepared.load(Ordering::SeqCst), 2);
        assert!(first_alone.load(Ordering::SeqCst));
    }

    #[test]
    fn no_items_no_work() {
        let lanes = lanes(Path::new("/nowhere"), 2);
        let out = run(&lanes, &[] as &[u32], &|_| Ok(()), &|_, &i| i).unwrap();
        assert!(out.is_empty());
        assert_eq!(count(0), 1);
        assert!(count(1000) <= MAX_LANES);
    }
}
