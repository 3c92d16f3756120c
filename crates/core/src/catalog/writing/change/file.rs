//! One file of a change: reading what it holds (regular files only), finding the file a path
//! really names, and putting new bytes in place atomically, checked against what it should
//! hold right before the rename, keeping permissions and owner.

use super::{ChangeError, StepOp, absolute};
use std::path::{Path, PathBuf};

/// The current bytes of `path`, `None` when it does not exist. Only a regular file is read:
/// a FIFO would wait for a writer forever.
pub(super) fn current(path: &Path) -> Result<Option<Vec<u8>>, ChangeError> {
    let fail = |e: &std::io::Error| {
        ChangeError::Io(format!("cannot read {}: {}", path.display(), crate::catalog::read::plain_io(e)))
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(&e)),
        Ok(m) if !m.is_file() => return Err(not_regular(path)),
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(fail(&e)),
    }
}

fn not_regular(path: &Path) -> ChangeError {
    ChangeError::Refused(format!(
        "will not write {}: it is not a regular file (a FIFO, socket, device or folder)",
        path.display()
    ))
}

/// The file a write to `path` really changes: absolute, with symlinks resolved, so that the
/// journal names it from anywhere and a symlinked file is written through (the link stays).
/// A link to nothing, and anything but a regular file, is refused with the reason.
pub fn target(path: &Path) -> Result<PathBuf, ChangeError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let to = std::fs::canonicalize(path).map_err(|_| {
                ChangeError::Refused(format!(
                    "will not write {}: it is a symlink to a file that does not exist (agentdeck writes through a link, never over it)",
                    path.display()
                ))
            })?;
            match std::fs::metadata(&to) {
                Ok(m) if m.is_file() => Ok(to),
                _ => Err(not_regular(path)),
            }
        }
        Ok(m) if !m.is_file() => Err(not_regular(path)),
        _ => Ok(absolute(path)),
    }
}

/// Why one file could not be put in place.
pub(super) enum PutError {
    /// It no longer held what was expected (someone else wrote it): nothing was written to it.
    Changed,
    Io(std::io::Error),
}

impl std::fmt::Display for PutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PutError::Changed => f.write_str("it changed on disk while agentdeck was writing"),
            PutError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for PutError {
    fn from(e: std::io::Error) -> PutError {
        PutError::Io(e)
    }
}

/// Make `path` hold `bytes` (atomically, keeping its permissions and owner), or not exist
/// (`None`), provided it holds `expect` right before: the check is the last thing before the
/// rename, so an edit made meanwhile is never overwritten silently.
pub(super) fn put(path: &Path, bytes: Option<&[u8]>, expect: Option<&[u8]>) -> Result<(), PutError> {
    let still = || current(path).map_err(|e| PutError::Io(std::io::Error::other(e.to_string())));
    let Some(bytes) = bytes else {
        if still()?.as_deref() != expect {
            return Err(PutError::Changed);
        }
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            other => other?,
        }
        return Ok(());
    };
    let tmp = crate::catalog::atomic::temp_beside(path, bytes)?;
    if still()?.as_deref() != expect {
        return Err(PutError::Changed);
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Flush the folders of `ops` (once each), so their renames and removals survive a crash
/// before the step is marked complete.
pub(super) fn sync_dirs(ops: &[StepOp]) -> std::io::Result<()> {
    let mut dirs: Vec<&Path> = ops.iter().filter_map(|o| o.path.parent()).collect();
    dirs.sort_unstable();
    dirs.dedup();
    for d in dirs {
        match crate::catalog::atomic::sync_dir(d) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}
