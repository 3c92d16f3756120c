//! One file of a change: reading what it holds (regular files only), finding the file a path
//! really names, and putting new bytes in place atomically, checked against what it should
//! hold right before the rename, keeping permissions and owner.

use super::{ChangeError, StepOp, absolute};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The current bytes of `path`, `None` when it does not exist. Only a regular file is read:
/// a FIFO would wait for a writer forever.
pub(super) fn current(path: &Path) -> Result<Option<Vec<u8>>, ChangeError> {
    let fail = |e: &std::io::Error| {
        ChangeError::Io(format!("cannot read {}: {}", path.display(), crate::catalog::discover::plain_io(e)))
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
    let tmp = temp_beside(path, bytes)?;
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
        match crate::catalog::journal::sync_dir(d) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}

/// A flushed temporary file beside `path` holding `bytes`, with `path`'s permissions and
/// owner when it exists.
fn temp_beside(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp =
        tempfile::Builder::new().prefix(crate::catalog::journal::TEMP_PREFIX).suffix(".tmp").tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let mine = tmp.as_file().metadata()?;
            if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
                std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid())).map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        format!("cannot keep its owner (uid {}, gid {}): {e}", meta.uid(), meta.gid()),
                    )
                })?;
            }
        }
    } else {
        #[cfg(unix)]
        {
            // A new file gets the permissions a plain create would give it (0666 less the umask),
            // not the temporary file's private 0600.
            use std::os::unix::fs::PermissionsExt;
            let mask = current_umask();
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o666 & !mask))?;
        }
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// The process's file mode mask, as the kernel reports it (`/proc/self/status`); the usual
/// 022 where it cannot be read. Read, never set: setting it would race other threads.
#[cfg(unix)]
fn current_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string())))
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022)
}
