//! A lock file so that two `cargo grade verify` runs in one workspace do not destroy each
//! other's copy of the workspace (`target/verify/ws`).

use crate::bail;
use crate::util::error::{Context, Result};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How long to wait for another run before giving up.
pub const MAX_WAIT: Duration = Duration::from_secs(2 * 60 * 60);

/// Held while it lives; the file is removed on drop.
#[derive(Debug)]
pub struct LockFile {
    path: PathBuf,
}

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Creates `path` holding this process id, waiting while a live process holds it. A lock
/// left by a process that died (Ctrl-C) is taken over.
pub fn acquire(path: &Path, what: &str) -> Result<LockFile> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(format!("cannot create {}", parent.display()))?;
    }
    let start = Instant::now();
    let mut told = false;
    loop {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(mut file) => {
                let _ = write!(file, "{}", std::process::id());
                return Ok(LockFile {
                    path: path.to_path_buf(),
                });
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(path).unwrap_or_default();
                if !holder_alive(path, holder.trim()) {
                    let _ = fs::remove_file(path);
                    continue;
                }
                if start.elapsed() > MAX_WAIT {
                    bail!(
                        "another {what} (pid {}) has held {} for over two hours",
                        holder.trim(),
                        path.display()
                    );
                }
                if !told {
                    eprintln!(
                        "waiting for another {what} (pid {}) to finish ...",
                        holder.trim()
                    );
                    told = true;
                }
                std::thread::sleep(Duration::from_secs(2));
            }
            Err(e) => {
                return Err(e).context(format!("cannot create the lock file {}", path.display()));
            }
        }
    }
}

/// Whether the process that wrote the lock still runs: on Linux, `/proc/<pid>` tells; on
/// other systems a lock younger than [`MAX_WAIT`] counts as held.
fn holder_alive(path: &Path, pid: &str) -> bool {
    if pid.is_empty() || pid.parse::<u32>().is_err() {
        // Being written right now, or garbage: trust it only while it is fresh.
        return age(path).is_some_and(|a| a < Duration::from_secs(10));
    }
    if pid == std::process::id().to_string() {
        return false;
    }
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid).exists();
    }
    age(path).is_some_and(|a| a < MAX_WAIT)
}

fn age(path: &Path) -> Option<Duration> {
    let modified = fs::metadata(path).and_then(|m| m.modified()).ok()?;
    SystemTime::now().duration_since(modified).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_is_exclusive_and_released_on_drop() {
        let dir = tinytorch_course::fixture::scratch_dir("grader-lock", "test");
        let path = dir.join("lock");
        let first = acquire(&path, "test").unwrap();
        assert!(path.is_file());
        drop(first);
        assert!(!path.exists());
        // A lock left by a dead process is taken over.
        fs::write(&path, "4294967295").unwrap();
        let taken = acquire(&path, "test").unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            std::process::id().to_string()
        );
        drop(taken);
        fs::remove_dir_all(&dir).unwrap();
    }
}
