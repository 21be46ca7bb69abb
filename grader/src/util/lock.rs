//! An exclusive lock so that two grader runs in one workspace do not destroy each other's
//! scratch copy (`target/verify/ws`, `target/grade-hidden/ws`, the result cache).
//!
//! It is an operating-system file lock (`File::try_lock`: `flock` on Unix, `LockFileEx` on
//! Windows), not a PID file: the OS releases it when the holding process exits or is
//! killed, on every platform, so a run stopped with Ctrl-C never blocks the next one, and
//! two waiters can never both take it. The file itself stays (removing it would let a
//! waiter lock an unlinked inode while a newcomer locks a fresh file).

use crate::bail;
use crate::util::error::{Context, Result};
use std::fs::{self, File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long to wait for another run before giving up.
pub const MAX_WAIT: Duration = Duration::from_secs(2 * 60 * 60);

/// How often a waiter tries again.
const POLL: Duration = Duration::from_millis(250);

/// Held while it lives: dropping it closes the file, which releases the lock.
#[derive(Debug)]
pub struct LockFile {
    _file: File,
}

/// Takes the exclusive lock on `path` (created when missing), waiting while another
/// process holds it. `what` names the run in messages ("`cargo grade dev verify`").
pub fn acquire(path: &Path, what: &str) -> Result<LockFile> {
    acquire_within(path, what, MAX_WAIT)
}

/// [`acquire`] with a chosen limit on the wait.
pub fn acquire_within(path: &Path, what: &str, max_wait: Duration) -> Result<LockFile> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(format!("cannot create {}", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .context(format!("cannot open the lock file {}", path.display()))?;
    let start = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => {
                note_holder(&mut file);
                return Ok(LockFile { _file: file });
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                return Err(e).context(format!("cannot lock {}", path.display()));
            }
        }
        let holder = holder(&mut file);
        if start.elapsed() > max_wait {
            bail!(
                "another {what} ({holder}) has held {} for over {} s; stop it or wait for it",
                path.display(),
                max_wait.as_secs()
            );
        }
        if !told {
            eprintln!("waiting for another {what} ({holder}) to finish ...");
            told = true;
        }
        std::thread::sleep(POLL);
    }
}

/// Writes this process id into the locked file: for the message a waiter prints only,
/// never to decide anything.
fn note_holder(file: &mut File) {
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
}

/// "pid 1234", as far as the holder wrote it.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind();
    let _ = file.read_to_string(&mut text);
    match text.trim() {
        "" => "pid unknown".to_string(),
        pid => format!("pid {pid}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_is_exclusive_and_released_on_drop() {
        let dir = tinytorch_course::fixture::scratch_dir("grader-lock", "test");
        let path = dir.join("lock");
        let first = acquire(&path, "test").unwrap();
        // A second holder (another open file description, as another process has) waits,
        // then gives up with a message naming the holder.
        let err = acquire_within(&path, "test run", Duration::from_millis(300)).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("another test run"), "{msg}");
        assert!(msg.contains(&std::process::id().to_string()), "{msg}");
        drop(first);
        // Released by closing the file: the next run takes it at once.
        let again = acquire_within(&path, "test", Duration::ZERO).unwrap();
        drop(again);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_leftover_lock_file_does_not_block() {
        // What a run killed with SIGKILL leaves behind: the file, with no lock on it.
        let dir = tinytorch_course::fixture::scratch_dir("grader-lock-stale", "test");
        let path = dir.join("lock");
        fs::write(&path, "4294967295").unwrap();
        let taken = acquire_within(&path, "test", Duration::ZERO).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            std::process::id().to_string()
        );
        drop(taken);
        fs::remove_dir_all(&dir).unwrap();
    }
}
